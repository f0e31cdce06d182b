import { describe, expect, it } from 'vitest';
import type { ModelScope } from '../posture/types.js';
import { requiredAssessments } from './required-assessments.js';

function scope(
  overrides: Partial<ModelScope> & { tier?: 'high' | 'limited' | null } = {},
): ModelScope {
  const { tier = 'high', ...rest } = overrides;
  return {
    jurisdictions: ['EU'],
    sectors: ['banking'],
    area: 'essential-services',
    flags: ['personal-data', 'profiling'],
    euClassification:
      tier === null
        ? null
        : {
            tier,
            reasoning: [],
            annexIIIPoint: null,
            transparencyDuties: [],
            questionnaireVersion: '1',
          },
    ...rest,
  };
}

const kinds = (s: ModelScope | null, riskTier: string | null = null) =>
  requiredAssessments(s, riskTier).map((r) => r.kind);

describe('requiredAssessments', () => {
  it('requires DPIA, FRIA and AIA for an EU high-risk credit model that profiles', () => {
    const required = requiredAssessments(scope(), null);
    expect(required.map((r) => r.kind)).toEqual(['dpia', 'fria', 'aia']);
    expect(required[0]?.reason).toBe(
      'GDPR Art 35(3): personal data in the EU with profiling, an EU AI Act high-risk system',
    );
    expect(required[1]?.reason).toContain('EU AI Act Art 27');
  });

  describe('DPIA (GDPR Art 35(3))', () => {
    it('needs personal data in the EU', () => {
      expect(kinds(scope({ jurisdictions: ['US'], tier: null }))).toEqual([]);
      expect(kinds(scope({ flags: ['profiling'], tier: null }))).toEqual([]);
    });
    it('is required by profiling, special-category data or an EU high-risk tier alone', () => {
      expect(kinds(scope({ tier: null, area: 'none' }))).toEqual(['dpia']);
      expect(
        kinds(
          scope({ tier: null, area: 'none', flags: ['personal-data', 'special-category-data'] }),
        ),
      ).toEqual(['dpia']);
      expect(kinds(scope({ area: 'none', flags: ['personal-data'] }))).toEqual(['dpia', 'aia']);
    });
    it('is not required for plain personal data in a limited-risk system', () => {
      expect(kinds(scope({ tier: 'limited', area: 'none', flags: ['personal-data'] }))).toEqual([]);
    });
  });

  describe('FRIA (EU AI Act Art 27)', () => {
    it('is required for a high-risk public-service deployment outside essential services', () => {
      const required = requiredAssessments(
        scope({ area: 'education', flags: ['public-service'] }),
        null,
      );
      expect(required.map((r) => r.kind)).toEqual(['fria', 'aia']);
      expect(required[0]?.reason).toBe(
        'EU AI Act Art 27: a high-risk system deployed by a public body or public service',
      );
    });
    it('exempts critical infrastructure even for a public body', () => {
      expect(kinds(scope({ area: 'critical-infrastructure', flags: ['public-service'] }))).toEqual([
        'aia',
      ]);
    });
    it('needs the EU high-risk tier', () => {
      expect(kinds(scope({ tier: 'limited', flags: [] }))).toEqual([]);
    });
    it('needs the EU among the jurisdictions', () => {
      expect(kinds(scope({ jurisdictions: ['US'], flags: [] }))).toEqual(['aia']);
    });
  });

  describe('AIA', () => {
    it('is required by a consequential decision or the internal risk tier high', () => {
      const us = scope({ jurisdictions: ['US-CO'], tier: null, flags: ['consequential-decision'] });
      expect(requiredAssessments(us, null)).toEqual([
        { kind: 'aia', reason: 'algorithmic impact assessment: consequential decisions' },
      ]);
      expect(kinds(scope({ jurisdictions: ['US'], tier: null, flags: [] }), 'high')).toEqual([
        'aia',
      ]);
      expect(kinds(scope({ jurisdictions: ['US'], tier: null, flags: [] }), 'medium')).toEqual([]);
    });
    it('without a scope, only the risk tier can require it', () => {
      expect(kinds(null, 'high')).toEqual(['aia']);
      expect(kinds(null, 'low')).toEqual([]);
    });
  });
});

import { describe, expect, it } from 'vitest';
import { CREDIT_RISK_CARD } from '../demo/demo-cards.js';
import { SAMPLE_CARD, SAMPLE_EVIDENCE } from './__fixtures__/sample-card.js';
import { applyCardChanges } from './card-edit.js';
import { diffCards } from './card-diff.js';
import { authoredCardSchema, modelCardSchema } from './card-schema.js';
import { composeCard } from './compose.js';
import { EMPTY_EVIDENCE } from './empty-evidence.js';
import {
  AUTHOR_FIELD_PATHS,
  CARD_FIELDS,
  CARD_SECTIONS,
  completeness,
  TIER_REQUIREMENTS,
  tierFromModelRisk,
} from './templates.js';

/** The error a synchronous call throws. */
function errorOf(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

describe('card schema', () => {
  it('gives every field a title, an Annex IV item and a source', () => {
    expect(CARD_FIELDS.length).toBeGreaterThan(50);
    for (const field of CARD_FIELDS) {
      expect(field.title, field.path).not.toBe('');
      expect(field.annexIV, field.path).toMatch(/^§\d(\([a-h]\))?(, §\d(\([a-h]\))?)*$/);
      expect(['author', 'evidence']).toContain(field.source);
    }
    expect(new Set(CARD_FIELDS.map((f) => f.path)).size).toBe(CARD_FIELDS.length);
  });

  it('covers the sections the issue names and every Annex IV heading §1-§9', () => {
    const covered = new Set(CARD_FIELDS.flatMap((f) => f.annexIV.match(/§\d/g) ?? []));
    expect([...covered].sort()).toEqual(['§1', '§2', '§3', '§4', '§5', '§6', '§7', '§8', '§9']);
    for (const path of [
      'details.owners',
      'details.contacts',
      'details.licence',
      'intendedUse.outOfScopeUses',
      'intendedUse.affectedPersons',
      'risk.tier',
      'risk.annexIIIArea',
      'trainingData.knownBiases',
      'fairness.analysis',
      'explainability.approach',
      'robustness.cybersecurity',
      'humanOversight.measures',
      'limitations.risks',
      'ethics',
      'compute.energyKwh',
      'monitoring.plan',
      'evidence.trainingDatasets',
      'evidence.metrics',
      'evidence.groupMetrics',
      'evidence.promotions',
      'evidence.changeLog',
    ]) {
      expect(CARD_FIELDS.map((f) => f.path)).toContain(path);
    }
    expect(CARD_SECTIONS.map((s) => s.key)).toEqual(Object.keys(authoredCardSchema.shape));
  });

  it('accepts the sample card and rejects unknown fields and wrong types', () => {
    expect(modelCardSchema.safeParse(SAMPLE_CARD).success).toBe(true);
    expect(authoredCardSchema.safeParse({ details: { colour: 'blue' } }).success).toBe(false);
    expect(authoredCardSchema.safeParse({ risk: { tier: 'extreme' } }).success).toBe(false);
    expect(authoredCardSchema.safeParse({ compute: { energyKwh: '12' } }).success).toBe(false);
    expect(authoredCardSchema.safeParse({ intendedUse: { purpose: '   ' } }).success).toBe(false);
  });
});

describe('templates and completeness', () => {
  it('nests the tiers: minimal ⊂ limited ⊂ high, all naming real fields', () => {
    const paths = new Set(CARD_FIELDS.map((f) => f.path));
    for (const required of Object.values(TIER_REQUIREMENTS)) {
      for (const path of required) expect(paths.has(path), path).toBe(true);
    }
    expect(TIER_REQUIREMENTS.minimal.every((p) => TIER_REQUIREMENTS.limited.includes(p))).toBe(
      true,
    );
    expect(TIER_REQUIREMENTS.limited.every((p) => TIER_REQUIREMENTS.high.includes(p))).toBe(true);
    expect(TIER_REQUIREMENTS.high.length).toBe(40);
  });

  it('scores the complete demo card 1 and an empty high-risk card by what evidence alone fills', () => {
    expect(completeness(CREDIT_RISK_CARD, SAMPLE_EVIDENCE, 'high')).toMatchObject({
      score: 1,
      missing: [],
      required: 40,
      present: 40,
    });
    const empty = completeness({}, SAMPLE_EVIDENCE, 'high');
    // artifacts, training datasets, metrics, lineage and signatures come from evidence
    expect(empty.present).toBe(5);
    expect(empty.score).toBe(0.125);
    expect(empty.missing.map((m) => m.path)).toContain('humanOversight.measures');
    expect(empty.missing.find((m) => m.path === 'humanOversight.measures')).toEqual({
      path: 'humanOversight.measures',
      title: 'Human oversight measures',
      annexIV: '§2(e)',
      source: 'author',
    });
  });

  it('counts missing evidence by name, and a revoked signature is no signature', () => {
    const revoked = {
      ...SAMPLE_EVIDENCE,
      signatures: SAMPLE_EVIDENCE.signatures.map((s) => ({ ...s, valid: false })),
      lineage: { ...SAMPLE_EVIDENCE.lineage, run: null },
    };
    const result = completeness(CREDIT_RISK_CARD, revoked, 'high');
    expect(result.missing.map((m) => m.path)).toEqual(['evidence.lineage', 'evidence.signatures']);
    expect(result.score).toBe(0.95);
    expect(
      completeness(CREDIT_RISK_CARD, EMPTY_EVIDENCE, 'minimal').missing.map((m) => m.path),
    ).toEqual(['evidence.artifacts']);
  });

  it('picks the template from the card, else from the model risk tier (unclassified is high)', () => {
    expect(tierFromModelRisk('high')).toBe('high');
    expect(tierFromModelRisk('Medium')).toBe('limited');
    expect(tierFromModelRisk('low')).toBe('minimal');
    expect(tierFromModelRisk(null)).toBe('high');
    expect(tierFromModelRisk('unknown')).toBe('high');
    const limited = composeCard({ risk: { tier: 'limited' } }, SAMPLE_EVIDENCE);
    expect(limited.card.tier).toBe('limited');
    expect(limited.completeness.required).toBe(TIER_REQUIREMENTS.limited.length);
    const fromModel = composeCard(
      {},
      { ...SAMPLE_EVIDENCE, model: { ...SAMPLE_EVIDENCE.model, riskTier: 'medium' } },
    );
    expect(fromModel.card.tier).toBe('limited');
  });

  it('gives the composed card a digest that changes with any field', () => {
    const a = composeCard(CREDIT_RISK_CARD, SAMPLE_EVIDENCE);
    const b = composeCard(CREDIT_RISK_CARD, SAMPLE_EVIDENCE);
    expect(a.digest).toBe(b.digest);
    expect(a.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    const changed = applyCardChanges(CREDIT_RISK_CARD, {
      set: { 'details.licence': 'Apache-2.0' },
    });
    expect(composeCard(changed, SAMPLE_EVIDENCE).digest).not.toBe(a.digest);
  });
});

describe('editing', () => {
  it('sets, appends and clears author fields, pruning sections left empty', () => {
    let card = applyCardChanges({}, { set: { 'intendedUse.purpose': 'Rank loan applications' } });
    expect(card).toEqual({ intendedUse: { purpose: 'Rank loan applications' } });
    card = applyCardChanges(card, { append: { 'limitations.known': ['No recession data'] } });
    card = applyCardChanges(card, { append: { 'limitations.known': ['Thin files'] } });
    expect(card.limitations?.known).toEqual(['No recession data', 'Thin files']);
    card = applyCardChanges(card, {
      unset: ['intendedUse.purpose'],
      set: { 'compute.energyKwh': 2.5 },
    });
    expect(card).toEqual({
      limitations: { known: ['No recession data', 'Thin files'] },
      compute: { energyKwh: 2.5 },
    });
    expect(applyCardChanges(card, { set: { 'compute.energyKwh': null } })).toEqual({
      limitations: { known: ['No recession data', 'Thin files'] },
    });
  });

  it('refuses evidence fields, unknown fields (with a suggestion) and invalid values, changing nothing', () => {
    const before = structuredClone(CREDIT_RISK_CARD);
    expect(
      errorOf(() => applyCardChanges(CREDIT_RISK_CARD, { set: { 'evidence.metrics': [] } })),
    ).toMatchObject({ code: 'VALIDATION_ERROR' });
    expect(
      (errorOf(() => applyCardChanges({}, { set: { 'evidence.metrics': [] } })) as Error).message,
    ).toContain('filled by Verity');
    expect(
      errorOf(() => applyCardChanges({}, { set: { 'intendedUse.purpos': 'x' } })),
    ).toMatchObject({
      code: 'VALIDATION_ERROR',
      message: "'intendedUse.purpos' is not a card field (did you mean 'intendedUse.purpose'?)",
    });
    expect(errorOf(() => applyCardChanges({}, { set: { 'risk.tier': 'extreme' } }))).toMatchObject({
      code: 'VALIDATION_ERROR',
    });
    const issues = (
      errorOf(() => applyCardChanges({}, { set: { 'risk.tier': 'extreme' } })) as {
        details: { issues: { path: string[] }[] };
      }
    ).details.issues;
    expect(issues.map((i) => i.path)).toEqual([['risk', 'tier']]);
    expect(
      errorOf(() => applyCardChanges({}, { append: { 'details.description': ['x'] } })),
    ).toHaveProperty(
      'message',
      "only list fields can be appended to; 'details.description' is not a list",
    );
    expect(CREDIT_RISK_CARD).toEqual(before);
  });

  it('every author path can be set', () => {
    expect(AUTHOR_FIELD_PATHS.length).toBe(CARD_FIELDS.filter((f) => f.source === 'author').length);
  });
});

describe('diff', () => {
  it('names added, removed and changed fields in document order, with list items', () => {
    const before = composeCard(CREDIT_RISK_CARD, SAMPLE_EVIDENCE).card;
    const edited = applyCardChanges(CREDIT_RISK_CARD, {
      set: { 'details.licence': 'Apache-2.0', 'compute.energyKwh': 1.2 },
      unset: ['compute.notes'],
      append: { 'limitations.known': ['Untested on broker channel'] },
    });
    const after = composeCard(edited, {
      ...SAMPLE_EVIDENCE,
      metrics: [
        ...SAMPLE_EVIDENCE.metrics,
        { name: 'pr_auc', value: 0.41, slice: 'overall', source: 'version' },
      ],
    }).card;
    const changes = diffCards(before, after);
    expect(changes.map((c) => [c.path, c.change])).toEqual([
      ['details.licence', 'changed'],
      ['limitations.known', 'changed'],
      ['compute.energyKwh', 'changed'],
      ['compute.notes', 'removed'],
      ['evidence.metrics', 'changed'],
    ]);
    expect(changes[1]).toMatchObject({
      itemsAdded: ['Untested on broker channel'],
      itemsRemoved: [],
    });
    expect(changes[0]).toMatchObject({
      before: 'Proprietary, internal use only',
      after: 'Apache-2.0',
    });
    expect(diffCards(before, before)).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import {
  INCIDENT_TYPE_DESCRIPTIONS,
  INCIDENT_TYPES,
  isIncidentType,
  isSeverity,
  SEVERITIES,
  SEVERITY_LEVELS,
} from './severity.js';

describe('severity scale', () => {
  it('has four levels, most severe first', () => {
    expect(SEVERITIES).toEqual(['SEV1', 'SEV2', 'SEV3', 'SEV4']);
    expect(Object.keys(SEVERITY_LEVELS)).toEqual([...SEVERITIES]);
  });

  it.each([
    ['SEV1', 15, 24 * 60, true],
    ['SEV2', 30, 3 * 24 * 60, true],
    ['SEV3', 4 * 60, 14 * 24 * 60, false],
    ['SEV4', 24 * 60, 30 * 24 * 60, false],
  ] as const)(
    '%s: acknowledge within %i min, resolve within %i min, review required: %s',
    (severity, ack, resolve, review) => {
      const level = SEVERITY_LEVELS[severity];
      expect(level.severity).toBe(severity);
      expect([level.acknowledgeWithinMinutes, level.resolveWithinMinutes]).toEqual([ack, resolve]);
      expect(level.reviewRequired).toBe(review);
    },
  );

  it('gives written criteria for every level; SEV1 names the Art 3(49) serious incident', () => {
    for (const s of SEVERITIES) expect(SEVERITY_LEVELS[s].criteria.length).toBeGreaterThan(40);
    expect(SEVERITY_LEVELS.SEV1.criteria).toMatch(/Art 3\(49\)/);
    expect(SEVERITY_LEVELS.SEV1.criteria).toMatch(/personal data/);
  });

  it('recognises only the four exact names', () => {
    expect(SEVERITIES.every(isSeverity)).toBe(true);
    for (const v of ['sev1', 'SEV5', 'SEV0', '', 1, null, undefined])
      expect(isSeverity(v)).toBe(false);
  });
});

describe('incident types', () => {
  it('are the ten agreed types, each with a description', () => {
    expect(INCIDENT_TYPES).toEqual([
      'malfunction',
      'drift',
      'bias',
      'performance',
      'data-quality',
      'security-breach',
      'privacy-breach',
      'integrity',
      'misuse',
      'other',
    ]);
    expect(Object.keys(INCIDENT_TYPE_DESCRIPTIONS).sort()).toEqual([...INCIDENT_TYPES].sort());
    for (const t of INCIDENT_TYPES)
      expect(INCIDENT_TYPE_DESCRIPTIONS[t].length).toBeGreaterThan(10);
  });

  it('recognises only the listed types', () => {
    expect(isIncidentType('privacy-breach')).toBe(true);
    expect(isIncidentType('privacy_breach')).toBe(false);
    expect(isIncidentType('outage')).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { validationIssues } from './__fixtures__/assertions.js';
import { minutesAfter } from './__fixtures__/assertions.js';
import { durationSummary, incidentKpis } from './kpis.js';
import type { IncidentTimes } from './kpis.js';
import type { Severity } from './severity.js';

const T0 = '2026-03-02T00:00:00Z';
const t = (min: number | null) => (min === null ? null : minutesAfter(T0, min));

/** Offsets in minutes from T0: onset, detected, opened, acknowledged, resolved. */
function incident(
  severity: Severity,
  [onset, detected, opened, ack, resolved]: [
    number | null,
    number | null,
    number,
    number | null,
    number | null,
  ],
  drill?: boolean,
): IncidentTimes {
  return {
    severity,
    onsetAt: t(onset),
    detectedAt: t(detected),
    openedAt: minutesAfter(T0, opened),
    acknowledgedAt: t(ack),
    resolvedAt: t(resolved),
    ...(drill === undefined ? {} : { drill }),
  };
}

// Hand-computed set. Durations in minutes (detect / acknowledge / resolve):
//   A SEV1  10 /  5 /   600
//   B SEV1   – / 30 /  1000   (onset unknown)
//   C SEV1  60 /  2 /     –   (not resolved)
//   D SEV2  30 / 60 /  2000
//   E SEV2   – /  – /     –   (only opened: counted, in no metric)
//   F SEV3  drill: excluded everywhere
//   G SEV4 1440 / 0 / 10000
const SET: IncidentTimes[] = [
  incident('SEV1', [0, 10, 20, 25, 620]),
  incident('SEV1', [null, 100, 100, 130, 1100]),
  incident('SEV1', [200, 260, 270, 272, null]),
  incident('SEV2', [0, 30, 40, 100, 2040]),
  incident('SEV2', [null, null, 50, null, null]),
  incident('SEV3', [0, 1, 2, 3, 4], true),
  incident('SEV4', [0, 1440, 1500, 1500, 11500]),
];

describe('incidentKpis on a hand-computed set', () => {
  const kpis = incidentKpis(SET);

  it('counts incidents per severity and overall, leaving the drill out', () => {
    expect(kpis.drills).toBe(1);
    expect(kpis.overall.count).toBe(6);
    expect([1, 2, 3, 4].map((i) => kpis.bySeverity[`SEV${i}` as Severity].count)).toEqual([
      3, 2, 0, 1,
    ]);
  });

  it('SEV1: detect {10, 60}, acknowledge {5, 30, 2}, resolve {600, 1000}', () => {
    const g = kpis.bySeverity.SEV1;
    expect(g.timeToDetect).toEqual({ n: 2, mean: 35, median: 35, p90: 60 });
    expect(g.timeToAcknowledge).toEqual({ n: 3, mean: 37 / 3, median: 5, p90: 30 });
    expect(g.timeToResolve).toEqual({ n: 2, mean: 800, median: 800, p90: 1000 });
  });

  it('SEV2: only D has durations', () => {
    const g = kpis.bySeverity.SEV2;
    expect(g.timeToDetect).toEqual({ n: 1, mean: 30, median: 30, p90: 30 });
    expect(g.timeToAcknowledge).toEqual({ n: 1, mean: 60, median: 60, p90: 60 });
    expect(g.timeToResolve).toEqual({ n: 1, mean: 2000, median: 2000, p90: 2000 });
  });

  it('SEV3: only a drill, so nothing', () => {
    const empty = { n: 0, mean: null, median: null, p90: null };
    expect(kpis.bySeverity.SEV3).toEqual({
      count: 0,
      timeToDetect: empty,
      timeToAcknowledge: empty,
      timeToResolve: empty,
    });
  });

  it('SEV4: an immediate acknowledgement counts as 0, not as missing', () => {
    expect(kpis.bySeverity.SEV4.timeToAcknowledge).toEqual({ n: 1, mean: 0, median: 0, p90: 0 });
  });

  it('overall: detect {10, 30, 60, 1440}, acknowledge {0, 2, 5, 30, 60}, resolve {600, 1000, 2000, 10000}', () => {
    expect(kpis.overall.timeToDetect).toEqual({ n: 4, mean: 385, median: 45, p90: 1440 });
    expect(kpis.overall.timeToAcknowledge).toEqual({ n: 5, mean: 19.4, median: 5, p90: 60 });
    expect(kpis.overall.timeToResolve).toEqual({ n: 4, mean: 3400, median: 1500, p90: 10000 });
  });

  it('keeps seconds as fractions of a minute', () => {
    const k = incidentKpis([
      {
        severity: 'SEV2',
        onsetAt: null,
        detectedAt: null,
        openedAt: '2026-03-02T09:00:00Z',
        acknowledgedAt: '2026-03-02T09:00:30Z',
        resolvedAt: null,
      },
    ]);
    expect(k.overall.timeToAcknowledge.mean).toBe(0.5);
  });
});

describe('durationSummary', () => {
  it('p90 is nearest-rank: 9 of 1..10 (interpolation would give 9.1)', () => {
    expect(durationSummary([10, 1, 9, 2, 8, 3, 7, 4, 6, 5]).p90).toBe(9);
  });

  it('p90 of 11 values is the 10th smallest; of one value, that value', () => {
    expect(durationSummary([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]).p90).toBe(10);
    expect(durationSummary([42])).toEqual({ n: 1, mean: 42, median: 42, p90: 42 });
  });

  it('median averages the two middle values of an even count, sorted numerically', () => {
    expect(durationSummary([100, 9, 20, 3]).median).toBe(14.5);
  });

  it('is all null for no values', () => {
    expect(durationSummary([])).toEqual({ n: 0, mean: null, median: null, p90: null });
  });
});

describe('when incident times are malformed', () => {
  it('refuses negative durations and invalid times, listing each', () => {
    const issues = validationIssues(() =>
      incidentKpis([
        incident('SEV1', [10, 5, 20, 15, 20]),
        { ...incident('SEV2', [0, 1, 2, 3, 4]), openedAt: '2026-03-02 09:00' },
        { ...incident('SEV2', [0, 1, 2, 3, 4]), severity: 'P1' as Severity },
      ]),
    );
    expect(issues.map((i) => [i.code, i.path])).toEqual([
      ['negative_duration', [0, 'detectedAt']],
      ['negative_duration', [0, 'acknowledgedAt']],
      ['invalid_time', [1, 'openedAt']],
      ['unknown_severity', [2, 'severity']],
    ]);
  });

  it('does not examine drills', () => {
    const drill = { ...incident('SEV1', [0, 1, 2, 3, 4], true), openedAt: 'bad' };
    expect(incidentKpis([drill]).drills).toBe(1);
  });
});

import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../lib/index.js';
import {
  aif360Disparities,
  fairlearnDisparities,
  fourFifthsRule,
  ll144BiasAudit,
  ratesByGroup,
  regressionBySegment,
} from '../../stats/metrics/index.js';
import { fairnessAudit, sliceCount, sliceName } from './fairness-audit.js';
import type { ClassificationDisparities, ClassificationGroup, RegressionGroup } from './types.js';

const TOY_LABELS = Float64Array.from([0, 0, 1, 1, 0, 1, 0, 1, 1, 0, 1, 0, 0, 1, 1, 0, 1, 1, 0, 0]);
const TOY_SCORES = Float64Array.from([
  0.1, 0.4, 0.35, 0.8, 0.2, 0.9, 0.6, 0.55, 0.7, 0.3, 0.65, 0.05, 0.45, 0.95, 0.4, 0.3, 0.45, 0.3,
  0.15, 0.35,
]);
const TOY_GROUPS = [...Array<string>(10).fill('A'), ...Array<string>(10).fill('B')];

describe('fairnessAudit on the §9.4 toy set (hand-checked)', () => {
  const audit = fairnessAudit({
    task: 'binary-classification',
    labels: TOY_LABELS,
    scores: TOY_SCORES,
    threshold: 0.5,
    attributes: [{ name: 'g', values: TOY_GROUPS }],
    maxIntersectionDepth: 2,
  });
  const slice = audit.slices[0]!;

  it('reports SR, TPR, FPR and precision per group', () => {
    expect(audit.slices).toHaveLength(1);
    expect(slice.name).toBe('g');
    const rows = (slice.groups as ClassificationGroup[]).map((g) => [
      g.group,
      g.n,
      g.selection_rate,
      g.tpr,
      g.fpr,
      g.precision,
    ]);
    expect(rows).toEqual([
      ['A', 10, 0.5, 0.8, 0.2, 0.8],
      ['B', 10, 0.2, 0.4, 0, 1],
    ]);
  });

  it('reports DP difference 0.3, ratio 0.4, EO difference 0.4, DI 0.4 with A privileged, B below 4/5', () => {
    const d = slice.disparities as ClassificationDisparities;
    expect(d.demographic_parity_difference).toBeCloseTo(0.3, 15);
    expect(d.demographic_parity_ratio).toBeCloseTo(0.4, 15);
    expect(d.equalized_odds_difference).toBeCloseTo(0.4, 15);
    expect(d.equal_opportunity_difference).toBeCloseTo(0.4, 15);
    expect(d.disparate_impact_ratio).toBeCloseTo(0.4, 15);
    expect(d.privileged_group).toBe('A');
    expect(d.four_fifths.any_below).toBe(true);
    expect(d.four_fifths.ratios.map((r) => [r.group, r.below_four_fifths])).toEqual([
      ['A', false],
      ['B', true],
    ]);
  });

  it('gives the LL144 selection-rate table: B at 0.4', () => {
    expect(slice.ll144.form).toBe('selection-rate');
    expect(slice.ll144.categories.map((c) => [c.group, c.rate, c.impactRatio])).toEqual([
      ['A', 0.5, 1],
      ['B', 0.2, 0.4],
    ]);
  });
});

function data(n: number, seed: number) {
  const random = new SeededRandom(seed);
  const sex: (string | null)[] = [];
  const race: (string | null)[] = [];
  const labels = new Float64Array(n);
  const scores = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    sex.push(random.next() < 0.45 ? 'F' : 'M');
    const r = random.next();
    race.push(r < 0.05 ? null : r < 0.06 ? 'Tiny' : r < 0.5 ? 'X' : r < 0.8 ? 'Y' : 'Z');
    labels[i] = random.next() < 0.4 ? 1 : 0;
    scores[i] = Math.min(1, 0.25 * labels[i]! + 0.7 * random.next() + (sex[i] === 'M' ? 0.05 : 0));
  }
  return { sex, race, labels, scores };
}

describe('fairnessAudit against the stats functions', () => {
  const { sex, race, labels, scores } = data(3000, 4);
  const audit = fairnessAudit({
    task: 'binary-classification',
    labels,
    scores,
    threshold: 0.45,
    attributes: [
      { name: 'sex', values: sex },
      { name: 'race', values: race },
    ],
    maxIntersectionDepth: 2,
  });
  const rows = sex.map((s, i) => ({ sex: s, race: race[i] }));

  it('has one slice per attribute and one for their intersection, named as documented', () => {
    expect(audit.slices.map((s) => [s.name, s.key])).toEqual([
      ['sex', 'sex'],
      ['race', 'race'],
      ['intersectional', 'sex × race'],
    ]);
  });

  it('equals ratesByGroup and the disparity functions on the known groups', () => {
    const keys = race.map((r) => r ?? 'unknown');
    const rates = ratesByGroup({ labels, scores, threshold: 0.45 }, keys);
    const raceSlice = audit.slices[1]!;
    expect(
      (raceSlice.groups as ClassificationGroup[]).map((g) => [
        g.group,
        g.n,
        g.selection_rate,
        g.tpr,
        g.fpr,
        g.precision,
      ]),
    ).toEqual(
      rates.groups.map((g) => [
        g.group,
        g.n,
        g.selectionRate,
        g.truePositiveRate,
        g.falsePositiveRate,
        g.precision,
      ]),
    );
    const known = { ...rates, groups: rates.groups.filter((g) => g.group !== 'unknown') };
    const fl = fairlearnDisparities(known);
    const ff = fourFifthsRule(known);
    const d = raceSlice.disparities as ClassificationDisparities;
    expect(d.excluded_groups).toEqual(['unknown']);
    expect(d.demographic_parity_difference).toBe(fl.demographicParityDifference);
    expect(d.demographic_parity_ratio).toBe(fl.demographicParityRatio);
    expect(d.equalized_odds_difference).toBe(fl.equalizedOddsDifference.worstCase);
    expect(d.equal_opportunity_difference).toBe(fl.equalOpportunityDifference);
    expect(d.privileged_group).toBe(ff.reference);
    expect(d.disparate_impact_ratio).toBe(
      aif360Disparities(known, { privileged: [ff.reference!] }).disparateImpact,
    );
    expect(d.four_fifths.ratios.map((r) => r.impact_ratio)).toEqual(
      ff.ratios.map((r) => r.impactRatio),
    );
  });

  it('equals ll144BiasAudit for the two attributes and their intersection', () => {
    const selected = Uint8Array.from(scores, (s) => (s >= 0.45 ? 1 : 0));
    const ll = ll144BiasAudit({ rows, selected }, { sex: 'sex', raceEthnicity: 'race' });
    const strip = (t: typeof ll.sex) =>
      t.categories.map((c) => [
        c.key,
        c.status,
        c.n,
        c.favourable,
        c.rate,
        c.impactRatio,
        c.belowFourFifths,
      ]);
    const mine = (k: number) =>
      audit.slices[k]!.ll144.categories.map((c) => [
        c.group,
        c.status,
        c.n,
        c.favourable,
        c.rate,
        c.impactRatio,
        c.belowFourFifths,
      ]);
    expect(mine(0)).toEqual(strip(ll.sex));
    expect(mine(1)).toEqual(strip(ll.raceEthnicity));
    expect(mine(2)).toEqual(strip(ll.intersectional));
    // The 'Tiny' race category holds under 2 % of rows: reported, excluded from ratios.
    expect(audit.slices[1]!.ll144.categories.find((c) => c.group === 'Tiny')?.status).toBe(
      'excluded-small',
    );
    expect(audit.slices[1]!.ll144.unknownCount).toBe(race.filter((r) => r === null).length);
  });

  it('gives regression slices per-group RMSE/MAE (regressionBySegment) and the scoring-rate LL144 form', () => {
    const target = Float64Array.from(labels, (y, i) => y + scores[i]!);
    const r = fairnessAudit({
      task: 'regression',
      labels: target,
      scores,
      threshold: 0.5,
      attributes: [{ name: 'race', values: race }],
      maxIntersectionDepth: 2,
    });
    const expected = regressionBySegment({ actual: target, predicted: scores }, rows, ['race']);
    expect(
      (r.slices[0]!.groups as RegressionGroup[]).map((g) => [g.group, g.n, g.rmse, g.mae]),
    ).toEqual(expected.map((s) => [s.key, s.n, s.metrics.rmse, s.metrics.mae]));
    const known = expected.filter((s) => !s.unknown).map((s) => s.metrics.rmse);
    expect(r.slices[0]!.disparities).toMatchObject({
      rmse_difference: Math.max(...known) - Math.min(...known),
    });
    expect(r.slices[0]!.ll144.form).toBe('scoring-rate');
  });
});

describe('slice naming and counting', () => {
  it("names pairs of three attributes by their names, not 'intersectional'", () => {
    expect(sliceName(['a', 'b'], 2)).toBe('intersectional');
    expect(sliceName(['a', 'b'], 3)).toBe('a × b');
    expect(sliceName(['a'], 3)).toBe('a');
  });

  it('counts singles and intersections up to the depth', () => {
    expect(sliceCount(3, 2)).toBe(6);
    expect(sliceCount(3, 3)).toBe(7);
    expect(sliceCount(2, 1)).toBe(2);
  });
});

describe('fairnessAudit when the favourable decision is the negative one (hand-checked)', () => {
  // A default model: approval (score < 0.5) is the favourable outcome, and y = 0 the good label.
  const audit = fairnessAudit({
    task: 'binary-classification',
    labels: TOY_LABELS,
    scores: TOY_SCORES,
    threshold: 0.5,
    attributes: [{ name: 'g', values: TOY_GROUPS }],
    maxIntersectionDepth: 2,
    favourableOutcome: 'negative',
  });
  const slice = audit.slices[0]!;

  it('reads selection, TPR, FPR and precision for the favourable outcome', () => {
    const rows = (slice.groups as ClassificationGroup[]).map((g) => [
      g.group,
      g.selection_rate,
      g.tpr,
      g.fpr,
      g.precision,
    ]);
    expect(rows).toEqual([
      ['A', 0.5, 0.8, 0.2, 0.8],
      ['B', 0.8, 1, 0.6, 0.625],
    ]);
  });

  it('rates LL144 impact ratios on approvals: A is now the group below four-fifths', () => {
    expect(slice.ll144.categories.map((c) => [c.group, c.impactRatio, c.belowFourFifths])).toEqual([
      ['A', 0.625, true],
      ['B', 1, false],
    ]);
    const d = slice.disparities as ClassificationDisparities;
    expect(d.privileged_group).toBe('B');
    expect(d.demographic_parity_ratio).toBeCloseTo(0.625, 15);
  });
});

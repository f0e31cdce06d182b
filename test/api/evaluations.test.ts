import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EvaluationView, VerityClient } from '../../src/client/index.js';
import { getCard } from '../../src/cards/index.js';
import { SYSTEM_ACTOR } from '../../src/auth/index.js';
import { putEnvironment } from '../../src/environments/index.js';
import { publishPolicyPack } from '../../src/gates/index.js';
import { sha256Digest } from '../../src/lib/index.js';
import { linearRegressionOnnx } from '../../src/evaluation/onnx/index.js';
import type { StoredComparison, StoredEvaluation } from '../../src/evaluation/summary.js';
import { ENGINES } from '../support/engines.js';
import {
  FEATURES,
  holdoutCsv,
  holdoutModel,
  holdoutRows,
  INPUT_SCHEMA,
  OUTPUT_SCHEMA,
  probability,
  WEIGHTS,
  type HoldoutRow,
} from '../support/evaluation-data.js';
import { errorOf, upload } from '../support/fixtures.js';
import { startHarness, type Harness } from '../support/harness.js';

const ROWS = holdoutRows();
const CSV = holdoutCsv(ROWS);
const CSV_DIGEST = sha256Digest(new TextEncoder().encode(CSV));

/** Scores from onnxruntime itself, outside Verity's pipeline. */
async function onnxScores(model: Uint8Array, rows: readonly HoldoutRow[]): Promise<Float64Array> {
  const ort = await import('onnxruntime-node');
  const session = await ort.InferenceSession.create(model);
  const data = Float32Array.from(rows.flatMap((r) => r.x));
  const out = await session.run({
    input: new ort.Tensor('float32', data, [rows.length, FEATURES.length]),
  });
  await session.release();
  return Float64Array.from(out.probability!.data as Float32Array);
}

// ---- textbook metrics, written independently of src/stats ----

function aucPairs(y: readonly number[], s: ArrayLike<number>): number {
  let wins = 0;
  let pairs = 0;
  for (let i = 0; i < y.length; i++) {
    if (y[i] !== 1) continue;
    for (let j = 0; j < y.length; j++) {
      if (y[j] !== 0) continue;
      pairs++;
      wins += s[i]! > s[j]! ? 1 : s[i] === s[j] ? 0.5 : 0;
    }
  }
  return wins / pairs;
}

function averagePrecision(y: readonly number[], s: ArrayLike<number>): number {
  const order = [...y.keys()].sort((a, b) => s[b]! - s[a]!);
  const positives = y.filter((v) => v === 1).length;
  let tp = 0;
  let seen = 0;
  let ap = 0;
  let k = 0;
  while (k < order.length) {
    // One threshold per distinct score: the whole tie group enters at once.
    let newTp = 0;
    const score = s[order[k]!];
    while (k < order.length && s[order[k]!] === score) {
      newTp += y[order[k]!]!;
      seen++;
      k++;
    }
    tp += newTp;
    ap += (newTp / positives) * (tp / seen);
  }
  return ap;
}

function reference(y: readonly number[], s: ArrayLike<number>) {
  const n = y.length;
  let tp = 0;
  let fp = 0;
  let tn = 0;
  let fn = 0;
  let logLoss = 0;
  let brier = 0;
  const bins = Array.from({ length: 10 }, () => ({ n: 0, p: 0, y: 0 }));
  for (let i = 0; i < n; i++) {
    const p = s[i]!;
    const yhat = p >= 0.5 ? 1 : 0;
    if (yhat === 1 && y[i] === 1) tp++;
    else if (yhat === 1) fp++;
    else if (y[i] === 1) fn++;
    else tn++;
    logLoss -= y[i] === 1 ? Math.log(p) : Math.log(1 - p);
    brier += (p - y[i]!) ** 2;
    const bin = bins[Math.max(0, Math.ceil(p * 10) - 1)]!;
    bin.n++;
    bin.p += p;
    bin.y += y[i]!;
  }
  const precision = tp / (tp + fp);
  const recall = tp / (tp + fn);
  return {
    accuracy: (tp + tn) / n,
    precision,
    recall,
    f1: (2 * precision * recall) / (precision + recall),
    roc_auc: aucPairs(y, s),
    pr_auc: averagePrecision(y, s),
    log_loss: logLoss / n,
    brier: brier / n,
    ece: bins.reduce(
      (sum, b) => (b.n === 0 ? sum : sum + (b.n / n) * Math.abs(b.p / b.n - b.y / b.n)),
      0,
    ),
  };
}

function selectionRates(
  rows: readonly HoldoutRow[],
  s: ArrayLike<number>,
  key: (r: HoldoutRow) => string,
) {
  const groups = new Map<string, { n: number; selected: number }>();
  rows.forEach((r, i) => {
    const g = groups.get(key(r)) ?? { n: 0, selected: 0 };
    g.n++;
    g.selected += s[i]! >= 0.5 ? 1 : 0;
    groups.set(key(r), g);
  });
  return new Map([...groups].map(([k, g]) => [k, g.selected / g.n]));
}

/** A pack with only the evaluation rule, for the environment a promotion goes through. */
const AUC_PACK = `apiVersion: verity.dev/v1
kind: PolicyPack
name: holdout-auc
description: Requires a holdout evaluation with a good AUC
rules:
  - id: holdout-auc
    description: The holdout ROC AUC is at least 0.75
    controls: [C2]
    severity: blocking
    require: has(evaluations.holdout) && evaluations.holdout.roc_auc >= 0.75
    message: No holdout evaluation with ROC AUC of at least 0.75
`;

const GATE_PACK = `apiVersion: verity.dev/v1
kind: PolicyPack
name: evaluation-gate
description: Requires a holdout evaluation with a good AUC and no adverse impact
rules:
  - id: holdout-auc
    description: The holdout ROC AUC is at least 0.75
    controls: [C2]
    severity: blocking
    require: has(evaluations.holdout) && evaluations.holdout.roc_auc >= 0.75
    message: No holdout evaluation with ROC AUC of at least 0.75
  - id: impact-ratio
    description: Every impact ratio is at least 0.8
    controls: [C3]
    severity: blocking
    require: size(fairness) > 0 && fairness.all(f, f.metric != 'impact_ratio' || f.value >= 0.8)
    message: An impact ratio is below 0.8, or no bias audit is recorded
`;

describe.each(ENGINES)('evaluations on $name', (engine) => {
  let h: Harness;
  let admin: VerityClient;
  let first: EvaluationView;

  beforeAll(async () => {
    if (engine.skip !== undefined) return;
    h = await startHarness(engine, { openEnvironments: false });
    await publishPolicyPack(h.runtime.governance, SYSTEM_ACTOR, GATE_PACK);
    await publishPolicyPack(h.runtime.governance, SYSTEM_ACTOR, AUC_PACK);
    await putEnvironment(h.runtime.governance, SYSTEM_ACTOR, {
      name: 'validation',
      rank: 1,
      policyPacks: ['holdout-auc'],
      quorum: { 'risk-officer': 1 },
    });
    await putEnvironment(h.runtime.governance, SYSTEM_ACTOR, {
      name: 'production',
      rank: 2,
      policyPacks: ['evaluation-gate'],
    });
    await h.addUsers([
      { name: 'viewer', roles: [{ role: 'viewer' }] },
      { name: 'validator', roles: [{ role: 'risk-officer' }] },
      { name: 'dev', roles: [{ role: 'contributor' }] },
    ]);
    admin = h.client();
    await admin.createModel({ name: 'scorer', riskTier: 'high' });
    const register = async (label: string, weights: number[]) =>
      admin.registerVersion('scorer', {
        label,
        format: 'onnx',
        files: [await upload(admin, 'model.onnx', holdoutModel(weights))],
        inputSchema: INPUT_SCHEMA,
        outputSchema: OUTPUT_SCHEMA,
      });
    await register('1.0.0', WEIGHTS);
    // A challenger that ignores tenure and half-weights income.
    await register('1.1.0', [0.45, -1.4, 0.35, 0, 0.4, -0.3]);
    await admin.registerVersion('scorer', {
      label: '2.0.0',
      format: 'pickle',
      files: [await upload(admin, 'model.pkl', 'opaque pickle')],
    });
    await admin.createDataset({ name: 'holdout' });
    await admin.registerDatasetVersion('holdout', {
      label: 'v1',
      files: [await upload(admin, 'holdout.csv', CSV)],
      rowCount: ROWS.length,
    });
  });
  afterAll(async () => {
    await h?.close();
  });

  describe.skipIf(engine.skip !== undefined)('an ONNX model', () => {
    it('is blocked by a rule on evaluation metrics before it is evaluated', async () => {
      const check = await admin.governance.checkGate({
        model: 'scorer',
        version: '1.0.0',
        environment: 'production',
      });
      expect(check.outcome).toBe('blocked');
      expect(check.results.map((r) => [r.rule, r.status])).toEqual([
        ['holdout-auc', 'fail'],
        ['impact-ratio', 'fail'],
      ]);
      const blocked = await errorOf(() =>
        admin.governance.requestPromotion({
          model: 'scorer',
          version: '1.0.0',
          environment: 'validation',
        }),
      );
      expect(blocked.code).toBe('GATE_BLOCKED');
    });

    it('is run on an uploaded file, linked to the dataset version holding it', async () => {
      first = await h.client('validator').evaluations.run('scorer', '1.0.0', {
        data: { blob: CSV_DIGEST, file: 'holdout.csv' },
        label: 'y',
        protected: ['sex', 'race'],
        seed: 7,
      });
      expect(first).toMatchObject({
        model: 'scorer',
        version: '1.0.0',
        name: 'holdout',
        kind: 'test',
        baseline: null,
        seed: 7,
        data: { file: 'holdout.csv', digest: CSV_DIGEST, dataset: 'holdout@v1' },
        createdBy: 'validator',
      });
      expect(first.summary.kinds).toEqual(['test', 'bias-audit', 'robustness']);
      expect(first.summary.rows).toBe(ROWS.length);
      const result = first.result as StoredEvaluation;
      expect(result.model.scoredBy).toBe('onnx');
      expect(result.model.artifact?.path).toBe('model.onnx');
      expect(result.runtime).toBe('onnxruntime-node 1.30.0');
      expect(result.verityVersion).toMatch(/^\d+\.\d+\.\d+/);
    });

    it('computes every quality metric as an independent computation does, to 1e-9', async () => {
      const scores = await onnxScores(holdoutModel(), ROWS);
      // The runtime computes in float32: probabilities differ from float64 by rounding only.
      ROWS.forEach((r, i) => expect(Math.abs(scores[i]! - probability(r.x))).toBeLessThan(1e-6));
      const expected = reference(
        ROWS.map((r) => r.y),
        scores,
      );
      const metrics = (first.result as StoredEvaluation).quality.metrics as Record<
        string,
        { value: number; ciLower: number; ciUpper: number }
      >;
      for (const [name, value] of Object.entries(expected)) {
        expect(metrics[name]!.value, name).toBeCloseTo(value, 9);
        expect(
          Math.abs(metrics[name]!.value - value) / Math.max(1, Math.abs(value)),
          name,
        ).toBeLessThan(1e-9);
        expect(metrics[name]!.ciLower, name).toBeLessThanOrEqual(metrics[name]!.value);
        expect(metrics[name]!.ciUpper, name).toBeGreaterThanOrEqual(metrics[name]!.value);
      }
      expect(expected.roc_auc).toBeGreaterThan(0.75);
      expect(first.summary.metrics.roc_auc).toBe(metrics.roc_auc!.value);
      expect(first.summary.metrics.roc_auc_ci_lower).toBe(metrics.roc_auc!.ciLower);
    });

    it('audits selection rates and impact ratios by each attribute and their intersection', async () => {
      const scores = await onnxScores(holdoutModel(), ROWS);
      const result = first.result as StoredEvaluation;
      const slices = result.fairness!.slices;
      expect(slices.map((s) => s.name)).toEqual(['sex', 'race', 'intersectional']);
      for (const [name, key] of [
        ['sex', (r: HoldoutRow) => r.sex],
        ['race', (r: HoldoutRow) => r.race],
      ] as const) {
        const rates = selectionRates(ROWS, scores, key);
        const highest = Math.max(...rates.values());
        const slice = slices.find((s) => s.name === name)!;
        for (const [group, rate] of rates) {
          const g = slice.groups.find((x) => x.group === group) as { selection_rate: number };
          expect(g.selection_rate).toBeCloseTo(rate, 12);
          const fact = first.summary.fairness.find(
            (f) => f.metric === 'impact_ratio' && f.attribute === name && f.group === group,
          );
          const category = slice.ll144.categories.find((c) => c.group === group)!;
          if (category.status === 'included') expect(fact?.value).toBeCloseTo(rate / highest, 12);
        }
      }
      const intersections = selectionRates(ROWS, scores, (r) => `${r.sex} × ${r.race}`);
      const intersectional = slices.find((s) => s.name === 'intersectional')!;
      expect(intersectional.groups.map((g) => g.group).sort()).toEqual(
        [...intersections.keys()].sort(),
      );
    });

    it('runs robustness checks and permutation importance on the model', () => {
      const result = first.result as StoredEvaluation;
      const robustness = result.robustness!;
      expect(robustness.baseline.maxAbsDifferenceFromScores).toBe(0);
      expect(
        robustness.perturbations.filter((p) => p.kind === 'gaussian-noise').map((p) => p.scale),
      ).toEqual([0.1, 0.25, 0.5]);
      const noise = robustness.perturbations.filter((p) => p.kind === 'gaussian-noise');
      // More noise, more flipped decisions.
      expect(noise[0]!.flipRate!).toBeLessThan(noise[2]!.flipRate!);
      expect(
        robustness.perturbations.some((p) => p.kind === 'category-swap' && p.feature === 'region'),
      ).toBe(true);
      expect(robustness.flipSearch!.sampledRows).toBe(100);
      const importance = result.importance!;
      expect(importance.repeats).toBe(5);
      // dti has the largest standardised weight: it matters most.
      expect(importance.features[0]!.feature).toBe('dti');
      expect(importance.features.find((f) => f.feature === 'region')?.columns).toEqual([
        'region=north',
        'region=south',
      ]);
      expect(first.summary.metrics.robustness_max_flip_rate).toBeGreaterThan(0);
    });

    it('gives byte-identical results for the same model, data and seed, and new intervals for another seed', async () => {
      const again = await admin.evaluations.run('scorer', '1.0.0', {
        data: { dataset: 'holdout@v1' },
        label: 'y',
        protected: ['sex', 'race'],
        seed: 7,
      });
      expect(again.id).not.toBe(first.id);
      expect(again.digest).toBe(first.digest);
      expect(JSON.stringify(again.result)).toBe(JSON.stringify(first.result));
      const other = await admin.evaluations.run('scorer', '1.0.0', {
        data: { dataset: 'holdout@v1' },
        label: 'y',
        protected: ['sex', 'race'],
        seed: 8,
        name: 'holdout_seed8',
      });
      expect(other.digest).not.toBe(first.digest);
      expect(other.summary.metrics.roc_auc).toBe(first.summary.metrics.roc_auc);
      expect(other.summary.metrics.roc_auc_ci_lower).not.toBe(
        first.summary.metrics.roc_auc_ci_lower,
      );
    });

    it('records the result in the ledger with its digest', async () => {
      const entries = await admin.auditEntries({ type: 'evaluation-recorded' });
      const entry = entries.items.find((e) => e.event?.subject.id === first.id)!;
      expect(entry.event?.actor).toBe('validator');
      expect(entry.payload).toMatchObject({
        model: 'scorer',
        version: '1.0.0',
        name: 'holdout',
        kind: 'test',
        digest: first.digest,
        data: { digest: CSV_DIGEST, dataset: 'holdout@v1' },
        seed: 7,
      });
    });

    it('feeds the gate: the evaluation rule now passes, the impact-ratio rule judges the audit', async () => {
      const check = await admin.governance.checkGate({
        model: 'scorer',
        version: '1.0.0',
        environment: 'production',
      });
      // The lowest impact ratio, computed independently over sex, race and their intersection.
      const scores = await onnxScores(holdoutModel(), ROWS);
      const lowest = Math.min(
        ...[
          (r: HoldoutRow) => r.sex,
          (r: HoldoutRow) => r.race,
          (r: HoldoutRow) => `${r.sex} × ${r.race}`,
        ].map((key) => {
          const rates = [...selectionRates(ROWS, scores, key).values()];
          return Math.min(...rates) / Math.max(...rates);
        }),
      );
      expect(first.summary.metrics.min_impact_ratio).toBeCloseTo(lowest, 12);
      expect(check.results.map((r) => [r.rule, r.status])).toEqual([
        ['holdout-auc', 'pass'],
        ['impact-ratio', lowest >= 0.8 ? 'pass' : 'fail'],
      ]);
    });

    it('passes the promotion the rule blocked; new evidence voids it, as approvals were given without it', async () => {
      const promotion = await admin.governance.requestPromotion({
        model: 'scorer',
        version: '1.0.0',
        environment: 'validation',
      });
      expect(promotion.status).toBe('pending');
      await admin.evaluations.run('scorer', '1.0.0', {
        data: { dataset: 'holdout@v1' },
        label: 'y',
        name: 'recheck',
        options: { robustness: false, permutationRepeats: 0, bootstrapResamples: 0 },
      });
      expect((await admin.governance.getPromotion(promotion.id)).status).toBe('voided');
    });

    it('fills the model card with the metrics, their intervals, groups and the dataset', async () => {
      const card = await getCard(h.runtime.registry, 'scorer', '1.0.0');
      const auc = card.card.evidence.metrics.find(
        (m) => m.slice === 'holdout' && m.name === 'roc_auc',
      );
      expect(auc).toMatchObject({
        value: first.summary.metrics.roc_auc,
        lower: first.summary.metrics.roc_auc_ci_lower,
        upper: first.summary.metrics.roc_auc_ci_upper,
      });
      // The latest holdout evaluation (the same-seed re-run, identical to the first).
      const latest = (await admin.evaluations.list('scorer', '1.0.0')).find(
        (e) => e.name === 'holdout',
      );
      expect(auc?.source).toBe(latest?.id);
      expect(latest?.digest).toBe(first.digest);
      expect(
        card.card.evidence.groupMetrics.some(
          (g) => g.metric === 'impact_ratio' && g.attribute === 'sex',
        ),
      ).toBe(true);
      expect(card.card.evidence.evaluationDatasets).toEqual([
        {
          ref: 'holdout@v1',
          digest: CSV_DIGEST,
          rows: ROWS.length,
          columns: [...FEATURES, 'y', 'sex', 'race'],
          sourceUri: null,
        },
      ]);
    });

    it('renders a self-contained HTML report', async () => {
      const html = await admin.evaluations.report('scorer', '1.0.0', first.id);
      expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
      for (const heading of [
        'Quality',
        'Bias audit',
        'Calibration',
        'Robustness',
        'Permutation feature importance',
      ]) {
        expect(html).toContain(`>${heading}</h2>`);
      }
      expect(html).toContain(first.digest);
      expect(html).not.toMatch(/<script|src="http|href="http/);
    });

    it('lists and reads evaluations', async () => {
      const items = await admin.evaluations.list('scorer', '1.0.0');
      expect(items.map((e) => e.name)).toEqual(['recheck', 'holdout_seed8', 'holdout', 'holdout']);
      expect(items[0]!.summary.kinds).toEqual(['test']);
      expect(items[0]!.result).toBeUndefined();
      const one = await admin.evaluations.get('scorer', '1.0.0', first.id);
      expect(one.digest).toBe(first.digest);
      const missing = await errorOf(() => admin.evaluations.get('scorer', '1.0.0', 'nope'));
      expect(missing.code).toBe('NOT_FOUND');
    });
  });

  describe.skipIf(engine.skip !== undefined)('champion / challenger', () => {
    it('scores both versions on the same rows and reports differences with intervals', async () => {
      const view = await admin.evaluations.compare('scorer', '1.1.0', {
        baseline: '1.0.0',
        data: { dataset: 'holdout@v1' },
        label: 'y',
        seed: 3,
      });
      expect(view).toMatchObject({
        version: '1.1.0',
        baseline: '1.0.0',
        kind: 'comparison',
        name: 'comparison',
      });
      const result = view.result as StoredComparison;
      const a = reference(
        ROWS.map((r) => r.y),
        await onnxScores(holdoutModel(), ROWS),
      );
      const b = reference(
        ROWS.map((r) => r.y),
        await onnxScores(holdoutModel([0.45, -1.4, 0.35, 0, 0.4, -0.3]), ROWS),
      );
      const auc = (
        result.metrics as Record<
          string,
          { a: number; b: number; difference: number; ciLower: number; ciUpper: number }
        >
      ).roc_auc!;
      expect(auc.a).toBeCloseTo(a.roc_auc, 9);
      expect(auc.b).toBeCloseTo(b.roc_auc, 9);
      expect(auc.difference).toBeCloseTo(b.roc_auc - a.roc_auc, 9);
      expect(auc.ciLower).toBeLessThanOrEqual(auc.difference);
      expect(auc.ciUpper).toBeGreaterThanOrEqual(auc.difference);
      expect(view.summary.metrics.roc_auc_difference).toBe(auc.difference);
      const html = await admin.evaluations.report('scorer', '1.1.0', view.id);
      expect(html).toContain('>Champion / challenger</h2>');
    });
  });

  describe.skipIf(engine.skip !== undefined)('a regression model', () => {
    it('gets RMSE, MAE, MAPE and R² as computed independently, errors by group and the LL144 scoring-rate table', async () => {
      const weights = [-4, 0.3, 0.8];
      const model = linearRegressionOnnx({ weights, intercept: 45 });
      await admin.registerVersion('scorer', {
        label: '3.0.0',
        format: 'onnx',
        files: [await upload(admin, 'income.onnx', model)],
        inputSchema: {
          tensor: 'input',
          columns: [
            { name: 'dti', type: 'numeric' },
            { name: 'age', type: 'numeric' },
            { name: 'tenure', type: 'numeric' },
          ],
        },
        outputSchema: { task: 'regression', score: { output: 'prediction' } },
      });
      const view = await admin.evaluations.run('scorer', '3.0.0', {
        data: { dataset: 'holdout@v1' },
        label: 'income',
        protected: ['sex'],
        name: 'income_holdout',
      });
      const ort = await import('onnxruntime-node');
      const session = await ort.InferenceSession.create(model);
      const input = Float32Array.from(ROWS.flatMap((r) => [r.x[1]!, r.x[2]!, r.x[3]!]));
      const out = await session.run({ input: new ort.Tensor('float32', input, [ROWS.length, 3]) });
      await session.release();
      const predicted = Float64Array.from(out.prediction!.data as Float32Array);
      const actual = ROWS.map((r) => r.x[0]!);
      const n = actual.length;
      const mean = actual.reduce((s, v) => s + v, 0) / n;
      let se = 0;
      let ae = 0;
      let ape = 0;
      let tss = 0;
      actual.forEach((y, i) => {
        se += (y - predicted[i]!) ** 2;
        ae += Math.abs(y - predicted[i]!);
        ape += Math.abs(y - predicted[i]!) / Math.max(Math.abs(y), Number.EPSILON);
        tss += (y - mean) ** 2;
      });
      const m = view.summary.metrics;
      expect(m.rmse).toBeCloseTo(Math.sqrt(se / n), 9);
      expect(m.mae).toBeCloseTo(ae / n, 9);
      expect(m.mape).toBeCloseTo(ape / n, 9);
      expect(m.r2).toBeCloseTo(1 - se / tss, 9);
      expect(view.summary.kinds).toEqual(['test', 'bias-audit', 'robustness']);
      const result = view.result as StoredEvaluation;
      expect(result.calibration).toBeNull();
      expect(result.fairness!.slices[0]!.ll144.form).toBe('scoring-rate');
      expect(result.robustness!.metric).toBe('rmse');
      expect(result.importance!.metric).toBe('neg_rmse');
      // Ranked by |weight| × spread: age 0.3 × 12, tenure 0.8 × 4, dti 4 × 0.15.
      expect(result.importance!.features.map((f) => f.feature)).toEqual(['age', 'tenure', 'dti']);
      const html = await admin.evaluations.report('scorer', '3.0.0', view.id);
      expect(html).toContain('>Robustness</h2>');
      expect(html).not.toContain('>Calibration</h2>');
    });
  });

  describe.skipIf(engine.skip !== undefined)('a model Verity cannot run', () => {
    it('needs a predictions column, and then gets quality and bias audit but no robustness', async () => {
      const refused = await errorOf(() =>
        admin.evaluations.run('scorer', '2.0.0', { data: { dataset: 'holdout@v1' }, label: 'y' }),
      );
      expect(refused.code).toBe('VALIDATION_ERROR');
      expect((refused.details.issues as { code: string }[]).map((i) => i.code)).toEqual([
        'predictions_required',
      ]);
      const view = await admin.evaluations.run('scorer', '2.0.0', {
        data: { dataset: 'holdout@v1' },
        label: 'y',
        predictions: 'other_score',
        protected: ['sex'],
      });
      expect(view.summary.kinds).toEqual(['test', 'bias-audit']);
      const result = view.result as StoredEvaluation;
      expect(result.model.scoredBy).toBe('predictions');
      expect(result.robustness).toBeNull();
      expect(result.importance).toBeNull();
      const expected = reference(
        ROWS.map((r) => r.y),
        Float64Array.from(ROWS.map((r) => r.other)),
      );
      expect(view.summary.metrics.roc_auc).toBeCloseTo(expected.roc_auc, 12);
    });
  });

  describe.skipIf(engine.skip !== undefined)('bad input', () => {
    const issues = (e: { details: Record<string, unknown> }) =>
      (e.details.issues as { code: string; path: (string | number)[] }[]).map((i) => [
        i.code,
        i.path,
      ]);

    it('names every missing column', async () => {
      const e = await errorOf(() =>
        admin.evaluations.run('scorer', '1.0.0', {
          data: { dataset: 'holdout@v1' },
          label: 'outcome',
          protected: ['gender'],
        }),
      );
      expect(e.code).toBe('VALIDATION_ERROR');
      expect(issues(e)).toEqual([
        ['unknown_column', ['label', 'outcome']],
        ['unknown_column', ['protected', 'gender']],
      ]);
    });

    it('refuses empty feature values and non-binary labels, recording nothing', async () => {
      const before = (await admin.evaluations.list('scorer', '1.0.0')).length;
      const holey = CSV.replace(/\n([^,\n]*),/, '\n,');
      const file = await upload(admin, 'holey.csv', holey);
      const e = await errorOf(() =>
        admin.evaluations.run('scorer', '1.0.0', {
          data: { blob: file.digest, file: 'holey.csv' },
          label: 'y',
        }),
      );
      expect(issues(e)).toEqual([['missing_values', ['model input', 'income']]]);
      const e2 = await errorOf(() =>
        admin.evaluations.run('scorer', '1.0.0', { data: { dataset: 'holdout@v1' }, label: 'age' }),
      );
      expect(e2.code).toBe('VALIDATION_ERROR');
      expect((await admin.evaluations.list('scorer', '1.0.0')).length).toBe(before);
    });

    it('refuses a file the server does not have, a bad name and an unknown version', async () => {
      const missing = await errorOf(() =>
        admin.evaluations.run('scorer', '1.0.0', {
          data: { blob: `sha256:${'0'.repeat(64)}`, file: 'x.csv' },
          label: 'y',
        }),
      );
      expect(missing.code).toBe('BLOB_MISSING');
      const name = await errorOf(() =>
        admin.evaluations.run('scorer', '1.0.0', {
          data: { dataset: 'holdout@v1' },
          label: 'y',
          name: 'Hold Out',
        }),
      );
      expect(name.code).toBe('VALIDATION_ERROR');
      const version = await errorOf(() =>
        admin.evaluations.run('scorer', '9.9.9', { data: { dataset: 'holdout@v1' }, label: 'y' }),
      );
      expect(version.code).toBe('NOT_FOUND');
    });

    it('needs evaluation:run: a viewer is refused, a contributor may', async () => {
      const e = await errorOf(() =>
        h
          .client('viewer')
          .evaluations.run('scorer', '1.0.0', { data: { dataset: 'holdout@v1' }, label: 'y' }),
      );
      expect(e.code).toBe('FORBIDDEN');
      expect((await h.client('viewer').evaluations.list('scorer', '1.0.0')).length).toBeGreaterThan(
        0,
      );
    });
  });
});

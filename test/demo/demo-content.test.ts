import { describe, expect, it } from 'vitest';
import { sha256Digest } from '../../src/lib/index.js';
import {
  applicationsToCsv,
  CREDIT_APPLICATION_COLUMNS,
  generateApplications,
  type CreditApplication,
  type EmploymentStatus,
} from '../../src/demo/credit-applications.js';
import { encodeFeatures } from '../../src/demo/credit-models.js';
import { CREDIT_RISK_CARD } from '../../src/demo/demo-cards.js';
import { buildDemoContent } from '../../src/demo/demo-content.js';
import {
  approvalRateParity,
  brierScore,
  ksStatistic,
  rocAuc,
} from '../../src/demo/scoring-metrics.js';

const content = buildDemoContent();

function parseCsv(bytes: Buffer): CreditApplication[] {
  const [header, ...lines] = bytes.toString('utf8').trimEnd().split('\n');
  expect(header).toBe(CREDIT_APPLICATION_COLUMNS.map((c) => c.name).join(','));
  return lines.map((line) => {
    const [age, income, dti, history, status, loan, defaulted] = line.split(',');
    return {
      age: Number(age),
      income: Number(income),
      debtToIncome: Number(dti),
      creditHistoryMonths: Number(history),
      employmentStatus: status as EmploymentStatus,
      loanAmount: Number(loan),
      defaulted: defaulted === 'true',
    };
  });
}

function fileOf(files: { path: string; bytes: Buffer }[], path: string): unknown {
  const file = files.find((f) => f.path === path);
  if (file === undefined) throw new Error(`no ${path}`);
  return JSON.parse(file.bytes.toString('utf8'));
}

const r4 = (v: number) => Math.round(v * 1e4) / 1e4;

describe('scoring metrics', () => {
  const scores = [0.1, 0.4, 0.35, 0.8];
  const labels = [false, false, true, true];

  it('computes AUC as the share of correctly ordered positive/negative pairs', () => {
    expect(rocAuc(scores, labels)).toBe(0.75);
    expect(rocAuc([0.5, 0.5], [true, false])).toBe(0.5);
  });

  it('computes KS as the largest gap between the class score distributions', () => {
    expect(ksStatistic(scores, labels)).toBe(0.5);
  });

  it('computes the Brier score as the mean squared probability error', () => {
    expect(brierScore(scores, labels)).toBeCloseTo(0.158125, 12);
  });

  it('computes approval-rate parity as the lowest over the highest group rate', () => {
    expect(approvalRateParity([0.1, 0.3, 0.05, 0.2], ['a', 'a', 'b', 'b'], 0.25)).toEqual({
      overall: 0.75,
      byGroup: { a: 0.5, b: 1 },
      parity: 0.5,
    });
  });
});

describe('demo content', () => {
  it('generates the same applications from the same seed, and others from another', () => {
    const spec = { seed: 7, rows: 50, incomeGrowth: 1, unemploymentShift: 0 };
    expect(applicationsToCsv(generateApplications(spec))).toBe(
      applicationsToCsv(generateApplications(spec)),
    );
    expect(applicationsToCsv(generateApplications({ ...spec, seed: 8 }))).not.toBe(
      applicationsToCsv(generateApplications(spec)),
    );
  });

  it('builds identical bytes on every call, so every start seeds the same digests', () => {
    const again = buildDemoContent();
    expect(again.datasetFiles.q4.digest).toBe(content.datasetFiles.q4.digest);
    expect(again.creditRisk.v110.files.map((f) => f.digest)).toEqual(
      content.creditRisk.v110.files.map((f) => f.digest),
    );
  });

  it('records dataset row counts and digests that match the CSV bytes', () => {
    for (const key of ['q3', 'q4'] as const) {
      const file = content.datasetFiles[key];
      const version = content.datasetVersions[key];
      expect(sha256Digest(file.bytes)).toBe(file.digest);
      expect(version.files).toEqual([
        { path: file.path, size: file.bytes.length, digest: file.digest },
      ]);
      expect(parseCsv(file.bytes)).toHaveLength(version.rowCount ?? -1);
    }
    expect(content.datasetVersions.q3.rowCount).toBe(4816);
    expect(content.datasetVersions.q4.rowCount).toBe(5274);
  });

  it('ships a 1.0.0 model.json that reproduces the recorded holdout metrics', () => {
    const rows = parseCsv(content.datasetFiles.q3.bytes);
    const holdout = rows.slice(Math.floor(rows.length * 0.8));
    const model = fileOf(content.creditRisk.v100.files, 'model.json') as {
      features: string[];
      intercept: number;
      coefficients: Record<string, number>;
    };
    const prep = fileOf(content.creditRisk.v100.files, 'preprocessing.json') as {
      scaler: Record<string, { mean: number; std: number }>;
    };
    const scores = holdout.map((row) => {
      const x = encodeFeatures(row);
      const z = model.features.reduce((sum, name, j) => {
        const scale = prep.scaler[name] ?? { mean: 0, std: 1 };
        return sum + (model.coefficients[name] ?? 0) * (((x[j] ?? 0) - scale.mean) / scale.std);
      }, model.intercept);
      return 1 / (1 + Math.exp(-z));
    });
    const metrics = content.creditRisk.v100.input.metrics ?? {};
    expect(
      r4(
        rocAuc(
          scores,
          holdout.map((r) => r.defaulted),
        ),
      ),
    ).toBe(metrics.auc);
    expect(
      r4(
        brierScore(
          scores,
          holdout.map((r) => r.defaulted),
        ),
      ),
    ).toBe(metrics.brier);
    expect(metrics.holdout_rows).toBe(964);
  });

  it('ships a 1.1.0 tree ensemble that reproduces the recorded out-of-time metrics', () => {
    const rows = parseCsv(content.datasetFiles.q4.bytes);
    const holdout = rows.slice(Math.floor(rows.length * 0.8));
    const model = fileOf(content.creditRisk.v110.files, 'model.json') as {
      features: string[];
      baseScore: number;
      trees: { feature: string; threshold: number; left: number; right: number }[];
    };
    const scores = holdout.map((row) => {
      const x = encodeFeatures(row);
      const margin = model.trees.reduce((sum, t) => {
        const value = x[model.features.indexOf(t.feature)] ?? 0;
        return sum + (value <= t.threshold ? t.left : t.right);
      }, model.baseScore);
      return 1 / (1 + Math.exp(-margin));
    });
    const metrics = content.creditRisk.v110.input.metrics ?? {};
    expect(
      r4(
        rocAuc(
          scores,
          holdout.map((r) => r.defaulted),
        ),
      ),
    ).toBe(metrics.auc);
    expect(
      r4(
        ksStatistic(
          scores,
          holdout.map((r) => r.defaulted),
        ),
      ),
    ).toBe(metrics.ks);
    expect(model.trees).toHaveLength(80);
    // The ensemble finds the debt-to-income threshold (0.43) built into the synthetic data.
    const dtiSplits = model.trees.filter((t) => t.feature === 'debt_to_income');
    expect(dtiSplits.some((t) => Math.abs(t.threshold - 0.43) < 0.03)).toBe(true);
  });
});

describe('the credit-risk card', () => {
  it('states the approval-rate parity each version recorded, and no check the demo does not run', () => {
    const analysis = CREDIT_RISK_CARD.fairness?.analysis ?? '';
    const parity = (v: typeof content.creditRisk.v100) =>
      (v.input.metrics?.approval_rate_parity_age ?? NaN).toFixed(2);
    expect(analysis).toContain(`${parity(content.creditRisk.v100)} for 1.0.0`);
    expect(analysis).toContain(`${parity(content.creditRisk.v110)} for 1.1.0`);
    // The demo's monitor tests drift only: the card must not promise a production parity alert.
    expect(JSON.stringify(CREDIT_RISK_CARD)).not.toMatch(/alert below 0\.8|release gate/);
  });
});

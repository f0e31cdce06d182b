import { describe, expect, it } from 'vitest';
import { linearScorer, logisticScorer, syntheticData } from './__fixtures__/synthetic.js';
import { evaluateModel } from './evaluate-model.js';
import { EVALUATION_STAGES } from './progress.js';
import type { EvaluationInput } from './types.js';

const data = syntheticData(600, 4, 8);

async function classificationInput(seed = 5): Promise<EvaluationInput> {
  const scorer = logisticScorer(data.model);
  return {
    task: 'binary-classification',
    labels: data.labels,
    scores: await scorer(data.matrix, 600),
    protectedAttributes: [
      { name: 'sex', values: data.sex },
      { name: 'race', values: data.race },
    ],
    model: { features: data.features, matrix: data.matrix, scorer },
    seed,
    options: { bootstrapResamples: 50, flipSearchSample: 20, permutationRepeats: 3 },
  };
}

describe('evaluateModel', () => {
  it('gives byte-identical JSON for the same input and seed', async () => {
    const first = JSON.stringify(await evaluateModel(await classificationInput()));
    const second = JSON.stringify(await evaluateModel(await classificationInput()));
    expect(second).toBe(first);
    expect(first).not.toContain('NaN');
  });

  it('gives different resamples, perturbations and shuffles with another seed', async () => {
    const a = await evaluateModel(await classificationInput(5));
    const b = await evaluateModel(await classificationInput(6));
    expect(b.quality.metrics).not.toEqual(a.quality.metrics);
    expect(b.importance).not.toEqual(a.importance);
    expect(b.fairness).toEqual(a.fairness); // no randomness in the audit
    expect(b.seed).toBe(6);
  });

  it('records the options it used, defaults filled in', async () => {
    const result = await evaluateModel(await classificationInput());
    expect(result.options).toEqual({
      bootstrapResamples: 50,
      confidence: 0.95,
      permutationRepeats: 3,
      noiseScales: [0.1, 0.25, 0.5],
      flipSearchSample: 20,
      calibrationBins: 10,
      maxIntersectionDepth: 2,
      favourableOutcome: 'positive',
      robustness: true,
    });
    expect(result.threshold).toBe(0.5);
  });

  it('skips robustness and the flip search when asked, and still runs importance', async () => {
    const input = await classificationInput();
    const result = await evaluateModel({
      ...input,
      options: { ...input.options, robustness: false },
    });
    expect(result.robustness).toBeNull();
    expect(result.importance?.repeats).toBe(3);
  });

  it('refuses a negative favourable outcome for a regression, and non-boolean robustness', async () => {
    const input = await classificationInput();
    await expect(
      evaluateModel({
        ...input,
        task: 'regression',
        options: { favourableOutcome: 'negative', robustness: 'yes' as unknown as boolean },
      }),
    ).rejects.toMatchObject({
      details: {
        issues: [
          expect.objectContaining({ code: 'invalid_option', path: ['options', 'robustness'] }),
          expect.objectContaining({
            code: 'invalid_option',
            path: ['options', 'favourableOutcome'],
          }),
        ],
      },
    });
  });

  it('has every section for a runnable classifier, and agrees with its own scores', async () => {
    const result = await evaluateModel(await classificationInput());
    expect(result.fairness?.slices.map((s) => s.name)).toEqual(['sex', 'race', 'intersectional']);
    expect(result.calibration?.bins).toHaveLength(10);
    expect(result.robustness?.baseline.maxAbsDifferenceFromScores).toBe(0);
    expect(result.robustness?.baseline.value).toBe(
      result.quality.task === 'binary-classification' ? result.quality.metrics.roc_auc.value : null,
    );
    const kinds = result.robustness?.perturbations.map((p) => `${p.kind}:${p.feature ?? p.scale}`);
    expect(kinds).toEqual([
      'gaussian-noise:0.1',
      'gaussian-noise:0.25',
      'gaussian-noise:0.5',
      ...['x0', 'x1', 'x2', 'x3', 'region', 'channel'].map((f) => `feature-dropout:${f}`),
      'category-swap:region',
      'category-swap:channel',
    ]);
    expect(result.robustness?.flipSearch?.sampledRows).toBe(20);
    expect(result.importance?.features).toHaveLength(6);
  });

  it('leaves out the model-based sections without a model, and skips importance at 0 repeats', async () => {
    const result = await evaluateModel({ ...(await classificationInput()), model: undefined });
    expect([result.robustness, result.importance]).toEqual([null, null]);
    const noRepeats = await evaluateModel({
      ...(await classificationInput()),
      options: { permutationRepeats: 0, flipSearchSample: 0, bootstrapResamples: 0 },
    });
    expect(noRepeats.importance).toBeNull();
    expect(noRepeats.robustness?.flipSearch).toBeNull();
    // No resamples means no intervals, which are null by request, not undefined metrics.
    expect(noRepeats.undefinedMetrics.filter((p) => p.startsWith('quality'))).toEqual([]);
  });

  it('turns undefined metrics into null and lists their paths', async () => {
    // One class only: ROC AUC, AP, recall and TPRs are undefined.
    const labels = new Float64Array(6);
    const result = await evaluateModel({
      task: 'binary-classification',
      labels,
      scores: Float64Array.from([0.1, 0.7, 0.2, 0.9, 0.4, 0.3]),
      protectedAttributes: [{ name: 'g', values: ['a', 'a', 'a', 'b', 'b', 'b'] }],
      seed: 1,
      options: { bootstrapResamples: 5 },
    });
    if (result.quality.task !== 'binary-classification') throw new Error('task');
    expect(result.quality.metrics.roc_auc).toEqual({
      value: null,
      ciLower: null,
      ciUpper: null,
      definedResamples: 0,
    });
    expect(result.undefinedMetrics).toEqual(
      expect.arrayContaining([
        'quality.metrics.recall.value',
        'quality.metrics.roc_auc.value',
        'quality.metrics.roc_auc.ciLower',
        'quality.metrics.pr_auc.value',
        'fairness.slices[g].groups[a].tpr',
        'fairness.slices[g].disparities.equal_opportunity_difference',
      ]),
    );
    expect(result.quality.metrics.accuracy.value).toBe(4 / 6);
  });

  it('reports progress for each stage in order, ending at the total', async () => {
    const calls: [string, number, number][] = [];
    await evaluateModel(await classificationInput(), (stage, done, total) => {
      calls.push([stage, done, total]);
    });
    const stages = [...new Set(calls.map(([stage]) => stage))];
    expect(stages).toEqual([...EVALUATION_STAGES]);
    for (const stage of stages) {
      const own = calls.filter(([s]) => s === stage);
      expect(own[0]?.[1]).toBe(0);
      expect(own.at(-1)?.[1]).toBe(own.at(-1)?.[2]);
    }
  });

  it('evaluates a regression model: RMSE-based robustness, neg_rmse importance, no calibration', async () => {
    const scorer = linearScorer(data.model);
    const result = await evaluateModel({
      task: 'regression',
      labels: data.target,
      scores: await scorer(data.matrix, 600),
      protectedAttributes: [{ name: 'sex', values: data.sex }],
      model: { features: data.features, matrix: data.matrix, scorer },
      seed: 3,
      options: { bootstrapResamples: 20, permutationRepeats: 2 },
    });
    expect(result.quality.task).toBe('regression');
    expect(result.calibration).toBeNull();
    expect(result.robustness?.metric).toBe('rmse');
    expect(result.robustness?.flipSearch).toBeNull();
    expect(result.robustness?.perturbations[0]?.meanAbsolutePredictionChange).toBeGreaterThan(0);
    expect(result.importance?.metric).toBe('neg_rmse');
    expect(result.importance?.features[0]?.mean).toBeGreaterThan(0);
    expect(result.fairness?.slices[0]?.ll144.form).toBe('scoring-rate');
  });
});

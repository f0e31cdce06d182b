import { describe, expect, it } from 'vitest';
import { compareModels, evaluateModel } from '../engine/index.js';
import type { EvaluationView } from '../queries.js';
import { summarizeComparison, summarizeEvaluation, type StoredEvaluation } from '../summary.js';
import { renderEvaluationHtml } from './render-evaluation-html.js';

const labels = Float64Array.from([0, 1, 0, 1, 1, 0, 1, 0, 0, 1, 1, 0]);
const scores = Float64Array.from([0.1, 0.9, 0.3, 0.6, 0.8, 0.4, 0.7, 0.2, 0.55, 0.35, 0.65, 0.05]);
const hostile = '<script>alert(1)</script>';
const groups = Array.from(labels, (_, i) => (i % 2 === 0 ? hostile : 'B'));

function view(result: unknown, summary: EvaluationView['summary'], baseline: string | null) {
  return {
    id: 'e1',
    model: 'ns/scorer',
    version: '1.0.0',
    baseline,
    name: 'holdout',
    kind: baseline === null ? 'test' : 'comparison',
    data: { file: 'holdout.csv', digest: `sha256:${'a'.repeat(64)}`, dataset: null },
    seed: 0,
    summary,
    digest: `sha256:${'b'.repeat(64)}`,
    createdAt: '2026-03-01T10:00:00.000Z',
    createdBy: 'priya',
    result,
  };
}

const provenance = {
  data: { file: 'holdout.csv', digest: `sha256:${'a'.repeat(64)}`, dataset: null, rows: 12 },
  label: 'y',
  verityVersion: '0.1.0',
  runtime: null,
};

describe('renderEvaluationHtml', () => {
  it('renders a predictions-column evaluation, escaping group names from the data', async () => {
    const engine = await evaluateModel({
      task: 'binary-classification',
      labels,
      scores,
      protectedAttributes: [{ name: 'grp', values: groups }],
      seed: 1,
      options: { bootstrapResamples: 20 },
    });
    const result: StoredEvaluation = {
      schema: 'verity.evaluation/v1',
      model: {
        ref: 'ns/scorer@1.0.0',
        format: 'pickle',
        scoredBy: 'predictions',
        artifact: null,
        features: [],
      },
      kind: 'test',
      protected: ['grp'],
      predictions: 'score',
      ...provenance,
      ...engine,
    };
    const html = renderEvaluationHtml(view(result, summarizeEvaluation(result), null));
    expect(html).not.toContain(hostile);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('>Quality</h2>');
    expect(html).toContain('>Bias audit</h2>');
    expect(html).toContain('Not run: Verity evaluated a predictions column');
    // Metrics in their usual order, whatever order the stored object has.
    const order = [...html.matchAll(/<td><code>([a-z0-9_]+)<\/code><\/td><td class="num">/g)].map(
      (m) => m[1],
    );
    expect(order.slice(0, 9)).toEqual([
      'accuracy',
      'precision',
      'recall',
      'f1',
      'roc_auc',
      'pr_auc',
      'log_loss',
      'brier',
      'ece',
    ]);
  });

  it('renders a comparison with both versions and the significance of each difference', async () => {
    const comparison = await compareModels({
      task: 'binary-classification',
      labels,
      seed: 1,
      scoresA: scores,
      scoresB: Float64Array.from(scores, (s) => 1 - s),
      options: { bootstrapResamples: 50 },
    });
    const model = (label: string) => ({
      ref: `ns/scorer@${label}`,
      format: 'onnx',
      scoredBy: 'predictions' as const,
      artifact: null,
      features: [],
    });
    const result = {
      schema: 'verity.comparison/v1' as const,
      baseline: model('1.0.0'),
      challenger: model('1.1.0'),
      predictions: ['a', 'b'],
      ...provenance,
      ...comparison,
    };
    const html = renderEvaluationHtml(view(result, summarizeComparison(result), '1.0.0'));
    expect(html).toContain('>Champion / challenger</h2>');
    expect(html).toContain('ns/scorer@1.1.0 vs ns/scorer@1.0.0');
    expect(html).toContain('significant');
  });
});

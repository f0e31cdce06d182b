/**
 * Timing check (not a test): 100k rows × 20 features with a JS logistic scorer. Prints the time
 * of each stage of `evaluateModel` and the total. Run: npx tsx src/evaluation/engine/__bench__/evaluate-model-speed.ts
 */
import { performance } from 'node:perf_hooks';
import { evaluateModel } from '../index.js';
import { logisticScorer, syntheticData } from '../__fixtures__/synthetic.js';

const rows = Number(process.argv[2] ?? 100_000);
const numeric = 20 - 4; // 16 numeric + 1 categorical + a 3-column one-hot group = 20 columns
const data = syntheticData(rows, numeric, 1);
const scorer = logisticScorer(data.model);
const scores = await scorer(data.matrix, rows);
scorer.calls = 0;
scorer.rows = 0;

const stageStart = new Map<string, number>();
const stageTime = new Map<string, number>();
const started = performance.now();
const result = await evaluateModel(
  {
    task: 'binary-classification',
    labels: data.labels,
    scores,
    protectedAttributes: [
      { name: 'sex', values: data.sex },
      { name: 'race', values: data.race },
    ],
    model: { features: data.features, matrix: data.matrix, scorer },
    seed: 7,
  },
  (stage, done, total) => {
    if (done === 0) stageStart.set(stage, performance.now());
    if (done === total) stageTime.set(stage, performance.now() - (stageStart.get(stage) ?? 0));
  },
);
const total = performance.now() - started;
const bytes = JSON.stringify(result).length;
console.log(`rows ${rows}, columns ${data.features.length}`);
for (const [stage, ms] of stageTime) console.log(`${stage.padEnd(12)} ${ms.toFixed(0)} ms`);
console.log(
  `total        ${total.toFixed(0)} ms (scorer: ${scorer.calls} calls, ${scorer.rows} rows; JSON ${bytes} bytes)`,
);
const quality = result.quality;
if (quality.task === 'binary-classification') {
  const auc = quality.metrics.roc_auc;
  console.log(`roc_auc ${auc.value} [${auc.ciLower}, ${auc.ciUpper}]`);
}

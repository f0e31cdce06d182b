/**
 * The reliability table and ECE of a classifier (stats `reliabilityTable`, binary form, equal
 * width bins, right-closed edges as sklearn's `calibration_curve(strategy='uniform')`).
 */
import { eceOfTable, reliabilityTable } from '../../stats/metrics/index.js';
import type { CalibrationResult } from './types.js';

export function calibrationTable(
  labels: Float64Array,
  scores: Float64Array,
  bins: number,
): CalibrationResult {
  const table = reliabilityTable(labels, scores, { bins, binRule: 'right-closed', form: 'binary' });
  return {
    binRule: 'right-closed',
    form: 'binary',
    n: table.n,
    ece: eceOfTable(table),
    bins: table.bins.map((b) => ({
      lower: b.lower,
      upper: b.upper,
      count: b.count,
      meanScore: b.count === 0 ? null : b.meanPredicted,
      observedRate: b.count === 0 ? null : b.observedRate,
    })),
  };
}

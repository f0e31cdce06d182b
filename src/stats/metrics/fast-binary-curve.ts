/**
 * The curve of `binaryCurve` built from two native typed-array sorts (one per class) and a
 * merge, instead of a comparator sort of row indices: several times faster on large inputs, for
 * callers that score the same labels many times (permutation importance, robustness).
 */
import type { BinaryCurve } from './ranking.js';

/**
 * Identical thresholds and counts to `binaryCurve(y, s)` over validated arrays (finite scores,
 * 0/1 labels). Equal scores are one threshold, whichever class they belong to.
 */
export function fastBinaryCurve(y: Uint8Array, s: Float64Array): BinaryCurve {
  let positives = 0;
  for (const v of y) positives += v;
  const pos = new Float64Array(positives);
  const neg = new Float64Array(y.length - positives);
  let a = 0;
  let b = 0;
  for (let i = 0; i < y.length; i++) {
    if (y[i] === 1) pos[a++] = s[i] ?? 0;
    else neg[b++] = s[i] ?? 0;
  }
  pos.sort();
  neg.sort();
  const thresholds = new Float64Array(y.length);
  const tps = new Float64Array(y.length);
  const fps = new Float64Array(y.length);
  let points = 0;
  let i = pos.length - 1;
  let j = neg.length - 1;
  let tp = 0;
  let fp = 0;
  while (i >= 0 || j >= 0) {
    const top = Math.max(
      i >= 0 ? (pos[i] ?? 0) : Number.NEGATIVE_INFINITY,
      j >= 0 ? (neg[j] ?? 0) : Number.NEGATIVE_INFINITY,
    );
    while (i >= 0 && pos[i] === top) {
      tp++;
      i--;
    }
    while (j >= 0 && neg[j] === top) {
      fp++;
      j--;
    }
    thresholds[points] = top;
    tps[points] = tp;
    fps[points] = fp;
    points++;
  }
  return {
    thresholds: thresholds.subarray(0, points),
    tps: tps.subarray(0, points),
    fps: fps.subarray(0, points),
    positives,
    negatives: neg.length,
  };
}

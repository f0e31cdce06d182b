/**
 * Black-box minimal-flip search (classification): for sampled rows, the smallest change of one
 * numeric feature, in units of that feature's std, that flips the thresholded decision.
 *
 * For each row, feature and direction, a coarse grid (every `GRID_STEP` std up to
 * `MAX_DISTANCE`) finds the first flipping point, then bisection narrows the bracket between the
 * last non-flipping and the first flipping point to `TOLERANCE` std; the reported distance is
 * the flipping end, so it exceeds the true boundary by less than the tolerance. A flip region
 * narrower than the grid step that closes again before the next grid point can be missed: the
 * search assumes the decision changes at most once within one step. Candidates of all rows are
 * scored together: the grid in a few large calls, then one call per bisection round.
 */
import { median } from '../../stats/metrics/index.js';
import { columnStds } from './robustness.js';
import type { ModelContext } from './model-context.js';
import type { Report } from './progress.js';
import { randomStream, sampleRows } from './random-streams.js';
import type { FlipRow, FlipSearchResult } from './types.js';

export const MAX_DISTANCE = 3;
export const GRID_STEP = 0.05;
export const TOLERANCE = 1e-3;
/** Thresholds of the summary's "flippable within" shares, in std. */
export const WITHIN_STD = [0.25, 0.5, 1, 2, 3] as const;

const GRID_POINTS = Math.round(MAX_DISTANCE / GRID_STEP);
const DIRECTIONS = [1, -1] as const;

/** One (row, feature, direction) line of search. */
interface Probe {
  row: number;
  column: number;
  direction: 1 | -1;
  /** Bracket in std units: `lo` does not flip, `hi` flips (NaN until a flip is found). */
  lo: number;
  hi: number;
}

function decision(score: number, threshold: number): boolean {
  return score >= threshold;
}

function writeCandidate(
  context: ModelContext,
  stds: Float64Array,
  probe: Probe,
  distance: number,
  block: Float32Array,
  at: number,
): void {
  const { matrix, width } = context;
  const start = probe.row * width;
  block.set(matrix.subarray(start, start + width), at);
  const j = probe.column;
  block[at + j] = (matrix[start + j] ?? 0) + probe.direction * distance * (stds[j] ?? 0);
}

async function gridSearch(
  context: ModelContext,
  stds: Float64Array,
  probes: Probe[],
): Promise<void> {
  const { width, threshold, baseline } = context;
  await context.batcher.scoreJobs(
    probes.length,
    GRID_POINTS,
    (p, block) => {
      const probe = probes[p] as Probe;
      for (let g = 0; g < GRID_POINTS; g++) {
        writeCandidate(context, stds, probe, (g + 1) * GRID_STEP, block, g * width);
      }
    },
    (p, scores) => {
      const probe = probes[p] as Probe;
      const original = decision(baseline[probe.row] ?? 0, threshold);
      for (let g = 0; g < GRID_POINTS; g++) {
        if (decision(scores[g] ?? 0, threshold) !== original) {
          probe.lo = g * GRID_STEP;
          probe.hi = (g + 1) * GRID_STEP;
          return;
        }
      }
    },
  );
}

async function bisect(
  context: ModelContext,
  stds: Float64Array,
  probes: Probe[],
  report: Report,
): Promise<void> {
  const { threshold, baseline } = context;
  const open = probes.filter((p) => !Number.isNaN(p.hi));
  const rounds = Math.ceil(Math.log2(GRID_STEP / TOLERANCE));
  for (let round = 0; round < rounds; round++) {
    const mids = open.map((p) => (p.lo + p.hi) / 2);
    await context.batcher.scoreJobs(
      open.length,
      1,
      (p, block) => writeCandidate(context, stds, open[p] as Probe, mids[p] ?? 0, block, 0),
      (p, scores) => {
        const probe = open[p] as Probe;
        const flipped =
          decision(scores[0] ?? 0, threshold) !== decision(baseline[probe.row] ?? 0, threshold);
        if (flipped) probe.hi = mids[p] ?? probe.hi;
        else probe.lo = mids[p] ?? probe.lo;
      },
    );
    report(round + 2);
  }
}

/** Rounds of work `flipSearch` reports (for progress totals). */
export const FLIP_SEARCH_STEPS = 1 + Math.ceil(Math.log2(GRID_STEP / TOLERANCE));

export async function flipSearch(
  context: ModelContext,
  sampleSize: number,
  report: Report = () => {},
): Promise<FlipSearchResult> {
  const stds = columnStds(context);
  const searched = context.units.filter(
    (u) => u.kind === 'numeric' && (stds[u.columns[0] ?? 0] ?? 0) > 0,
  );
  const columns = searched.map((u) => u.columns[0] ?? 0);
  const sample = sampleRows(randomStream(context.seed, 'flip-search'), context.rows, sampleSize);
  const probes: Probe[] = [];
  for (const row of sample) {
    for (const c of columns) {
      for (const direction of DIRECTIONS)
        probes.push({ row, column: c, direction, lo: 0, hi: Number.NaN });
    }
  }
  await gridSearch(context, stds, probes);
  report(1);
  await bisect(context, stds, probes, report);
  // Probes are grouped by row, then feature (model order), then direction (+ first): the first
  // strictly smaller distance wins, so ties go to the earlier feature and to 'increase'.
  const perRow = columns.length * DIRECTIONS.length;
  const rows: FlipRow[] = [...sample].map((row, r) => {
    let best: Probe | null = null;
    for (let k = r * perRow; k < (r + 1) * perRow; k++) {
      const p = probes[k] as Probe;
      if (!Number.isNaN(p.hi) && (best === null || p.hi < best.hi)) best = p;
    }
    if (best === null) return { row, distance: null, feature: null, direction: null };
    return {
      row,
      distance: best.hi,
      feature: context.featureNames[best.column] ?? null,
      direction: best.direction === 1 ? 'increase' : 'decrease',
    };
  });
  const distances = rows
    .flatMap((r) => (r.distance === null ? [] : [r.distance]))
    .sort((a, b) => a - b);
  const n = rows.length;
  return {
    sampledRows: n,
    features: searched.map((u) => u.name),
    maxDistance: MAX_DISTANCE,
    gridStep: GRID_STEP,
    tolerance: TOLERANCE,
    rows,
    summary: {
      withinStd: WITHIN_STD.map((std) => ({
        std,
        share: n === 0 ? Number.NaN : distances.filter((d) => d <= std).length / n,
      })),
      medianDistance: median(distances),
      flippable: distances.length,
      countByFeature: searched.map((u) => ({
        feature: u.name,
        count: rows.filter((r) => r.feature === u.name).length,
      })),
    },
  };
}

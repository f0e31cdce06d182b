/**
 * Pure scale and tick helpers for the dashboard's hand-written SVG charts. No DOM here: the
 * components in this folder draw, these functions only compute positions and labels.
 */

export type Scale = ((value: number) => number) & { domain: [number, number] };

/** Maps [d0, d1] linearly onto [r0, r1]; a zero-width domain maps everything to the middle. */
export function linearScale(domain: [number, number], range: [number, number]): Scale {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  const scale = ((value: number) =>
    d1 === d0 ? (r0 + r1) / 2 : r0 + ((value - d0) / (d1 - d0)) * (r1 - r0)) as Scale;
  scale.domain = [d0, d1];
  return scale;
}

/**
 * Maps [d0, d1] (both > 0) logarithmically onto [r0, r1]. Values at or below zero are drawn at
 * the bottom of the domain: a log axis has no place for them.
 */
export function logScale(domain: [number, number], range: [number, number]): Scale {
  const [d0, d1] = domain;
  if (!(d0 > 0 && d1 > 0)) throw new RangeError('a log scale needs a positive domain');
  const inner = linearScale([Math.log10(d0), Math.log10(d1)], range);
  const scale = ((value: number) =>
    inner(Math.log10(value > 0 ? Math.max(value, d0) : d0))) as Scale;
  scale.domain = [d0, d1];
  return scale;
}

/** Smallest and largest of some numbers (ignoring non-finite ones); undefined when none. */
export function extent(values: readonly number[]): [number, number] | undefined {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return lo === Infinity ? undefined : [lo, hi];
}

/** A step of 1, 2, 2.5 or 5 × 10^k giving about `count` intervals over `span`. */
export function niceStep(span: number, count: number): number {
  if (!(span > 0) || !Number.isFinite(span)) return 1;
  const raw = span / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(raw));
  // A little slack so floating noise (0.05000000000000001) does not jump to the next step.
  const fraction = raw / power - 1e-9;
  const nice =
    fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 2.5 ? 2.5 : fraction <= 5 ? 5 : 10;
  return nice * power;
}

/** Rounds away floating noise (0.30000000000000004 → 0.3) at the precision of `step`. */
function clean(value: number, step: number): number {
  const digits = Math.max(0, -Math.floor(Math.log10(step)) + 2);
  return Number(value.toFixed(Math.min(digits, 15)));
}

/**
 * Round tick values covering [min, max] (about `count` intervals): the domain the axis should use
 * is their first and last value.
 */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [0, 1];
  if (min > max) [min, max] = [max, min];
  if (min === max) {
    if (min === 0) return [0, 1];
    const pad = Math.abs(min) / 2;
    [min, max] = [min - pad, max + pad];
  }
  const step = niceStep(max - min, count);
  const first = Math.floor(min / step + 1e-9) * step;
  const last = Math.ceil(max / step - 1e-9) * step;
  const ticks: number[] = [];
  for (let i = 0, v = first; v <= last + step / 2 && i < 1000; i++, v = first + i * step) {
    ticks.push(clean(v, step));
  }
  return ticks;
}

/** Powers of ten covering [min, max] (min > 0): 0.001, 0.01, 0.1, 1, 10. */
export function logTicks(min: number, max: number): number[] {
  if (!(min > 0) || !(max > 0)) return [1];
  const lo = Math.floor(Math.log10(Math.min(min, max)) + 1e-9);
  const hi = Math.ceil(Math.log10(Math.max(min, max)) - 1e-9);
  const ticks: number[] = [];
  for (let k = lo; k <= Math.max(hi, lo + 1); k++) ticks.push(Number((10 ** k).toPrecision(1)));
  return ticks;
}

/** Whether values spread over enough orders of magnitude that a log axis reads better. */
export function prefersLog(values: readonly number[], ratio = 100): boolean {
  const positive = values.filter((v) => v > 0 && Number.isFinite(v));
  if (positive.length < 2) return false;
  return Math.max(...positive) / Math.min(...positive) >= ratio;
}

const compact = new Intl.NumberFormat('en-GB', { notation: 'compact', maximumFractionDigits: 1 });
const plain = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 6 });

/** A tick label: compact for large numbers (240k), otherwise as written (0.25, 0.001). */
export function formatTick(value: number): string {
  if (value === 0) return '0';
  if (Math.abs(value) >= 10_000) return compact.format(value);
  return plain.format(value);
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const TIME_STEPS = [HOUR, 2 * HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR, DAY, 2 * DAY, 7 * DAY, 14 * DAY];

/**
 * Tick times (ms since the epoch, UTC-aligned) between `min` and `max`, at most `count` of them:
 * hours for short spans, days, then weeks (Mondays) and fortnights.
 */
export function timeTicks(min: number, max: number, count = 6): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max) || max < min) return [];
  if (max === min) return [min];
  const span = max - min;
  const step =
    TIME_STEPS.find((s) => span / s <= Math.max(1, count - 1)) ??
    Math.ceil(span / Math.max(1, count - 1) / (30 * DAY)) * 30 * DAY;
  // Weeks start on Monday (the epoch was a Thursday: shift by 4 days); others align to UTC.
  const offset = step >= 7 * DAY ? 4 * DAY : 0;
  const first = Math.ceil((min - offset) / step) * step + offset;
  const ticks: number[] = [];
  for (let t = first; t <= max; t += step) ticks.push(t);
  return ticks;
}

/** Evenly spaced bands (bars), `padding` a share of each band left empty. */
export function bandScale(
  count: number,
  range: [number, number],
  padding = 0.2,
): { start: (index: number) => number; center: (index: number) => number; bandwidth: number } {
  const [r0, r1] = range;
  const step = count === 0 ? 0 : (r1 - r0) / count;
  const bandwidth = step * (1 - padding);
  const start = (index: number) => r0 + index * step + (step - bandwidth) / 2;
  return { start, center: (index) => start(index) + bandwidth / 2, bandwidth };
}

/** Rough width of a label in pixels at the chart font (11 px), for layout decisions. */
export function labelWidth(text: string, fontSize = 11): number {
  return text.length * fontSize * 0.58;
}

/** Domain of a value axis that starts at zero and ends on a round tick covering `max`. */
export function zeroBasedTicks(max: number, count = 5): number[] {
  return niceTicks(0, max > 0 ? max : 1, count);
}

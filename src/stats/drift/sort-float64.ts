/**
 * The finite values of an array, sorted ascending in a new Float64Array, in the same order as
 * Float64Array.prototype.sort (−0 before +0); NaN and ±∞ are dropped on the way.
 *
 * Why not only Float64Array.prototype.sort: measured on Node 20 (2-vCPU EPYC) it takes ~90 ms per
 * million values, which alone caps KS at ~2.5× scipy. An LSD radix sort on the IEEE-754 bit
 * pattern (sign flipped for positives, every bit flipped for negatives, so that unsigned order is
 * numeric order) takes ~30 ms and gives the same array bit for bit (tested). Below RADIX_MIN
 * values the built-in sort is faster and is used.
 */

/** Arrays shorter than this use Float64Array.prototype.sort (radix setup does not pay off). */
export const RADIX_MIN = 4096;

const BITS = 11;
const BUCKETS = 1 << BITS;
const MASK = BUCKETS - 1;
const DIGITS = 6; // 64 bits in digits of 11, 11, 10 bits per 32-bit word
const EXPONENT = 0x7ff00000;

function finiteCopy(values: ArrayLike<number>): Float64Array {
  const out = new Float64Array(values.length);
  let size = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (Number.isFinite(v)) out[size++] = v;
  }
  return size === out.length ? out : out.slice(0, size);
}

/** Sorted finite values of `values` (a new array; the input is left alone). */
export function sortFinite(values: ArrayLike<number>): Float64Array {
  if (values.length < RADIX_MIN) return finiteCopy(values).sort();
  const input = values instanceof Float64Array ? values : Float64Array.from(values);
  const words = new Uint32Array(input.buffer, input.byteOffset, input.length * 2);
  let source = new Float64Array(input.length);
  let sourceWords = new Uint32Array(source.buffer);
  const counts = new Uint32Array(DIGITS * BUCKETS);
  let n = 0;
  for (let i = 0; i < input.length; i++) {
    let h = words[2 * i + 1]!;
    let l = words[2 * i]!;
    if ((h & EXPONENT) === EXPONENT) continue; // NaN or ±∞
    if (h >= 0x80000000) {
      h = ~h >>> 0;
      l = ~l >>> 0;
    } else {
      h = (h | 0x80000000) >>> 0;
    }
    sourceWords[2 * n] = l;
    sourceWords[2 * n + 1] = h;
    n++;
    counts[l & MASK]!++;
    counts[BUCKETS + ((l >>> 11) & MASK)]!++;
    counts[2 * BUCKETS + (l >>> 22)]!++;
    counts[3 * BUCKETS + (h & MASK)]!++;
    counts[4 * BUCKETS + ((h >>> 11) & MASK)]!++;
    counts[5 * BUCKETS + (h >>> 22)]!++;
  }
  let target = new Float64Array(input.length);
  let targetWords = new Uint32Array(target.buffer);
  for (let d = 0; d < DIGITS; d++) {
    const base = d * BUCKETS;
    // A digit shared by every key leaves the order unchanged: skip the pass.
    let trivial = false;
    let sum = 0;
    for (let b = 0; b < BUCKETS; b++) {
      const c = counts[base + b]!;
      if (c === n) trivial = true;
      counts[base + b] = sum;
      sum += c;
    }
    if (trivial) continue;
    const word = d < 3 ? 0 : 1;
    const shift = (d % 3) * BITS;
    for (let i = 0; i < n; i++) {
      const slot = base + ((sourceWords[2 * i + word]! >>> shift) & MASK);
      target[counts[slot]!++] = source[i]!; // moves the 8-byte key in one store
    }
    [source, target] = [target, source];
    [sourceWords, targetWords] = [targetWords, sourceWords];
  }
  for (let i = 0; i < n; i++) {
    let h = sourceWords[2 * i + 1]!;
    let l = sourceWords[2 * i]!;
    if (h >= 0x80000000) {
      h = (h & 0x7fffffff) >>> 0;
    } else {
      h = ~h >>> 0;
      l = ~l >>> 0;
    }
    sourceWords[2 * i + 1] = h;
    sourceWords[2 * i] = l;
  }
  return n === source.length ? source : source.slice(0, n);
}

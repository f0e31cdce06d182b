/**
 * Decimal numbers read straight from CSV bytes, equal to `Number(text)` bit for bit (test:
 * field-bytes.test.ts), without building a string for the common cases:
 *
 * 1. ≤ 15 significant digits and a decimal exponent within ±22 (Clinger 1990, "How to read
 *    floating point numbers accurately"): m and 10^|q| are exact doubles, so one correctly
 *    rounded multiplication or division gives the correctly rounded value.
 * 2. 16–19 significant digits (what float64 `repr` writes), exponent within ±22: the value is
 *    computed in double-double arithmetic (Dekker 1971: TwoProduct with Veltkamp splitting,
 *    Knuth's TwoSum), with relative error below 2^−88, then rounded once. When the exact value
 *    could lie within that error of a rounding midpoint (or the result is a power of two), it
 *    falls back to case 3.
 * 3. Anything else (more digits, larger exponents, near-ties): `Number` on the text.
 */

/** 10^0 … 10^22: every one exactly representable as a double. */
const POW10 = Array.from({ length: 23 }, (_, i) => Number(`1e${i}`));

/** Bytes that can start a number of the grammar (`+ - . 0-9`). */
export function startsNumber(byte: number): boolean {
  return (byte >= 48 && byte <= 57) || byte === 45 || byte === 43 || byte === 46;
}

/**
 * The value of bytes [s, e) under `[+-]?(digits[.digits?] | .digits)([eE][+-]?digits)?`, or NaN
 * if they do not match (the grammar of `profile/text-value.ts`).
 */
export function parseNumberBytes(buf: Buffer, s: number, e: number): number {
  let i = s;
  let negative = false;
  let c = buf[i]!;
  if (c === 45 || c === 43) {
    negative = c === 45;
    i++;
  }
  // The significant digits are head (first 15) · 10^tailDigits + tail (next 4, at most).
  let head = 0;
  let tail = 0;
  let tailDigits = 0;
  let significant = 0;
  let digits = 0;
  let exponent = 0;
  let fraction = false;
  for (; i < e; i++) {
    c = buf[i]! - 48;
    if (c < 0 || c > 9) {
      if (c === -2 && !fraction) {
        fraction = true;
        continue;
      }
      break;
    }
    digits++;
    if (fraction) exponent--;
    if (significant === 0 && c === 0) continue;
    significant++;
    if (significant <= 15) head = head * 10 + c;
    else if (significant <= 19) {
      tail = tail * 10 + c;
      tailDigits++;
    }
  }
  if (digits === 0) return Number.NaN;
  if (i < e && (buf[i] === 101 || buf[i] === 69)) {
    i++;
    let negativeExponent = false;
    if (i < e && (buf[i] === 45 || buf[i] === 43)) {
      negativeExponent = buf[i] === 45;
      i++;
    }
    let value = 0;
    let exponentDigits = 0;
    for (; i < e; i++) {
      c = buf[i]! - 48;
      if (c < 0 || c > 9) break;
      if (value < 1e9) value = value * 10 + c;
      exponentDigits++;
    }
    if (exponentDigits === 0) return Number.NaN;
    exponent += negativeExponent ? -value : value;
  }
  if (i !== e) return Number.NaN;
  let magnitude = Number.NaN;
  if (exponent >= -22 && exponent <= 22) {
    if (significant <= 15) {
      magnitude = exponent >= 0 ? head * POW10[exponent]! : head / POW10[-exponent]!;
    } else if (significant <= 19) {
      magnitude = doubleDouble(head, tail, tailDigits, exponent);
    }
  }
  if (magnitude !== magnitude) return Number(buf.toString('latin1', s, e));
  return negative ? -magnitude : magnitude;
}

// Outputs of twoProduct and twoSum (module scratch: no allocation per number).
let outHi = 0;
let outLo = 0;

/** a·b = outHi + outLo exactly (Dekker; no overflow for our magnitudes). */
function twoProduct(a: number, b: number): void {
  const p = a * b;
  let t = 134217729 * a; // 2^27 + 1: Veltkamp split into 26-bit halves
  const ah = t - (t - a);
  const al = a - ah;
  t = 134217729 * b;
  const bh = t - (t - b);
  const bl = b - bh;
  outHi = p;
  outLo = ah * bh - p + ah * bl + al * bh + al * bl;
}

/** a + b = outHi + outLo exactly (Knuth). */
function twoSum(a: number, b: number): void {
  const sum = a + b;
  const bb = sum - a;
  outHi = sum;
  outLo = a - (sum - bb) + (b - bb);
}

const bits = new Float64Array(1);
const words = new Uint32Array(bits.buffer);

/**
 * (head·10^tailDigits + tail)·10^q, correctly rounded, or NaN when the rounding cannot be
 * decided at double-double precision. head < 10^15, tail < 10^4, |q| ≤ 22.
 */
function doubleDouble(head: number, tail: number, tailDigits: number, q: number): number {
  // w = sum + carry exactly: w < 10^19 is an integer, so are both error terms, and their sum is
  // below 2^13, hence exact.
  twoProduct(head, POW10[tailDigits]!);
  const product = outHi;
  const productError = outLo;
  twoSum(product, tail);
  const sum = outHi;
  const carry = outLo + productError;
  let x: number;
  let delta: number;
  if (q >= 0) {
    const p = POW10[q]!;
    twoProduct(sum, p);
    x = outHi;
    delta = outLo + carry * p;
  } else {
    const p = POW10[-q]!;
    x = sum / p;
    twoProduct(x, p);
    // sum − x·p: sum − outHi is exact (Sterbenz), the rest is below ulp(sum).
    delta = (sum - outHi - outLo + carry) / p;
  }
  twoSum(x, delta);
  const rounded = outHi;
  const residual = outLo;
  bits[0] = rounded;
  const exponentBits = (words[1]! >>> 20) & 0x7ff;
  if ((words[1]! & 0xfffff) === 0 && words[0] === 0) return Number.NaN; // a power of two
  bits[0] = 0;
  words[1] = (exponentBits - 53) << 20; // half an ulp of `rounded` (normal range only)
  const halfUlp = bits[0];
  if (Math.abs(Math.abs(residual) - halfUlp) <= rounded * 2 ** -80) return Number.NaN;
  return rounded;
}

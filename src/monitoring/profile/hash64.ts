/**
 * A deterministic 64-bit hash of a string's UTF-8 bytes: FNV-1a 64 (offset basis
 * 0xcbf29ce484222325, prime 0x100000001b3) followed by the murmur3 `fmix64` finaliser, because
 * bare FNV-1a mixes its last bytes poorly into the high bits that HyperLogLog reads. Computed on
 * 32-bit halves so it needs neither BigInt nor a dependency. The result is written into `out`
 * as [high, low] uint32 halves to avoid an allocation per value.
 */

const FNV_PRIME_LOW = 0x1b3; // 0x100000001b3 = 2^40 + 0x1b3

/** (aHi:aLo) · (bHi:bLo) mod 2^64, written to out. */
function mul64(aHi: number, aLo: number, bHi: number, bLo: number, out: Uint32Array): void {
  // 32×32 → 64 for the low halves, in 16-bit limbs so every partial product is exact.
  const a0 = aLo & 0xffff;
  const a1 = aLo >>> 16;
  const b0 = bLo & 0xffff;
  const b1 = bLo >>> 16;
  const p00 = a0 * b0;
  const mid = a1 * b0 + a0 * b1 + (p00 >>> 16); // < 2^34, exact
  const lo = ((mid & 0xffff) << 16) | (p00 & 0xffff);
  const carry = a1 * b1 + Math.floor(mid / 65536);
  out[0] = (carry + Math.imul(aHi, bLo) + Math.imul(aLo, bHi)) >>> 0;
  out[1] = lo >>> 0;
}

const scratch = new Uint32Array(2);

function fmix64(hi: number, lo: number, out: Uint32Array): void {
  // k ^= k >>> 33; k *= 0xff51afd7ed558ccd; k ^= k >>> 33; k *= 0xc4ceb9fe1a85ec53; k ^= k >>> 33
  lo = (lo ^ (hi >>> 1)) >>> 0;
  mul64(hi, lo, 0xff51afd7, 0xed558ccd, scratch);
  hi = scratch[0]!;
  lo = (scratch[1]! ^ (hi >>> 1)) >>> 0;
  mul64(hi, lo, 0xc4ceb9fe, 0x1a85ec53, scratch);
  hi = scratch[0]!;
  lo = (scratch[1]! ^ (hi >>> 1)) >>> 0;
  out[0] = hi;
  out[1] = lo;
}

let utf8 = new Uint8Array(256);

/** UTF-8 bytes of `value` into the shared scratch buffer (lone surrogates as U+FFFD). */
function encodeUtf8(value: string): number {
  if (utf8.length < value.length * 3) utf8 = new Uint8Array(value.length * 3);
  const out = utf8;
  let n = 0;
  for (let i = 0; i < value.length; i++) {
    let c = value.charCodeAt(i);
    if (c < 0x80) {
      out[n++] = c;
      continue;
    }
    if (c >= 0xd800 && c <= 0xdfff) {
      const next = i + 1 < value.length ? value.charCodeAt(i + 1) : 0;
      if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (next - 0xdc00);
        i++;
      } else {
        c = 0xfffd;
      }
    }
    if (c < 0x800) {
      out[n++] = 0xc0 | (c >>> 6);
    } else if (c < 0x10000) {
      out[n++] = 0xe0 | (c >>> 12);
      out[n++] = 0x80 | ((c >>> 6) & 0x3f);
    } else {
      out[n++] = 0xf0 | (c >>> 18);
      out[n++] = 0x80 | ((c >>> 12) & 0x3f);
      out[n++] = 0x80 | ((c >>> 6) & 0x3f);
    }
    out[n++] = 0x80 | (c & 0x3f);
  }
  return n;
}

/** Hashes the UTF-8 encoding of `value` into out = [high, low]. */
export function hash64(value: string, out: Uint32Array): void {
  const length = encodeUtf8(value);
  const bytes = utf8;
  let hi = 0xcbf29ce4;
  let lo = 0x84222325;
  for (let i = 0; i < length; i++) {
    lo = (lo ^ bytes[i]!) >>> 0;
    // h · (2^40 + 0x1b3) = (h << 40) + h · 0x1b3, all mod 2^64.
    const t = lo * FNV_PRIME_LOW; // < 2^41, exact
    hi = (hi * FNV_PRIME_LOW + Math.floor(t / 4294967296) + ((lo << 8) >>> 0)) >>> 0;
    lo = t >>> 0;
  }
  fmix64(hi, lo, out);
}

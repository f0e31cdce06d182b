/**
 * RFC 9162 Merkle tree verification in the browser (standards.md §1), with WebCrypto SHA-256:
 * the dashboard checks an audit-log entry's inclusion proof itself instead of trusting the
 * server's word. Pure: bytes in, bytes out (async only because `crypto.subtle` is). Index and
 * size arithmetic is done in bigint, as the formats use uint64 (JS bit operators are 32-bit).
 */

/** Size in bytes of every RFC 6962 tree hash (SHA-256). */
export const HASH_SIZE = 32;

/** Why a proof, hash or encoding is refused; the same codes as the server's verifier. */
export type MerkleFailureReason =
  | 'INVALID_NUMBER'
  | 'BAD_HASH_LENGTH'
  | 'BAD_ENCODING'
  | 'INDEX_OUT_OF_RANGE'
  | 'WRONG_PROOF_LENGTH'
  | 'ROOT_MISMATCH';

/** A verification failure with a stable reason (branch on it, never on the message). */
export class MerkleError extends Error {
  constructor(
    readonly reason: MerkleFailureReason,
    message: string,
  ) {
    super(message);
    this.name = 'MerkleError';
  }
}

const MAX_UINT64 = (1n << 64n) - 1n;

/** A fresh copy on its own ArrayBuffer (what WebCrypto takes), so callers' bytes never alias. */
function owned(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  const copy = new Uint8Array(bytes.length);
  copy.set(bytes);
  return copy;
}

function concat(...parts: Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** SHA-256 with WebCrypto (`crypto.subtle`, in every current browser and in Node 20). */
export async function sha256(data: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', owned(data)));
}

/** RFC 9162 §2.1.1: LEAF(d) = SHA-256(0x00 || d), over the exact logged bytes. */
export function hashLeaf(data: Uint8Array): Promise<Uint8Array> {
  return sha256(concat(Uint8Array.of(0x00), data));
}

/** RFC 9162 §2.1.1: NODE(l, r) = SHA-256(0x01 || l || r); children are never sorted. */
export function hashChildren(left: Uint8Array, right: Uint8Array): Promise<Uint8Array> {
  return sha256(concat(Uint8Array.of(0x01), left, right));
}

/** The UTF-8 bytes of a text (the audit log hashes an entry's UTF-8 bytes). */
export function utf8(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}

// ---- encodings (standards.md §1.7: one spelling per hash) ----

const HEX = '0123456789abcdef';

export function toHex(bytes: Uint8Array): string {
  let out = '';
  for (const byte of bytes) out += HEX[byte >> 4]! + HEX[byte & 15]!;
  return out;
}

/** Lowercase hex of even length; anything else is refused (BAD_ENCODING). */
export function fromHex(text: string, field = 'hex'): Uint8Array {
  if (!/^(?:[0-9a-f]{2})*$/.test(text)) {
    throw new MerkleError('BAD_ENCODING', `${field} is not lowercase hex`);
  }
  const out = new Uint8Array(text.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(text.slice(2 * i, 2 * i + 2), 16);
  return out;
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Standard base64 with padding (RFC 4648 §4), as checkpoints and proofs carry hashes. */
export function encodeBase64(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const a = bytes[i]!;
    const b = bytes[i + 1];
    const c = bytes[i + 2];
    out += BASE64[a >> 2]!;
    out += BASE64[((a & 3) << 4) | ((b ?? 0) >> 4)]!;
    out += b === undefined ? '=' : BASE64[((b & 15) << 2) | ((c ?? 0) >> 6)]!;
    out += c === undefined ? '=' : BASE64[c & 63]!;
  }
  return out;
}

/**
 * Standard base64 decoded strictly: the standard alphabet, padding, a length that is a multiple
 * of 4 and an identical re-encoding (which refuses non-zero padding bits), so that two strings
 * can never stand for one hash (standards.md §1.7).
 */
export function decodeBase64Strict(text: string, field = 'base64'): Uint8Array {
  const fail = () => new MerkleError('BAD_ENCODING', `${field} is not canonical standard base64`);
  if (text.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(text)) throw fail();
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  const out = new Uint8Array((text.length / 4) * 3 - padding);
  let o = 0;
  for (let i = 0; i < text.length; i += 4) {
    const n = [0, 1, 2, 3].map((k) => {
      const ch = text[i + k]!;
      return ch === '=' ? 0 : BASE64.indexOf(ch);
    });
    const triple = (n[0]! << 18) | (n[1]! << 12) | (n[2]! << 6) | n[3]!;
    if (o < out.length) out[o++] = (triple >> 16) & 255;
    if (o < out.length) out[o++] = (triple >> 8) & 255;
    if (o < out.length) out[o++] = triple & 255;
  }
  if (encodeBase64(out) !== text) throw fail();
  return out;
}

// ---- proofs ----

function uint64(value: number | bigint, field: string): bigint {
  const n =
    typeof value === 'bigint'
      ? value
      : Number.isSafeInteger(value) && value >= 0
        ? BigInt(value)
        : -1n;
  if (n < 0n || n > MAX_UINT64) {
    throw new MerkleError('INVALID_NUMBER', `${field} is not an integer in [0, 2^64 - 1]`);
  }
  return n;
}

function hash32(hash: Uint8Array, field: string): Uint8Array {
  if (!(hash instanceof Uint8Array) || hash.length !== HASH_SIZE) {
    throw new MerkleError('BAD_HASH_LENGTH', `${field} is not a ${HASH_SIZE}-byte hash`);
  }
  return hash;
}

function bitLength(n: bigint): number {
  return n === 0n ? 0 : n.toString(2).length;
}

function popcount(n: bigint): number {
  let count = 0;
  for (const bit of n.toString(2)) if (bit === '1') count += 1;
  return count;
}

/**
 * Number of hashes in the inclusion proof of `index` in a tree of `size` (index < size):
 * inner(i, n) + border(i, n), standards.md §1.6. Checked before hashing, so a padded or
 * truncated proof is refused with a precise reason.
 */
export function inclusionProofLength(index: bigint, size: bigint): number {
  const inner = bitLength(index ^ (size - 1n));
  return inner + popcount(index >> BigInt(inner));
}

/** One hashing step of the audit path, for showing the computation. */
export interface InclusionStep {
  /** 0-based position of the sibling in the proof. */
  position: number;
  sibling: Uint8Array;
  /** Where the sibling sits: `left` means NODE(sibling, current), `right` NODE(current, sibling). */
  side: 'left' | 'right';
  /** The hash after this step. */
  result: Uint8Array;
}

/**
 * RFC 9162 §2.1.3.2: the root an inclusion proof leads to from `leafHash` at `leafIndex` in a
 * tree of `treeSize`, with every step. Refuses (MerkleError) before hashing, in this order: a bad
 * number, `leafIndex >= treeSize`, a hash that is not 32 bytes, a proof of the wrong length.
 */
export async function rootFromInclusionProof(
  leafIndex: number | bigint,
  treeSize: number | bigint,
  leafHash: Uint8Array,
  proof: readonly Uint8Array[],
): Promise<{ root: Uint8Array; steps: InclusionStep[] }> {
  const index = uint64(leafIndex, 'leafIndex');
  const size = uint64(treeSize, 'treeSize');
  if (index >= size) {
    throw new MerkleError('INDEX_OUT_OF_RANGE', `leaf ${index} is not in a tree of ${size}`);
  }
  let hash = hash32(leafHash, 'leafHash');
  proof.forEach((p, i) => hash32(p, `proof[${i}]`));
  const expected = inclusionProofLength(index, size);
  if (proof.length !== expected) {
    throw new MerkleError(
      'WRONG_PROOF_LENGTH',
      `the proof has ${proof.length} hashes where ${expected} are required for leaf ${index} of ${size}`,
    );
  }
  // fn walks the leaf's position up the tree, sn the last leaf's; where they meet the path runs
  // along the right edge and the incomplete levels are skipped.
  const steps: InclusionStep[] = [];
  let fn = index;
  let sn = size - 1n;
  for (const [position, sibling] of proof.entries()) {
    if (sn === 0n) throw new MerkleError('WRONG_PROOF_LENGTH', 'the proof does not fit the tree');
    let side: 'left' | 'right';
    if ((fn & 1n) === 1n || fn === sn) {
      hash = await hashChildren(sibling, hash);
      side = 'left';
      while ((fn & 1n) === 0n && fn !== 0n) {
        fn >>= 1n;
        sn >>= 1n;
      }
    } else {
      hash = await hashChildren(hash, sibling);
      side = 'right';
    }
    steps.push({ position, sibling, side, result: hash });
    fn >>= 1n;
    sn >>= 1n;
  }
  if (sn !== 0n) throw new MerkleError('WRONG_PROOF_LENGTH', 'the proof does not fit the tree');
  return { root: hash, steps };
}

/**
 * RFC 9162 §2.1.3.2: checks that `leafHash` is leaf `leafIndex` of the tree of `treeSize` whose
 * root is `rootHash`. Returns the steps; throws MerkleError with a precise reason.
 */
export async function verifyInclusion(
  leafIndex: number | bigint,
  treeSize: number | bigint,
  leafHash: Uint8Array,
  proof: readonly Uint8Array[],
  rootHash: Uint8Array,
): Promise<InclusionStep[]> {
  const expected = hash32(rootHash, 'rootHash');
  const { root, steps } = await rootFromInclusionProof(leafIndex, treeSize, leafHash, proof);
  if (!equalBytes(root, expected)) {
    throw new MerkleError(
      'ROOT_MISMATCH',
      `the proof leads to ${encodeBase64(root)}, not to the expected root ${encodeBase64(expected)}`,
    );
  }
  return steps;
}

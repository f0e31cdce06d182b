import { createHash } from 'node:crypto';
import { canonicalJsonPieces } from './canonical-json.js';

/** A content digest as written everywhere in Verity: `sha256:` + 64 lowercase hex digits. */
export type Digest = `sha256:${string}`;

export const DIGEST_PATTERN = /^sha256:[0-9a-f]{64}$/;

export function isDigest(value: string): value is Digest {
  return DIGEST_PATTERN.test(value);
}

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

export function sha256Digest(data: string | Uint8Array): Digest {
  return `sha256:${sha256Hex(data)}`;
}

/**
 * Digest of a JSON value's RFC 8785 canonical form, hashed piece by piece as it is serialised
 * (the same bytes as hashing `canonicalJson(value)`, without building that string).
 */
export function jsonDigest(value: unknown): Digest {
  const hash = createHash('sha256');
  // Pieces are gathered to about 64 KiB before hashing: one `update` per record of a batch cost
  // more than the hashing itself.
  let pending = '';
  canonicalJsonPieces(value, (piece) => {
    pending += piece;
    if (pending.length >= 65_536) {
      hash.update(pending);
      pending = '';
    }
  });
  hash.update(pending);
  return `sha256:${hash.digest('hex')}`;
}

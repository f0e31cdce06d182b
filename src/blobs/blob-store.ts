import type { Readable } from 'node:stream';
import type { Digest } from '../lib/index.js';

export interface PutExpectation {
  /** The digest the client declared; the content is stored only if it hashes to this. */
  digest: Digest;
  /** The size the client declared, when it did. */
  size?: number;
  /** The largest upload accepted, in bytes. */
  maxBytes: number;
}

export interface PutResult {
  digest: Digest;
  size: number;
  /** False when identical content was already stored. */
  created: boolean;
}

/**
 * Content-addressed artifact storage (ARCHITECTURE invariant 4). Content is only ever stored under
 * the SHA-256 of its bytes, and every read re-checks that digest before a byte is served.
 * Implementations: `FsBlobStore` (default); an S3-compatible adapter can follow the same contract.
 */
export interface BlobStore {
  /**
   * Streams content in, hashing it as it is written, and makes it visible only when the digest
   * (and size, if declared) match. Errors: DIGEST_MISMATCH, SIZE_MISMATCH, PAYLOAD_TOO_LARGE.
   */
  put(content: Readable, expected: PutExpectation): Promise<PutResult>;
  /** Size of stored content, or undefined when absent. Does not re-hash. */
  stat(digest: Digest): Promise<{ size: number } | undefined>;
  /**
   * Verifies stored content against its digest, then returns a stream of it.
   * Errors: NOT_FOUND when absent, INTEGRITY_ERROR when the bytes no longer match.
   */
  open(digest: Digest): Promise<{ size: number; stream: Readable }>;
  /** Re-hashes stored content; throws INTEGRITY_ERROR on mismatch, NOT_FOUND when absent. */
  verify(digest: Digest): Promise<{ size: number }>;
}

import { createHash } from 'node:crypto';

/** RFC 9162 §2.1.1: MTH({d(0)}) = SHA-256(0x00 || d(0)). Returns lowercase hex. */
export function leafHash(entry: string | Uint8Array): string {
  return createHash('sha256').update(Uint8Array.of(0)).update(entry).digest('hex');
}

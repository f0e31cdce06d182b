import { ValidationError } from '../../lib/index.js';
import { HASH_SIZE } from './merkle-hash.js';
import { toUint64, type Uint64Input } from './uint64.js';

/*
 * Checks for the log's own inputs (proof requests, appends). A bad argument here is a bad
 * request, not evidence of tampering, so it is a ValidationError (400) with an issue code,
 * unlike the MerkleVerificationError verifiers throw.
 */

export function requireUint64(value: Uint64Input, field: string): bigint {
  const result = toUint64(value);
  if (result === undefined) {
    throw new ValidationError(`${field} must be an integer in [0, 2^64 - 1]`, [
      { code: 'INVALID_NUMBER', path: [field], message: 'not an unsigned 64-bit integer' },
    ]);
  }
  return result;
}

export function requireHash(hash: Uint8Array, field: string): void {
  if (hash.length !== HASH_SIZE) {
    throw new ValidationError(`${field} must be ${HASH_SIZE} bytes`, [
      { code: 'BAD_HASH_LENGTH', path: [field], message: `${hash.length} bytes` },
    ]);
  }
}

export function argumentError(code: string, field: string, message: string): ValidationError {
  return new ValidationError(message, [{ code, path: [field], message }]);
}

import { HASH_SIZE } from './merkle-hash.js';
import { MerkleVerificationError } from './merkle-verification-error.js';
import { toUint64, type Uint64Input } from './uint64.js';

/*
 * Input checks shared by the verifiers. Every input is attacker-controlled (it may come straight
 * from a parsed proof file), so types are checked at run time too. Bigints go into error details
 * as decimal strings: details are serialised as JSON.
 */

export function uint64OrFail(value: Uint64Input, field: string): bigint {
  const result = toUint64(value);
  if (result === undefined) {
    throw new MerkleVerificationError(
      'INVALID_NUMBER',
      `${field} is not an integer in [0, 2^64 - 1]`,
      { field },
    );
  }
  return result;
}

export function hashOrFail(hash: unknown, field: string): Uint8Array {
  if (!(hash instanceof Uint8Array) || hash.length !== HASH_SIZE) {
    const length = hash instanceof Uint8Array ? hash.length : null;
    throw new MerkleVerificationError(
      'BAD_HASH_LENGTH',
      `${field} is not a ${HASH_SIZE}-byte hash`,
      { field, length },
    );
  }
  return hash;
}

export function proofOrFail(proof: unknown): readonly Uint8Array[] {
  if (!Array.isArray(proof)) {
    throw new MerkleVerificationError('WRONG_PROOF_LENGTH', 'the proof is not a list of hashes', {
      expected: null,
      actual: null,
    });
  }
  return proof.map((element, i) => hashOrFail(element, `proof[${i}]`));
}

export function proofLengthOrFail(proof: readonly Uint8Array[], expected: number): void {
  if (proof.length !== expected) {
    throw new MerkleVerificationError(
      'WRONG_PROOF_LENGTH',
      `the proof has ${proof.length} hashes where ${expected} are required`,
      { expected, actual: proof.length },
    );
  }
}

/**
 * The RFC 9162 loops' own "too long / too short" exits. Unreachable once the §1.6 length check
 * has passed; kept so each algorithm stands on its own as the RFC writes it.
 */
export function proofShapeError(): MerkleVerificationError {
  return new MerkleVerificationError('WRONG_PROOF_LENGTH', 'the proof does not fit the tree', {
    expected: null,
    actual: null,
  });
}

export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}

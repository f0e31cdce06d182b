import type { Kysely } from 'kysely';
import type { BlobStore } from '../blobs/index.js';
import type { Committer } from '../ledger/index.js';
import { uuidv7, type Clock, type RandomSource } from '../lib/index.js';
import type { Database } from '../store/index.js';
import type { DsseEnvelope, PromotionPredicate } from '../signing/index.js';

/**
 * Signs a promotion attestation (a DSSE-signed in-toto statement) when a deployment is recorded.
 * The registry calls it inside the deployment's transaction, so the record and its attestation
 * exist together or not at all.
 */
export interface Attestor {
  /** Key hint (hex SHA-256 of the public key PEM), also the DSSE `keyid`. */
  keyId: string;
  publicKeyPem: string;
  attest(input: {
    files: { path: string; digest: string }[];
    predicate: PromotionPredicate;
  }): DsseEnvelope;
}

/** What the registry's operations need: storage, the mutation path, artifacts and time. */
export interface RegistryContext {
  db: Kysely<Database>;
  committer: Committer;
  blobs: BlobStore;
  clock: Clock;
  attestor?: Attestor;
  random?: RandomSource;
}

export function newId(ctx: RegistryContext): string {
  return uuidv7(ctx.clock, ctx.random);
}

export function iso(value: Date | string): string {
  return (value instanceof Date ? value : new Date(value)).toISOString();
}

export function isoOrNull(value: Date | string | null): string | null {
  return value === null ? null : iso(value);
}

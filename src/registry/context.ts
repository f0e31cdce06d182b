import type { Kysely } from 'kysely';
import type { BlobStore } from '../blobs/index.js';
import type { Committer } from '../ledger/index.js';
import { uuidv7, type Clock, type RandomSource } from '../lib/index.js';
import type { Database } from '../store/index.js';

/** What the registry's operations need: storage, the mutation path, artifacts and time. */
export interface RegistryContext {
  db: Kysely<Database>;
  committer: Committer;
  blobs: BlobStore;
  clock: Clock;
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

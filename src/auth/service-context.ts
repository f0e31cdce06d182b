import type { Kysely } from 'kysely';
import type { Committer } from '../ledger/index.js';
import type { Clock, RandomSource } from '../lib/index.js';
import type { Database } from '../store/index.js';

/** What identity and access services need: storage, the one mutation path, time, randomness. */
export interface ServiceContext {
  db: Kysely<Database>;
  committer: Committer;
  clock: Clock;
  random?: RandomSource;
}

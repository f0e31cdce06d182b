import type { Kysely } from 'kysely';
import type { Committer } from '../ledger/index.js';
import { uuidv7, type Clock, type RandomSource } from '../lib/index.js';
import type { Database } from '../store/index.js';

/**
 * What the webhook operations need: the database, the one mutation path, time and randomness.
 * The registry's context has all of these, so the runtime can pass `runtime.registry` as it is.
 */
export interface EventsContext {
  db: Kysely<Database>;
  committer: Committer;
  clock: Clock;
  random?: RandomSource;
}

export function newEventsId(ctx: Pick<EventsContext, 'clock' | 'random'>): string {
  return uuidv7(ctx.clock, ctx.random);
}

export function iso(value: Date | string): string {
  return (value instanceof Date ? value : new Date(value)).toISOString();
}

export function isoOrNull(value: Date | string | null): string | null {
  return value === null ? null : iso(value);
}

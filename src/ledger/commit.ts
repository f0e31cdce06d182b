import type { Kysely, Transaction } from 'kysely';
import type { Actor, Authorizer } from '../auth/index.js';
import { jsonDigest, ValidationError, type Clock } from '../lib/index.js';
import type { Database } from '../store/index.js';
import { translateDriverError } from '../store/index.js';
import { appendEntry } from './append-entry.js';
import { EVENT_TYPE_PATTERN, type AuditEvent, type EventDraft } from './audit-event.js';

/** What a mutation returns: its result for the caller and the event(s) that describe it. */
export interface MutationOutcome<T> {
  result: T;
  events: EventDraft[];
}

export type Mutation<T> = (tx: Transaction<Database>, now: Date) => Promise<MutationOutcome<T>>;

/**
 * The one path by which Verity changes state (ARCHITECTURE invariant 1). In one transaction it
 * checks that the actor may perform the action, applies the change and appends an audit event
 * per change to the ledger. Any failure rolls back all of it. There is no way to skip the ledger.
 */
export class Committer {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    private readonly authorizer: Authorizer,
  ) {}

  /** The same mutation path stamping times from another clock (the demo backdates its history). */
  withClock(clock: Clock): Committer {
    return new Committer(this.db, clock, this.authorizer);
  }

  async commit<T>(actor: Actor, action: string, mutate: Mutation<T>): Promise<T> {
    await this.authorizer.authorize(actor, action);
    const now = this.clock.now();
    try {
      return await this.db.transaction().execute(async (tx) => {
        const { result, events } = await mutate(tx, now);
        if (events.length === 0) throw new Error(`mutation '${action}' reported no event`);
        for (const draft of events) {
          if (!EVENT_TYPE_PATTERN.test(draft.type)) {
            throw new ValidationError(`event type '${draft.type}' is not past-tense kebab-case`);
          }
          const event: Omit<AuditEvent, 'index'> = {
            v: 1,
            type: draft.type,
            actor: actor.name,
            time: now.toISOString(),
            subject: draft.subject,
            payloadDigest: jsonDigest(draft.payload),
          };
          await appendEntry(tx, event, draft.payload);
        }
        return result;
      });
    } catch (error) {
      throw translateDriverError(error);
    }
  }
}

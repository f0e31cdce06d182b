import type { Kysely, Transaction } from 'kysely';
import type { Actor, Authorizer } from '../auth/index.js';
import { jsonDigest, ValidationError, type Clock } from '../lib/index.js';
import type { Database } from '../store/index.js';
import { translateDriverError } from '../store/index.js';
import { appendEntries, type PendingEntry } from './append-entry.js';
import { EVENT_TYPE_PATTERN, type EventDraft } from './audit-event.js';

/** What a mutation returns: its result for the caller and the event(s) that describe it. */
export interface MutationOutcome<T> {
  result: T;
  events: EventDraft[];
}

export type Mutation<T> = (tx: Transaction<Database>, now: Date) => Promise<MutationOutcome<T>>;

/** An event as committed: its ledger position, who recorded it, when, and its payload. */
export interface CommittedEvent {
  seq: number;
  type: string;
  actor: string;
  time: string;
  subject: EventDraft['subject'];
  payload: Record<string, unknown>;
}

/**
 * Runs inside the committing transaction after the entries are appended (the webhook outbox):
 * whatever it writes commits or rolls back with the change itself.
 */
export type CommitHook = (tx: Transaction<Database>, events: CommittedEvent[]) => Promise<void>;

/** Where a change applies, for permission checks bound to a namespace. */
export interface CommitScope {
  namespace?: string;
}

interface Queued {
  actor: Actor;
  action: string;
  mutate: Mutation<unknown>;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

/** Most mutations one transaction carries. */
const MAX_BATCH = 64;
/** Transactions a process keeps in flight: one mutates while another waits for its commit. */
const PIPELINES = 2;

/**
 * The one path by which Verity changes state (ARCHITECTURE invariant 1). For each change it
 * checks that the actor may perform the action, applies the change and appends its audit events
 * to the ledger, in one transaction: any failure rolls back all of it. There is no way to skip
 * the ledger.
 *
 * Group commit: changes submitted while a transaction is in flight are applied together in the
 * next one, in submission order, with one head lock, one statement for all their entries and one
 * commit. If anything in a group fails, the group is rolled back and its changes are run again one
 * per transaction, so a failure only ever affects its own change. A mutation must therefore touch
 * nothing but the database it is given, and must not call `commit` itself.
 */
export class Committer {
  private readonly queue: Queued[] = [];
  private inFlight = 0;
  private readonly hooks: CommitHook[] = [];

  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    private readonly authorizer: Authorizer,
    hooks: CommitHook[] = [],
  ) {
    this.hooks.push(...hooks);
  }

  /** The same mutation path stamping times from another clock (the demo backdates its history). */
  withClock(clock: Clock): Committer {
    return new Committer(this.db, clock, this.authorizer, this.hooks);
  }

  /** Adds a hook that runs in every later commit's transaction. */
  addHook(hook: CommitHook): void {
    this.hooks.push(hook);
  }

  /**
   * Checks that `actor` may perform `action` (in `scope.namespace` when the change belongs to
   * one), then applies the mutation and appends its events in one transaction.
   */
  async commit<T>(
    actor: Actor,
    action: string,
    mutate: Mutation<T>,
    scope: CommitScope = {},
  ): Promise<T> {
    await this.authorizer.authorize(actor, action, scope.namespace);
    return new Promise<T>((resolve, reject) => {
      this.queue.push({
        actor,
        action,
        mutate: mutate,
        resolve: resolve,
        reject,
      });
      this.pump();
    });
  }

  private pump(): void {
    while (this.inFlight < PIPELINES && this.queue.length > 0) {
      const group = this.queue.splice(0, MAX_BATCH);
      this.inFlight++;
      void this.runGroup(group).finally(() => {
        this.inFlight--;
        this.pump();
      });
    }
  }

  private async runGroup(group: Queued[]): Promise<void> {
    try {
      const results = await this.apply(group);
      group.forEach((item, i) => item.resolve(results[i]));
    } catch (error) {
      if (group.length === 1) {
        group[0]?.reject(translateDriverError(error));
        return;
      }
      // Isolate the failure: every change of the group again, each on its own.
      for (const item of group) {
        try {
          const [result] = await this.apply([item]);
          item.resolve(result);
        } catch (itemError) {
          item.reject(translateDriverError(itemError));
        }
      }
    }
  }

  private apply(group: Queued[]): Promise<unknown[]> {
    const now = this.clock.now();
    return this.db.transaction().execute(async (tx) => {
      const results: unknown[] = [];
      const pending: PendingEntry[] = [];
      for (const item of group) {
        const { result, events } = await item.mutate(tx, now);
        if (events.length === 0) throw new Error(`mutation '${item.action}' reported no event`);
        for (const draft of events) {
          if (!EVENT_TYPE_PATTERN.test(draft.type)) {
            throw new ValidationError(`event type '${draft.type}' is not past-tense kebab-case`);
          }
          pending.push({
            draft: {
              v: 1,
              type: draft.type,
              actor: item.actor.name,
              time: now.toISOString(),
              subject: draft.subject,
              payloadDigest: jsonDigest(draft.payload),
            },
            payload: draft.payload,
          });
        }
        results.push(result);
      }
      const seqs = await appendEntries(tx, pending);
      if (this.hooks.length > 0) {
        const committed = pending.map((p, i) => ({
          seq: seqs[i] ?? -1,
          type: p.draft.type,
          actor: p.draft.actor,
          time: p.draft.time,
          subject: p.draft.subject,
          payload: p.payload,
        }));
        for (const hook of this.hooks) await hook(tx, committed);
      }
      return results;
    });
  }
}

import { NamedActorAuthorizer } from '../../auth/index.js';
import { Committer, type CommitHook } from '../../ledger/index.js';
import { ManualClock } from '../../lib/index.js';
import type { OpenDatabase } from '../../store/index.js';
import type { TestEngine } from '../../../test/support/engines.js';
import type { EventsContext } from '../context.js';
import { webhookOutbox } from '../outbox.js';

export const TEST_ORIGIN = 'test.verity.local/log';

/** A fresh database of one engine with the outbox hook installed, and a way to record events. */
export interface EventsHarness {
  database: OpenDatabase;
  clock: ManualClock;
  ctx: EventsContext;
  /** Commits one event of `type` (nothing else changes), as `alice`. */
  record(type: string, id?: string): Promise<void>;
  close(): Promise<void>;
}

export async function openEventsHarness(
  engine: TestEngine,
  options: { extraHooks?: CommitHook[]; database?: OpenDatabase } = {},
): Promise<EventsHarness> {
  const database = options.database ?? (await engine.open());
  return harnessOver(database, options.extraHooks ?? []);
}

export function harnessOver(database: OpenDatabase, extraHooks: CommitHook[] = []): EventsHarness {
  const clock = new ManualClock('2026-03-01T09:00:00.000Z');
  const committer = new Committer(database.db, clock, new NamedActorAuthorizer(), [
    webhookOutbox({ origin: TEST_ORIGIN }),
    ...extraHooks,
  ]);
  const ctx: EventsContext = { db: database.db, committer, clock };
  return {
    database,
    clock,
    ctx,
    record: (type, id = 'm-1') =>
      committer.commit({ name: 'alice' }, 'model.update', () =>
        Promise.resolve({
          result: undefined,
          events: [{ type, subject: { kind: 'model', id }, payload: { note: type } }],
        }),
      ),
    close: () => database.close(),
  };
}

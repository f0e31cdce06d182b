import { json } from '../../store/index.js';
import type { Committer } from '../commit.js';

/**
 * A small real change for ledger tests: one `datasets` row named `name`, created by alice, and
 * its `dataset-created` event, through the one mutation path.
 */
export function createDataset(committer: Committer, name: string): Promise<string> {
  return committer.commit({ name: 'alice' }, 'dataset.create', async (tx, now) => {
    await tx
      .insertInto('datasets')
      .values({
        id: name,
        namespace: 'default',
        name,
        owner: 'alice',
        tags: json({}),
        created_at: now,
        created_by: 'alice',
      })
      .execute();
    return {
      result: name,
      events: [
        { type: 'dataset-created', subject: { kind: 'dataset', id: name }, payload: { name } },
      ],
    };
  });
}

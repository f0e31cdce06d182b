import type { Kysely } from 'kysely';
import { IntegrityError } from '../lib/index.js';
import type { Database } from '../store/index.js';
import type { SubtreeHashSource } from './merkle/index.js';

/**
 * Stored complete-subtree hashes as a proof source. Requests made in the same tick (a proof
 * generator asks for its O(log n) hashes together) are answered by one query, so a proof costs
 * one round trip to the database whatever the tree size.
 */
export class DbSubtreeHashes implements SubtreeHashSource {
  private pending: {
    level: number;
    index: bigint;
    resolve: (h: Uint8Array) => void;
    reject: (e: unknown) => void;
  }[] = [];

  constructor(private readonly db: Kysely<Database>) {}

  subtreeHash(level: number, index: bigint): Promise<Uint8Array> {
    return new Promise((resolve, reject) => {
      if (this.pending.length === 0) queueMicrotask(() => void this.flush());
      this.pending.push({ level, index, resolve, reject });
    });
  }

  private async flush(): Promise<void> {
    const batch = this.pending;
    this.pending = [];
    try {
      const rows = await this.db
        .selectFrom('ledger_nodes')
        .select(['level', 'idx', 'hash'])
        .where((eb) =>
          eb.or(
            batch.map((r) => eb.and([eb('level', '=', r.level), eb('idx', '=', Number(r.index))])),
          ),
        )
        .execute();
      const found = new Map(rows.map((r) => [`${r.level}:${r.idx}`, r.hash]));
      for (const request of batch) {
        const hash = found.get(`${request.level}:${request.index}`);
        if (hash === undefined) {
          request.reject(
            new IntegrityError(
              `the ledger is missing the stored hash of subtree (${request.level}, ${request.index})`,
              {
                level: request.level,
                index: String(request.index),
              },
            ),
          );
        } else request.resolve(Buffer.from(hash, 'hex'));
      }
    } catch (error) {
      for (const request of batch) request.reject(error);
    }
  }
}

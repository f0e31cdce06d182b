import { sql, type Kysely } from 'kysely';
import { IntegrityError } from '../lib/index.js';
import type { Database } from '../store/index.js';
import type { SubtreeHashSource } from './merkle/index.js';

interface Waiter<T> {
  resolve: (value: T) => void;
  reject: (error: unknown) => void;
}

interface NodeRequest extends Waiter<Uint8Array> {
  level: number;
  index: bigint;
}

/** Subtrees of at least 2^CACHED_LEVEL leaves are kept in memory once read. */
const CACHED_LEVEL = 6;
/** At most this many cached hashes (about 10 MB); the oldest go first. */
const CACHE_LIMIT = 100_000;

/**
 * Stored complete-subtree hashes as a proof source. Requests made in the same tick (a proof
 * generator asks for its O(log n) hashes together), and any request for the log's current size
 * made in that tick, are answered by one statement: a proof to a given tree size costs one round
 * trip to the database whatever the tree size. The keys go in as two arrays (`unnest`), so the
 * statement's text is the same for every proof and its plan does not grow with the proof.
 *
 * A complete subtree's hash never changes once stored, so the hashes of large subtrees (the upper
 * levels of the tree, which most proofs share, and the subtrees every root is made of) are kept
 * in memory after their first read and are not asked of the database again. Only hashes read
 * from the database are cached: a subtree the log does not hold is never remembered as present.
 */
export class DbSubtreeHashes implements SubtreeHashSource {
  private nodes: NodeRequest[] = [];
  private sizes: Waiter<number>[] = [];
  private readonly cache = new Map<string, Uint8Array>();

  constructor(private readonly db: Kysely<Database>) {}

  subtreeHash(level: number, index: bigint): Promise<Uint8Array> {
    const cached = level >= CACHED_LEVEL ? this.cache.get(`${level}:${index}`) : undefined;
    if (cached !== undefined) return Promise.resolve(cached);
    return new Promise((resolve, reject) => {
      this.schedule();
      this.nodes.push({ level, index, resolve, reject });
    });
  }

  /** The log's size (`ledger_head.size`) as of the statement that also reads the hashes. */
  currentSize(): Promise<number> {
    return new Promise((resolve, reject) => {
      this.schedule();
      this.sizes.push({ resolve, reject });
    });
  }

  private schedule(): void {
    if (this.nodes.length === 0 && this.sizes.length === 0) {
      queueMicrotask(() => void this.flush());
    }
  }

  private async flush(): Promise<void> {
    const nodes = this.nodes;
    const sizes = this.sizes;
    this.nodes = [];
    this.sizes = [];
    try {
      // Level -1 marks the head row: its size rides in the idx column.
      const { rows } = await sql<{ level: number; idx: string | number; hash: string }>`
        select n.level, n.idx, n.hash
        from unnest(${nodes.map((r) => r.level)}::smallint[], ${nodes.map((r) => String(r.index))}::bigint[]) as k(level, idx)
        join ledger_nodes n on n.level = k.level and n.idx = k.idx
        union all
        select -1, size, '' from ledger_head where id = 1`.execute(this.db);
      const found = new Map<string, string>();
      let size: number | undefined;
      for (const row of rows) {
        if (Number(row.level) === -1) size = Number(row.idx);
        else found.set(`${row.level}:${row.idx}`, row.hash);
      }
      for (const waiter of sizes) {
        if (size === undefined) waiter.reject(new IntegrityError('the ledger has no head row', {}));
        else waiter.resolve(size);
      }
      for (const request of nodes) {
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
        } else {
          const bytes = Buffer.from(hash, 'hex');
          if (request.level >= CACHED_LEVEL)
            this.remember(`${request.level}:${request.index}`, bytes);
          request.resolve(bytes);
        }
      }
    } catch (error) {
      for (const waiter of [...sizes, ...nodes]) waiter.reject(error);
    }
  }

  private remember(key: string, hash: Uint8Array): void {
    if (this.cache.size >= CACHE_LIMIT) {
      const oldest = this.cache.keys().next();
      if (oldest.done !== true) this.cache.delete(oldest.value);
    }
    this.cache.set(key, hash);
  }
}

import { sql, type Kysely } from 'kysely';
import { IntegrityError } from '../lib/index.js';
import type { Database } from '../store/index.js';
import type { SubtreeHashSource } from './merkle/index.js';
import { floorLevel, SubtreeCache } from './subtree-cache.js';

interface Waiter<T> {
  resolve: (value: T) => void;
  reject: (error: unknown) => void;
}

interface NodeRequest extends Waiter<Uint8Array> {
  level: number;
  index: bigint;
}

/** Default memory for the in-memory copy of the tree: enough for every hash of a 1M-entry log. */
export const DEFAULT_PROOF_CACHE_BYTES = 64 * 1024 ** 2;
/** Hashes read per statement while filling the in-memory copy. */
const FILL_CHUNK = 20_000;

export interface DbSubtreeHashesOptions {
  /**
   * Bytes of subtree hashes kept in memory (default DEFAULT_PROOF_CACHE_BYTES; 0 keeps none).
   * A log whose hashes do not all fit keeps its upper levels, and proofs read the lower ones
   * from the database.
   */
  cacheBytes?: number;
}

/**
 * Stored complete-subtree hashes as a proof source.
 *
 * A complete subtree's hash never changes once stored, so the source keeps a copy of the tree in
 * memory ({@link SubtreeCache}: each level's hashes back to back in one buffer, from the top level
 * down to what the memory budget allows). It fills in the background the first time a hash is
 * not there, and again whenever a level it holds lacks one (the log grew), reading only what it lacks.
 * Only hashes read from the database, in order from subtree 0 of their level, go in: a subtree
 * the log does not hold is never remembered as present. The largest log size it has read
 * (`knownSize`) lets a proof to a size at or below it skip checking the log's current size,
 * because a log never shrinks.
 *
 * What is not in memory is read from the database. Requests made in the same tick (a proof
 * generator asks for its O(log n) hashes together), and any request for the log's current size
 * made in that tick, are answered by one statement. The keys go in as two arrays (`unnest`), so
 * the statement's text is the same for every proof and its plan does not grow with the proof.
 */
export class DbSubtreeHashes implements SubtreeHashSource {
  private nodes: NodeRequest[] = [];
  private sizes: Waiter<number>[] = [];
  private readonly cache = new SubtreeCache();
  private readonly budget: number;
  private known = 0;
  private filling: Promise<void> | undefined;
  private fillAgain = false;

  constructor(
    private readonly db: Kysely<Database>,
    options: DbSubtreeHashesOptions = {},
  ) {
    this.budget = options.cacheBytes ?? DEFAULT_PROOF_CACHE_BYTES;
  }

  /** The largest log size this source has read: every tree size up to it exists. */
  get knownSize(): number {
    return this.known;
  }

  /** Bytes of hashes held in memory, and the lowest level held. */
  get cached(): { bytes: number; floor: number } {
    return { bytes: this.cache.bytes, floor: this.cache.floor };
  }

  subtreeHash(level: number, index: bigint): Promise<Uint8Array> {
    const cached = this.cache.get(level, index);
    if (cached !== undefined) return Promise.resolve(cached);
    // A level the copy holds lacks this hash: the log grew since the last fill (or there was
    // none). Levels below the copy's floor are not kept: a miss there is expected.
    if (this.budget > 0 && level >= this.cache.floor) this.fillSoon();
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

  /**
   * Brings the in-memory copy up to the log's current size and resolves when it is there (a
   * fill already running is joined, and run once more after it).
   */
  fill(): Promise<void> {
    if (this.filling !== undefined) {
      this.fillAgain = true;
      return this.filling;
    }
    const run = async () => {
      try {
        do {
          this.fillAgain = false;
          await this.fillOnce();
        } while (this.fillAgain);
      } finally {
        this.filling = undefined;
      }
    };
    this.filling = run();
    return this.filling;
  }

  /** Starts a fill in the background; until it is done, misses are read from the database. */
  private fillSoon(): void {
    if (this.filling !== undefined) return;
    // A failed fill (the database closing, say) only means proofs keep reading the database.
    this.fill().catch(() => undefined);
  }

  private async fillOnce(): Promise<void> {
    const head = await this.db
      .selectFrom('ledger_head')
      .select('size')
      .where('id', '=', 1)
      .executeTakeFirst();
    const size = Number(head?.size ?? 0);
    this.noteSize(size);
    if (this.budget <= 0 || size === 0) return;
    this.cache.raiseFloor(floorLevel(size, this.budget));
    // Top levels first: they are few and every proof and root uses them.
    for (let level = Math.floor(Math.log2(size)); level >= this.cache.floor; level--) {
      const target = Math.floor(size / 2 ** level);
      this.cache.reserve(level, target);
      while (this.cache.count(level) < target) {
        const from = this.cache.count(level);
        const to = Math.min(target, from + FILL_CHUNK);
        const run = await this.readRun(level, from, to);
        this.cache.append(level, run.hex, run.count);
        // A gap in the stored hashes: leave the rest to the database reads, which report it.
        if (run.count < to - from) break;
      }
    }
  }

  /**
   * The stored hashes of subtrees from, from + 1, ... (below `to`) at `level`, up to the first
   * one missing, as one hex string. One aggregated string per run keeps the fill from making an
   * object per hash; (level, idx) is the table's key, so the count tells whether the run is
   * whole, and every hash must be 64 characters for the string to split back into them.
   */
  private async readRun(
    level: number,
    from: number,
    to: number,
  ): Promise<{ hex: string; count: number }> {
    const range = this.db
      .selectFrom('ledger_nodes')
      .where('level', '=', level)
      .where('idx', '>=', from)
      .where('idx', '<', to);
    const run = await range
      .select([
        sql<string | number>`count(*)`.as('n'),
        sql<boolean | null>`bool_and(length(hash) = 64)`.as('sized'),
        sql<string | null>`string_agg(hash, '' order by idx)`.as('hex'),
      ])
      .executeTakeFirstOrThrow();
    if (Number(run.n) === to - from && run.sized === true && run.hex !== null) {
      return { hex: run.hex, count: to - from };
    }
    const rows = await range.select(['idx', 'hash']).orderBy('idx').execute();
    const hashes: string[] = [];
    for (const row of rows) {
      if (Number(row.idx) !== from + hashes.length) break;
      hashes.push(row.hash);
    }
    return { hex: hashes.join(''), count: hashes.length };
  }

  private noteSize(size: number): void {
    if (size > this.known) this.known = size;
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
      if (size !== undefined) this.noteSize(size);
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
          request.resolve(Buffer.from(hash, 'hex'));
        }
      }
    } catch (error) {
      for (const waiter of [...sizes, ...nodes]) waiter.reject(error);
    }
  }
}

import type { Kysely } from 'kysely';
import { NotFoundError, ValidationError, type Clock } from '../lib/index.js';
import type { Database } from '../store/index.js';
import { DbSubtreeHashes, type DbSubtreeHashesOptions } from './db-subtree-hashes.js';
import { frontierRoot } from './frontier.js';
import { LedgerReader } from './ledger-reader.js';
import { EVIDENCE_FORMAT, EVIDENCE_README, type EvidenceBundle } from './evidence-bundle.js';

/** A subject with more entries than this is exported in several bundles (by time range, later). */
const MAX_EVIDENCE_ENTRIES = 10_000;
import { consistencyProof, encodeBase64, inclusionProof, rootAt } from './merkle/index.js';
import { formatVerifierKey, signCheckpoint, type Ed25519NoteSigner } from './note/index.js';

/** A signed checkpoint as stored: the C2SP note text and what it commits to. */
export interface StoredCheckpoint {
  size: number;
  /** Standard base64 of the 32-byte root, as in the note. */
  rootHash: string;
  /** The complete signed note (c2sp.org/tlog-checkpoint), byte for byte. */
  note: string;
  keyId: string;
  createdAt: string;
}

export interface InclusionProofView {
  index: number;
  size: number;
  leafHash: string;
  rootHash: string;
  /** Audit path, leaf sibling first (RFC 9162 §2.1.3.1), standard base64. */
  proof: string[];
}

export interface ConsistencyProofView {
  from: number;
  to: number;
  fromRoot: string;
  toRoot: string;
  /** RFC 9162 §2.1.4.1 proof, standard base64. */
  proof: string[];
}

/**
 * The verifiable side of the audit log: roots, signed checkpoints and proofs over the entries
 * that `Committer` appends. Proofs read O(log n) stored subtree hashes in one query.
 */
export class Ledger {
  readonly reader: LedgerReader;
  private readonly source: DbSubtreeHashes;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    private readonly signer: Ed25519NoteSigner,
    options: { proofCache?: DbSubtreeHashesOptions } = {},
  ) {
    this.reader = new LedgerReader(db);
    this.source = new DbSubtreeHashes(db, options.proofCache);
  }

  /**
   * Fills the in-memory copy of the tree that proofs are served from, up to the current size,
   * and says what it holds. Proofs fill it in the background anyway; a server or a benchmark
   * calls this to have it ready.
   */
  async warmProofs(): Promise<{ size: number; bytes: number; floorLevel: number }> {
    await this.source.fill();
    const { bytes, floor } = this.source.cached;
    return { size: this.source.knownSize, bytes, floorLevel: floor };
  }

  /** Number of entries in the log. */
  size(): Promise<number> {
    return this.reader.size();
  }

  get origin(): string {
    return this.signer.name;
  }

  /** The verifier key in the standard `name+keyid+base64` form (c2sp.org/signed-note). */
  get verifierKey(): string {
    return formatVerifierKey(this.signer.name, this.signer.publicKey);
  }

  get keyId(): string {
    return this.signer.keyId.toString(16).padStart(8, '0');
  }

  /** Records this server's verifier key, so checkpoints signed by retired keys stay checkable. */
  async registerKey(): Promise<void> {
    await this.db
      .insertInto('ledger_keys')
      .values({
        key_id: this.keyId,
        vkey: this.verifierKey,
        purpose: 'checkpoint',
        created_at: this.clock.now(),
      })
      .onConflict((oc) => oc.column('key_id').doNothing())
      .execute();
  }

  /** Current size and root, read together from the head row. */
  async head(): Promise<{ size: number; rootHash: string }> {
    const head = await this.db
      .selectFrom('ledger_head')
      .select(['size', 'frontier'])
      .where('id', '=', 1)
      .executeTakeFirstOrThrow();
    return { size: Number(head.size), rootHash: encodeBase64(frontierRoot(head.frontier)) };
  }

  /**
   * Signs and stores a checkpoint of the current tree, or returns the stored one when the tree
   * has not grown. Ed25519 is deterministic, so two instances racing produce the same note.
   */
  async checkpoint(): Promise<StoredCheckpoint> {
    const { size, rootHash } = await this.head();
    const existing = await this.findCheckpoint(size);
    if (existing !== undefined) return existing;
    const note = signCheckpoint(
      { origin: this.origin, size, rootHash: Buffer.from(rootHash, 'base64') },
      this.signer,
    );
    await this.db
      .insertInto('ledger_checkpoints')
      .values({ size, root_hash: rootHash, note, key_id: this.keyId, created_at: this.clock.now() })
      .onConflict((oc) => oc.column('size').doNothing())
      .execute();
    return this.checkpointAt(size);
  }

  async checkpointAt(size: number): Promise<StoredCheckpoint> {
    const found = await this.findCheckpoint(size);
    if (found === undefined) throw new NotFoundError('checkpoint', String(size));
    return found;
  }

  private async findCheckpoint(size: number): Promise<StoredCheckpoint | undefined> {
    const row = await this.db
      .selectFrom('ledger_checkpoints')
      .selectAll()
      .where('size', '=', size)
      .executeTakeFirst();
    return row === undefined ? undefined : toCheckpoint(row);
  }

  async latestCheckpoint(): Promise<StoredCheckpoint | undefined> {
    const row = await this.db
      .selectFrom('ledger_checkpoints')
      .selectAll()
      .orderBy('size', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row === undefined ? undefined : toCheckpoint(row);
  }

  /** Every stored checkpoint, oldest first. */
  async checkpoints(): Promise<StoredCheckpoint[]> {
    const rows = await this.db
      .selectFrom('ledger_checkpoints')
      .selectAll()
      .orderBy('size')
      .execute();
    return rows.map(toCheckpoint);
  }

  /** Verifier keys that have signed checkpoints of this log. */
  async keys(): Promise<{ keyId: string; vkey: string; createdAt: string }[]> {
    const rows = await this.db
      .selectFrom('ledger_keys')
      .selectAll()
      .where('purpose', '=', 'checkpoint')
      .orderBy('created_at')
      .execute();
    return rows.map((r) => ({
      keyId: r.key_id,
      vkey: r.vkey,
      createdAt: new Date(r.created_at).toISOString(),
    }));
  }

  /**
   * Inclusion proof of entry `index` in the tree of `size` entries (default: current size). With
   * a size given, the proof, the leaf, the root and the check that the log is that large are one
   * database statement.
   */
  async inclusionProof(index: number, size?: number): Promise<InclusionProofView> {
    const n = size === undefined ? await this.source.currentSize() : checkedSize(size);
    if (!Number.isSafeInteger(index) || index < 0 || index >= n) {
      throw new ValidationError(`entry ${index} is not in a tree of ${n} entries`);
    }
    // The leaf hash is the level-0 subtree: it joins the proof's hashes in one batched query.
    const [leaf, proof, root] = await this.readAtSize(n, size !== undefined, [
      this.source.subtreeHash(0, BigInt(index)),
      inclusionProof(index, n, this.source),
      rootAt(n, this.source),
    ] as const);
    return {
      index,
      size: n,
      leafHash: encodeBase64(leaf),
      rootHash: encodeBase64(root),
      proof: proof.map(encodeBase64),
    };
  }

  /**
   * Consistency proof that the tree of `to` entries (default: current) extends the one of
   * `from`; one database statement when `to` is given.
   */
  async consistencyProof(from: number, to?: number): Promise<ConsistencyProofView> {
    const n = to === undefined ? await this.source.currentSize() : checkedSize(to);
    if (!Number.isSafeInteger(from) || from < 1 || from > n) {
      throw new ValidationError(
        `a consistency proof needs 1 <= from <= to (${n}), not from = ${from}`,
      );
    }
    const [proof, fromRoot, toRoot] = await this.readAtSize(n, to !== undefined, [
      consistencyProof(from, n, this.source),
      rootAt(from, this.source),
      rootAt(n, this.source),
    ] as const);
    return {
      from,
      to: n,
      fromRoot: encodeBase64(fromRoot),
      toRoot: encodeBase64(toRoot),
      proof: proof.map(encodeBase64),
    };
  }

  /**
   * Awaits reads of a tree of `size` entries, all started in this tick so that they share one
   * statement (none when every hash is in memory). When the size came from the caller and is
   * beyond the largest size read so far, the log's current size is read in that same statement:
   * a size beyond the log is the caller's mistake (VALIDATION_ERROR), not the missing subtree
   * hashes it would otherwise show as.
   */
  private async readAtSize<T extends readonly Promise<unknown>[]>(
    size: number,
    checkSize: boolean,
    reads: T,
  ): Promise<{ -readonly [K in keyof T]: Awaited<T[K]> }> {
    // A log never shrinks: a size at or below one already read needs no check.
    const current =
      checkSize && size > this.source.knownSize ? this.source.currentSize() : Promise.resolve(size);
    const [head, ...results] = await Promise.allSettled([current, ...reads]);
    if (head.status === 'fulfilled' && size > head.value) {
      throw new ValidationError(
        `tree size must be from 1 to the current size ${head.value}, not ${size}`,
      );
    }
    const failed = [head, ...results].find(
      (r): r is PromiseRejectedResult => r.status === 'rejected',
    );
    if (failed !== undefined) throw failed.reason;
    return results.map((r) => (r as PromiseFulfilledResult<unknown>).value) as {
      -readonly [K in keyof T]: Awaited<T[K]>;
    };
  }

  /**
   * An evidence bundle for one subject: its entries, each with an inclusion proof to a fresh
   * signed checkpoint. Entries appended after that checkpoint are left for the next bundle.
   */
  async evidence(subject: { kind: string; id: string; ref?: string }): Promise<EvidenceBundle> {
    const checkpoint = await this.checkpoint();
    const entries = (
      await this.reader.forSubject(subject.kind, subject.id, MAX_EVIDENCE_ENTRIES)
    ).filter((e) => e.seq < checkpoint.size);
    if (entries.length === 0)
      throw new NotFoundError('audit entries for', `${subject.kind} ${subject.id}`);
    const items = [];
    for (const e of entries) {
      const proof = await inclusionProof(e.seq, checkpoint.size, this.source);
      items.push({
        index: e.seq,
        entry: e.entry,
        payload: e.payload ?? null,
        inclusionProof: proof.map(encodeBase64),
      });
    }
    return {
      format: EVIDENCE_FORMAT,
      createdAt: this.clock.now().toISOString(),
      subject,
      log: { origin: this.origin, verifierKey: this.verifierKey },
      checkpoint: checkpoint.note,
      entries: items,
      readme: EVIDENCE_README,
    };
  }
}

/** A tree size as a caller gives it: a whole number of entries, at least one. */
function checkedSize(size: number): number {
  if (!Number.isSafeInteger(size) || size < 1) {
    throw new ValidationError(`tree size must be a whole number of entries from 1, not ${size}`);
  }
  return size;
}

function toCheckpoint(row: {
  size: number;
  root_hash: string;
  note: string;
  key_id: string;
  created_at: Date | string;
}): StoredCheckpoint {
  return {
    size: Number(row.size),
    rootHash: row.root_hash,
    note: row.note,
    keyId: row.key_id,
    createdAt: new Date(row.created_at).toISOString(),
  };
}

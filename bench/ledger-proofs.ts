/**
 * Proof latency on a large log: `Ledger.inclusionProof(i, size)` for random leaves and
 * `Ledger.consistencyProof(from, size)` for random earlier sizes, one call at a time, as the
 * audit API serves them, once the ledger's in-memory copy of the tree is filled (timed apart). Every returned proof is then checked outside the timed section against
 * what the benchmark knows independently (the leaf hash recomputed from the synthetic entry's
 * bytes, the root of the head row's frontier): a wrong proof aborts the run.
 */
import type { Kysely } from 'kysely';
import {
  DbSubtreeHashes,
  decodeBase64Strict,
  hashLeaf,
  inclusionProof,
  Ledger,
  rootAt,
  verifyConsistency,
  verifyInclusion,
  type Ed25519NoteSigner,
} from '../src/ledger/index.js';
import { systemClock } from '../src/lib/index.js';
import type { Database } from '../src/store/index.js';
import {
  interruption,
  msSince,
  percentiles,
  Samples,
  seededRandom,
  type Percentiles,
} from './ledger-support.js';
import { syntheticEntry } from './ledger-synthetic.js';

export interface ProofKindResult {
  samples: number;
  /** Proofs checked with verifyInclusion / verifyConsistency (all of them). */
  verified: number;
  /** Mean number of hashes per proof. */
  meanProofHashes: number;
  latencyMs: Percentiles;
}

export interface ProofResult {
  size: number;
  inclusion: ProofKindResult;
  consistency: ProofKindResult;
  /**
   * Median milliseconds of the one database statement behind `Ledger.inclusionProof(i, size)`
   * (the proof's and the root's subtree hashes, the leaf, and the log's current size), timed
   * alone: the rest of a proof's time is JavaScript.
   */
  statementMs: number;
  /** Filling the server's in-memory copy of the tree (`Ledger.warmProofs`) before the proofs. */
  warm: { seconds: number; bytes: number; floorLevel: number };
}

const ANATOMY_SAMPLES = 300;

const decode = (text: string) => decodeBase64Strict(text);

export async function measureProofs(
  db: Kysely<Database>,
  signer: Ed25519NoteSigner,
  options: { inclusion: number; consistency: number; warmup: number; seed: number },
): Promise<ProofResult> {
  const ledger = new Ledger(db, systemClock, signer);
  // As a running server has it: the tree's hashes in memory (proofs fill it in the background;
  // here it is filled first and timed).
  const warmStarted = performance.now();
  const filled = await ledger.warmProofs();
  const warm = {
    seconds: (performance.now() - warmStarted) / 1000,
    bytes: filled.bytes,
    floorLevel: filled.floorLevel,
  };
  const head = await ledger.head();
  const size = head.size;
  const headRoot = decode(head.rootHash);
  const random = seededRandom(options.seed);
  const leafIndex = () => Math.floor(random() * size);

  for (let k = 0; k < options.warmup; k++) {
    await ledger.inclusionProof(leafIndex(), size);
    await ledger.consistencyProof(1 + Math.floor(random() * size), size);
  }

  const inclusionTimes = new Samples();
  let inclusionHashes = 0;
  for (let k = 0; k < options.inclusion; k++) {
    interruption.signal.throwIfAborted();
    const index = leafIndex();
    const start = process.hrtime.bigint();
    const view = await ledger.inclusionProof(index, size);
    inclusionTimes.push(msSince(start));
    // Checked against an independent leaf hash and the head root, not the ones the proof carries.
    const leaf = hashLeaf(Buffer.from(syntheticEntry(index).entry, 'utf8'));
    if (view.leafHash !== Buffer.from(leaf).toString('base64')) {
      throw new Error(`inclusion proof of ${index}: the stored leaf hash is not the entry's`);
    }
    if (view.rootHash !== head.rootHash) {
      throw new Error(`inclusion proof of ${index}: root ${view.rootHash} is not the head root`);
    }
    verifyInclusion(index, size, leaf, view.proof.map(decode), headRoot);
    inclusionHashes += view.proof.length;
  }

  const consistencyTimes = new Samples();
  let consistencyHashes = 0;
  for (let k = 0; k < options.consistency; k++) {
    interruption.signal.throwIfAborted();
    const from = 1 + Math.floor(random() * size);
    const start = process.hrtime.bigint();
    const view = await ledger.consistencyProof(from, size);
    consistencyTimes.push(msSince(start));
    if (view.toRoot !== head.rootHash) {
      throw new Error(`consistency proof from ${from}: root ${view.toRoot} is not the head root`);
    }
    verifyConsistency(from, size, decode(view.fromRoot), headRoot, view.proof.map(decode));
    consistencyHashes += view.proof.length;
  }

  // The statement alone, as Ledger.inclusionProof issues it when the hashes are not in memory:
  // the proof's subtree hashes, the leaf, the root's subtrees and the log's current size,
  // batched by DbSubtreeHashes (here without an in-memory copy).
  const statement = new Samples();
  const source = new DbSubtreeHashes(db, { cacheBytes: 0 });
  for (let k = 0; k < ANATOMY_SAMPLES; k++) {
    const index = leafIndex();
    const start = process.hrtime.bigint();
    await Promise.all([
      source.currentSize(),
      source.subtreeHash(0, BigInt(index)),
      inclusionProof(index, size, source),
      rootAt(size, source),
    ]);
    statement.push(msSince(start));
  }

  return {
    size,
    warm,
    statementMs: percentiles(statement.values()).p50,
    inclusion: {
      samples: options.inclusion,
      verified: options.inclusion,
      meanProofHashes: inclusionHashes / Math.max(1, options.inclusion),
      latencyMs: percentiles(inclusionTimes.values()),
    },
    consistency: {
      samples: options.consistency,
      verified: options.consistency,
      meanProofHashes: consistencyHashes / Math.max(1, options.consistency),
      latencyMs: percentiles(consistencyTimes.values()),
    },
  };
}

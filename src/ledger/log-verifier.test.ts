import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../lib/index.js';
import { appendToFrontier, frontierRoot, type FrontierNode } from './frontier.js';
import { LogVerifier, type LogVerifierOptions } from './log-verifier.js';
import { hashLeaf } from './merkle/index.js';
import { ed25519Signer, formatVerifierKey, signCheckpoint } from './note/index.js';

const signer = ed25519Signer('example.com/log', Buffer.alloc(32, 7));
const vkey = formatVerifierKey(signer.name, signer.publicKey);
const entries = Array.from({ length: 6 }, (_, index) =>
  canonicalJson({
    v: 1,
    index,
    type: 'model-created',
    actor: 'a',
    time: 't',
    subject: { kind: 'model', id: `m${index}` },
    payloadDigest: 'sha256:0',
  }),
);

function checkpointAt(size: number, list = entries): string {
  let frontier: FrontierNode[] = [];
  list.slice(0, size).forEach((e, i) => {
    frontier = appendToFrontier(frontier, i, hashLeaf(Buffer.from(e))).frontier;
  });
  return signCheckpoint({ origin: signer.name, size, rootHash: frontierRoot(frontier) }, signer);
}

function run(list: string[], notes: string[], key = vkey, options: LogVerifierOptions = {}) {
  const verifier = new LogVerifier(key, notes, options);
  list.forEach((entry, index) => verifier.add({ index, entry }));
  return verifier.finish();
}

describe('LogVerifier', () => {
  it('accepts an untouched log against its checkpoints', () => {
    const report = run(entries, [checkpointAt(3), checkpointAt(6)]);
    expect(report).toMatchObject({ ok: true, size: 6, checkpointsChecked: 2, firstBadIndex: null });
  });

  describe('when a checkpoint is not signed by the trusted key', () => {
    it('reports CHECKPOINT_INVALID', () => {
      const other = ed25519Signer('example.com/log', Buffer.alloc(32, 9));
      const forged = signCheckpoint(
        { origin: other.name, size: 6, rootHash: Buffer.alloc(32) },
        other,
      );
      expect(run(entries, [forged]).problems.map((p) => p.code)).toEqual(['CHECKPOINT_INVALID']);
    });
  });

  describe('when an entry is not in canonical form', () => {
    it('reports ENTRY_NOT_CANONICAL at its index', () => {
      const list = [...entries];
      list[2] = (list[2] as string).replace('{"actor"', '{ "actor"');
      const report = run(list, []);
      expect(report.problems.map((p) => [p.code, p.index])).toEqual([['ENTRY_NOT_CANONICAL', 2]]);
    });
  });

  describe('when an entry holds a number JSON cannot round-trip', () => {
    it('reports ENTRY_NOT_CANONICAL instead of failing', () => {
      const list = [...entries];
      list[1] = (list[1] as string).replace('"v":1', '"v":1e400');
      expect(run(list, []).problems.map((p) => [p.code, p.index])).toEqual([
        ['ENTRY_NOT_CANONICAL', 1],
      ]);
    });
  });

  describe('when entries were removed after a checkpoint covered them', () => {
    it('reports CHECKPOINT_BEYOND_LOG at the first missing index', () => {
      const report = run(entries.slice(0, 4), [checkpointAt(6)]);
      expect(report.problems.map((p) => [p.code, p.index])).toEqual([['CHECKPOINT_BEYOND_LOG', 4]]);
    });
  });

  describe('when an entry changed after it was checkpointed', () => {
    it('reports the root mismatch for the checkpointed range', () => {
      const list = [...entries];
      const forged = JSON.parse(list[4] as string) as { actor: string };
      forged.actor = 'mallory';
      list[4] = canonicalJson(forged);
      const report = run(list, [checkpointAt(3), checkpointAt(6)]);
      expect(report.problems.map((p) => [p.code, p.index])).toEqual([
        ['CHECKPOINT_ROOT_MISMATCH', 3],
      ]);
      expect(report.firstBadIndex).toBe(3);
    });
  });
});

// Leaves are folded a block at a time, and one at a time in a block that holds a checkpoint;
// checkpoints inside blocks, at their edges and at the end exercise both. The tree is folded on
// this thread, then on a worker thread from the first or the second block on: the reports must
// be the same.
describe.each([
  { where: 'on this thread', options: { workerFrom: Infinity } },
  { where: 'on a worker from 1,024 entries', options: { workerFrom: 1024 } },
  { where: 'on a worker from 2,048 entries', options: { workerFrom: 2048 } },
  {
    where: 'on a worker that also hashes every block, from 1,024 entries',
    options: { workerFrom: 1024, workerHashes: 'all' as const },
  },
])('LogVerifier on a log of several blocks of 1,024 leaves, folded $where', ({ options }) => {
  const big = Array.from({ length: 5000 }, (_, index) =>
    canonicalJson({
      v: 1,
      index,
      type: 'model-created',
      actor: `actor-${index % 7}`,
      time: '2026-12-01T00:00:00.000Z',
      subject: { kind: 'model', id: `m${index}`, ref: `default/m${index}` },
      payloadDigest: `sha256:${index}`,
    }),
  );
  const sizes = [1, 1023, 1024, 1025, 2048, 3001, 4096, 5000];
  const notes = sizes.map((size) => checkpointAt(size, big));

  it('matches every checkpoint, wherever it falls', () => {
    const report = run(big, notes, vkey, options);
    expect(report).toMatchObject({ ok: true, size: 5000, checkpointsChecked: sizes.length });
    expect(report.rootHash).toBe(
      Buffer.from(
        (() => {
          let frontier: FrontierNode[] = [];
          big.forEach((e, i) => {
            frontier = appendToFrontier(frontier, i, hashLeaf(Buffer.from(e))).frontier;
          });
          return frontierRoot(frontier);
        })(),
      ).toString('base64'),
    );
  });

  it('gives the same root for every length, aligned or not', () => {
    for (const length of [2, 1023, 1024, 1025, 2047, 2049, 4999]) {
      const verifier = new LogVerifier(vkey, [checkpointAt(length, big)], options);
      big.slice(0, length).forEach((entry, index) => verifier.add({ index, entry }));
      expect(verifier.finish()).toMatchObject({ ok: true, checkpointsChecked: 1 });
    }
  });

  it('names an entry edited inside a block, with its stored hash, and the range it spoils', () => {
    const leafHashes = big.map((e) => Buffer.from(hashLeaf(Buffer.from(e))).toString('hex'));
    const list = [...big];
    list[2500] = (list[2500] as string).replace('"actor":"actor-1"', '"actor":"mallory"');
    const verifier = new LogVerifier(vkey, notes, options);
    list.forEach((entry, index) =>
      verifier.add({ index, entry, leafHash: leafHashes[index] as string }),
    );
    const report = verifier.finish();
    expect(report.problems.map((p) => [p.code, p.index])).toEqual([
      ['LEAF_HASH_MISMATCH', 2500],
      ['CHECKPOINT_ROOT_MISMATCH', 2500],
    ]);
  });

  it('names an entry moved inside a block and one not in canonical form', () => {
    const list = [...big];
    [list[1500], list[1501]] = [list[1501] as string, list[1500] as string];
    list[4000] = (list[4000] as string).replace('"v":1', '"v":1.0');
    const report = run(list, [], vkey, options);
    expect(report.problems.map((p) => [p.code, p.index])).toEqual([
      ['ENTRY_OUT_OF_PLACE', 1500],
      ['ENTRY_OUT_OF_PLACE', 1501],
      ['ENTRY_NOT_CANONICAL', 4000],
    ]);
  });
  it('reports every kind of tampering in log order, as folding on this thread does', () => {
    const leafHashes = big.map((e) => Buffer.from(hashLeaf(Buffer.from(e))).toString('hex'));
    const list = [...big];
    // An edit with its stored hash rewritten too: only the checkpoint covering it shows it.
    list[1200] = (list[1200] as string).replace('"actor":"actor-3"', '"actor":"mallory"');
    leafHashes[1200] = Buffer.from(hashLeaf(Buffer.from(list[1200]))).toString('hex');
    // An edit the stored hash catches, a non-canonical entry, and a swap.
    list[2600] = (list[2600] as string).replace('"actor":"actor-3"', '"actor":"eve"');
    list[3100] = (list[3100] as string).replace('"v":1', '"v":1.0');
    [list[3500], list[3501]] = [list[3501] as string, list[3500] as string];
    const kept = list.slice(0, 4900);
    const verify = (opts: LogVerifierOptions) => {
      const verifier = new LogVerifier(vkey, [...notes, 'not a checkpoint'], opts);
      kept.forEach((entry, index) =>
        verifier.add({ index, entry, leafHash: leafHashes[index] as string }),
      );
      return verifier.finish(5000);
    };
    const report = verify(options);
    expect(report.problems.map((p) => [p.code, p.index])).toEqual([
      ['CHECKPOINT_INVALID', null],
      // The last checkpoint it matched is at 1,025, the first one after the edit at 2,048.
      ['CHECKPOINT_ROOT_MISMATCH', 1025],
      ['LEAF_HASH_MISMATCH', 2600],
      ['LEAF_HASH_MISMATCH', 3100],
      ['ENTRY_NOT_CANONICAL', 3100],
      ['LEAF_HASH_MISMATCH', 3500],
      ['ENTRY_OUT_OF_PLACE', 3500],
      ['LEAF_HASH_MISMATCH', 3501],
      ['ENTRY_OUT_OF_PLACE', 3501],
      ['CHECKPOINT_BEYOND_LOG', 4900],
      ['SIZE_MISMATCH', 4900],
    ]);
    expect(report).toEqual(verify({ workerFrom: Infinity }));
    expect(report).toMatchObject({
      ok: false,
      size: 4900,
      checkpointsChecked: 7,
      firstBadIndex: 1025,
    });
  });

  it('folds on a worker thread when asked to and the machine has a second core', () => {
    const verifier = new LogVerifier(vkey, notes, options);
    big.forEach((entry, index) => verifier.add({ index, entry }));
    expect(verifier.foldsOnWorker).toBe(
      options.workerFrom !== Infinity && availableParallelism() > 1,
    );
    expect(verifier.finish()).toMatchObject({ ok: true, checkpointsChecked: sizes.length });
  });
});

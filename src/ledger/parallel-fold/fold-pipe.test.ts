import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { rootFromLeafHashes } from '../merkle/merkle-hash.js';
import { BLOCK, MATCHED, RootStream, type StreamCheckpoint } from '../merkle/root-stream.js';
import { canonicalJson } from '../../lib/index.js';
import { LEAF, VERDICT } from './channel.js';
import { LocalFold, WorkerFold, type LeafSink, type WorkerFoldOptions } from './fold-pipe.js';

// 40 blocks and a half: more than the ring's 16 slots, so the producer waits for the worker.
const SIZE = 40 * BLOCK + 512;
const leaves = Array.from({ length: SIZE }, (_, i) =>
  createHash('sha256').update(`leaf ${i}`).digest(),
);
const rootOf = (count: number) => Buffer.from(rootFromLeafHashes(leaves.slice(0, count)));
const sizes = [1, 1500, 2048, 17 * BLOCK + 3, 30 * BLOCK, SIZE];
const checkpoints: StreamCheckpoint[] = sizes.map((size) => ({ size, root: rootOf(size) }));
const hexOf = (first: number, count: number) =>
  leaves
    .slice(first, first + count)
    .map((l) => l.toString('hex'))
    .join('');

const ignore = () => undefined;

/** An audit event in canonical form, as the ledger stores it. */
const event = (index: number, actor = 'alice') =>
  canonicalJson({
    v: 1,
    index,
    type: 'model-created',
    actor,
    time: '2026-12-01T00:00:00.000Z',
    subject: { kind: 'model', id: `m${index}` },
    payloadDigest: 'sha256:0',
  });

/** Leaves 0..2047 folded here, then handed over to `sink` for the rest, as LogVerifier does. */
function handOver(make: (stream: RootStream, outcomes: Uint8Array) => LeafSink) {
  const outcomes = new Uint8Array(new SharedArrayBuffer(checkpoints.length));
  const local = new LocalFold(new RootStream(checkpoints, outcomes));
  local.push(hexOf(0, BLOCK), BLOCK);
  local.push(hexOf(BLOCK, BLOCK), BLOCK);
  const sink = make(local.stream, outcomes);
  for (let first = 2 * BLOCK; first < SIZE; first += BLOCK) {
    const count = Math.min(BLOCK, SIZE - first);
    sink.push(hexOf(first, count), count);
  }
  return { root: sink.finish(), outcomes: [...outcomes], sink };
}

/** handOver to a WorkerFold running the fixture worker script `file` instead of the real one. */
const withWorker = (file: string, options: WorkerFoldOptions = {}) =>
  handOver(
    (stream, outcomes) =>
      new WorkerFold(checkpoints, outcomes, stream.snapshot(), ignore, {
        workerUrl: new URL(`./__fixtures__/${file}`, import.meta.url),
        ...options,
      }),
  );

describe('WorkerFold', () => {
  it('folds on a worker thread to the RFC 9162 root and checks every checkpoint', () => {
    const run = handOver(
      (stream, outcomes) => new WorkerFold(checkpoints, outcomes, stream.snapshot(), ignore),
    );
    expect(run.root.equals(rootOf(SIZE))).toBe(true);
    expect(run.outcomes).toEqual(sizes.map(() => MATCHED));
    expect((run.sink as WorkerFold).foldedLocally).toBe(false);
  });

  it('gives the same outcome as folding here when a root is wrong', () => {
    const wrong = checkpoints.map((cp, i) => (i === 3 ? { ...cp, root: rootOf(cp.size - 1) } : cp));
    const outcomes = new Uint8Array(new SharedArrayBuffer(wrong.length));
    const fold = new WorkerFold(wrong, outcomes, { position: 0, edge: [], next: 0 }, ignore);
    for (let first = 0; first < SIZE; first += BLOCK) {
      const count = Math.min(BLOCK, SIZE - first);
      fold.push(hexOf(first, count), count);
    }
    expect(fold.finish().equals(rootOf(SIZE))).toBe(true);
    expect([...outcomes]).toEqual([1, 1, 1, 2, 1, 1]);
  });

  it('folds the blocks itself when the worker does not start in time', () => {
    const run = withWorker('no-such-worker.js', { startGraceMs: 200 });
    expect((run.sink as WorkerFold).foldedLocally).toBe(true);
    expect(run.root.equals(rootOf(SIZE))).toBe(true);
    expect(run.outcomes).toEqual(sizes.map(() => MATCHED));
  });

  it('fails the verification when the worker fails', () => {
    expect(() => withWorker('failing-worker.js')).toThrow(
      'the verification worker failed while folding the tree',
    );
  });

  it('fails the verification when a started worker stops doing blocks', () => {
    expect(() => withWorker('stalled-worker.js', { stallMs: 300 })).toThrow(
      'the verification worker stopped: no block done in 0.3 s',
    );
  });

  it('refuses leaves after the partial block that ended the log', () => {
    const outcomes = new Uint8Array(new SharedArrayBuffer(1));
    const fold = new WorkerFold([], outcomes, { position: 0, edge: [], next: 0 }, ignore);
    fold.push(hexOf(0, 3), 3);
    expect(() => fold.push(hexOf(3, 1), 1)).toThrow(/the log has ended/);
    expect(fold.finish().equals(rootOf(3))).toBe(true);
  });

  it('needs outcomes in shared memory', () => {
    expect(
      () => new WorkerFold([], new Uint8Array(1), { position: 0, edge: [], next: 0 }, ignore),
    ).toThrow(TypeError);
  });

  it("hands back its verdict on each entry's canonical form and index, block by block", () => {
    // 20 blocks, more than the ring holds, and a partial one.
    const first = 0;
    const count = 20 * BLOCK + 10;
    const texts = Array.from({ length: count }, (_, i) => event(first + i));
    texts[5] = event(first + 4); // claims another index
    texts[BLOCK + 1] = texts[BLOCK + 1]!.replace('"v":1', '"v":1.0'); // the fast check cannot tell
    texts[9 * BLOCK] = event(first + 9 * BLOCK, 'é\u0000'); // an escape: still canonical
    const found: [number, number][] = [];
    const blocks: number[] = [];
    const outcomes = new Uint8Array(new SharedArrayBuffer(1));
    const fold = new WorkerFold(
      [],
      outcomes,
      { position: 0, edge: [], next: 0 },
      (at, blockTexts, verdicts) => {
        blocks.push(at);
        expect(verdicts).toBeDefined();
        blockTexts.forEach((_, i) => {
          if (verdicts![i] !== VERDICT.ok) found.push([at + i, verdicts![i]!]);
        });
      },
    );
    for (let i = 0; i < count; i += BLOCK) {
      const n = Math.min(BLOCK, count - i);
      fold.push(hexOf(0, n), n, texts.slice(i, i + n));
    }
    fold.finish();
    expect(blocks).toEqual(Array.from({ length: 21 }, (_, b) => first + b * BLOCK));
    expect(found).toEqual([
      [first + 5, first + 4],
      [first + BLOCK + 1, VERDICT.unjudged],
    ]);
  });

  it('leaves the entries of a block whose texts do not fit to the verifier', () => {
    const big = 'x'.repeat(600_000);
    const seen: (Float64Array | undefined)[] = [];
    const outcomes = new Uint8Array(new SharedArrayBuffer(1));
    const fold = new WorkerFold([], outcomes, { position: 0, edge: [], next: 0 }, (_, t, v) => {
      expect(t).toHaveLength(2);
      seen.push(v);
    });
    fold.push(hexOf(0, 2), 2, [big, big]);
    fold.finish();
    expect(seen).toEqual([undefined]);
  });
});

describe('WorkerFold given blocks to hash (pushTexts)', () => {
  const leafHex = (text: string) =>
    createHash('sha256').update(Buffer.of(0)).update(text, 'utf8').digest('hex');
  const rootOfTexts = (texts: readonly string[]) =>
    Buffer.from(rootFromLeafHashes(texts.map((t) => Buffer.from(leafHex(t), 'hex'))));

  /** Three blocks and a part, every other one hashed by the worker, the rest here. */
  function run(texts: string[], stored: (string | undefined)[], options: WorkerFoldOptions = {}) {
    const found: { at: number; leaf: number[]; verdicts: number[] }[] = [];
    const outcomes = new Uint8Array(new SharedArrayBuffer(1));
    const fold = new WorkerFold(
      [{ size: texts.length, root: rootOfTexts(texts) }],
      outcomes,
      { position: 0, edge: [], next: 0 },
      (at, blockTexts, verdicts, leafChecks) => {
        blockTexts.forEach((_, i) => {
          const leaf = leafChecks?.[i];
          const verdict = verdicts?.[i];
          if (leaf === LEAF.mismatch || (verdict !== undefined && verdict !== VERDICT.ok)) {
            found.push({
              at: at + i,
              leaf: leaf === undefined ? [] : [leaf],
              verdicts: [verdict ?? NaN],
            });
          }
        });
      },
      options,
    );
    const sent: boolean[] = [];
    for (let first = 0, b = 0; first < texts.length; first += BLOCK, b++) {
      const block = texts.slice(first, first + BLOCK);
      if (b % 2 === 0) {
        sent.push(fold.pushTexts(block, stored.slice(first, first + BLOCK)));
      } else {
        fold.push(block.map(leafHex).join(''), block.length, block);
      }
    }
    return { root: fold.finish(), outcomes: [...outcomes], found, sent, fold };
  }

  const count = 3 * BLOCK + 100;
  const texts = Array.from({ length: count }, (_, i) => event(i));
  // Characters of one, two, three and four UTF-8 bytes, and an escape.
  texts[7] = event(7, 'zoë 😀 ①\u0001');
  texts[2 * BLOCK + 3] = event(2 * BLOCK + 3, 'Ærøskøbing');

  it('hashes them from UTF-8 to the RFC 9162 root, with nothing to report on an untouched log', () => {
    const result = run(texts, texts.map(leafHex));
    expect(result.sent).toEqual([true, true]);
    expect(result.root.equals(rootOfTexts(texts))).toBe(true);
    expect(result.outcomes).toEqual([MATCHED]);
    expect(result.found).toEqual([]);
  });

  it('marks each entry whose stored hash differs, is missing or is not lowercase hex', () => {
    const stored: (string | undefined)[] = texts.map(leafHex);
    stored[5] = leafHex(texts[6]!); // another entry's hash
    stored[6] = undefined; // none stored: nothing to compare
    stored[7] = stored[7]!.toUpperCase(); // the right bytes, written the wrong way
    stored[8] = stored[8]!.slice(0, 62);
    stored[2 * BLOCK + 3] = `${stored[2 * BLOCK + 3]!.slice(0, 63)}g`;
    const result = run(texts, stored);
    expect(result.found.map((f) => [f.at, f.leaf])).toEqual([
      [5, [LEAF.mismatch]],
      [7, [LEAF.mismatch]],
      [8, [LEAF.mismatch]],
      [2 * BLOCK + 3, [LEAF.mismatch]],
    ]);
    // The tree is built from the entries, whatever was stored.
    expect(result.root.equals(rootOfTexts(texts))).toBe(true);
  });

  it('leaves an entry whose UTF-8 form loses a lone surrogate to the verifier', () => {
    const list = [...texts];
    list[9] = event(9, 'lone \ud800 surrogate');
    const result = run(list, list.map(leafHex));
    expect(result.found).toEqual([{ at: 9, leaf: [LEAF.stored], verdicts: [VERDICT.unjudged] }]);
    // Hashed as the verifier's thread hashes a string (U+FFFD for the surrogate).
    expect(result.root.equals(rootOfTexts(list))).toBe(true);
  });

  it('gives the same root and findings when the worker never starts and the blocks come back', () => {
    const stored: (string | undefined)[] = texts.map(leafHex);
    stored[2 * BLOCK + 50] = leafHex(texts[0]!);
    const result = run(texts, stored, {
      workerUrl: new URL('./__fixtures__/no-such-worker.js', import.meta.url),
      startGraceMs: 200,
    });
    expect(result.fold.foldedLocally).toBe(true);
    expect(result.root.equals(rootOfTexts(texts))).toBe(true);
    expect(result.outcomes).toEqual([MATCHED]);
    expect(result.found.map((f) => [f.at, f.leaf])).toEqual([[2 * BLOCK + 50, [LEAF.mismatch]]]);
  });

  it('refuses a block whose texts do not fit, sending nothing', () => {
    const big = 'x'.repeat(600_000);
    const outcomes = new Uint8Array(new SharedArrayBuffer(1));
    const blocks: number[] = [];
    const fold = new WorkerFold([], outcomes, { position: 0, edge: [], next: 0 }, (at) => {
      blocks.push(at);
    });
    expect(fold.pushTexts([big, big], [undefined, undefined])).toBe(false);
    fold.push(hexOf(0, 2), 2, [big, big]);
    expect(fold.finish().equals(rootOf(2))).toBe(true);
    expect(blocks).toEqual([0]);
  });

  it('says it is hungry only while the worker runs with little left to do', () => {
    const outcomes = new Uint8Array(new SharedArrayBuffer(1));
    const fold = new WorkerFold([], outcomes, { position: 0, edge: [], next: 0 }, ignore);
    const deadline = Date.now() + 5_000;
    while (!fold.hungry() && Date.now() < deadline)
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
    expect(fold.hungry()).toBe(true);
    fold.push(hexOf(0, 3), 3);
    expect(fold.hungry()).toBe(false); // the log has ended
    fold.finish();
  });
});

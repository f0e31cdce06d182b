import { describe, expect, it } from 'vitest';
import {
  INCLUSION_TABLE,
  LEAF_INPUTS_HEX,
  NODE_HASHES,
  ROOTS,
} from '../../src/ledger/__fixtures__/rfc6962-vectors.js';
import {
  ENOCH_ROOT,
  EXAMPLE_FOO,
  MLOPS_AUDIT,
  MLOPS_TLOG_PROOF,
  PETER_NEUMANN,
  SUM_GOLANG_VKEY,
} from '../../src/ledger/__fixtures__/signed-note-vectors.js';
import * as server from '../../src/ledger/merkle/index.js';
import { ed25519Signer, signCheckpoint } from '../../src/ledger/note/index.js';
import {
  decodeBase64Strict,
  encodeBase64,
  fromHex,
  hashChildren,
  hashLeaf,
  inclusionProofLength,
  MerkleError,
  rootFromInclusionProof,
  sha256,
  toHex,
  utf8,
  verifyInclusion,
} from '../../web/src/lib/merkle.js';
import {
  keyIdOf,
  NoteError,
  parseCheckpointText,
  parseNote,
  parseVerifierKey,
  verifyCheckpointNote,
} from '../../web/src/pages/ledger/checkpoint-note.js';
import {
  verifyEntryInclusion,
  type ProofView,
  type VerificationTarget,
} from '../../web/src/pages/ledger/verify-entry.js';

/** The reason of the MerkleError or NoteError a promise rejects with. */
async function reasonOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof MerkleError || error instanceof NoteError) return error.reason;
    throw error;
  }
  throw new Error('expected a failure, but it verified');
}

const leafHashes = await Promise.all(LEAF_INPUTS_HEX.map((d) => hashLeaf(fromHex(d))));
const row = (index: number, size: number) =>
  INCLUSION_TABLE.find((r) => r.index === index && r.size === size)!;
const pathOf = (index: number, size: number) => row(index, size).path.map((h) => fromHex(h));

describe('RFC 9162 hashing with WebCrypto (standards.md §1.1, §1.8)', () => {
  it('hashes the empty tree, leaves and nodes as the published hasher vectors', async () => {
    expect(toHex(await sha256(new Uint8Array()))).toBe(ROOTS[0]);
    expect(toHex(await hashLeaf(new Uint8Array()))).toBe(
      '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
    );
    expect(toHex(await hashLeaf(utf8('L123456')))).toBe(
      '395aa064aa4c29f7010acfe3f25db9485bbd4b91897b6ad7ad547639252b4d56',
    );
    expect(toHex(await hashChildren(utf8('N123'), utf8('N456')))).toBe(
      'aa217fe888e47007fa15edab33c2b492a722cb106c64667fc2b044444de66bbb',
    );
    expect(encodeBase64(await hashLeaf(utf8('hello world')))).toBe(
      'TszzRgjTG6xce+z2AG31kAXYKBgQVtCSCE40HmuwBb0=',
    );
  });

  it('gives the published leaf hashes and level-1 nodes of the eight test leaves', async () => {
    expect(leafHashes.map(toHex)).toEqual(NODE_HASHES[0]);
    const level1 = await Promise.all(
      [0, 1, 2, 3].map((i) => hashChildren(leafHashes[2 * i]!, leafHashes[2 * i + 1]!)),
    );
    expect(level1.map(toHex)).toEqual(NODE_HASHES[1]);
  });

  it('agrees with the server hasher on arbitrary bytes', async () => {
    for (const text of ['', 'a', '{"index":0}', 'é€𝄞'.repeat(40)]) {
      const bytes = utf8(text);
      expect(toHex(await hashLeaf(bytes))).toBe(toHex(server.hashLeaf(bytes)));
    }
  });
});

describe('verifyInclusion (RFC 9162 §2.1.3.2) against the published vectors', () => {
  it.each(INCLUSION_TABLE.map((r) => [r.index, r.size] as const))(
    'verifies leaf %i of a tree of %i against the published root',
    async (index, size) => {
      const steps = await verifyInclusion(
        index,
        size,
        leafHashes[index]!,
        pathOf(index, size),
        fromHex(ROOTS[size]!),
      );
      expect(steps).toHaveLength(row(index, size).path.length);
      expect(toHex(steps.at(-1)?.result ?? leafHashes[index]!)).toBe(ROOTS[size]);
    },
  );

  it('matches the proof lengths of §1.6', () => {
    for (const r of INCLUSION_TABLE) {
      expect(inclusionProofLength(BigInt(r.index), BigInt(r.size))).toBe(r.path.length);
    }
    // The Rekor proof of standards.md §1.8: leaf 1609632 of 1609634 has 10 hashes.
    expect(inclusionProofLength(1609632n, 1609634n)).toBe(10);
  });

  it('shows on which side each sibling joins (leaf 5 of 8: left, right, left)', async () => {
    const { steps } = await rootFromInclusionProof(5, 8, leafHashes[5]!, pathOf(5, 8));
    expect(steps.map((s) => s.side)).toEqual(['left', 'right', 'left']);
  });

  it('verifies the tlog-proof of standards.md §3.4 against its signed checkpoint', async () => {
    const lines = MLOPS_TLOG_PROOF.text.split('\n');
    const proof = lines.slice(2, 5).map((l) => decodeBase64Strict(l));
    const verified = await verifyCheckpointNote(MLOPS_AUDIT.checkpointNote, MLOPS_AUDIT.vkey);
    const leaf = await hashLeaf(fromHex(MLOPS_TLOG_PROOF.leafInputHex));
    await verifyInclusion(5, verified.checkpoint.size, leaf, proof, verified.checkpoint.rootHash);
  });

  describe('refuses, with a precise reason,', () => {
    const root8 = fromHex(ROOTS[8]!);
    it('a wrong leaf', async () => {
      expect(await reasonOf(verifyInclusion(5, 8, leafHashes[4]!, pathOf(5, 8), root8))).toBe(
        'ROOT_MISMATCH',
      );
    });
    it('a wrong index', async () => {
      expect(await reasonOf(verifyInclusion(4, 8, leafHashes[5]!, pathOf(5, 8), root8))).toBe(
        'ROOT_MISMATCH',
      );
      expect(await reasonOf(verifyInclusion(6, 7, leafHashes[6]!, pathOf(6, 8), root8))).toBe(
        'WRONG_PROOF_LENGTH',
      );
    });
    it('an index that is not below the size', async () => {
      expect(await reasonOf(verifyInclusion(8, 8, leafHashes[0]!, [], root8))).toBe(
        'INDEX_OUT_OF_RANGE',
      );
      expect(await reasonOf(verifyInclusion(0, 0, leafHashes[0]!, [], root8))).toBe(
        'INDEX_OUT_OF_RANGE',
      );
    });
    it('a truncated, padded or empty path', async () => {
      const path = pathOf(2, 8);
      expect(await reasonOf(verifyInclusion(2, 8, leafHashes[2]!, path.slice(0, 2), root8))).toBe(
        'WRONG_PROOF_LENGTH',
      );
      expect(await reasonOf(verifyInclusion(2, 8, leafHashes[2]!, [...path, root8], root8))).toBe(
        'WRONG_PROOF_LENGTH',
      );
      expect(await reasonOf(verifyInclusion(2, 8, leafHashes[2]!, [], root8))).toBe(
        'WRONG_PROOF_LENGTH',
      );
    });
    it('a wrong root', async () => {
      expect(
        await reasonOf(verifyInclusion(2, 8, leafHashes[2]!, pathOf(2, 8), fromHex(ROOTS[7]!))),
      ).toBe('ROOT_MISMATCH');
    });
    it('one flipped bit anywhere in the path', async () => {
      const path = pathOf(3, 7);
      for (let i = 0; i < path.length; i++) {
        const bad = path.map((p) => Uint8Array.from(p));
        bad[i]![17]! ^= 0x04;
        expect(await reasonOf(verifyInclusion(3, 7, leafHashes[3]!, bad, fromHex(ROOTS[7]!)))).toBe(
          'ROOT_MISMATCH',
        );
      }
    });
    it('hashes that are not 32 bytes and numbers that are not uint64', async () => {
      const path = pathOf(1, 4);
      expect(await reasonOf(verifyInclusion(1, 4, leafHashes[1]!.subarray(1), path, root8))).toBe(
        'BAD_HASH_LENGTH',
      );
      expect(
        await reasonOf(
          verifyInclusion(1, 4, leafHashes[1]!, [path[0]!, new Uint8Array(31)], root8),
        ),
      ).toBe('BAD_HASH_LENGTH');
      expect(await reasonOf(verifyInclusion(-1, 4, leafHashes[1]!, path, root8))).toBe(
        'INVALID_NUMBER',
      );
      expect(await reasonOf(verifyInclusion(1.5, 4, leafHashes[1]!, path, root8))).toBe(
        'INVALID_NUMBER',
      );
      expect(await reasonOf(verifyInclusion(0, 1n << 64n, leafHashes[1]!, path, root8))).toBe(
        'INVALID_NUMBER',
      );
    });
  });
});

describe('against proofs produced by Verity’s server-side ledger code', () => {
  const size = 1000;
  const leaves = Array.from({ length: size }, (_, i) => server.hashLeaf(utf8(`entry ${i}`)));
  const tree = new server.MemorySubtreeHashes(leaves);

  it.each([
    [0, 1],
    [0, 1000],
    [511, 512],
    [512, 1000],
    [998, 999],
    [999, 1000],
    [333, 777],
    [640, 641],
  ])('recomputes the server’s root for leaf %i of %i, step for step', async (index, n) => {
    const proof = await server.inclusionProof(index, n, tree);
    const root = await server.rootAt(n, tree);
    const mine = await rootFromInclusionProof(index, n, leaves[index]!, proof);
    expect(toHex(mine.root)).toBe(toHex(root));
    expect(toHex(mine.root)).toBe(
      toHex(server.rootFromInclusionProof(index, n, leaves[index]!, proof)),
    );
  });
});

describe('strict base64 and hex (standards.md §1.7)', () => {
  it('round-trips every length as Node does', () => {
    for (let n = 0; n < 70; n++) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 37 + n) & 255);
      const text = encodeBase64(bytes);
      expect(text).toBe(Buffer.from(bytes).toString('base64'));
      expect(toHex(decodeBase64Strict(text))).toBe(toHex(bytes));
    }
  });
  it.each(['AB==', 'AAA', 'AA-_', 'AA==AA==', ' AAA', 'AAAA\n'])('refuses %j', (text) => {
    expect(() => decodeBase64Strict(text)).toThrow(MerkleError);
  });
  it('refuses upper-case or odd-length hex', () => {
    expect(() => fromHex('ABCD')).toThrow(MerkleError);
    expect(() => fromHex('abc')).toThrow(MerkleError);
  });
});

describe('C2SP signed notes and checkpoints with WebCrypto Ed25519 (standards.md §2–§3)', () => {
  it('parses verifier keys and recomputes their key IDs', async () => {
    const foo = await parseVerifierKey(EXAMPLE_FOO.vkey);
    expect(foo).toMatchObject({ name: 'example.com/foo', keyId: '530d903a' });
    // The base64 of this key contains '+': only the first two '+' separate fields.
    expect((await parseVerifierKey(SUM_GOLANG_VKEY)).keyId).toBe('033de0ae');
    expect(await keyIdOf(MLOPS_AUDIT.name, fromHex(MLOPS_AUDIT.publicKeyHex))).toBe('e1894262');
    expect(await reasonOf(parseVerifierKey(EXAMPLE_FOO.vkey.replace('530d903a', '530d903b')))).toBe(
      'KEY_ID_MISMATCH',
    );
    expect(await reasonOf(parseVerifierKey('example.com/foo+530d903a'))).toBe('MALFORMED_KEY');
  });

  it('verifies the published example note and the two-signer Go note with either key', async () => {
    // Neither text is a checkpoint: the refusal comes after the signature verified (a bad
    // signature would be BAD_SIGNATURE, an unknown key NO_TRUSTED_SIGNATURE).
    expect(await reasonOf(verifyCheckpointNote(EXAMPLE_FOO.note, EXAMPLE_FOO.vkey))).toBe(
      'MALFORMED_CHECKPOINT',
    );
    const note = `${PETER_NEUMANN.text}\n${PETER_NEUMANN.signatureLine}${ENOCH_ROOT.signatureLine}`;
    expect(parseNote(note).signatures.map((s) => s.name)).toEqual(['PeterNeumann', 'EnochRoot']);
    for (const vkey of [PETER_NEUMANN.vkey, ENOCH_ROOT.vkey]) {
      expect(await reasonOf(verifyCheckpointNote(note, vkey))).toBe('MALFORMED_CHECKPOINT');
    }
  });

  it('verifies the checkpoint vector and reads its size and root', async () => {
    const verified = await verifyCheckpointNote(MLOPS_AUDIT.checkpointNote, MLOPS_AUDIT.vkey);
    expect(verified.checkpoint.size).toBe(8);
    expect(toHex(verified.checkpoint.rootHash)).toBe(ROOTS[8]);
    expect(verified.signedBy.keyId).toBe('e1894262');
    expect(verified.otherSignatures).toEqual([]);
  });

  it('verifies a checkpoint signed by Verity’s own signer', async () => {
    const seed = Uint8Array.from({ length: 32 }, (_, i) => i * 7 + 1);
    const signer = ed25519Signer('bank.example/verity', seed);
    const root = fromHex(ROOTS[5]!);
    const note = signCheckpoint({ origin: 'bank.example/verity', size: 5, rootHash: root }, signer);
    const vkey = `bank.example/verity+${signer.keyId.toString(16).padStart(8, '0')}+${encodeBase64(
      Uint8Array.of(1, ...signer.publicKey),
    )}`;
    const verified = await verifyCheckpointNote(note, vkey, 'bank.example/verity');
    expect(verified.checkpoint).toMatchObject({ origin: 'bank.example/verity', size: 5 });
    expect(await reasonOf(verifyCheckpointNote(note, vkey, 'other.example/log'))).toBe(
      'ORIGIN_MISMATCH',
    );
  });

  it('refuses a changed text, an unknown key and a malformed note', async () => {
    const changed = MLOPS_AUDIT.checkpointNote.replace('\n8\n', '\n9\n');
    expect(await reasonOf(verifyCheckpointNote(changed, MLOPS_AUDIT.vkey))).toBe('BAD_SIGNATURE');
    expect(await reasonOf(verifyCheckpointNote(MLOPS_AUDIT.checkpointNote, EXAMPLE_FOO.vkey))).toBe(
      'NO_TRUSTED_SIGNATURE',
    );
    expect(() => parseNote(MLOPS_AUDIT.checkpointText)).toThrow(NoteError);
    expect(() => parseNote(MLOPS_AUDIT.checkpointNote.replaceAll('\n', '\r\n'))).toThrow(NoteError);
    expect(() => parseCheckpointText('log\n08\nAAAA\n')).toThrow(NoteError);
  });
});

describe('verifying one ledger entry end to end (the explorer’s Verify button)', () => {
  // A log built with the server's code: canonical JSON entries naming their index.
  const texts = Array.from(
    { length: 12 },
    (_, i) => `{"actor":"verity","index":${i},"type":"demo-event","v":1}`,
  );
  const leaves = texts.map((t) => server.hashLeaf(utf8(t)));
  const tree = new server.MemorySubtreeHashes(leaves);
  const proofs = async (index: number, size: number): Promise<ProofView> => ({
    index,
    size,
    leafHash: server.encodeBase64(leaves[index]!),
    rootHash: server.encodeBase64(await server.rootAt(size, tree)),
    proof: (await server.inclusionProof(index, size, tree)).map(server.encodeBase64),
  });
  const target = async (size = 10): Promise<VerificationTarget> => ({
    kind: 'checkpoint',
    size,
    rootHash: await server.rootAt(size, tree),
    signature: 'verified',
    signer: 'bank.example/verity+0badcafe',
  });
  const entry = (i: number) => ({
    seq: i,
    entry: texts[i]!,
    leafHash: toHex(leaves[i]!),
  });

  it('verifies an entry covered by the checkpoint, with every step shown', async () => {
    const result = await verifyEntryInclusion(entry(7), await target(), proofs);
    expect(result.ok).toBe(true);
    expect(result.steps.map((s) => [s.key, s.status])).toEqual([
      ['bytes', 'ok'],
      ['leaf', 'ok'],
      ['proof', 'ok'],
      ['root', 'ok'],
      ['compare', 'ok'],
    ]);
    expect(result.summary).toContain('entry 7 is included in the checkpoint of size 10');
    expect(result.steps.find((s) => s.key === 'root')?.path).toHaveLength(
      inclusionProofLength(7n, 10n),
    );
  });

  it('fails at the comparison when one byte of a proof hash is flipped', async () => {
    const flipped = async (index: number, size: number) => {
      const view = await proofs(index, size);
      const bytes = decodeBase64Strict(view.proof[1]!);
      bytes[0]! ^= 0x01;
      return { ...view, proof: view.proof.map((p, i) => (i === 1 ? encodeBase64(bytes) : p)) };
    };
    const result = await verifyEntryInclusion(entry(7), await target(), flipped);
    expect(result.ok).toBe(false);
    expect(result.failure?.reason).toBe('ROOT_MISMATCH');
    expect(result.steps.map((s) => s.status)).toEqual(['ok', 'ok', 'ok', 'ok', 'failed']);
  });

  it('fails with the precise reason for each kind of tampering', async () => {
    const t = await target();
    const changedText = { ...entry(3), entry: texts[3]!.replace('demo-event', 'other-event') };
    expect((await verifyEntryInclusion(changedText, t, proofs)).failure?.reason).toBe(
      'LEAF_MISMATCH',
    );
    const moved = { ...entry(4), entry: texts[5]!, leafHash: toHex(leaves[5]!) };
    expect((await verifyEntryInclusion(moved, t, proofs)).failure?.reason).toBe('INDEX_MISMATCH');
    const truncated = async (i: number, n: number) => {
      const view = await proofs(i, n);
      return { ...view, proof: view.proof.slice(1) };
    };
    expect((await verifyEntryInclusion(entry(2), t, truncated)).failure?.reason).toBe(
      'WRONG_PROOF_LENGTH',
    );
    const otherSize = async (i: number) => proofs(i, 11);
    expect((await verifyEntryInclusion(entry(2), t, otherSize)).failure?.reason).toBe(
      'PROOF_MISMATCH',
    );
    const loose = async (i: number, n: number) => {
      const view = await proofs(i, n);
      // Unpadded base64: Node's decoder would accept it, a strict verifier does not.
      return { ...view, proof: view.proof.map((p, k) => (k === 0 ? p.replace(/=+$/, '') : p)) };
    };
    expect((await verifyEntryInclusion(entry(2), t, loose)).failure?.reason).toBe('BAD_ENCODING');
    const wrongRoot = { ...t, rootHash: await server.rootAt(9, tree) };
    expect((await verifyEntryInclusion(entry(2), wrongRoot, proofs)).failure?.reason).toBe(
      'ROOT_MISMATCH',
    );
    const untrusted = { ...t, signature: 'failed' as const };
    expect((await verifyEntryInclusion(entry(2), untrusted, proofs)).failure?.reason).toBe(
      'CHECKPOINT_UNTRUSTED',
    );
    const unavailable = () => Promise.reject(new Error('entry 2 is not in a tree of 1'));
    expect((await verifyEntryInclusion(entry(2), t, unavailable)).failure?.reason).toBe(
      'PROOF_UNAVAILABLE',
    );
  });

  it('verifies a newer entry against the unsigned head and says so', async () => {
    const head: VerificationTarget = {
      kind: 'head',
      size: 12,
      rootHash: await server.rootAt(12, tree),
      signature: 'unsigned',
    };
    const result = await verifyEntryInclusion(entry(11), head, proofs);
    expect(result.ok).toBe(true);
    expect(result.summary).toContain('current log head of size 12 (unsigned');
  });
});

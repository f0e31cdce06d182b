import { describe, expect, it } from 'vitest';
import { MLOPS_AUDIT } from '../../src/ledger/__fixtures__/signed-note-vectors.js';
import { ROOTS } from '../../src/ledger/__fixtures__/rfc6962-vectors.js';
import type { AuditKeyView, CheckpointView } from '../../src/client/index.js';
import { encodeBase64, fromHex, toHex } from '../../web/src/lib/merkle.js';
import {
  isFiltered,
  knownTypes,
  pageCount,
  pageOf,
  pageOfEntry,
  pageWindow,
  prettyJson,
  queryPath,
  readQuery,
  subjectLabel,
} from '../../web/src/pages/ledger/ledger-model.js';
import { checkpointTrust, targetFor } from '../../web/src/pages/ledger/trust.js';

describe('the explorer’s URL', () => {
  it('reads and writes the query, leaving defaults out', () => {
    const query = readQuery(new URLSearchParams('order=oldest&page=3&type=run-logged'));
    expect(query).toEqual({
      order: 'oldest',
      page: 2,
      type: 'run-logged',
      subjectKind: '',
      subjectId: '',
      entry: undefined,
    });
    expect(queryPath(query)).toBe('/ledger?order=oldest&type=run-logged&page=3');
    expect(queryPath(readQuery(new URLSearchParams()))).toBe('/ledger');
    expect(readQuery(new URLSearchParams('entry=42')).entry).toBe(42);
    expect(readQuery(new URLSearchParams('entry=-1&page=0')).entry).toBeUndefined();
    expect(readQuery(new URLSearchParams('page=x')).page).toBe(0);
  });

  it('keeps a subject filter only with both its kind and id', () => {
    expect(queryPath({ subjectKind: 'model', subjectId: '' })).toBe('/ledger');
    expect(isFiltered(readQuery(new URLSearchParams('subjectKind=model')))).toBe(false);
    expect(isFiltered(readQuery(new URLSearchParams('subjectKind=model&subjectId=m1')))).toBe(true);
    expect(isFiltered(readQuery(new URLSearchParams('type=run-logged')))).toBe(true);
  });
});

describe('paging the log (the API reads oldest first from an index)', () => {
  it('counts newest-first pages back from the end', () => {
    expect(pageWindow(191, 'newest', 0, 25)).toEqual({ from: 166, limit: 25 });
    expect(pageWindow(191, 'newest', 7, 25)).toEqual({ from: 0, limit: 16 });
    // Past the last page: the last page.
    expect(pageWindow(191, 'newest', 99, 25)).toEqual({ from: 0, limit: 16 });
    expect(pageWindow(191, 'oldest', 7, 25)).toEqual({ from: 175, limit: 16 });
    expect(pageWindow(0, 'newest', 0, 25)).toEqual({ from: 0, limit: 0 });
    expect(pageCount(0)).toBe(1);
    expect(pageCount(191, 25)).toBe(8);
  });

  it('finds the page that holds an entry', () => {
    expect(pageOfEntry(191, 'newest', 190, 25)).toBe(0);
    expect(pageOfEntry(191, 'newest', 166, 25)).toBe(0);
    expect(pageOfEntry(191, 'newest', 165, 25)).toBe(1);
    expect(pageOfEntry(191, 'oldest', 76, 25)).toBe(3);
    expect(pageOfEntry(191, 'newest', 500, 25)).toBe(0);
    for (const index of [0, 24, 25, 100, 190]) {
      const { from, limit } = pageWindow(191, 'newest', pageOfEntry(191, 'newest', index));
      expect(index >= from && index < from + limit).toBe(true);
    }
  });

  it('sorts and cuts filtered matches', () => {
    const entries = [3, 9, 1, 7, 5].map((seq) => ({ seq }));
    expect(pageOf(entries, 'newest', 0, 2).map((e) => e.seq)).toEqual([9, 7]);
    expect(pageOf(entries, 'oldest', 2, 2).map((e) => e.seq)).toEqual([9]);
    expect(pageOf(entries, 'newest', 10, 2).map((e) => e.seq)).toEqual([1]);
  });
});

describe('entries in words', () => {
  it('names subjects by their readable reference and lists the event types seen', () => {
    expect(subjectLabel({ kind: 'model', id: '01a0', ref: 'credit-risk' })).toBe(
      'model credit-risk',
    );
    expect(subjectLabel({ kind: 'environment', id: 'production-ie' })).toBe(
      'environment production-ie',
    );
    expect(
      knownTypes([
        { event: { type: 'run-logged' } },
        { event: null },
        { event: { type: 'approval-granted' } },
        { event: { type: 'run-logged' } },
      ]),
    ).toEqual(['approval-granted', 'run-logged']);
    expect(prettyJson('{"b":1,"a":[2]}')).toBe('{\n  "b": 1,\n  "a": [\n    2\n  ]\n}');
    expect(prettyJson('not json')).toBe('not json');
  });
});

describe('which root an entry is checked against', () => {
  const key: AuditKeyView = {
    origin: MLOPS_AUDIT.name,
    verifierKey: MLOPS_AUDIT.vkey,
    keyId: 'e1894262',
    checkpointKeys: [{ keyId: 'e1894262', vkey: MLOPS_AUDIT.vkey, createdAt: '2026-01-01' }],
    attestationKey: null,
  };
  const checkpoint: CheckpointView = {
    size: 8,
    rootHash: encodeBase64(fromHex(ROOTS[8]!)),
    note: MLOPS_AUDIT.checkpointNote,
    keyId: 'e1894262',
    createdAt: '2026-01-01T00:00:00.000Z',
  };
  const head = { size: 10, rootHash: encodeBase64(fromHex(ROOTS[0]!)) };

  it('uses the signed checkpoint for entries it covers, the unsigned head for newer ones', async () => {
    const trust = await checkpointTrust([checkpoint], key);
    expect(trust.status).toBe('verified');
    const covered = targetFor(7, trust, head);
    expect(covered).toMatchObject({
      kind: 'checkpoint',
      size: 8,
      signature: 'verified',
      signer: 'example.com/mlops-audit+e1894262',
    });
    expect(toHex(covered.rootHash)).toBe(ROOTS[8]);
    expect(targetFor(8, trust, head)).toMatchObject({
      kind: 'head',
      size: 10,
      signature: 'unsigned',
    });
  });

  it('marks the checkpoint untrusted when its signature fails with the key given', async () => {
    const otherKey = 'example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k';
    const trust = await checkpointTrust([checkpoint], key, otherKey);
    expect(trust).toMatchObject({ status: 'failed', reason: 'NO_TRUSTED_SIGNATURE' });
    expect(targetFor(3, trust, head)).toMatchObject({ kind: 'checkpoint', signature: 'failed' });
    const tampered = { ...checkpoint, note: checkpoint.note.replace('\n8\n', '\n7\n') };
    expect(await checkpointTrust([tampered], key)).toMatchObject({
      status: 'failed',
      reason: 'BAD_SIGNATURE',
    });
    expect(await checkpointTrust([], key)).toEqual({ status: 'none' });
  });
});

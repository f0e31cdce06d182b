import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  ENTRY_PAGE,
  latestCheckpoint,
  logCheckFailure,
  logReportText,
  parseSubjectArg,
  readVerifierKeyArg,
  trustedLogKeys,
  verifiedCheckpoint,
  verifyLog,
  type LogCheck,
} from '../../src/cli/audit.js';
import { CheckFailedError, exitCodeFor } from '../../src/cli/errors.js';
import type { Progress } from '../../src/cli/progress.js';
import { keysTable, signatureFileIn } from '../../src/cli/signing.js';
import type { LedgerEntryView, VerityClient } from '../../src/client/index.js';
import { hashLeaf } from '../../src/ledger/merkle/index.js';
import { ed25519Signer, formatVerifierKey, signCheckpoint } from '../../src/ledger/note/index.js';
import { canonicalJson } from '../../src/lib/index.js';
import { testVerifierKey } from '../support/keys.js';

const scratch = mkdtempSync(join(tmpdir(), 'verity-cli-audit-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const RUN_ID = '01a22e54-f94b-784d-9a20-59cadcd8e374';

describe('--subject', () => {
  it('reads model and dataset versions, models, datasets and runs', () => {
    expect(parseSubjectArg('credit-risk@1.0.0')).toEqual({
      kind: 'version',
      name: 'credit-risk',
      ref: '1.0.0',
    });
    expect(parseSubjectArg('fraud/scorer')).toEqual({ kind: 'model', name: 'fraud/scorer' });
    expect(parseSubjectArg('default/scorer@champion')).toEqual({
      kind: 'version',
      name: 'scorer',
      ref: 'champion',
    });
    expect(parseSubjectArg('model:loans@2026-03')).toEqual({
      kind: 'model-version',
      name: 'loans',
      ref: '2026-03',
    });
    expect(parseSubjectArg('dataset:loans@2026-03')).toEqual({
      kind: 'dataset-version',
      name: 'loans',
      ref: '2026-03',
    });
    expect(parseSubjectArg('dataset:loans')).toEqual({ kind: 'dataset', name: 'loans' });
    expect(parseSubjectArg(RUN_ID)).toEqual({ kind: 'run', id: RUN_ID });
    expect(parseSubjectArg(`run:${RUN_ID}`)).toEqual({ kind: 'run', id: RUN_ID });
  });

  it('refuses what names no subject, as VALIDATION_ERROR', () => {
    for (const text of ['', 'bad name', 'a@', 'run:train-scorer', 'model:']) {
      expect(() => parseSubjectArg(text), text).toThrow(
        expect.objectContaining({ code: 'VALIDATION_ERROR' }),
      );
    }
  });
});

describe('--key (log verifier key)', () => {
  const vkey = testVerifierKey();

  it('takes the key itself or a file holding it', () => {
    const file = join(scratch, 'log.vkey');
    writeFileSync(file, `${vkey}\n`);
    expect(readVerifierKeyArg(vkey)).toBe(vkey);
    expect(readVerifierKeyArg(` ${vkey} `)).toBe(vkey);
    expect(readVerifierKeyArg(file)).toBe(vkey);
  });

  it('refuses a key that does not parse, or a path that does not exist, before any request', () => {
    const [name, id, key] = vkey.split('+') as [string, string, string];
    for (const bad of [`${name}+00000000+${key}`, `${name}+${id}+AAAA`, join(scratch, 'none')]) {
      expect(() => readVerifierKeyArg(bad), bad).toThrow(
        expect.objectContaining({ code: 'VALIDATION_ERROR' }),
      );
    }
  });
});

/** A log of `n` well-formed entries, as the server would serve them. */
function entries(n: number): LedgerEntryView[] {
  return Array.from({ length: n }, (_, index) => {
    const entry = canonicalJson({ v: 1, index, type: 'model-created', actor: 'alice' });
    return {
      seq: index,
      leafHash: Buffer.from(hashLeaf(Buffer.from(entry))).toString('hex'),
      entry,
      event: null,
      payload: null,
    };
  });
}

/** Just the two calls verifyLog makes, over an in-memory log. */
function fakeClient(log: LedgerEntryView[], claimed: number, requests: number[]): VerityClient {
  return {
    checkpoints: () => Promise.resolve([]),
    auditEntries: ({ from = 0, limit = 100 }: { from?: number; limit?: number }) => {
      requests.push(from);
      return Promise.resolve({
        size: claimed,
        items: log.filter((e) => e.seq >= from).slice(0, limit),
      });
    },
  } as unknown as VerityClient;
}

function recordingProgress(): Progress & { started: unknown[]; advanced: number } {
  const progress = {
    started: [] as unknown[],
    advanced: 0,
    start: (...args: unknown[]) => progress.started.push(args),
    advance: (n: number) => (progress.advanced += n),
    stop: () => undefined,
  };
  return progress;
}

describe('verifyLog', () => {
  it('pages through the log in order, stops at the claimed size and reports progress', async () => {
    // 2 600 stored, 2 500 claimed: entries appended during the download are left for next time.
    const requests: number[] = [];
    const progress = recordingProgress();
    const check = await verifyLog(fakeClient(entries(2600), 2500, requests), testVerifierKey(), {
      progress,
    });
    expect(check).toMatchObject({ ok: true, size: 2500, claimedSize: 2500, firstBadIndex: null });
    expect(requests).toEqual([0, ENTRY_PAGE, 2 * ENTRY_PAGE]);
    expect(progress.started).toEqual([['verifying', 2500, 'entries']]);
    expect(progress.advanced).toBe(2500);
  });

  it('names the first missing entry and the size the server claimed', async () => {
    const log = entries(30).filter((e) => e.seq !== 12);
    const check = await verifyLog(fakeClient(log, 30, []), testVerifierKey());
    expect(check.ok).toBe(false);
    expect(check.firstBadIndex).toBe(12);
    expect(check.problems.map((p) => p.code)).toEqual(
      expect.arrayContaining(['ENTRY_MISSING', 'SIZE_MISMATCH']),
    );
    // No progress bar for a small log.
    const progress = recordingProgress();
    await verifyLog(fakeClient(log, 30, []), testVerifierKey(), { progress });
    expect(progress.started).toEqual([]);
  });
});

describe('audit verify report', () => {
  const failed: LogCheck = {
    ok: false,
    size: 40,
    claimedSize: 40,
    rootHash: 'r00t',
    checkpointsChecked: 1,
    checkpointsFound: 1,
    lastCheckpointSize: 20,
    firstBadIndex: 7,
    problems: Array.from({ length: 12 }, (_, i) => ({
      code: 'ENTRY_OUT_OF_PLACE' as const,
      index: 7 + i,
      message: `entry ${7 + i} moved`,
    })),
  };

  it('names the first bad index and lists the first problems', () => {
    const text = logReportText(failed, { keys: ['k+1+2'], source: 'pinned' });
    expect(text).toContain('FAILED: the audit log does not verify; first bad index: 7');
    expect(text).toContain('  ENTRY_OUT_OF_PLACE at 7: entry 7 moved');
    expect(text).toContain('  ENTRY_OUT_OF_PLACE at 16: entry 16 moved');
    expect(text).not.toContain('at 17:');
    expect(text).toContain('... and 2 more (see --json)');
    const error = logCheckFailure(failed);
    expect(error).toBeInstanceOf(CheckFailedError);
    expect([error.code, exitCodeFor(error)]).toEqual(['LOG_INVALID', 1]);
    expect(error.message).toMatch(/^the audit log does not verify: first bad index 7 /);
  });

  it('says OK, and which entries no signed checkpoint covers yet', () => {
    const ok = { ...failed, ok: true, firstBadIndex: null, problems: [] };
    const text = logReportText(ok, { keys: ['k+1+2'], source: 'server' });
    expect(text).toContain('(from the server)');
    expect(text).toContain('the last 20 entries are not covered by a signed checkpoint yet');
    expect(text.endsWith('OK: the audit log verifies')).toBe(true);
  });

  it('fails with LOG_NOT_CONSISTENT when the log does not extend the saved checkpoint', () => {
    const ok = { ...failed, ok: true, firstBadIndex: null, problems: [] };
    const extension = {
      ok: false,
      saved: { size: 50, rootHash: 'a' },
      current: { size: 40, rootHash: 'b', note: '' },
      proofLength: 0,
      problem: 'entries from 40 on were removed',
    };
    expect(logReportText(ok, { keys: ['k'], source: 'pinned', extension })).toContain(
      'consistency  FAILED: entries from 40 on were removed',
    );
    const error = logCheckFailure(ok, extension);
    expect([error.code, exitCodeFor(error)]).toEqual(['LOG_NOT_CONSISTENT', 1]);
  });

  it('tells how to make a first checkpoint', () => {
    expect(() => latestCheckpoint([])).toThrow(/verity audit checkpoint --new/);
    const cp = (size: number) => ({
      size,
      rootHash: '',
      note: `${size}`,
      keyId: '',
      createdAt: '',
    });
    expect(latestCheckpoint([cp(9), cp(30), cp(12)]).size).toBe(30);
  });
});

describe('model signing helpers', () => {
  it('leaves the signature file out of the hashed model only when it is inside it', () => {
    expect(signatureFileIn('/m', '/m/model.sig')).toBe('model.sig');
    expect(signatureFileIn('/m', '/m/sigs/release.sig')).toBe('sigs/release.sig');
    expect(signatureFileIn('/m', '/elsewhere/model.sig')).toBe('model.sig');
    expect(signatureFileIn('/m', '/m')).toBe('model.sig');
  });

  it('lists keys with their status and a short hint', () => {
    const key = {
      id: 'k1',
      name: 'release',
      owner: 'risk',
      algorithm: 'ecdsa-p256',
      publicKeyPem: '',
      hint: 'cf821862e78d1fc50caf38715efe628005cf11dfb904af043281fec54467e290',
      createdAt: '2026-03-01T09:00:00.000Z',
      createdBy: 'dana',
      revokedAt: null,
      revokedBy: null,
      revocationReason: null,
    };
    expect(keysTable([key, { ...key, name: 'old', revokedAt: '2026-03-02T09:00:00.000Z' }])).toBe(
      [
        'NAME     OWNER  STATUS                        HINT               CREATED               BY',
        'release  risk   valid                         cf821862e78d1fc5…  2026-03-01T09:00:00Z  dana',
        'old      risk   revoked 2026-03-02T09:00:00Z  cf821862e78d1fc5…  2026-03-01T09:00:00Z  dana',
      ].join('\n'),
    );
    expect(keysTable([])).toBe('(no signing keys)');
  });
});

describe('several trusted log keys (a key rotation)', () => {
  const origin = 'rotation.test/verity';
  const oldSigner = ed25519Signer(origin, Buffer.alloc(32, 4));
  const newSigner = ed25519Signer(origin, Buffer.alloc(32, 5));
  const oldKey = formatVerifierKey(origin, oldSigner.publicKey);
  const newKey = formatVerifierKey(origin, newSigner.publicKey);
  const oldNote = signCheckpoint({ origin, size: 3, rootHash: Buffer.alloc(32, 7) }, oldSigner);

  it('accepts a checkpoint signed by any of them, and says when none signed it', () => {
    expect(verifiedCheckpoint(oldNote, [newKey, oldKey], 'the saved checkpoint')).toEqual({
      size: 3,
      rootHash: Buffer.alloc(32, 7).toString('base64'),
    });
    const refused = (() => {
      try {
        verifiedCheckpoint(oldNote, [newKey], 'the saved checkpoint');
      } catch (error) {
        return error as CheckFailedError;
      }
      return undefined;
    })();
    expect(refused?.code).toBe('CHECKPOINT_INVALID');
    expect(refused?.message).toContain('does not verify with the trusted log key:');
    expect(refused?.message).toContain('no signature by a trusted key');
    expect(() =>
      verifiedCheckpoint(oldNote, [newKey, formatVerifierKey(origin, Buffer.alloc(32, 9))], 'x'),
    ).toThrow(/does not verify with the trusted log keys: no signature by a trusted key/);
  });

  it('pins every --key given, once each, and refuses a bad one as a usage error', async () => {
    const client = {} as VerityClient;
    const warnings: string[] = [];
    await expect(
      trustedLogKeys(client, [newKey, oldKey, newKey], (t) => warnings.push(t)),
    ).resolves.toEqual({ keys: [newKey, oldKey], source: 'pinned' });
    expect(warnings).toEqual([]);
    await expect(trustedLogKeys(client, [newKey, 'nonsense'], () => {})).rejects.toMatchObject({
      code: 'VALIDATION_ERROR',
    });
  });

  it('without --key, takes the current and earlier keys the server publishes, with a warning', async () => {
    const client = {
      auditKey: () =>
        Promise.resolve({
          origin,
          verifierKey: newKey,
          checkpointKeys: [
            { keyId: 'a', vkey: oldKey, createdAt: '2026-01-01T00:00:00.000Z' },
            { keyId: 'b', vkey: newKey, createdAt: '2026-06-01T00:00:00.000Z' },
          ],
          attestationKey: null,
        }),
    } as unknown as VerityClient;
    const warnings: string[] = [];
    await expect(trustedLogKeys(client, [], (t) => warnings.push(t))).resolves.toEqual({
      keys: [newKey, oldKey],
      source: 'server',
    });
    expect(warnings.join('\n')).toContain('pin the keys you recorded with --key');
  });
});

import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkExtends, logCheckFailure, logReportText, verifyLog } from '../../src/cli/audit.js';
import { readPublicKeyFile, verifyVersionSignatures } from '../../src/cli/signing.js';
import type { VerityClient } from '../../src/client/index.js';
import type { EvidenceBundle } from '../../src/ledger/evidence-bundle.js';
import { hashLeaf } from '../../src/ledger/merkle/index.js';
import {
  formatVerifierKey,
  verifyCheckpoint,
  verifyTlogProof,
} from '../../src/ledger/note/index.js';
import type { ModelSignature, ModelVersion } from '../../src/registry/schemas.js';
import { ENGINES } from '../support/engines.js';
import { upload } from '../support/fixtures.js';
import { startHarness, type Harness } from '../support/harness.js';
import { testVerifierKey } from '../support/keys.js';
import { jsonOf, runCli, type CliResult } from './run-cli.js';

/** The model's files, byte for byte as uploaded: the signed directory is rebuilt from them. */
const MODEL_FILES: Record<string, Buffer> = {
  'model.onnx': Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 31) % 256)),
  'config/params.json': Buffer.from('{"C":1.0,"penalty":"l2"}\n'),
};

async function registerVersion(client: VerityClient, model: string, label: string) {
  const files = [];
  for (const [path, bytes] of Object.entries(MODEL_FILES)) {
    files.push(
      await upload(
        client,
        path,
        label === '1.0.0' ? bytes : Buffer.concat([bytes, Buffer.from(label)]),
      ),
    );
  }
  return client.registerVersion(model, { label, format: 'onnx', files });
}

function writeModel(dir: string): void {
  for (const [path, bytes] of Object.entries(MODEL_FILES)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), bytes);
  }
}

/**
 * The auditor's commands against a real server. Each CLI call is a child process (~1 s), so the
 * story is told once with few calls, independent calls run concurrently, and the tampering
 * variants run in-process against fresh servers.
 */
/** A well-formed log key the test log never had. */
const OTHER_LOG_KEY = formatVerifierKey('other.example/log', Buffer.alloc(32, 9));

describe('verity audit, key, sign and verify against a running server', { timeout: 90_000 }, () => {
  let h: Harness;
  let work: string;
  let env: Record<string, string>;
  let vkeyFile: string;
  let v1: ModelVersion;
  const cli = (...args: string[]): Promise<CliResult> => runCli(args, env);
  const at = (...parts: string[]) => join(work, ...parts);

  beforeAll(async () => {
    h = await startHarness(ENGINES[0]!);
    work = mkdtempSync(join(tmpdir(), 'verity-cli-audit-'));
    env = { VERITY_URL: h.baseUrl, VERITY_TOKEN: h.token('alice'), VERITY_HOME: '/nonexistent' };
    vkeyFile = at('log.vkey');
    writeFileSync(vkeyFile, `${testVerifierKey()}\n`);
    await h.client().createModel({ name: 'scorer' });
    v1 = await registerVersion(h.client(), 'scorer', '1.0.0');
  });
  afterAll(async () => {
    await h?.close();
    rmSync(work, { recursive: true, force: true });
  });

  it('saves a checkpoint, and after more changes proves the log only grew since', async () => {
    const saved = await cli('audit', 'checkpoint', '--new', '--out', at('saved.note'));
    expect(saved.code).toBe(0);
    const note = readFileSync(at('saved.note'), 'utf8');
    expect(note).toBe((await h.client().checkpoints()).at(-1)?.note);
    const savedSize = Number(verifyCheckpoint(note, testVerifierKey()).checkpoint.size);

    await registerVersion(h.client(), 'scorer', '1.1.0');
    h.clock.advance(60_000);
    await h.client('ops').recordDeployment({
      model: 'scorer',
      version: '1.1.0',
      environment: 'production',
    });

    // A key the log never had, given first: as after a rotation, any trusted key may sign.
    const [verified, key, inclusion, consistency, checkpoint, refused] = await Promise.all([
      cli('audit', 'verify', '--key', vkeyFile, '--checkpoint', at('saved.note'), '--json'),
      cli('audit', 'key', '--json'),
      cli(
        'audit',
        'proof',
        '--index',
        '1',
        '--key',
        OTHER_LOG_KEY,
        '--key',
        vkeyFile,
        '--out',
        at('entry-1.tlog-proof'),
      ),
      cli('audit', 'proof', '--from', '2', '--json'),
      cli('audit', 'checkpoint', '--key', OTHER_LOG_KEY, '--key', vkeyFile),
      cli('audit', 'checkpoint', '--key', OTHER_LOG_KEY),
    ]);
    expect([checkpoint.code, checkpoint.stderr]).toEqual([0, '']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(
      /^error CHECKPOINT_INVALID: the checkpoint does not verify with the trusted log key: /,
    );
    expect(verified.code).toBe(0);
    const size = (await h.client().auditHead()).size;
    expect(jsonOf(verified)).toMatchObject({
      ok: true,
      keySource: 'pinned',
      consistency: { ok: true, saved: { size: savedSize }, current: { size } },
      log: { ok: true, size, claimedSize: size, firstBadIndex: null, problems: [] },
    });
    expect(verified.stderr).toBe('');

    const published = jsonOf<{ verifierKey: string; attestationKey: { publicKeyPem: string } }>(
      key,
    );
    expect(published.verifierKey).toBe(testVerifierKey());
    expect(published.attestationKey.publicKeyPem).toContain('BEGIN PUBLIC KEY');

    expect(inclusion.code).toBe(0);
    expect(inclusion.stdout).toMatch(/^Entry 1 is in the log of \d+ entries: inclusion proof/);
    const [entry1] = (await h.client().auditEntries({ from: 1, limit: 1 })).items;
    const portable = verifyTlogProof(
      readFileSync(at('entry-1.tlog-proof'), 'utf8'),
      hashLeaf(Buffer.from(entry1!.entry)),
      testVerifierKey(),
    );
    expect(portable.index).toBe(1n);

    expect(consistency.code).toBe(0);
    expect(jsonOf(consistency)).toMatchObject({ from: 2, verified: true });
  });

  it('exports an evidence bundle that verifies offline, and refuses it with one character changed', async () => {
    const exported = await cli(
      'audit',
      'export',
      '--subject',
      'scorer@1.0.0',
      '--out',
      at('bundle.json'),
    );
    expect(exported.code).toBe(0);
    const bundle = JSON.parse(readFileSync(at('bundle.json'), 'utf8')) as EvidenceBundle;
    expect(bundle.subject).toEqual({ kind: 'model-version', id: v1.id, ref: 'scorer@1.0.0' });

    const entry = bundle.entries[0]!;
    const at0 = entry.entry.indexOf('"actor":"') + '"actor":"'.length;
    entry.entry = `${entry.entry.slice(0, at0)}X${entry.entry.slice(at0 + 1)}`;
    writeFileSync(at('tampered.json'), JSON.stringify(bundle, null, 2));

    // Offline: a server address where nothing listens.
    const offline = { ...env, VERITY_URL: 'http://127.0.0.1:9' };
    const [good, bad, rotated, untrusted] = await Promise.all([
      runCli(['audit', 'verify-bundle', at('bundle.json'), '--key', vkeyFile], offline),
      runCli(['audit', 'verify-bundle', at('tampered.json'), '--key', vkeyFile], offline),
      runCli(
        ['audit', 'verify-bundle', at('bundle.json'), '--key', OTHER_LOG_KEY, '--key', vkeyFile],
        offline,
      ),
      runCli(['audit', 'verify-bundle', at('bundle.json'), '--key', OTHER_LOG_KEY], offline),
    ]);
    expect([good.code, good.stderr]).toEqual([0, '']);
    expect([rotated.code, rotated.stderr]).toEqual([0, '']);
    expect(untrusted.code).toBe(1);
    expect(untrusted.stderr).toMatch(/^error EVIDENCE_INVALID: .*KEY_NOT_TRUSTED/);
    expect(good.stdout).toContain('OK: every entry is in the signed log, unchanged');
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain(`PROOF_INVALID at ${entry.index}`);
    expect(bad.stderr).toMatch(/^error EVIDENCE_INVALID: /);
  });

  it('generates and registers a key, signs a version, and verifies a model directory offline', async () => {
    const generated = await cli('key', 'generate', '--out', at('keys'));
    expect(generated.code).toBe(0);
    expect(statSync(at('keys', 'signing-key.pem')).mode & 0o777).toBe(0o600);
    const registered = await cli(
      'key',
      'register',
      'release',
      at('keys', 'signing-key.pub.pem'),
      '--owner',
      'risk-team',
    );
    expect(registered.code).toBe(0);
    const signed = await cli(
      'sign',
      'scorer@1.0.0',
      '--key',
      at('keys', 'signing-key.pem'),
      '--out',
      at('model.sig'),
      '--json',
    );
    expect(signed.code).toBe(0);
    expect(jsonOf<{ signature: ModelSignature }>(signed).signature).toMatchObject({
      version: 'scorer@1.0.0',
      keyName: 'release',
      status: 'valid',
    });

    writeModel(at('model'));
    writeModel(at('changed'));
    const weights = at('changed', 'model.onnx');
    const bytes = readFileSync(weights);
    bytes[100] = bytes[100]! ^ 1;
    writeFileSync(weights, bytes);
    const offline = { ...env, VERITY_URL: 'http://127.0.0.1:9' };
    const verify = (dir: string) =>
      runCli(
        ['verify', dir, '--bundle', at('model.sig'), '--key', at('keys', 'signing-key.pub.pem')],
        offline,
      );
    const [good, bad] = await Promise.all([verify(at('model')), verify(at('changed'))]);
    expect([good.code, good.stderr]).toEqual([0, '']);
    expect(good.stdout).toMatch(/^Verified: .* matches the signature \(2 file\(s\)\)/);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toBe('error DIGEST_MISMATCH: digest differs for model.onnx\n');

    // The registered version's signatures, checked in-process (the online `verify model@ref`).
    const { key } = await readPublicKeyFile(at('keys', 'signing-key.pub.pem'));
    expect(await verifyVersionSignatures(h.client(), 'scorer', '1.0.0', key)).toMatchObject({
      version: 'scorer@1.0.0',
      keyName: 'release',
    });
    await h.client().revokeSigningKey('release', 'rotated');
    await expect(verifyVersionSignatures(h.client(), 'scorer', '1.0.0', key)).rejects.toMatchObject(
      { code: 'KEY_REVOKED' },
    );
  });

  it('verifies the promotion attestation of a deployment', async () => {
    const deployment = await h.client('ops').recordDeployment({
      model: 'scorer',
      version: '1.0.0',
      environment: 'staging',
    });
    const result = await cli('deploy', 'attestation', deployment.id, '--verify', '--json');
    expect(result.code).toBe(0);
    expect(jsonOf(result)).toMatchObject({
      deploymentId: deployment.id,
      verified: true,
      keySource: 'server',
      predicate: { model: 'scorer', version: '1.0.0', environment: 'staging', deployedBy: 'ops' },
    });
  });

  it('exits 1 naming the index when a logged entry is edited in the database', async () => {
    const db = h.runtime.database.db;
    const row = await db
      .selectFrom('ledger_entries')
      .select(['seq', 'entry'])
      .where('seq', '=', 1)
      .executeTakeFirstOrThrow();
    expect(row.entry).toContain('"actor":"alice"');
    await db
      .updateTable('ledger_entries')
      .set({ entry: row.entry.replace('"actor":"alice"', '"actor":"mallory"') })
      .where('seq', '=', 1)
      .execute();
    try {
      const result = await cli('audit', 'verify', '--key', vkeyFile);
      expect(result.code).toBe(1);
      expect(result.stdout).toContain('FAILED: the audit log does not verify; first bad index: 1');
      expect(result.stdout).toContain('LEAF_HASH_MISMATCH at 1: entry 1 does not hash');
      expect(result.stderr).toMatch(
        /^error LOG_INVALID: the audit log does not verify: first bad index 1 /,
      );
    } finally {
      await db
        .updateTable('ledger_entries')
        .set({ entry: row.entry })
        .where('seq', '=', 1)
        .execute();
    }
    expect((await verifyLog(h.client(), testVerifierKey())).ok).toBe(true);
  });
});

/** A fresh server whose log holds `models` created models, with a checkpoint of the first half. */
async function populated(models: number, prefix: string): Promise<Harness> {
  const h = await startHarness(ENGINES[0]!);
  for (let i = 0; i < models; i++) {
    await h.client().createModel({ name: `${prefix}-${i}` });
    if (i === Math.floor(models / 2)) await h.client().checkpoint();
  }
  await h.client().checkpoint();
  return h;
}

describe('audit verify in-process: tampering through the database', { timeout: 60_000 }, () => {
  const key = testVerifierKey();
  const open: Harness[] = [];
  const fresh = async (models: number, prefix = 'm') => {
    const h = await populated(models, prefix);
    open.push(h);
    return h;
  };
  afterAll(async () => {
    await Promise.all(open.map((h) => h.close()));
  });

  it('names a deleted middle entry', async () => {
    const h = await fresh(8);
    expect((await verifyLog(h.client(), key)).ok).toBe(true);
    await h.runtime.database.db.deleteFrom('ledger_entries').where('seq', '=', 3).execute();
    const check = await verifyLog(h.client(), key);
    expect(check.ok).toBe(false);
    expect(check.firstBadIndex).toBe(3);
    expect(check.problems[0]).toMatchObject({ code: 'ENTRY_MISSING', index: 3 });
    expect(logReportText(check, { keys: [key], source: 'pinned' })).toContain('first bad index: 3');
    expect(logCheckFailure(check).code).toBe('LOG_INVALID');
  });

  it('names the lower index of two swapped entries', async () => {
    const h = await fresh(8);
    const db = h.runtime.database.db;
    const row = (seq: number) =>
      db
        .selectFrom('ledger_entries')
        .select(['entry', 'leaf_hash'])
        .where('seq', '=', seq)
        .executeTakeFirstOrThrow();
    const [a, b] = [await row(2), await row(6)];
    await db.updateTable('ledger_entries').set(b).where('seq', '=', 2).execute();
    await db.updateTable('ledger_entries').set(a).where('seq', '=', 6).execute();
    const check = await verifyLog(h.client(), key);
    expect(check.ok).toBe(false);
    expect(check.firstBadIndex).toBe(2);
    expect(check.problems[0]).toMatchObject({ code: 'ENTRY_OUT_OF_PLACE', index: 2 });
    expect(check.problems.map((p) => p.code)).toContain('CHECKPOINT_ROOT_MISMATCH');
  });

  it('refuses a log that does not extend a saved checkpoint (a fork, or a truncation)', async () => {
    // Two servers with the same log key but different histories: a rewritten log.
    const [small, large] = [await fresh(3, 'a'), await fresh(6, 'b')];
    const note = (await small.client().checkpoint()).note;
    const forked = await checkExtends(large.client(), key, note, 'saved.note');
    expect(forked).toMatchObject({ ok: false, saved: { size: 3 }, current: { size: 6 } });
    expect(forked.problem).toMatch(/does not extend the saved checkpoint of 3/);

    const later = (await large.client().checkpoint()).note;
    const truncated = await checkExtends(small.client(), key, later, 'saved.note');
    expect(truncated.ok).toBe(false);
    expect(truncated.problem).toMatch(/signed 6: entries from 3 on were removed/);

    // A checkpoint that does not verify with the key is refused before anything else.
    await expect(
      checkExtends(small.client(), key, note.replace('\n3\n', '\n4\n'), 'saved.note'),
    ).rejects.toMatchObject({ code: 'CHECKPOINT_INVALID' });

    // The same log extends its own checkpoint.
    await small.client().createModel({ name: 'a-more' });
    const extended = await checkExtends(small.client(), key, note, 'saved.note');
    expect([extended.ok, extended.saved.size, extended.current.size]).toEqual([true, 3, 4]);
  });
});

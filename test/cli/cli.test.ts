import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatasetLineage, Deployment, ModelVersion, Run } from '../../src/registry/schemas.js';
import { ENGINES } from '../support/engines.js';
import { upload } from '../support/fixtures.js';
import { startHarness, type Harness } from '../support/harness.js';
import { errorOf, jsonOf, runCli, type CliResult } from './run-cli.js';

/** A port nothing listens on: bound once, then released. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

const sha256 = (bytes: Buffer | string) =>
  `sha256:${createHash('sha256').update(bytes).digest('hex')}`;

/**
 * The real `verity` binary against a real server: each call is a child process (~1 s with
 * tsx), so assertions are grouped and independent calls run concurrently.
 */
describe('verity CLI against a running server', { timeout: 60_000 }, () => {
  let h: Harness;
  let work: string;
  let env: Record<string, string>;
  const cli = (...args: string[]): Promise<CliResult> => runCli(args, env);

  beforeAll(async () => {
    h = await startHarness(ENGINES[0]!);
    work = mkdtempSync(join(tmpdir(), 'verity-cli-'));
    env = {
      VERITY_URL: h.baseUrl,
      VERITY_TOKEN: h.token('cli-tester'),
      VERITY_HOME: '/nonexistent',
    };
  });
  afterAll(async () => {
    await h?.close();
    rmSync(work, { recursive: true, force: true });
  });

  it('creates a model, registers a version from local files and downloads identical bytes', async () => {
    const created = await cli(
      'model',
      'create',
      'scorer',
      '--risk-tier',
      'high',
      '--tag',
      'team=risk',
      '--json',
    );
    expect(created.code).toBe(0);
    expect(jsonOf(created)).toMatchObject({
      name: 'scorer',
      owner: 'cli-tester',
      riskTier: 'high',
      tags: { team: 'risk' },
    });

    const src = join(work, 'model');
    mkdirSync(join(src, 'config'), { recursive: true });
    const weights = Buffer.from(Array.from({ length: 300_000 }, (_, i) => (i * 7) % 256));
    writeFileSync(join(src, 'model.onnx'), weights);
    writeFileSync(join(src, 'config', 'preprocess.json'), '{"scale":true}\n');
    writeFileSync(join(work, 'README.md'), '# scorer\n');

    const registered = await cli(
      'version',
      'register',
      'scorer',
      src,
      join(work, 'README.md'),
      '--label',
      '1.0.0',
      '--format',
      'onnx',
      '--metric',
      'auc=0.81',
      '--param',
      'C=1.0',
      '--param',
      'penalty=l2',
      '--json',
    );
    expect(registered.code).toBe(0);
    const version = jsonOf<ModelVersion>(registered);
    expect(version).toMatchObject({
      label: '1.0.0',
      seq: 1,
      author: 'cli-tester',
      metrics: { auc: 0.81 },
      params: { C: 1, penalty: 'l2' },
    });
    expect([...version.files].sort((a, b) => (a.path < b.path ? -1 : 1))).toEqual([
      { path: 'README.md', size: 9, digest: sha256('# scorer\n') },
      { path: 'config/preprocess.json', size: 15, digest: sha256('{"scale":true}\n') },
      { path: 'model.onnx', size: weights.length, digest: sha256(weights) },
    ]);
    expect(await h.client().hasBlob(sha256(weights))).toBe(true);

    const out = join(work, 'download');
    const downloaded = await cli('version', 'download', 'scorer@1.0.0', '--out', out, '--json');
    expect(downloaded.code).toBe(0);
    const api = await h.client().getVersion('scorer', '1.0.0');
    expect(jsonOf<{ files: { path: string; digest: string }[] }>(downloaded).files).toHaveLength(3);
    for (const file of api.files) {
      const bytes = readFileSync(join(out, ...file.path.split('/')));
      expect([file.path, bytes.length, sha256(bytes)]).toEqual([file.path, file.size, file.digest]);
    }
    expect(readFileSync(join(out, 'model.onnx')).equals(weights)).toBe(true);
    expect(readdirSync(out).sort()).toEqual(['README.md', 'config', 'model.onnx']);
  });

  it('exits 1 with INTEGRITY_ERROR and writes nothing when a stored blob is corrupted', async () => {
    await h.client().createModel({ name: 'fragile' });
    const file = await upload(h.client(), 'weights.bin', 'precious weights');
    await h.client().registerVersion('fragile', { label: '1.0.0', format: 'other', files: [file] });
    const hex = file.digest.slice('sha256:'.length);
    writeFileSync(join(h.blobDir, 'sha256', hex.slice(0, 2), hex.slice(2)), 'tampered weights');

    const out = join(work, 'fragile-out');
    const result = await cli('version', 'download', 'fragile@1', '--out', out, '--json');
    expect(result.code).toBe(1);
    expect(errorOf(result).code).toBe('INTEGRITY_ERROR');
    expect(result.stdout).toBe('');
    expect(existsSync(out) ? readdirSync(out) : []).toEqual([]);
  });

  it('exits 2 on usage errors, unknown records, duplicates and an unreachable server', async () => {
    const closedPort = await freePort();
    const [usage, missing, duplicate, unreachable] = await Promise.all([
      cli('version', 'register', 'scorer', join(work, 'README.md'), '--format', 'onnx'),
      cli('--json', 'model', 'show', 'no-such-model'),
      cli('model', 'create', 'scorer'),
      runCli(['model', 'list'], { ...env, VERITY_URL: `http://127.0.0.1:${closedPort}` }),
    ]);
    expect([usage.code, usage.stderr]).toEqual([
      2,
      "error USAGE_ERROR: required option '--label <semver>' not specified\n",
    ]);
    expect([missing.code, errorOf(missing).code]).toEqual([2, 'NOT_FOUND']);
    expect([duplicate.code, duplicate.stderr]).toEqual([
      2,
      expect.stringMatching(/^error ALREADY_EXISTS: /),
    ]);
    expect(unreachable.code).toBe(2);
    expect(unreachable.stderr).toMatch(
      new RegExp(
        `^error SERVER_UNREACHABLE: cannot reach the Verity server at http://127\\.0\\.0\\.1:${closedPort} \\(VERITY_URL\\): connect ECONNREFUSED`,
      ),
    );
  });

  it('records dataset digests without uploading, logs a run from YAML and traces lineage', async () => {
    await h.client().createDataset({ name: 'loans' });
    const csv = 'id,amount\n1,10\n2,20\n';
    writeFileSync(join(work, 'loans.csv'), csv);
    const runFile = join(work, 'run.yaml');
    writeFileSync(
      runFile,
      [
        'name: train-scorer',
        'params: { C: 0.5, penalty: l2 }',
        'metrics:',
        '  auc: 0.84',
        '  loss: [0.9, 0.4]',
        'code: { repository: https://github.com/acme/scorer, commit: "0abc123" }',
        'inputs: [loans@2026-03]',
        'startedAt: 2026-03-01T08:00:00Z',
        '',
      ].join('\n'),
    );

    const dataset = await cli(
      'dataset',
      'register',
      'loans',
      join(work, 'loans.csv'),
      '--label',
      '2026-03',
      '--columns',
      'id:int64,amount:float64',
      '--rows',
      '2',
      '--json',
    );
    expect(dataset.code).toBe(0);
    expect(jsonOf(dataset)).toMatchObject({
      label: '2026-03',
      files: [{ path: 'loans.csv', size: csv.length, digest: sha256(csv) }],
      columns: [
        { name: 'id', type: 'int64' },
        { name: 'amount', type: 'float64' },
      ],
      rowCount: 2,
    });
    // Dataset contents stay in the organisation's storage: only the digest was sent.
    expect(await h.client().hasBlob(sha256(csv))).toBe(false);

    const logged = await cli('run', 'log', runFile, '--json');
    expect(logged.code).toBe(0);
    const run = jsonOf<Run>(logged);
    expect(run).toMatchObject({
      name: 'train-scorer',
      status: 'completed',
      params: { C: 0.5, penalty: 'l2' },
      code: { repository: 'https://github.com/acme/scorer', commit: '0abc123' },
      inputs: [{ ref: 'loans@2026-03', digest: jsonOf<{ digest: string }>(dataset).digest }],
    });
    expect((await h.client().getRun(run.id)).metrics).toEqual([
      { key: 'auc', step: 0, value: 0.84 },
      { key: 'loss', step: 0, value: 0.9 },
      { key: 'loss', step: 1, value: 0.4 },
    ]);

    const file = await upload(h.client(), 'model.onnx', 'scorer v1.1');
    await h.client().registerVersion('scorer', {
      label: '1.1.0',
      format: 'onnx',
      files: [file],
      runId: run.id,
    });
    const [lineage, tree] = await Promise.all([
      cli('lineage', 'show', '--dataset', 'loans@2026-03', '--json'),
      cli('lineage', 'show', 'scorer@1.1.0'),
    ]);
    expect(jsonOf<DatasetLineage>(lineage).modelVersions.map((v) => v.ref)).toEqual([
      'scorer@1.1.0',
    ]);
    expect(tree.code).toBe(0);
    expect(tree.stdout).toContain(`└── run train-scorer (completed)  ${run.id}`);
    expect(tree.stdout).toContain('        └── loans@2026-03  sha256:');
  });

  it('records a deployment, rolls it back and reports what serves production', async () => {
    await h.client('ops').recordDeployment({
      model: 'scorer',
      version: '1.0.0',
      environment: 'production',
    });
    h.clock.advance(60_000);
    const recorded = await cli(
      'deploy',
      'record',
      'scorer@1.1.0',
      '--env',
      'production',
      '--reason',
      'better auc',
      '--json',
    );
    expect(recorded.code).toBe(0);
    expect(jsonOf<Deployment>(recorded)).toMatchObject({
      kind: 'deploy',
      version: { label: '1.1.0' },
      actor: 'cli-tester',
      reason: 'better auc',
    });

    h.clock.advance(60_000);
    const rolledBack = await cli('deploy', 'rollback', 'scorer', '--env', 'production', '--json');
    expect(rolledBack.code).toBe(0);
    expect(jsonOf<Deployment>(rolledBack)).toMatchObject({
      kind: 'rollback',
      version: { label: '1.0.0' },
      replacesId: jsonOf<Deployment>(recorded).id,
    });

    const current = await cli('deploy', 'current', '--env', 'production', '--json');
    expect(
      jsonOf<{ items: Deployment[] }>(current).items.map((d) => [d.model, d.version.label, d.kind]),
    ).toEqual([['scorer', '1.0.0', 'rollback']]);
  });
});

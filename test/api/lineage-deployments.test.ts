import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { datasetDigest } from '../../src/registry/index.js';
import { sha256Digest } from '../../src/lib/index.js';
import { ENGINES } from '../support/engines.js';
import { errorOf, upload } from '../support/fixtures.js';
import { startHarness, type Harness } from '../support/harness.js';

const HOUR = 3_600_000;

describe.each(ENGINES)('datasets, runs, lineage and deployments on $name', (engine) => {
  let h: Harness;
  beforeAll(async () => {
    if (engine.skip === undefined) h = await startHarness(engine);
  });
  afterAll(async () => {
    await h?.close();
  });

  describe.skipIf(engine.skip !== undefined)(engine.skip ?? 'engine', () => {
    it('traces a model version to its run, datasets, code and image, and back', async () => {
      const client = h.client('maria');
      await client.createDataset({ name: 'applications', description: 'Loan applications' });
      const files = [
        { path: 'part-0.parquet', size: 10, digest: sha256Digest('p0') },
        { path: 'part-1.parquet', size: 12, digest: sha256Digest('p1') },
      ];
      const q4 = await client.registerDatasetVersion('applications', {
        label: '2025-q4',
        files,
        columns: [{ name: 'income', type: 'float' }],
        rowCount: 120_000,
        sourceUri: 's3://lake/applications/2025-q4/',
      });
      expect(q4.digest).toBe(datasetDigest([...files].reverse()));
      expect(q4).toMatchObject({ seq: 1, rowCount: 120_000, dataset: 'applications' });
      const dup = await errorOf(() =>
        client.registerDatasetVersion('applications', { label: '2025-q4', files }),
      );
      expect(dup.code).toBe('ALREADY_EXISTS');

      const run = await client.createRun({
        name: 'train-lr',
        params: { C: 0.5 },
        metrics: [
          { key: 'loss', value: 0.9 },
          { key: 'loss', value: 0.6 },
          { key: 'auc', value: 0.8, step: 10 },
        ],
        code: {
          repository: 'https://git.example.com/risk/credit',
          commit: 'a1b2c3d4e5f6a7b8c9d0a1b2c3d4e5f6a7b8c9d0',
        },
        environment: { image: sha256Digest('image'), packages: ['scikit-learn==1.5.2'] },
        inputs: ['applications@2025-q4'],
      });
      expect(run.metrics).toEqual([
        { key: 'auc', step: 10, value: 0.8 },
        { key: 'loss', step: 0, value: 0.9 },
        { key: 'loss', step: 1, value: 0.6 },
      ]);
      expect(run.inputs).toEqual([{ id: q4.id, ref: 'applications@2025-q4', digest: q4.digest }]);
      expect(run.status).toBe('completed');

      await client.createModel({ name: 'lineage-model' });
      const file = await upload(client, 'model.json', '{"w":[1,2]}');
      const version = await client.registerVersion('lineage-model', {
        label: '1.0.0',
        format: 'other',
        files: [file],
        runId: run.id,
      });

      const up = await client.versionLineage('lineage-model', '1.0.0');
      expect(up.run?.id).toBe(run.id);
      expect(up.datasets.map((d) => [d.dataset, d.label, d.digest])).toEqual([
        ['applications', '2025-q4', q4.digest],
      ]);
      expect(up.code).toEqual(run.code);
      expect(up.image).toBe(sha256Digest('image'));

      const down = await client.datasetLineage('applications', '2025-q4');
      expect(down.runs).toEqual([{ id: run.id, name: 'train-lr', status: 'completed' }]);
      expect(down.modelVersions).toEqual([
        { id: version.id, ref: 'lineage-model@1.0.0', runId: run.id },
      ]);
      expect((await client.getRun(run.id)).outputs).toEqual([
        { id: version.id, ref: 'lineage-model@1.0.0' },
      ]);

      const missing = await errorOf(() =>
        client.createRun({ name: 'x', inputs: ['applications@2030-q1'] }),
      );
      expect(missing.code).toBe('NOT_FOUND');
    });

    it('lets a running run receive metrics and finish, then refuses changes with IMMUTABLE', async () => {
      const client = h.client();
      const run = await client.createRun({
        name: 'long',
        status: 'running',
        metrics: [{ key: 'loss', value: 1 }],
      });
      expect(run.endedAt).toBeNull();
      await client.updateRun(run.id, { metrics: [{ key: 'loss', value: 0.5 }] });
      h.clock.advance(1000);
      const done = await client.updateRun(run.id, { status: 'completed' });
      expect(done.metrics.map((m) => [m.step, m.value])).toEqual([
        [0, 1],
        [1, 0.5],
      ]);
      expect(done.endedAt).toBe(h.clock.now().toISOString());
      expect((await errorOf(() => client.updateRun(run.id, { status: 'failed' }))).code).toBe(
        'IMMUTABLE',
      );
      const entries = await client.auditEntries({ subjectKind: 'run', subjectId: run.id });
      expect(entries.items.map((e) => e.event?.type)).toEqual([
        'run-logged',
        'run-updated',
        'run-finished',
      ]);
    });

    it('records deployments, answers what served at a past instant, and rolls back', async () => {
      const client = h.client('james');
      await client.createModel({ name: 'deployed' });
      const file = await upload(client, 'm.bin', 'deployed-model');
      for (const label of ['1.0.0', '1.1.0', '1.2.0']) {
        await client.registerVersion('deployed', { label, format: 'other', files: [file] });
      }
      const t0 = h.clock.now().toISOString();
      h.clock.advance(HOUR);
      const d1 = await client.recordDeployment({
        model: 'deployed',
        version: '1.0.0',
        environment: 'production',
      });
      h.clock.advance(HOUR);
      const t1 = h.clock.now().toISOString();
      h.clock.advance(HOUR);
      await client.recordDeployment({
        model: 'deployed',
        version: '1.1.0',
        environment: 'staging',
      });
      const d2 = await client.recordDeployment({
        model: 'deployed',
        version: '1.2.0',
        environment: 'production',
        reason: 'better AUC',
      });
      expect(d2.replacesId).toBe(d1.id);

      const now = await client.currentDeployments({ model: 'deployed' });
      expect(now.map((d) => [d.environment, d.version.label])).toEqual([
        ['production', '1.2.0'],
        ['staging', '1.1.0'],
      ]);
      expect(
        (await client.currentDeployments({ model: 'deployed', at: t1 })).map(
          (d) => d.version.label,
        ),
      ).toEqual(['1.0.0']);
      expect(await client.currentDeployments({ model: 'deployed', at: t0 })).toEqual([]);

      h.clock.advance(HOUR);
      const back = await client.rollback({
        model: 'deployed',
        environment: 'production',
        reason: 'drift alert',
      });
      expect(back).toMatchObject({
        kind: 'rollback',
        version: { label: '1.0.0' },
        replacesId: d2.id,
        actor: 'james',
      });
      const history = await client.deploymentHistory({
        model: 'deployed',
        environment: 'production',
      });
      expect(history.items.map((d) => [d.kind, d.version.label])).toEqual([
        ['rollback', '1.0.0'],
        ['deploy', '1.2.0'],
        ['deploy', '1.0.0'],
      ]);
      const page = await client.deploymentHistory({ model: 'deployed', limit: 2 });
      const rest = await client.deploymentHistory({
        model: 'deployed',
        limit: 2,
        cursor: page.nextCursor!,
      });
      expect([...page.items, ...rest.items].map((d) => d.id)).toEqual(
        (await client.deploymentHistory({ model: 'deployed' })).items.map((d) => d.id),
      );

      const forged = Buffer.from(JSON.stringify(['not-a-time', 'x'])).toString('base64url');
      expect((await errorOf(() => client.deploymentHistory({ cursor: forged }))).code).toBe(
        'INVALID_CURSOR',
      );

      const none = await errorOf(() =>
        client.rollback({ model: 'deployed', environment: 'staging' }),
      );
      expect(none.code).toBe('CONFLICT');
      const unknownEnv = await errorOf(() =>
        client.rollback({ model: 'deployed', environment: 'canary' }),
      );
      expect(unknownEnv.code).toBe('NOT_FOUND');
    });

    it('serves an OpenAPI 3.1 document describing the routes', async () => {
      const response = await h.app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
      const doc = response.json<{ openapi: string; paths: Record<string, unknown> }>();
      expect(doc.openapi).toBe('3.1.0');
      for (const path of [
        '/api/v1/models',
        '/api/v1/models/{model}/versions/{ref}',
        '/api/v1/blobs/{digest}',
        '/api/v1/deployments/rollback',
      ]) {
        expect(Object.keys(doc.paths)).toContain(path);
      }
      // docs/api.md lists every route of the document.
      const page = readFileSync(new URL('../../docs/api.md', import.meta.url), 'utf8');
      const listed = new Set(
        [...page.matchAll(/^\| `([A-Z]+)` +\| `([^`]+)` +\|/gm)].map((m) => `${m[1]} ${m[2]}`),
      );
      for (const [path, operations] of Object.entries(doc.paths)) {
        for (const method of Object.keys(operations as object)) {
          expect(listed, `${method} ${path} is missing from docs/api.md`).toContain(
            `${method.toUpperCase()} ${path}`,
          );
        }
      }
    });

    it('answers health and readiness', async () => {
      expect((await h.app.inject({ method: 'GET', url: '/healthz' })).json()).toEqual({
        status: 'ok',
      });
      const ready = await h.client().ready();
      expect(ready).toMatchObject({ status: 'ready', engine: engine.name });
      expect(ready.ledgerSize).toBeGreaterThan(0);
    });
  });
});

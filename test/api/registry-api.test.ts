import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../support/engines.js';
import { errorOf, upload } from '../support/fixtures.js';
import { startHarness, type Harness } from '../support/harness.js';

describe.each(ENGINES)('registry API on $name', (engine) => {
  let h: Harness;
  beforeAll(async () => {
    if (engine.skip === undefined) h = await startHarness(engine);
  });
  afterAll(async () => {
    await h?.close();
  });

  describe.skipIf(engine.skip !== undefined)('models', () => {
    it('creates a model and reads it back by name', async () => {
      const client = h.client('alice');
      const created = await client.createModel({
        name: 'credit-risk',
        description: 'Probability of default',
        useCase: 'consumer lending',
        riskTier: 'high',
        tags: { team: 'risk' },
      });
      expect(created).toMatchObject({
        namespace: 'default',
        name: 'credit-risk',
        owner: 'alice',
        createdBy: 'alice',
        riskTier: 'high',
        tags: { team: 'risk' },
        latestVersion: null,
        aliases: {},
        createdAt: '2026-03-01T09:00:00.000Z',
      });
      expect(await client.getModel('credit-risk')).toEqual(created);
      expect(await client.getModel(created.id)).toEqual(created);
    });

    it('refuses a second model with the same name in a namespace with ALREADY_EXISTS', async () => {
      const client = h.client();
      await client.createModel({ name: 'dup-model' });
      const error = await errorOf(() => client.createModel({ name: 'dup-model' }));
      expect(error.code).toBe('ALREADY_EXISTS');
      expect(error.httpStatus).toBe(409);
      // The same name in another namespace is a different model.
      const other = await client.createModel({ name: 'dup-model', namespace: 'fraud' });
      expect(other.namespace).toBe('fraud');
      expect((await client.getModel('fraud/dup-model')).id).toBe(other.id);
    });

    it('answers NOT_FOUND for an unknown model', async () => {
      const error = await errorOf(() => h.client().getModel('no-such-model'));
      expect(error.code).toBe('NOT_FOUND');
      expect(error.httpStatus).toBe(404);
    });

    it('rejects an invalid name with VALIDATION_ERROR and writes nothing', async () => {
      const before = await h.runtime.ledger.size();
      const error = await errorOf(() => h.client().createModel({ name: '../etc/passwd' }));
      expect(error.code).toBe('VALIDATION_ERROR');
      expect(error.details.issues).toEqual([
        expect.objectContaining({ path: ['body', 'name'], code: 'invalid_format' }),
      ]);
      expect(await h.runtime.ledger.size()).toBe(before);
    });

    it('requires a named actor for changes', async () => {
      const response = await h.app.inject({
        method: 'POST',
        url: '/api/v1/models',
        payload: { name: 'anon' },
      });
      expect(response.statusCode).toBe(401);
      expect(response.json<{ error: { code: string } }>().error.code).toBe('UNAUTHENTICATED');
    });

    it('updates a model and records model-updated in the ledger', async () => {
      const client = h.client('bob');
      const model = await client.createModel({ name: 'churn' });
      const updated = await client.updateModel('churn', { riskTier: 'limited', owner: 'carol' });
      expect(updated).toMatchObject({ riskTier: 'limited', owner: 'carol' });
      const entries = await client.auditEntries({ subjectKind: 'model', subjectId: model.id });
      expect(entries.items.map((e) => e.event?.type)).toEqual(['model-created', 'model-updated']);
      expect(entries.items[1]?.event?.actor).toBe('bob');
    });

    it('lists with filters and pages with a cursor', async () => {
      const client = h.client();
      for (const n of ['page-a', 'page-b', 'page-c', 'page-d', 'page-e']) {
        await client.createModel({
          name: n,
          tags: { batch: n === 'page-c' ? 'special' : 'plain' },
          riskTier: 'minimal',
        });
      }
      const first = await client.listModels({ q: 'page-', limit: 2 });
      expect(first.items.map((m) => m.name)).toEqual(['page-a', 'page-b']);
      expect(first.nextCursor).not.toBeNull();
      const second = await client.listModels({ q: 'page-', limit: 2, cursor: first.nextCursor! });
      expect(second.items.map((m) => m.name)).toEqual(['page-c', 'page-d']);
      const third = await client.listModels({ q: 'page-', limit: 2, cursor: second.nextCursor! });
      expect(third.items.map((m) => m.name)).toEqual(['page-e']);
      expect(third.nextCursor).toBeNull();
      expect((await client.listModels({ tag: 'batch=special' })).items.map((m) => m.name)).toEqual([
        'page-c',
      ]);
      expect((await client.listModels({ tag: 'batch', q: 'page' })).items).toHaveLength(5);
      expect((await client.listModels({ riskTier: 'minimal' })).items).toHaveLength(5);
      const bad = await errorOf(() => client.listModels({ cursor: 'not-a-cursor' }));
      expect(bad.code).toBe('INVALID_CURSOR');
    });
  });

  describe.skipIf(engine.skip !== undefined)('versions and artifacts', () => {
    it('registers a version from uploaded blobs and downloads identical bytes', async () => {
      const client = h.client('dana');
      await client.createModel({ name: 'scorer' });
      const weights = await upload(client, 'model.onnx', 'onnx-bytes-v1');
      const config = await upload(client, 'config/preprocess.json', '{"scale":true}');
      const version = await client.registerVersion('scorer', {
        label: '1.0.0',
        format: 'onnx',
        files: [weights, config],
        metrics: { auc: 0.81 },
        params: { C: 1.0, penalty: 'l2' },
      });
      expect(version).toMatchObject({
        seq: 1,
        label: '1.0.0',
        author: 'dana',
        metrics: { auc: 0.81 },
      });
      expect(version.files).toEqual([config, weights]);
      const response = await client.downloadFile('scorer', '1', 'config/preprocess.json');
      expect(await response.text()).toBe('{"scale":true}');
      expect(response.headers.get('x-verity-digest')).toBe(config.digest);
      expect((await client.getVersion('scorer', 'latest')).id).toBe(version.id);
    });

    it('numbers versions by sequence and refuses a reused label', async () => {
      const client = h.client();
      await client.createModel({ name: 'seq-model' });
      const file = await upload(client, 'm.bin', 'x');
      await client.registerVersion('seq-model', { label: '0.1.0', format: 'other', files: [file] });
      const second = await client.registerVersion('seq-model', {
        label: '0.2.0',
        format: 'other',
        files: [file],
      });
      expect(second.seq).toBe(2);
      const error = await errorOf(() =>
        client.registerVersion('seq-model', { label: '0.2.0', format: 'other', files: [file] }),
      );
      expect(error.code).toBe('ALREADY_EXISTS');
      expect((await client.getModel('seq-model')).latestVersion).toEqual({
        seq: 2,
        label: '0.2.0',
      });
    });

    it('refuses a version whose files were never uploaded with BLOB_MISSING', async () => {
      const client = h.client();
      await client.createModel({ name: 'missing-blob' });
      const before = await h.runtime.ledger.size();
      const error = await errorOf(() =>
        client.registerVersion('missing-blob', {
          label: '1.0.0',
          format: 'onnx',
          files: [{ path: 'm.onnx', size: 3, digest: `sha256:${'a'.repeat(64)}` }],
        }),
      );
      expect(error.code).toBe('BLOB_MISSING');
      expect(await h.runtime.ledger.size()).toBe(before);
    });

    it('refuses an upload whose content does not match the declared digest', async () => {
      const client = h.client();
      const error = await errorOf(() =>
        client.uploadBlob(`sha256:${'0'.repeat(64)}`, 5, new TextEncoder().encode('hello')),
      );
      expect(error.code).toBe('DIGEST_MISMATCH');
      expect(await client.hasBlob(`sha256:${'0'.repeat(64)}`)).toBe(false);
    });

    it('rejects unsafe artifact paths', async () => {
      const client = h.client();
      await client.createModel({ name: 'paths' });
      const file = await upload(client, 'ok.bin', 'p');
      for (const path of ['../escape.bin', '/abs.bin', 'a//b', 'a\\b']) {
        const error = await errorOf(() =>
          client.registerVersion('paths', {
            label: '1.0.0',
            format: 'other',
            files: [{ ...file, path }],
          }),
        );
        expect(error.code).toBe('VALIDATION_ERROR');
      }
    });

    it('moves aliases and keeps their history', async () => {
      const client = h.client('erin');
      await client.createModel({ name: 'aliased' });
      const file = await upload(client, 'm.bin', 'alias');
      await client.registerVersion('aliased', { label: '1.0.0', format: 'other', files: [file] });
      await client.registerVersion('aliased', { label: '1.1.0', format: 'other', files: [file] });
      await client.setAlias('aliased', 'champion', '1.0.0');
      h.clock.advance(1000);
      const moved = await client.setAlias('aliased', 'champion', '2');
      expect(moved.label).toBe('1.1.0');
      expect((await client.getVersion('aliased', 'champion')).label).toBe('1.1.0');
      expect((await client.getModel('aliased')).aliases).toEqual({ champion: 2 });
      const history = await client.aliasHistory('aliased');
      expect(
        history.map((e) => [e.alias, e.version?.label, e.previous?.label ?? null, e.actor]),
      ).toEqual([
        ['champion', '1.1.0', '1.0.0', 'erin'],
        ['champion', '1.0.0', null, 'erin'],
      ]);
      await client.removeAlias('aliased', 'champion');
      expect((await errorOf(() => client.getVersion('aliased', 'champion'))).code).toBe(
        'NOT_FOUND',
      );
      expect((await errorOf(() => client.setAlias('aliased', 'latest', '1'))).code).toBe(
        'VALIDATION_ERROR',
      );
    });
  });
});

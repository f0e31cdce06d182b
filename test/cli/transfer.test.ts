import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { pickFiles, recordedPath } from '../../src/cli/files.js';
import { silentProgress } from '../../src/cli/progress.js';
import { downloadVersion, targetPath } from '../../src/cli/transfer.js';
import { VerityClient } from '../../src/client/index.js';
import type { ModelVersion } from '../../src/registry/schemas.js';

const scratch = mkdtempSync(join(tmpdir(), 'verity-cli-transfer-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const digestOf = (text: string) => `sha256:${createHash('sha256').update(text).digest('hex')}`;

function versionWith(files: Record<string, string>): ModelVersion {
  return {
    id: 'v-1',
    model: 'scorer',
    modelId: 'm-1',
    seq: 1,
    label: '1.0.0',
    description: '',
    format: 'onnx',
    files: Object.entries(files).map(([path, text]) => ({
      path,
      size: Buffer.byteLength(text),
      digest: digestOf(text),
    })),
    inputSchema: null,
    outputSchema: null,
    params: {},
    metrics: {},
    tags: {},
    aliases: [],
    author: 'dana',
    runId: null,
    createdAt: '2026-03-01T09:00:00.000Z',
  };
}

interface Coded {
  code: string;
  details: Record<string, unknown>;
}
const succeeded = (): Coded => ({ code: '(no error)', details: {} });
const coded = (error: unknown): Coded => error as Coded;

/** A client whose server answers each file path with the given bytes and the recorded digest. */
function clientServing(version: ModelVersion, bodies: Record<string, string>): VerityClient {
  return new VerityClient({
    baseUrl: 'http://verity.invalid',
    fetch: (input) => {
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
      const path = decodeURIComponent(url.split('/files/')[1] ?? '');
      const file = version.files.find((f) => f.path === path);
      return Promise.resolve(
        new Response(bodies[path] ?? '', {
          headers: { 'x-verity-digest': file?.digest ?? '' },
        }),
      );
    },
  });
}

describe('version download', () => {
  it('writes every file under --out when all digests match', async () => {
    const version = versionWith({ 'model.onnx': 'weights', 'config/pre.json': '{}' });
    const out = join(scratch, 'ok');
    const written = await downloadVersion(
      clientServing(version, { 'model.onnx': 'weights', 'config/pre.json': '{}' }),
      'scorer',
      version,
      out,
      silentProgress,
    );
    expect(written.map((f) => f.path)).toEqual(['model.onnx', 'config/pre.json']);
    expect(readFileSync(join(out, 'config', 'pre.json'), 'utf8')).toBe('{}');
    expect(readdirSync(out).sort()).toEqual(['config', 'model.onnx']);
  });

  it('refuses bytes that do not hash to the record with INTEGRITY_ERROR and writes nothing', async () => {
    const version = versionWith({ 'a.bin': 'good', 'b.bin': 'also good' });
    const out = join(scratch, 'tampered');
    const error = await downloadVersion(
      // The first file is fine, the second is altered in transit: nothing may be left behind.
      clientServing(version, { 'a.bin': 'good', 'b.bin': 'also gooD' }),
      'scorer',
      version,
      out,
      silentProgress,
    ).then(succeeded, coded);
    expect(error.code).toBe('INTEGRITY_ERROR');
    expect(error.details.path).toBe('b.bin');
    expect(existsSync(out)).toBe(false);
  });

  it('keeps an existing --out directory but leaves nothing in it after a failed download', async () => {
    const version = versionWith({ 'a.bin': 'abc' });
    const out = join(scratch, 'existing');
    mkdirSync(out);
    const error = await downloadVersion(
      clientServing(version, { 'a.bin': 'ab' }),
      'scorer',
      version,
      out,
      silentProgress,
    ).then(succeeded, coded);
    expect(error.code).toBe('INTEGRITY_ERROR');
    expect(readdirSync(out)).toEqual([]);
  });

  it('refuses artifact paths that would escape --out, whatever the server says', () => {
    for (const path of ['../x', 'a/../../x', '/etc/passwd', 'a\\b', 'a//b', '']) {
      expect(() => targetPath('/tmp/out', path)).toThrow(/unsafe artifact path/);
    }
    expect(targetPath('/tmp/out', 'a/b.bin')).toBe('/tmp/out/a/b.bin');
  });
});

describe('picking files to register', () => {
  it('records directories relative to themselves, files by basename, --base relative to it', async () => {
    const root = join(scratch, 'pick');
    mkdirSync(join(root, 'model', 'config'), { recursive: true });
    writeFileSync(join(root, 'model', 'weights.onnx'), 'w');
    writeFileSync(join(root, 'model', 'config', 'pre.json'), 'p');
    writeFileSync(join(root, 'README.md'), 'r');
    symlinkSync(join(root, 'model'), join(root, 'model', 'config', 'loop'));

    const picked = await pickFiles([join(root, 'model'), join(root, 'README.md')], undefined);
    expect(picked.map((f) => [f.path, f.size])).toEqual([
      ['config/pre.json', 1],
      ['weights.onnx', 1],
      ['README.md', 1],
    ]);
    const based = await pickFiles([join(root, 'model', 'config', 'pre.json')], root);
    expect(based.map((f) => f.path)).toEqual(['model/config/pre.json']);
  });

  it('refuses two files recorded under one path, a file outside --base and a missing file', async () => {
    const root = join(scratch, 'clash');
    mkdirSync(join(root, 'a'), { recursive: true });
    mkdirSync(join(root, 'b'));
    writeFileSync(join(root, 'a', 'model.bin'), '1');
    writeFileSync(join(root, 'b', 'model.bin'), '2');
    await expect(
      pickFiles([join(root, 'a', 'model.bin'), join(root, 'b', 'model.bin')], undefined),
    ).rejects.toThrow(/would both be recorded as 'model.bin'; pass --base/);
    expect(() => recordedPath('/elsewhere/x', { base: root })).toThrow(/is not inside --base/);
    await expect(pickFiles([join(root, 'nope')], undefined)).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });
});

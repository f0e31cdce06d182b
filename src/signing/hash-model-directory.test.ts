import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SIGNME_FILES, SIGNME_ROOT } from './__fixtures__/oms-spec-vectors.js';
import { hashModelDirectory } from './hash-model-directory.js';
import { buildModelSigningStatement } from './model-signing.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'verity-hash-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const write = async (path: string, content: string | Buffer = 'x') => {
  await mkdir(join(dir, path, '..'), { recursive: true });
  await writeFile(join(dir, path), content);
};

/** The issue codes a failed hash reports, in order. */
async function issueCodes(promise: Promise<unknown>): Promise<string[]> {
  try {
    await promise;
  } catch (error) {
    const details = (error as { code?: string; details?: { issues?: { code: string }[] } }).details;
    expect(error).toMatchObject({ code: 'VALIDATION_ERROR' });
    return (details?.issues ?? []).map((issue) => issue.code);
  }
  return [];
}

describe('hashModelDirectory (§7 "Hashing files")', () => {
  it('reproduces the model-transparency fixture: signme-1, signme-2, ignore-me ignored, root 92745110…', async () => {
    for (const file of SIGNME_FILES) await write(file.path, file.bytes);
    await write('ignore-me', 'not signed');
    await write('model.sig', '{}');
    await write('.git/HEAD', 'ref: refs/heads/main\n');
    await write('.github/workflows/ci.yml', 'on: push\n');
    await write('.gitignore', '*.tmp\n');
    await write('.gitattributes', '*.bin filter=lfs\n');

    const hashed = await hashModelDirectory(dir, { ignorePaths: ['ignore-me'] });
    expect(hashed.files).toEqual(
      SIGNME_FILES.map((f) => ({ path: f.path, size: f.bytes.length, digest: f.digest })),
    );
    expect(hashed.ignorePaths).toEqual([
      '.git',
      '.gitattributes',
      '.github',
      '.gitignore',
      'ignore-me',
      'model.sig',
    ]);
    const statement = buildModelSigningStatement({
      files: hashed.files,
      name: 'model',
      ignorePaths: hashed.ignorePaths,
    });
    expect(statement.subject[0]?.digest.sha256).toBe(SIGNME_ROOT);
  });

  it('excludes .git and friends at the top level only, and names nested files with /', async () => {
    await write('sub/.git/config', 'c');
    await write('sub/.gitignore', 'g');
    await write('a/b/c.bin', 'abc');
    const hashed = await hashModelDirectory(dir);
    expect(hashed.files.map((f) => f.path)).toEqual([
      'a/b/c.bin',
      'sub/.git/config',
      'sub/.gitignore',
    ]);
  });

  it("sorts by code point: 'B' < 'a' < 'é'", async () => {
    for (const name of ['é', 'a', 'B']) await write(name);
    expect((await hashModelDirectory(dir)).files.map((f) => f.path)).toEqual(['B', 'a', 'é']);
  });

  it('names a single-file model by its basename', async () => {
    await write('weights.onnx', SIGNME_FILES[1].bytes);
    const hashed = await hashModelDirectory(join(dir, 'weights.onnx'));
    expect(hashed.files).toEqual([
      { path: 'weights.onnx', size: 8, digest: SIGNME_FILES[1].digest },
    ]);
  });

  it('honours a custom signature file name', async () => {
    await write('model.bin');
    await write('signature.json', '{}');
    const hashed = await hashModelDirectory(dir, { signatureFile: 'signature.json' });
    expect(hashed.files.map((f) => f.path)).toEqual(['model.bin']);
    expect(hashed.ignorePaths).toContain('signature.json');
  });

  describe('when the model holds symlinks (allow_symlinks: false)', () => {
    it('reports every link, to a file or a directory, with code symlink', async () => {
      await write('real/weights.bin');
      await symlink(join(dir, 'real/weights.bin'), join(dir, 'link.bin'));
      await symlink(join(dir, 'real'), join(dir, 'linked-dir'));
      expect(await issueCodes(hashModelDirectory(dir))).toEqual(['symlink', 'symlink']);
    });

    it('refuses a model root that is itself a symlink', async () => {
      await write('m/weights.bin');
      await symlink(join(dir, 'm'), join(dir, 'root-link'));
      expect(await issueCodes(hashModelDirectory(join(dir, 'root-link')))).toEqual(['symlink']);
    });
  });

  describe('when the model is empty', () => {
    it('refuses an empty directory with empty_model', async () => {
      expect(await issueCodes(hashModelDirectory(dir))).toEqual(['empty_model']);
    });

    it('refuses a directory holding only ignored files with empty_model', async () => {
      await write('.gitattributes');
      await write('model.sig');
      expect(await issueCodes(hashModelDirectory(dir))).toEqual(['empty_model']);
    });
  });

  describe('when a file name is not valid UTF-8', () => {
    it('refuses it with invalid_name instead of signing a mangled name', async (context) => {
      const bad = Buffer.concat([Buffer.from(`${dir}/bad-`), Buffer.from([0xff, 0xfe])]);
      try {
        await writeFile(bad, 'x');
      } catch {
        context.skip('this file system refuses non-UTF-8 names');
      }
      await write('good.bin');
      expect(await issueCodes(hashModelDirectory(dir))).toEqual(['invalid_name']);
    });
  });

  describe('when an ignore path leaves the model', () => {
    it.each(['../outside', '/etc'])('refuses %j with invalid_ignore_path', async (path) => {
      await write('model.bin');
      expect(await issueCodes(hashModelDirectory(dir, { ignorePaths: [path] }))).toEqual([
        'invalid_ignore_path',
      ]);
    });
  });
});

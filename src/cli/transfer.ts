import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, rmSync } from 'node:fs';
import { mkdir, mkdtemp, rename, rm } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import type { VerityClient } from '../client/index.js';
import { IntegrityError } from '../lib/index.js';
import type { ArtifactFileInput, ModelVersion } from '../registry/schemas.js';
import { CliError } from './errors.js';
import type { HashedFile } from './files.js';
import type { Progress } from './progress.js';

/**
 * Uploads the blobs the server does not have yet. Content is deduplicated by digest (two files
 * with the same bytes upload once) and each upload streams the file; the server re-hashes it
 * and refuses content that changed since it was hashed here (DIGEST_MISMATCH).
 */
export async function uploadMissing(
  client: VerityClient,
  files: readonly HashedFile[],
  progress: Progress,
): Promise<{ uploaded: number; present: number }> {
  const byDigest = new Map<string, HashedFile>();
  for (const file of files) if (!byDigest.has(file.digest)) byDigest.set(file.digest, file);
  const missing: HashedFile[] = [];
  for (const file of byDigest.values()) {
    if (!(await client.hasBlob(file.digest))) missing.push(file);
  }
  progress.start(
    'uploading',
    missing.reduce((sum, f) => sum + f.size, 0),
  );
  try {
    for (const file of missing) {
      const body = Readable.from(counted(createReadStream(file.absPath), progress));
      await client.uploadBlob(file.digest, file.size, body);
    }
  } finally {
    progress.stop();
  }
  return { uploaded: missing.length, present: byDigest.size - missing.length };
}

async function* counted(source: AsyncIterable<unknown>, progress: Progress) {
  for await (const chunk of source) {
    const bytes = chunk as Buffer;
    progress.advance(bytes.length);
    yield bytes;
  }
}

/** One file written by a download, with the digest computed while writing it. */
export interface DownloadedFile extends ArtifactFileInput {
  /** Where it was written. */
  target: string;
}

/**
 * Where an artifact path lands under `out`. The server validated paths at registration, but a
 * download must not trust the server either: a path that would escape `out` is refused.
 */
export function targetPath(out: string, path: string): string {
  const unsafe =
    path === '' ||
    path.startsWith('/') ||
    path.includes('\\') ||
    // eslint-disable-next-line no-control-regex
    /[\u0000-\u001f\u007f]/.test(path) ||
    path.split('/').some((s) => s === '' || s === '.' || s === '..');
  const target = resolve(out, ...path.split('/'));
  const inside = relative(resolve(out), target);
  if (unsafe || inside === '' || inside.startsWith(`..${sep}`) || inside === '..') {
    throw new IntegrityError(`the server listed an unsafe artifact path '${path}'`, { path });
  }
  return target;
}

/**
 * Downloads every file of a version into `out`, all or nothing: each file streams to a staging
 * directory inside `out` while being hashed, and only when every size and digest matches the
 * version's record are the files renamed into place. On any failure nothing is left in `out`.
 */
export async function downloadVersion(
  client: VerityClient,
  model: string,
  version: ModelVersion,
  out: string,
  progress: Progress,
): Promise<DownloadedFile[]> {
  const outAbs = resolve(out);
  const targets = version.files.map((file) => targetPath(outAbs, file.path));
  // mkdir returns the first directory it created: if the download fails, that whole subtree
  // is ours to remove; otherwise only the staging directory is.
  const created = await mkdir(outAbs, { recursive: true });
  const staging = await mkdtemp(join(outAbs, '.verity-download-'));
  // Interrupted (Ctrl-C): remove the partial files too, then exit as the signal would have.
  const abandon = (signal: NodeJS.Signals) => {
    rmSync(created ?? staging, { recursive: true, force: true });
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.once('SIGINT', abandon);
  process.once('SIGTERM', abandon);
  let done = false;
  progress.start(
    'downloading',
    version.files.reduce((sum, f) => sum + f.size, 0),
  );
  try {
    const staged: string[] = [];
    for (const [index, file] of version.files.entries()) {
      const tmp = join(staging, `${index}.part`);
      // Ask by sequence number, not by the ref the user typed: an alias could move mid-download.
      const response = await client.downloadFile(model, String(version.seq), file.path);
      const announced = response.headers.get('x-verity-digest');
      if (announced !== null && announced !== file.digest) {
        await response.body?.cancel();
        throw new IntegrityError(
          `the server sent ${file.path} as ${announced}, but the version records ${file.digest}`,
          { path: file.path, expected: file.digest, actual: announced },
        );
      }
      if (response.body === null) {
        throw new CliError('UNAVAILABLE', `the server sent no content for ${file.path}`);
      }
      const actual = await writeHashed(
        Readable.fromWeb(response.body as WebReadableStream<Uint8Array>),
        tmp,
        progress,
      );
      if (actual.size !== file.size || actual.digest !== file.digest) {
        throw new IntegrityError(
          `${file.path} does not match the version's record: expected ${file.size} bytes with ${file.digest}, received ${actual.size} bytes hashing to ${actual.digest}`,
          {
            path: file.path,
            expected: { size: file.size, digest: file.digest },
            actual,
          },
        );
      }
      staged.push(tmp);
    }
    progress.stop();
    for (const [index, target] of targets.entries()) {
      await mkdir(dirname(target), { recursive: true });
      await rename(staged[index]!, target);
    }
    done = true;
    return version.files.map((file, index) => ({ ...file, target: targets[index]! }));
  } finally {
    process.removeListener('SIGINT', abandon);
    process.removeListener('SIGTERM', abandon);
    progress.stop();
    await rm(done || created === undefined ? staging : created, { recursive: true, force: true });
  }
}

async function writeHashed(
  source: Readable,
  path: string,
  progress: Progress,
): Promise<{ size: number; digest: string }> {
  const hash = createHash('sha256');
  let size = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      hash.update(chunk);
      size += chunk.length;
      progress.advance(chunk.length);
      callback(null, chunk);
    },
  });
  await pipeline(source, meter, createWriteStream(path, { flags: 'wx', mode: 0o644 }));
  return { size, digest: `sha256:${hash.digest('hex')}` };
}

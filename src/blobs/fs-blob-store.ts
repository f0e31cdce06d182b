import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, open, rename, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  IntegrityError,
  NotFoundError,
  VerityError,
  isDigest,
  ValidationError,
  type Digest,
} from '../lib/index.js';
import type { BlobStore, PutExpectation, PutResult } from './blob-store.js';

/**
 * Blobs as files under `<root>/sha256/<first two hex>/<remaining hex>`. Uploads go to
 * `<root>/tmp` first and are renamed into place (atomic on one filesystem) only after the digest
 * matched, so a reader never sees partial content.
 */
export class FsBlobStore implements BlobStore {
  private readonly tmpDir: string;

  constructor(private readonly root: string) {
    this.tmpDir = join(root, 'tmp');
  }

  pathOf(digest: Digest): string {
    assertDigest(digest);
    const hex = digest.slice('sha256:'.length);
    return join(this.root, 'sha256', hex.slice(0, 2), hex.slice(2));
  }

  async put(content: Readable, expected: PutExpectation): Promise<PutResult> {
    assertDigest(expected.digest);
    if (expected.size !== undefined && expected.size > expected.maxBytes) {
      content.resume();
      throw tooLarge(expected.maxBytes);
    }
    await mkdir(this.tmpDir, { recursive: true });
    const tmp = join(this.tmpDir, `${randomBytes(12).toString('hex')}.part`);
    const hash = createHash('sha256');
    let size = 0;
    const meter = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        size += chunk.length;
        if (size > expected.maxBytes) {
          callback(tooLarge(expected.maxBytes));
          return;
        }
        hash.update(chunk);
        callback(null, chunk);
      },
    });
    try {
      await pipeline(content, meter, createWriteStream(tmp, { flags: 'wx', mode: 0o644 }));
      const actual: Digest = `sha256:${hash.digest('hex')}`;
      if (expected.size !== undefined && size !== expected.size) {
        throw new VerityError(
          'SIZE_MISMATCH',
          `received ${size} bytes but ${expected.size} were declared (truncated upload?)`,
          { expected: expected.size, actual: size },
        );
      }
      if (actual !== expected.digest) {
        throw new VerityError(
          'DIGEST_MISMATCH',
          `content hashes to ${actual}, not ${expected.digest}`,
          {
            expected: expected.digest,
            actual,
          },
        );
      }
      const target = this.pathOf(actual);
      const existing = await statOrUndefined(target);
      if (existing !== undefined && existing.size === size) {
        await unlink(tmp);
        return { digest: actual, size, created: false };
      }
      await mkdir(join(target, '..'), { recursive: true });
      await rename(tmp, target);
      return { digest: actual, size, created: true };
    } catch (error) {
      await unlink(tmp).catch(() => undefined);
      if (error instanceof VerityError) throw error;
      if (isAbort(error)) {
        throw new VerityError('SIZE_MISMATCH', 'the upload ended before all bytes arrived', {});
      }
      throw error;
    }
  }

  async stat(digest: Digest): Promise<{ size: number } | undefined> {
    const info = await statOrUndefined(this.pathOf(digest));
    return info === undefined ? undefined : { size: info.size };
  }

  async verify(digest: Digest): Promise<{ size: number }> {
    const handle = await openOrNotFound(this.pathOf(digest), digest);
    try {
      return { size: await hashHandle(handle, digest) };
    } finally {
      await handle.close();
    }
  }

  async open(digest: Digest): Promise<{ size: number; stream: Readable }> {
    // Hash and serve through one file descriptor: a rename over the path between the check and
    // the read cannot swap in other content.
    const handle = await openOrNotFound(this.pathOf(digest), digest);
    try {
      const size = await hashHandle(handle, digest);
      const stream = handle.createReadStream({ start: 0, autoClose: true });
      return { size, stream };
    } catch (error) {
      await handle.close();
      throw error;
    }
  }
}

type Handle = Awaited<ReturnType<typeof open>>;

async function hashHandle(handle: Handle, digest: Digest): Promise<number> {
  const hash = createHash('sha256');
  const buffer = Buffer.allocUnsafe(1 << 20);
  let position = 0;
  for (;;) {
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, position);
    if (bytesRead === 0) break;
    hash.update(buffer.subarray(0, bytesRead));
    position += bytesRead;
  }
  const actual = `sha256:${hash.digest('hex')}`;
  if (actual !== digest) {
    throw new IntegrityError(
      `stored content of ${digest} is corrupted (it now hashes to ${actual})`,
      {
        digest,
        actual,
      },
    );
  }
  return position;
}

async function openOrNotFound(path: string, digest: Digest): Promise<Handle> {
  try {
    return await open(path, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new NotFoundError('blob', digest);
    throw error;
  }
}

async function statOrUndefined(path: string) {
  try {
    return await stat(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

function assertDigest(digest: string): asserts digest is Digest {
  if (!isDigest(digest)) {
    throw new ValidationError(
      `'${digest}' is not a digest (expected sha256: and 64 lowercase hex digits)`,
    );
  }
}

function tooLarge(maxBytes: number): VerityError {
  return new VerityError('PAYLOAD_TOO_LARGE', `upload exceeds the limit of ${maxBytes} bytes`, {
    maxBytes,
  });
}

function isAbort(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return (
    code === 'ECONNRESET' ||
    code === 'ERR_STREAM_PREMATURE_CLOSE' ||
    (error as Error)?.message === 'aborted'
  );
}

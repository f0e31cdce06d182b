import { mkdtempSync, readdirSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sha256Digest, type Digest } from '../lib/index.js';
import { FsBlobStore } from './fs-blob-store.js';

const LIMIT = 1024 * 1024;

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return (error as { code: string }).code;
  }
  return 'NO_ERROR';
}

describe('FsBlobStore', () => {
  let root: string;
  let store: FsBlobStore;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'verity-blob-test-'));
    store = new FsBlobStore(root);
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const put = (content: string, digest: Digest = sha256Digest(content), size?: number) =>
    store.put(Readable.from([Buffer.from(content)]), {
      digest,
      maxBytes: LIMIT,
      ...(size === undefined ? {} : { size }),
    });

  it('stores content under its digest and serves it back after verifying', async () => {
    const digest = sha256Digest('model weights');
    expect(await put('model weights')).toEqual({ digest, size: 13, created: true });
    expect(await put('model weights')).toEqual({ digest, size: 13, created: false });
    const { size, stream } = await store.open(digest);
    expect(size).toBe(13);
    expect(await text(stream)).toBe('model weights');
    expect(store.pathOf(digest)).toBe(join(root, 'sha256', digest.slice(7, 9), digest.slice(9)));
  });

  describe('when the content does not hash to the declared digest', () => {
    it('refuses with DIGEST_MISMATCH and leaves nothing behind', async () => {
      const wrong = sha256Digest('something else');
      expect(await codeOf(put('model weights', wrong))).toBe('DIGEST_MISMATCH');
      expect(await store.stat(wrong)).toBeUndefined();
      expect(readdirSync(join(root, 'tmp'))).toEqual([]);
    });
  });

  describe('when fewer bytes arrive than were declared', () => {
    it('refuses with SIZE_MISMATCH', async () => {
      expect(await codeOf(put('model weights', sha256Digest('model weights'), 20))).toBe(
        'SIZE_MISMATCH',
      );
      expect(await store.stat(sha256Digest('model weights'))).toBeUndefined();
    });
  });

  describe('when the upload is larger than the limit', () => {
    it('refuses with PAYLOAD_TOO_LARGE while streaming', async () => {
      const big = 'x'.repeat(2048);
      const code = await codeOf(
        store.put(Readable.from([Buffer.from(big)]), { digest: sha256Digest(big), maxBytes: 1000 }),
      );
      expect(code).toBe('PAYLOAD_TOO_LARGE');
      expect(readdirSync(join(root, 'tmp'))).toEqual([]);
    });
  });

  describe('when the stream fails midway', () => {
    it('discards the partial file', async () => {
      const failing = new Readable({
        read() {
          this.push(Buffer.from('partial'));
          this.destroy(new Error('aborted'));
        },
      });
      expect(
        await codeOf(store.put(failing, { digest: sha256Digest('partial'), maxBytes: LIMIT })),
      ).toBe('SIZE_MISMATCH');
      expect(await store.stat(sha256Digest('partial'))).toBeUndefined();
      expect(readdirSync(join(root, 'tmp'))).toEqual([]);
    });
  });

  describe('when stored content is corrupted on disk', () => {
    it('refuses to serve a changed byte with INTEGRITY_ERROR', async () => {
      const { digest } = await put('approved model');
      writeFileSync(store.pathOf(digest), 'approved modeL');
      expect(await codeOf(store.open(digest))).toBe('INTEGRITY_ERROR');
      expect(await codeOf(store.verify(digest))).toBe('INTEGRITY_ERROR');
    });

    it('refuses to serve a truncated file with INTEGRITY_ERROR', async () => {
      const { digest } = await put('approved model');
      truncateSync(store.pathOf(digest), 4);
      expect(await codeOf(store.open(digest))).toBe('INTEGRITY_ERROR');
    });
  });

  it('answers NOT_FOUND for absent content and VALIDATION_ERROR for a malformed digest', async () => {
    expect(await codeOf(store.open(sha256Digest('never stored')))).toBe('NOT_FOUND');
    expect(await codeOf(store.open('sha256:XYZ'))).toBe('VALIDATION_ERROR');
  });
});

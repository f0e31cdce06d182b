import { sha256Digest } from '../../src/lib/index.js';
import type { VerityClient } from '../../src/client/index.js';

/** Uploads bytes and returns the artifact entry a registration needs. */
export async function upload(client: VerityClient, path: string, content: string | Uint8Array) {
  const bytes = typeof content === 'string' ? new TextEncoder().encode(content) : content;
  const digest = sha256Digest(bytes);
  await client.uploadBlob(digest, bytes.length, bytes);
  return { path, size: bytes.length, digest };
}

/** Runs `fn` and returns the error it throws (fails the test when it does not throw). */
export async function errorOf(fn: () => Promise<unknown>): Promise<{
  code: string;
  message: string;
  details: Record<string, unknown>;
  httpStatus?: number;
}> {
  try {
    await fn();
  } catch (error) {
    return error as {
      code: string;
      message: string;
      details: Record<string, unknown>;
      httpStatus?: number;
    };
  }
  throw new Error('expected an error, but the call succeeded');
}

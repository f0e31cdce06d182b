import type { Readable } from 'node:stream';
import { z } from 'zod';
import { digestSchema, openArtifact } from '../../registry/index.js';
import { ValidationError, type Digest } from '../../lib/index.js';
import type { Runtime } from '../runtime.js';
import { errorResponses, type Api } from './common.js';

const digestParams = z.object({ digest: digestSchema });

/**
 * Content-addressed uploads. A blob is not a registry change by itself (it is not referenced by
 * anything until a version or dataset registers it), so uploads write no ledger entry; the
 * registration that references the digest does.
 */
export function blobRoutes(app: Api, runtime: Runtime, maxUploadBytes: number): void {
  app.put(
    '/blobs/:digest',
    {
      config: { access: 'blob:write' },
      schema: {
        tags: ['blobs'],
        summary:
          'Upload content under its SHA-256 digest (streamed; stored only if the digest matches)',
        params: digestParams,
        response: {
          200: z.object({ digest: z.string(), size: z.number(), created: z.boolean() }),
          201: z.object({ digest: z.string(), size: z.number(), created: z.boolean() }),
          413: z.unknown(),
          415: z.unknown(),
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const body = request.body as Readable | undefined;
      if (body === undefined || typeof (body as { pipe?: unknown }).pipe !== 'function') {
        throw new ValidationError(
          'send the content as application/octet-stream',
          [],
          'UNSUPPORTED_MEDIA_TYPE',
        );
      }
      const declared = request.headers['content-length'];
      const size = declared === undefined ? undefined : Number(declared);
      const result = await runtime.blobs.put(body, {
        digest: request.params.digest as Digest,
        ...(size === undefined || !Number.isInteger(size) ? {} : { size }),
        maxBytes: maxUploadBytes,
      });
      return reply.status(result.created ? 201 : 200).send(result);
    },
  );
  app.head(
    '/blobs/:digest',
    {
      config: { access: 'registry:read' },
      schema: {
        tags: ['blobs'],
        summary: 'Whether content is stored (no re-hash)',
        params: digestParams,
      },
    },
    async (request, reply) => {
      const stat = await runtime.blobs.stat(request.params.digest as Digest);
      if (stat === undefined) return reply.status(404).send();
      return reply.header('content-length', String(stat.size)).status(200).send();
    },
  );
  app.get(
    '/blobs/:digest',
    {
      config: { access: 'registry:read' },
      schema: {
        tags: ['blobs'],
        summary: 'Download content by digest; verified before the first byte is sent',
        params: digestParams,
        response: { ...errorResponses, 500: z.unknown() },
      },
    },
    async (request, reply) => {
      const { size, stream } = await openArtifact(
        runtime.registry,
        request.params.digest as Digest,
        {
          route: 'blob download',
        },
      );
      return reply
        .header('content-type', 'application/octet-stream')
        .header('content-length', String(size))
        .header('x-verity-digest', request.params.digest)
        .send(stream);
    },
  );
}

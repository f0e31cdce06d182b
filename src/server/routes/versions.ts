import { z } from 'zod';
import {
  findArtifact,
  openArtifact,
  getVersion,
  listVersions,
  modelVersionSchema,
  pageSchema,
  registerVersion,
  registerVersionSchema,
  versionLineage,
  versionLineageSchema,
} from '../../registry/index.js';
import { actorOf } from '../actor.js';
import type { Runtime } from '../runtime.js';
import { errorResponses, modelParam, pageQuery, versionParams, type Api } from './common.js';
import { stripUndefined } from './models.js';

export function versionRoutes(app: Api, runtime: Runtime): void {
  const ctx = runtime.registry;
  app.post(
    '/models/:model/versions',
    {
      config: { access: 'registry:write' },
      schema: {
        tags: ['versions'],
        summary: 'Register an immutable model version (upload its files to /blobs first)',
        params: modelParam,
        body: registerVersionSchema,
        response: { 201: modelVersionSchema, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await registerVersion(ctx, actorOf(request), request.params.model, request.body)),
  );
  app.get(
    '/models/:model/versions',
    {
      config: { access: 'registry:read' },
      schema: {
        tags: ['versions'],
        summary: 'List a model’s versions, newest first',
        params: modelParam,
        querystring: z.object(pageQuery),
        response: { 200: pageSchema(modelVersionSchema), ...errorResponses },
      },
    },
    async (request) => listVersions(ctx, request.params.model, stripUndefined(request.query)),
  );
  app.get(
    '/models/:model/versions/:ref',
    {
      config: { access: 'registry:read' },
      schema: {
        tags: ['versions'],
        summary: 'Get a version by sequence number, semantic version, alias, `latest` or id',
        params: versionParams,
        response: { 200: modelVersionSchema, ...errorResponses },
      },
    },
    async (request) => getVersion(ctx, request.params.model, request.params.ref),
  );
  app.get(
    '/models/:model/versions/:ref/lineage',
    {
      config: { access: 'registry:read' },
      schema: {
        tags: ['lineage'],
        summary: 'The run, datasets, code and image a version came from',
        params: versionParams,
        response: { 200: versionLineageSchema, ...errorResponses },
      },
    },
    async (request) => versionLineage(ctx, request.params.model, request.params.ref),
  );
  app.get(
    '/models/:model/versions/:ref/files/*',
    {
      config: { access: 'registry:read' },
      schema: {
        tags: ['versions'],
        summary: 'Download one artifact file; its digest is verified before the first byte is sent',
        params: versionParams.extend({ '*': z.string().min(1).max(1024) }),
        response: { ...errorResponses, 500: z.unknown() },
      },
    },
    async (request, reply) => {
      const file = await findArtifact(
        ctx,
        request.params.model,
        request.params.ref,
        request.params['*'],
      );
      const { size, stream } = await openArtifact(runtime.registry, file.digest, {
        route: 'artifact download',
        model: request.params.model,
        version: request.params.ref,
        path: file.path,
      });
      return reply
        .header('content-type', 'application/octet-stream')
        .header('content-length', String(size))
        .header('x-verity-digest', file.digest)
        .header('digest', `sha-256=${Buffer.from(file.digest.slice(7), 'hex').toString('base64')}`)
        .send(stream);
    },
  );
}

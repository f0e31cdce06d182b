import { z } from 'zod';
import {
  aliasHistory,
  aliasSchema,
  aliasEventSchema,
  createModel,
  createModelSchema,
  getModel,
  listModels,
  modelSchema,
  modelVersionSchema,
  pageSchema,
  removeAlias,
  setAlias,
  setAliasSchema,
  updateModel,
  updateModelSchema,
} from '../../registry/index.js';
import { actorOf } from '../actor.js';
import { readableNamespaces } from '../access-hook.js';
import type { Runtime } from '../runtime.js';
import { errorResponses, modelParam, pageQuery, type Api } from './common.js';

export function modelRoutes(app: Api, runtime: Runtime): void {
  const ctx = runtime.registry;
  app.post(
    '/models',
    {
      config: { access: 'registry:write' },
      schema: {
        tags: ['models'],
        summary: 'Create a model',
        body: createModelSchema,
        response: { 201: modelSchema, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createModel(ctx, actorOf(request), request.body)),
  );
  app.get(
    '/models',
    {
      config: { access: 'registry:read' },
      schema: {
        tags: ['models'],
        summary: 'List and search models',
        querystring: z.object({
          q: z.string().min(1).max(128).optional(),
          namespace: z.string().min(1).max(128).optional(),
          owner: z.string().min(1).max(256).optional(),
          riskTier: z.string().min(1).max(64).optional(),
          tag: z.string().min(1).max(300).optional(),
          ...pageQuery,
        }),
        response: { 200: pageSchema(modelSchema), ...errorResponses },
      },
    },
    async (request) => {
      const within = await readableNamespaces(request, runtime.access);
      return listModels(ctx, {
        ...stripUndefined(request.query),
        ...(within === undefined ? {} : { within }),
      });
    },
  );
  app.get(
    '/models/:model',
    {
      config: { access: 'registry:read' },
      schema: {
        tags: ['models'],
        summary: 'Get a model',
        params: modelParam,
        response: { 200: modelSchema, ...errorResponses },
      },
    },
    async (request) => getModel(ctx, request.params.model),
  );
  app.patch(
    '/models/:model',
    {
      config: { access: 'registry:write' },
      schema: {
        tags: ['models'],
        summary: 'Update a model’s description, owner, use case, risk tier or tags',
        params: modelParam,
        body: updateModelSchema,
        response: { 200: modelSchema, ...errorResponses },
      },
    },
    async (request) => updateModel(ctx, actorOf(request), request.params.model, request.body),
  );
  app.put(
    '/models/:model/aliases/:alias',
    {
      config: { access: 'registry:write' },
      schema: {
        tags: ['aliases'],
        summary: 'Point an alias at a version',
        params: modelParam.extend({ alias: aliasSchema }),
        body: setAliasSchema,
        response: { 200: modelVersionSchema, ...errorResponses },
      },
    },
    async (request) =>
      setAlias(
        ctx,
        actorOf(request),
        request.params.model,
        request.params.alias,
        request.body.version,
      ),
  );
  app.delete(
    '/models/:model/aliases/:alias',
    {
      config: { access: 'registry:write' },
      schema: {
        tags: ['aliases'],
        summary: 'Remove an alias',
        params: modelParam.extend({ alias: aliasSchema }),
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await removeAlias(ctx, actorOf(request), request.params.model, request.params.alias);
      return reply.status(204).send(null);
    },
  );
  app.get(
    '/models/:model/aliases/history',
    {
      config: { access: 'registry:read' },
      schema: {
        tags: ['aliases'],
        summary: 'Every move of the model’s aliases, newest first',
        params: modelParam,
        querystring: z.object({ alias: aliasSchema.optional() }),
        response: { 200: z.object({ items: z.array(aliasEventSchema) }), ...errorResponses },
      },
    },
    async (request) => ({
      items: await aliasHistory(ctx, request.params.model, request.query.alias),
    }),
  );
}

/** Drops keys whose value is undefined (exactOptionalPropertyTypes keeps them distinct). */
export function stripUndefined<T extends object>(
  value: T,
): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as {
    [K in keyof T]: Exclude<T[K], undefined>;
  };
}

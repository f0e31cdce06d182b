import { z } from 'zod';
import {
  createRun,
  createRunSchema,
  getRun,
  listRuns,
  pageSchema,
  RUN_STATUSES,
  runSchema,
  updateRun,
  updateRunSchema,
} from '../../registry/index.js';
import { actorOf } from '../actor.js';
import type { Runtime } from '../runtime.js';
import { errorResponses, pageQuery, type Api } from './common.js';
import { stripUndefined } from './models.js';

const runParam = z.object({ id: z.string().min(1).max(64) });

export function runRoutes(app: Api, runtime: Runtime): void {
  const ctx = runtime.registry;
  app.post(
    '/runs',
    {
      config: { access: 'registry:write' },
      schema: {
        tags: ['runs'],
        summary: 'Log a training run: parameters, metrics, code, environment and input datasets',
        body: createRunSchema,
        response: { 201: runSchema, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createRun(ctx, actorOf(request), request.body)),
  );
  app.get(
    '/runs',
    {
      config: { access: 'registry:read' },
      schema: {
        tags: ['runs'],
        summary: 'List runs, newest first',
        querystring: z.object({
          status: z.enum(RUN_STATUSES).optional(),
          q: z.string().min(1).max(256).optional(),
          ...pageQuery,
        }),
        response: { 200: pageSchema(runSchema), ...errorResponses },
      },
    },
    async (request) => listRuns(ctx, stripUndefined(request.query)),
  );
  app.get(
    '/runs/:id',
    {
      config: { access: 'registry:read' },
      schema: {
        tags: ['runs'],
        summary: 'Get a run',
        params: runParam,
        response: { 200: runSchema, ...errorResponses },
      },
    },
    async (request) => getRun(ctx, request.params.id),
  );
  app.patch(
    '/runs/:id',
    {
      config: { access: 'registry:write' },
      schema: {
        tags: ['runs'],
        summary: 'Add metrics to a running run or finish it; finished runs are immutable',
        params: runParam,
        body: updateRunSchema,
        response: { 200: runSchema, ...errorResponses },
      },
    },
    async (request) => updateRun(ctx, actorOf(request), request.params.id, request.body),
  );
}

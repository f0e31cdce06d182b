import { z } from 'zod';
import {
  currentDeployments,
  deploymentHistory,
  deploymentSchema,
  getDeployment,
  getAttestation,
  attestationSchema,
  pageSchema,
  recordDeployment,
  recordDeploymentSchema,
  rollback,
  rollbackSchema,
} from '../../registry/index.js';
import { environmentSchema } from '../../lib/index.js';
import { actorOf } from '../actor.js';
import { readableNamespaces } from '../access-hook.js';
import type { Runtime } from '../runtime.js';
import { errorResponses, pageQuery, type Api } from './common.js';
import { stripUndefined } from './models.js';

const filter = {
  model: z.string().min(1).max(300).optional(),
  environment: environmentSchema.optional(),
};

export function deploymentRoutes(app: Api, runtime: Runtime): void {
  const ctx = runtime.registry;
  app.post(
    '/deployments',
    {
      config: { access: 'deployment:write' },
      schema: {
        tags: ['deployments'],
        summary: 'Record that a model version now serves an environment',
        body: recordDeploymentSchema,
        response: { 201: deploymentSchema, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await recordDeployment(ctx, actorOf(request), request.body)),
  );
  app.post(
    '/deployments/rollback',
    {
      config: { access: 'deployment:write' },
      schema: {
        tags: ['deployments'],
        summary: 'Deploy again the version that served the environment before the current one',
        body: rollbackSchema,
        response: { 201: deploymentSchema, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await rollback(ctx, actorOf(request), request.body)),
  );
  app.get(
    '/deployments/current',
    {
      config: { access: 'registry:read' },
      schema: {
        tags: ['deployments'],
        summary: 'What serves each environment now, or at a past instant (`at`)',
        querystring: z.object({ ...filter, at: z.iso.datetime({ offset: true }).optional() }),
        response: { 200: z.object({ items: z.array(deploymentSchema) }), ...errorResponses },
      },
    },
    async (request) => {
      const within = await readableNamespaces(request, runtime.access);
      return {
        items: await currentDeployments(ctx, {
          ...stripUndefined(request.query),
          ...(within === undefined ? {} : { within }),
        }),
      };
    },
  );
  app.get(
    '/deployments',
    {
      config: { access: 'registry:read' },
      schema: {
        tags: ['deployments'],
        summary: 'Deployment history, newest first',
        querystring: z.object({ ...filter, ...pageQuery }),
        response: { 200: pageSchema(deploymentSchema), ...errorResponses },
      },
    },
    async (request) => {
      const within = await readableNamespaces(request, runtime.access);
      return deploymentHistory(ctx, {
        ...stripUndefined(request.query),
        ...(within === undefined ? {} : { within }),
      });
    },
  );
  app.get(
    '/deployments/:id',
    {
      config: { access: 'registry:read' },
      schema: {
        tags: ['deployments'],
        summary: 'Get one deployment',
        params: z.object({ id: z.string().min(1).max(64) }),
        response: { 200: deploymentSchema, ...errorResponses },
      },
    },
    async (request) => getDeployment(ctx, request.params.id),
  );
  app.get(
    '/deployments/:id/attestation',
    {
      config: { access: 'registry:read' },
      schema: {
        tags: ['deployments'],
        summary:
          'The DSSE-signed promotion attestation of a deployment, for a deploy target to verify',
        params: z.object({ id: z.string().min(1).max(64) }),
        response: { 200: attestationSchema, ...errorResponses },
      },
    },
    async (request) => getAttestation(ctx, request.params.id),
  );
}

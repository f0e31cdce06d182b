import { z } from 'zod';
import {
  createWebhook,
  createWebhookSchema,
  deleteWebhook,
  getWebhook,
  getWebhookDelivery,
  listDeliveriesQuerySchema,
  listWebhookDeliveries,
  listWebhooks,
  pingWebhook,
  redeliverWebhookDelivery,
  rotateWebhookSecret,
  updateWebhook,
  updateWebhookSchema,
  webhookDeliveryPageSchema,
  webhookDeliverySchema,
  webhookSchema,
  webhookWithSecretSchema,
} from '../../events/index.js';
import { actorOf } from '../actor.js';
import type { Runtime } from '../runtime.js';
import { errorResponses, type Api } from './common.js';

const nameParam = z.object({ name: z.string().min(1).max(128) });
const deliveryParams = nameParam.extend({ id: z.string().min(1).max(64) });

/**
 * Webhook subscriptions and their delivery log. `{name}` is a webhook's name or id. The signing
 * secret appears in exactly two answers, creation and rotate-secret; no read ever returns it.
 */
export function webhookRoutes(app: Api, runtime: Runtime): void {
  const ctx = runtime.registry;
  app.post(
    '/webhooks',
    {
      config: { access: 'webhook:write' },
      schema: {
        tags: ['webhooks'],
        summary:
          'Subscribe a URL to events; the answer carries the signing secret, shown this once',
        body: createWebhookSchema,
        response: { 201: webhookWithSecretSchema, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createWebhook(ctx, actorOf(request), request.body)),
  );
  app.get(
    '/webhooks',
    {
      config: { access: 'webhook:read' },
      schema: {
        tags: ['webhooks'],
        summary: 'Every webhook, by name (never their secrets)',
        response: { 200: z.object({ items: z.array(webhookSchema) }), ...errorResponses },
      },
    },
    async () => ({ items: await listWebhooks(ctx) }),
  );
  app.get(
    '/webhooks/:name',
    {
      config: { access: 'webhook:read' },
      schema: {
        tags: ['webhooks'],
        summary: 'One webhook by name or id',
        params: nameParam,
        response: { 200: webhookSchema, ...errorResponses },
      },
    },
    async (request) => getWebhook(ctx, request.params.name),
  );
  app.patch(
    '/webhooks/:name',
    {
      config: { access: 'webhook:write' },
      schema: {
        tags: ['webhooks'],
        summary: 'Change a webhook’s URL, event types or active flag',
        params: nameParam,
        body: updateWebhookSchema,
        response: { 200: webhookSchema, ...errorResponses },
      },
    },
    async (request) => updateWebhook(ctx, actorOf(request), request.params.name, request.body),
  );
  app.delete(
    '/webhooks/:name',
    {
      config: { access: 'webhook:write' },
      schema: {
        tags: ['webhooks'],
        summary: 'Delete a webhook with its delivery log; pending deliveries are dropped',
        params: nameParam,
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await deleteWebhook(ctx, actorOf(request), request.params.name);
      return reply.status(204).send(null);
    },
  );
  app.post(
    '/webhooks/:name/rotate-secret',
    {
      config: { access: 'webhook:write' },
      schema: {
        tags: ['webhooks'],
        summary: 'Replace the signing secret; the answer carries the new one, shown this once',
        params: nameParam,
        response: { 200: webhookWithSecretSchema, ...errorResponses },
      },
    },
    async (request) => rotateWebhookSecret(ctx, actorOf(request), request.params.name),
  );
  app.post(
    '/webhooks/:name/ping',
    {
      config: { access: 'webhook:write' },
      schema: {
        tags: ['webhooks'],
        summary: 'Queue a webhook-pinged event for this webhook alone, to test its receiver',
        params: nameParam,
        response: { 202: webhookDeliverySchema, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.status(202).send(await pingWebhook(ctx, actorOf(request), request.params.name)),
  );
  app.get(
    '/webhooks/:name/deliveries',
    {
      config: { access: 'webhook:read' },
      schema: {
        tags: ['webhooks'],
        summary: 'The delivery log, newest first, with every attempt of each delivery',
        params: nameParam,
        querystring: listDeliveriesQuerySchema,
        response: { 200: webhookDeliveryPageSchema, ...errorResponses },
      },
    },
    async (request) => listWebhookDeliveries(ctx, request.params.name, request.query),
  );
  app.get(
    '/webhooks/:name/deliveries/:id',
    {
      config: { access: 'webhook:read' },
      schema: {
        tags: ['webhooks'],
        summary: 'One delivery with its attempts',
        params: deliveryParams,
        response: { 200: webhookDeliverySchema, ...errorResponses },
      },
    },
    async (request) => getWebhookDelivery(ctx, request.params.name, request.params.id),
  );
  app.post(
    '/webhooks/:name/deliveries/:id/redeliver',
    {
      config: { access: 'webhook:write' },
      schema: {
        tags: ['webhooks'],
        summary:
          'Queue a delivery again (delivered, dead or waiting) with a fresh retry budget; same webhook-id',
        params: deliveryParams,
        response: { 202: webhookDeliverySchema, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply
        .status(202)
        .send(
          await redeliverWebhookDelivery(
            ctx,
            actorOf(request),
            request.params.name,
            request.params.id,
          ),
        ),
  );
}

import { z } from 'zod';
import {
  approvePromotion,
  approveSchema,
  cancelPromotion,
  getPromotion,
  listPromotions,
  listReviewItems,
  overrideGate,
  overrideSchema,
  PROMOTION_STATUSES,
  promotionSchema,
  rejectPromotion,
  rejectSchema,
  requestPromotion,
  requestPromotionSchema,
  resolveReviewItem,
  resolveReviewSchema,
  reviewItemSchema,
} from '../../approvals/index.js';
import {
  deleteEnvironment,
  environmentInputSchema,
  environmentSchema,
  findEnvironment,
  listEnvironments,
  putEnvironment,
} from '../../environments/index.js';
import {
  checkGate,
  dryRunGate,
  gateDecisionSchema,
  getGateDecision,
  getPolicyPack,
  listGateDecisions,
  listPolicyPacks,
  policyPackHistory,
  policyPackSchema,
  policyPackSummarySchema,
  publishPolicyPack,
} from '../../gates/index.js';
import { findVersion } from '../../registry/index.js';
import { actorOf } from '../actor.js';
import type { Runtime } from '../runtime.js';
import { errorResponses, versionParams, type Api } from './common.js';

const nameParam = z.object({ name: z.string().min(1).max(64) });
const idParam = z.object({ id: z.string().min(1).max(64) });
const gateInput = z.object({
  model: z.string().min(1).max(300),
  version: z.string().min(1).max(128),
  environment: z.string().min(1).max(64),
});

export function governanceRoutes(app: Api, runtime: Runtime): void {
  const ctx = runtime.governance;

  // Environments -------------------------------------------------------------------------------
  app.get(
    '/environments',
    {
      config: { access: 'governance:read' },
      schema: {
        tags: ['environments'],
        summary: 'Environments in promotion order, with their packs and approval quorum',
        response: { 200: z.object({ items: z.array(environmentSchema) }) },
      },
    },
    async () => ({ items: await listEnvironments(ctx) }),
  );
  app.get(
    '/environments/:name',
    {
      config: { access: 'governance:read' },
      schema: {
        tags: ['environments'],
        summary: 'One environment',
        params: nameParam,
        response: { 200: environmentSchema, ...errorResponses },
      },
    },
    async (request) => findEnvironment(ctx.db, request.params.name),
  );
  app.put(
    '/environments/:name',
    {
      config: { access: 'environment:write' },
      schema: {
        tags: ['environments'],
        summary: 'Create or replace an environment (packs must exist)',
        params: nameParam,
        body: environmentInputSchema.omit({ name: true }),
        response: { 200: environmentSchema, ...errorResponses },
      },
    },
    async (request) =>
      putEnvironment(ctx, actorOf(request), { ...request.body, name: request.params.name }),
  );
  app.delete(
    '/environments/:name',
    {
      config: { access: 'environment:write' },
      schema: {
        tags: ['environments'],
        summary: 'Delete an environment that has never had a deployment',
        params: nameParam,
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await deleteEnvironment(ctx, actorOf(request), request.params.name);
      return reply.status(204).send(null);
    },
  );

  // Policy packs -------------------------------------------------------------------------------
  app.get(
    '/policy-packs',
    {
      config: { access: 'governance:read' },
      schema: {
        tags: ['policy'],
        summary: 'The latest version of every policy pack',
        response: { 200: z.object({ items: z.array(policyPackSummarySchema) }) },
      },
    },
    async () => ({ items: await listPolicyPacks(ctx) }),
  );
  app.post(
    '/policy-packs',
    {
      config: { access: 'policy:write' },
      schema: {
        tags: ['policy'],
        summary:
          'Publish a pack (YAML source). Every rule is compiled first; identical content is a no-op',
        body: z.object({
          source: z
            .string()
            .min(1)
            .max(512 * 1024),
        }),
        response: {
          200: z.object({ pack: policyPackSchema, changed: z.boolean() }),
          ...errorResponses,
        },
      },
    },
    async (request) => publishPolicyPack(ctx, actorOf(request), request.body.source),
  );
  app.get(
    '/policy-packs/:name',
    {
      config: { access: 'governance:read' },
      schema: {
        tags: ['policy'],
        summary: 'A pack (latest, or ?version=N) with its source and rules',
        params: nameParam,
        querystring: z.object({ version: z.coerce.number().int().min(1).optional() }),
        response: { 200: policyPackSchema, ...errorResponses },
      },
    },
    async (request) => getPolicyPack(ctx, request.params.name, request.query.version),
  );
  app.get(
    '/policy-packs/:name/history',
    {
      config: { access: 'governance:read' },
      schema: {
        tags: ['policy'],
        summary: 'Every published version of a pack, newest first',
        params: nameParam,
        response: { 200: z.object({ items: z.array(policyPackSummarySchema) }), ...errorResponses },
      },
    },
    async (request) => ({ items: await policyPackHistory(ctx, request.params.name) }),
  );
  app.post(
    '/policy-packs/:name/test',
    {
      config: { access: 'governance:read' },
      schema: {
        tags: ['policy'],
        summary: 'Dry-run one pack against a version (nothing is recorded)',
        params: nameParam,
        body: z.object({
          model: z.string().min(1).max(300),
          version: z.string().min(1).max(128),
          environment: z.string().min(1).max(64).default('production'),
        }),
        response: { 200: gateDecisionSchema, ...errorResponses },
      },
    },
    async (request) => dryRunGate(ctx, actorOf(request), request.body, [request.params.name]),
  );

  // Gates --------------------------------------------------------------------------------------
  app.post(
    '/gates/check',
    {
      config: { access: 'promotion:request' },
      schema: {
        tags: ['gates'],
        summary:
          'Evaluate an environment’s gate for a version and record the decision (200 whether it passed or blocked)',
        body: gateInput,
        response: { 200: gateDecisionSchema, ...errorResponses },
      },
    },
    async (request) => checkGate(ctx, actorOf(request), request.body),
  );
  app.get(
    '/gates/decisions/:id',
    {
      config: { access: 'governance:read' },
      schema: {
        tags: ['gates'],
        summary: 'One stored gate decision with every rule’s outcome',
        params: idParam,
        response: { 200: gateDecisionSchema, ...errorResponses },
      },
    },
    async (request) => getGateDecision(ctx, request.params.id),
  );
  app.get(
    '/models/:model/versions/:ref/gate-decisions',
    {
      config: { access: 'governance:read' },
      schema: {
        tags: ['gates'],
        summary: 'Gate decisions for a version, newest first',
        params: versionParams,
        querystring: z.object({ environment: z.string().min(1).max(64).optional() }),
        response: { 200: z.object({ items: z.array(gateDecisionSchema) }), ...errorResponses },
      },
    },
    async (request) => {
      const { version } = await findVersion(ctx.db, request.params.model, request.params.ref);
      return { items: await listGateDecisions(ctx, version.id, request.query.environment) };
    },
  );

  // Promotions and approvals -------------------------------------------------------------------
  app.post(
    '/promotions',
    {
      config: { access: 'promotion:request' },
      schema: {
        tags: ['promotions'],
        summary:
          'Request promotion of a version to an environment; a blocked gate answers 422 GATE_BLOCKED with every reason',
        body: requestPromotionSchema,
        response: { 201: promotionSchema, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await requestPromotion(ctx, actorOf(request), request.body)),
  );
  app.get(
    '/promotions',
    {
      config: { access: 'governance:read' },
      schema: {
        tags: ['promotions'],
        summary: 'Promotion requests, newest first; ?awaiting=me is the caller’s approval inbox',
        querystring: z.object({
          status: z.enum(PROMOTION_STATUSES).optional(),
          environment: z.string().min(1).max(64).optional(),
          model: z.string().min(1).max(300).optional(),
          awaiting: z.literal('me').optional(),
          limit: z.coerce.number().int().min(1).max(500).optional(),
        }),
        response: { 200: z.object({ items: z.array(promotionSchema) }), ...errorResponses },
      },
    },
    async (request) => {
      const q = request.query;
      return {
        items: await listPromotions(ctx, {
          ...(q.status === undefined ? {} : { status: q.status }),
          ...(q.environment === undefined ? {} : { environment: q.environment }),
          ...(q.model === undefined ? {} : { model: q.model }),
          ...(q.awaiting === undefined ? {} : { awaiting: actorOf(request) }),
          ...(q.limit === undefined ? {} : { limit: q.limit }),
        }),
      };
    },
  );
  app.get(
    '/promotions/:id',
    {
      config: { access: 'governance:read' },
      schema: {
        tags: ['promotions'],
        summary: 'One promotion request with its approvals and what is still needed',
        params: idParam,
        response: { 200: promotionSchema, ...errorResponses },
      },
    },
    async (request) => getPromotion(ctx, request.params.id),
  );
  app.post(
    '/promotions/:id/approve',
    {
      config: { access: 'promotion:approve' },
      schema: {
        tags: ['promotions'],
        summary:
          'Approve (separation of duties: never the version’s author, the run’s owner or the requester)',
        params: idParam,
        body: approveSchema.optional(),
        response: { 200: promotionSchema, ...errorResponses },
      },
    },
    async (request) =>
      approvePromotion(ctx, actorOf(request), request.params.id, request.body ?? {}),
  );
  app.post(
    '/promotions/:id/reject',
    {
      config: { access: 'promotion:approve' },
      schema: {
        tags: ['promotions'],
        summary: 'Reject with a reason',
        params: idParam,
        body: rejectSchema,
        response: { 200: promotionSchema, ...errorResponses },
      },
    },
    async (request) => rejectPromotion(ctx, actorOf(request), request.params.id, request.body),
  );
  app.post(
    '/promotions/:id/cancel',
    {
      config: { access: 'promotion:request' },
      schema: {
        tags: ['promotions'],
        summary: 'The requester withdraws the request',
        params: idParam,
        response: { 200: promotionSchema, ...errorResponses },
      },
    },
    async (request) => cancelPromotion(ctx, actorOf(request), request.params.id),
  );
  app.post(
    '/promotions/:id/override',
    {
      config: { access: 'gate:override' },
      schema: {
        tags: ['promotions'],
        summary:
          'Break-glass: override a blocked gate with a written justification (flagged in the ledger, opens a review item)',
        params: idParam,
        body: overrideSchema,
        response: { 200: promotionSchema, ...errorResponses },
      },
    },
    async (request) => overrideGate(ctx, actorOf(request), request.params.id, request.body),
  );

  // Review items -------------------------------------------------------------------------------
  app.get(
    '/review-items',
    {
      config: { access: 'governance:read' },
      schema: {
        tags: ['promotions'],
        summary: 'Items awaiting review (break-glass overrides), newest first',
        querystring: z.object({ status: z.enum(['open', 'resolved']).optional() }),
        response: { 200: z.object({ items: z.array(reviewItemSchema) }) },
      },
    },
    async (request) => ({
      items: await listReviewItems(
        ctx,
        request.query.status === undefined ? {} : { status: request.query.status },
      ),
    }),
  );
  app.post(
    '/review-items/:id/resolve',
    {
      config: { access: 'review:resolve' },
      schema: {
        tags: ['promotions'],
        summary: 'Resolve a review item with what the review found',
        params: idParam,
        body: resolveReviewSchema,
        response: { 200: reviewItemSchema, ...errorResponses },
      },
    },
    async (request) => resolveReviewItem(ctx, actorOf(request), request.params.id, request.body),
  );
}

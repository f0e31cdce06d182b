import { z } from 'zod';
import type { Actor } from '../../auth/index.js';
import { ValidationError } from '../../lib/index.js';
import { modelNamespace } from '../../registry/index.js';
import {
  createMonitor,
  createMonitorSchema,
  getMonitor,
  getMonitorRun,
  ingestLabels,
  ingestPredictions,
  listAlerts,
  listMonitorRuns,
  listMonitors,
  monitorReference,
  monitorConfigSchema,
  runDistributions,
  runMonitor,
  updateMonitor,
  updateMonitorSchema,
  uploadWindowProfile,
} from '../../monitoring/index.js';
import { readableNamespaces } from '../access-hook.js';
import { actorOf } from '../actor.js';
import type { Runtime } from '../runtime.js';
import { errorResponses, modelParam, type Api } from './common.js';

const monitorParams = modelParam.extend({ name: z.string().min(1).max(63) });
const environmentQuery = z.object({ environment: z.string().min(1).max(64).default('production') });

const monitorViewSchema = z.object({
  id: z.string(),
  model: z.string(),
  name: z.string(),
  environment: z.string(),
  active: z.boolean(),
  config: monitorConfigSchema,
  reference: z.object({
    id: z.string(),
    source: z.string(),
    description: z.string(),
    digest: z.string(),
    rows: z.number(),
    columns: z.array(z.object({ name: z.string(), type: z.string() })),
  }),
  openAlerts: z.number(),
  lastRunAt: z.string().nullable(),
  createdAt: z.string(),
  createdBy: z.string(),
  updatedAt: z.string(),
});

const monitorRunSchema = z.object({
  id: z.string(),
  monitor: z.string(),
  model: z.string(),
  environment: z.string(),
  window: z.object({ start: z.string(), end: z.string() }),
  status: z.enum(['ok', 'breach', 'no-data']),
  digest: z.string(),
  results: z.unknown().meta({
    description:
      'records, labelled, status, drift (per column), missingColumns, performance, fairness, breaches',
  }),
  alerts: z.object({
    fired: z.array(z.string()),
    repeated: z.array(z.string()),
    resolved: z.array(z.string()),
  }),
  actions: z.array(
    z.object({ alert: z.string(), kind: z.string(), ok: z.boolean(), detail: z.string() }),
  ),
  createdAt: z.string(),
  createdBy: z.string(),
});

const alertSchema = z.object({
  id: z.string(),
  model: z.string(),
  monitor: z.string(),
  environment: z.string(),
  key: z.string(),
  kind: z.string(),
  severity: z.string(),
  status: z.string(),
  summary: z.string(),
  details: z.unknown(),
  occurrences: z.number(),
  firedAt: z.string(),
  lastSeenAt: z.string(),
  resolvedAt: z.string().nullable(),
  actions: z.array(z.unknown()),
});

const ingestResultSchema = z.object({
  model: z.string(),
  environment: z.string(),
  received: z.number(),
  accepted: z.number(),
  duplicates: z.number(),
  monitors: z.array(z.string()),
});

/** NDJSON bodies (one JSON record per line) for prediction and label batches. */
function parseNdjson(text: string): unknown[] {
  const records: unknown[] = [];
  text.split('\n').forEach((line, index) => {
    const trimmed = line.trim();
    if (trimmed === '') return;
    try {
      records.push(JSON.parse(trimmed));
    } catch {
      throw new ValidationError(`line ${index + 1} of the NDJSON body is not JSON`, [
        { code: 'malformed_ndjson', path: [index], message: 'not JSON' },
      ]);
    }
  });
  return records;
}

export function monitoringRoutes(app: Api, runtime: Runtime): void {
  const ctx = runtime.registry;
  /**
   * A rollback action deploys on the monitor's behalf, and an incident action opens incidents
   * whose playbooks may: configuring one needs deployment:write (and incident:write).
   */
  const mayRollBack = async (
    actions: readonly { kind: string }[] | undefined,
    model: string,
    actor: Actor,
  ) => {
    if (actions?.some((a) => a.kind === 'rollback' || a.kind === 'incident') === true) {
      await runtime.access.require(actor, 'deployment:write', await modelNamespace(ctx.db, model));
    }
    // An incident action opens incidents whose playbooks act (roll back, freeze) on their own.
    if (actions?.some((a) => a.kind === 'incident') === true) {
      await runtime.access.require(actor, 'incident:write');
    }
  };
  app.addContentTypeParser(
    ['application/x-ndjson', 'application/ndjson'],
    { parseAs: 'string' },
    (_request, body, done) => {
      try {
        done(null, parseNdjson(String(body)));
      } catch (error) {
        done(error as Error, undefined);
      }
    },
  );

  app.post(
    '/models/:model/monitors',
    {
      config: { access: 'monitoring:write' },
      schema: {
        tags: ['monitoring'],
        summary:
          'Create a monitor: its reference (a dataset version or an uploaded profile), tests, thresholds, window and actions',
        params: modelParam,
        body: createMonitorSchema,
        response: { 201: monitorViewSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      await mayRollBack(request.body.config.actions, request.params.model, actorOf(request));
      return reply
        .status(201)
        .send(await createMonitor(ctx, actorOf(request), request.params.model, request.body));
    },
  );
  app.get(
    '/models/:model/monitors',
    {
      config: { access: 'registry:read' },
      schema: {
        tags: ['monitoring'],
        summary: 'A model’s monitors',
        params: modelParam,
        response: { 200: z.object({ items: z.array(monitorViewSchema) }), ...errorResponses },
      },
    },
    async (request) => ({ items: await listMonitors(ctx, request.params.model) }),
  );
  app.get(
    '/models/:model/monitors/:name',
    {
      config: { access: 'registry:read' },
      schema: {
        tags: ['monitoring'],
        summary: 'One monitor',
        params: monitorParams,
        response: { 200: monitorViewSchema, ...errorResponses },
      },
    },
    async (request) => getMonitor(ctx, request.params.model, request.params.name),
  );
  app.get(
    '/models/:model/monitors/:name/reference',
    {
      config: { access: 'registry:read' },
      schema: {
        tags: ['monitoring'],
        summary:
          'The monitor’s reference profile (bins, sketches, frequencies), for client-side profiling',
        params: monitorParams,
        response: { 200: z.record(z.string(), z.unknown()), ...errorResponses },
      },
    },
    async (request) =>
      (await monitorReference(ctx, request.params.model, request.params.name)) as unknown as Record<
        string,
        unknown
      >,
  );
  app.patch(
    '/models/:model/monitors/:name',
    {
      config: { access: 'monitoring:write' },
      schema: {
        tags: ['monitoring'],
        summary: 'Change a monitor’s configuration or switch it on or off',
        params: monitorParams,
        body: updateMonitorSchema,
        response: { 200: monitorViewSchema, ...errorResponses },
      },
    },
    async (request) => {
      await mayRollBack(request.body.config?.actions, request.params.model, actorOf(request));
      return updateMonitor(
        ctx,
        actorOf(request),
        request.params.model,
        request.params.name,
        request.body,
      );
    },
  );
  app.post(
    '/models/:model/monitors/:name/run',
    {
      config: { access: 'monitoring:write' },
      schema: {
        tags: ['monitoring'],
        summary:
          'Run a monitor on a window now (default: the newest window with traffic); alerts and actions follow',
        params: monitorParams,
        body: z.strictObject({ at: z.iso.datetime({ offset: true }).optional() }).prefault({}),
        response: { 200: monitorRunSchema, ...errorResponses },
      },
    },
    async (request) =>
      runMonitor(ctx, actorOf(request), request.params.model, request.params.name, {
        at: request.body.at,
      }),
  );
  app.get(
    '/models/:model/monitors/:name/runs',
    {
      config: { access: 'registry:read' },
      schema: {
        tags: ['monitoring'],
        summary: 'A monitor’s runs, newest first',
        params: monitorParams,
        querystring: z.object({ limit: z.coerce.number().int().min(1).max(200).optional() }),
        response: { 200: z.object({ items: z.array(monitorRunSchema) }), ...errorResponses },
      },
    },
    async (request) => ({
      items: await listMonitorRuns(
        ctx,
        request.params.model,
        request.params.name,
        request.query.limit,
      ),
    }),
  );
  app.get(
    '/models/:model/monitors/:name/runs/:id',
    {
      config: { access: 'registry:read' },
      schema: {
        tags: ['monitoring'],
        summary: 'One monitor run with its per-column results',
        params: monitorParams.extend({ id: z.string().min(1).max(64) }),
        response: { 200: monitorRunSchema, ...errorResponses },
      },
    },
    async (request) => getMonitorRun(ctx, request.params.id),
  );
  app.get(
    '/models/:model/monitors/:name/runs/:id/histograms',
    {
      config: { access: 'registry:read' },
      schema: {
        tags: ['monitoring'],
        summary:
          'Reference and current-window distributions of each monitored column of a run (counts in the reference bins, or category counts)',
        params: monitorParams.extend({ id: z.string().min(1).max(64) }),
        response: { 200: z.record(z.string(), z.unknown()), ...errorResponses },
      },
    },
    async (request) =>
      (await runDistributions(
        ctx,
        request.params.model,
        request.params.name,
        request.params.id,
      )) as unknown as Record<string, unknown>,
  );
  app.post(
    '/models/:model/monitors/:name/profiles',
    {
      config: { access: 'monitoring:ingest' },
      schema: {
        tags: ['monitoring'],
        summary:
          'Merge a client-side profile (counted in the monitor’s reference bins) into a window',
        params: monitorParams,
        body: z.strictObject({
          windowStart: z.iso.datetime({ offset: true }),
          profile: z.unknown(),
        }),
        response: {
          200: z.object({
            monitor: z.string(),
            window: z.object({ start: z.string(), end: z.string() }),
            records: z.number(),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) =>
      uploadWindowProfile(
        ctx,
        actorOf(request),
        request.params.model,
        request.params.name,
        request.body,
      ),
  );
  app.post(
    '/models/:model/predictions',
    {
      config: { access: 'monitoring:ingest' },
      schema: {
        tags: ['monitoring'],
        summary: 'Send a batch of predictions (JSON array or NDJSON); duplicates by id are ignored',
        params: modelParam,
        querystring: environmentQuery,
        body: z.array(z.unknown()),
        response: { 200: ingestResultSchema, ...errorResponses },
      },
    },
    async (request) =>
      ingestPredictions(
        ctx,
        actorOf(request),
        request.params.model,
        request.query.environment,
        request.body,
      ),
  );
  app.post(
    '/models/:model/labels',
    {
      config: { access: 'monitoring:ingest' },
      schema: {
        tags: ['monitoring'],
        summary:
          'Send labels that arrived later, joined to their predictions by id (JSON array or NDJSON)',
        params: modelParam,
        querystring: environmentQuery,
        body: z.array(z.unknown()),
        response: {
          200: z.object({
            model: z.string(),
            environment: z.string(),
            received: z.number(),
            labelled: z.number(),
            unknown: z.array(z.string()),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) =>
      ingestLabels(
        ctx,
        actorOf(request),
        request.params.model,
        request.query.environment,
        request.body,
      ),
  );
  app.get(
    '/alerts',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['monitoring'],
        summary: 'Monitoring alerts, newest first, in the namespaces the caller may read',
        querystring: z.object({
          model: z.string().min(1).max(300).optional(),
          status: z.enum(['firing', 'resolved']).optional(),
          limit: z.coerce.number().int().min(1).max(500).optional(),
        }),
        response: { 200: z.object({ items: z.array(alertSchema) }), ...errorResponses },
      },
    },
    async (request) => {
      const within = await readableNamespaces(request, runtime.access);
      return { items: await listAlerts(ctx, { ...request.query, within }) };
    },
  );
}

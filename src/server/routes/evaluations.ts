import { z } from 'zod';
import {
  compareEvaluationSchema,
  compareVersions,
  evaluationViewSchema,
  getEvaluation,
  listEvaluations,
  renderEvaluationHtml,
  runEvaluation,
  runEvaluationSchema,
} from '../../evaluation/index.js';
import { actorOf } from '../actor.js';
import type { Runtime } from '../runtime.js';
import { packageVersion } from '../version.js';
import { errorResponses, versionParams, type Api } from './common.js';

const evaluationParams = versionParams.extend({ id: z.string().min(1).max(64) });

export function evaluationRoutes(app: Api, runtime: Runtime): void {
  const ctx = runtime.registry;
  const base = '/models/:model/versions/:ref/evaluations';
  const environment = { verityVersion: packageVersion() };

  app.post(
    base,
    {
      config: { access: 'evaluation:run' },
      schema: {
        tags: ['evaluations'],
        summary:
          'Evaluate the version on a dataset version’s CSV file or an uploaded one: quality with bootstrap intervals, bias audit, calibration, robustness, permutation importance; recorded as evidence',
        params: versionParams,
        body: runEvaluationSchema,
        response: { 201: evaluationViewSchema, ...errorResponses, 503: errorResponses[400] },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          await runEvaluation(
            ctx,
            actorOf(request),
            request.params.model,
            request.params.ref,
            request.body,
            environment,
          ),
        ),
  );
  app.post(
    `${base}/compare`,
    {
      config: { access: 'evaluation:run' },
      schema: {
        tags: ['evaluations'],
        summary:
          'Champion / challenger: score a baseline version and this one on the same data; each metric’s difference with a paired bootstrap interval, recorded against this version',
        params: versionParams,
        body: compareEvaluationSchema,
        response: { 201: evaluationViewSchema, ...errorResponses, 503: errorResponses[400] },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          await compareVersions(
            ctx,
            actorOf(request),
            request.params.model,
            request.params.ref,
            request.body,
            environment,
          ),
        ),
  );
  app.get(
    base,
    {
      config: { access: 'registry:read' },
      schema: {
        tags: ['evaluations'],
        summary: 'The version’s evaluations, newest first (summaries)',
        params: versionParams,
        response: { 200: z.object({ items: z.array(evaluationViewSchema) }), ...errorResponses },
      },
    },
    async (request) => ({
      items: await listEvaluations(ctx, request.params.model, request.params.ref),
    }),
  );
  app.get(
    `${base}/:id`,
    {
      config: { access: 'registry:read' },
      schema: {
        tags: ['evaluations'],
        summary: 'One evaluation with its full result',
        params: evaluationParams,
        response: { 200: evaluationViewSchema, ...errorResponses },
      },
    },
    async (request) =>
      getEvaluation(ctx, request.params.model, request.params.ref, request.params.id),
  );
  app.get(
    `${base}/:id/report`,
    {
      config: { access: 'registry:read' },
      schema: {
        tags: ['evaluations'],
        summary: 'The evaluation as a self-contained HTML report',
        params: evaluationParams,
        response: { 200: z.string().meta({ description: 'text/html' }), ...errorResponses },
      },
    },
    async (request, reply) => {
      const view = await getEvaluation(
        ctx,
        request.params.model,
        request.params.ref,
        request.params.id,
      );
      const name = `${view.model.replace('/', '-')}-${view.version}-${view.name}.html`;
      return reply
        .type('text/html; charset=utf-8')
        .header('content-disposition', `inline; filename="${name}"`)
        .send(renderEvaluationHtml(view));
    },
  );
}

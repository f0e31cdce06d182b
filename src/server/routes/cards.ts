import { z } from 'zod';
import {
  approveCard,
  approveCardSchema,
  cardDiffSchema,
  cardRevisionSchema,
  cardViewSchema,
  diffCardRevisions,
  exportCardMarkdown,
  getCard,
  importCardMarkdown,
  importCardSchema,
  listCardRevisions,
  patchCard,
  patchCardSchema,
  renderCard,
  RENDER_FORMATS,
  saveCard,
  saveCardSchema,
} from '../../cards/index.js';
import { actorOf } from '../actor.js';
import type { Runtime } from '../runtime.js';
import { errorResponses, versionParams, type Api } from './common.js';

const revisionQuery = z.object({ revision: z.coerce.number().int().min(0).optional() });
const CONTENT_TYPES = {
  md: 'text/markdown; charset=utf-8',
  html: 'text/html; charset=utf-8',
  pdf: 'application/pdf',
} as const;

export function cardRoutes(app: Api, runtime: Runtime): void {
  const ctx = runtime.registry;
  const base = '/models/:model/versions/:ref/card';

  app.get(
    base,
    {
      config: { access: 'registry:read' },
      schema: {
        tags: ['cards'],
        summary:
          'The version’s model card: the latest text with live evidence, or a stored revision; with its completeness',
        params: versionParams,
        querystring: revisionQuery,
        response: { 200: cardViewSchema, ...errorResponses },
      },
    },
    async (request) =>
      getCard(ctx, request.params.model, request.params.ref, { revision: request.query.revision }),
  );
  app.put(
    base,
    {
      config: { access: 'registry:write' },
      schema: {
        tags: ['cards'],
        summary:
          'Replace the card’s author fields (a new revision; refused once the version is frozen)',
        params: versionParams,
        body: saveCardSchema,
        response: { 200: cardViewSchema, ...errorResponses },
      },
    },
    async (request) =>
      saveCard(
        ctx,
        actorOf(request),
        request.params.model,
        request.params.ref,
        request.body.authored,
        {
          summary: request.body.summary,
          expectedRevision: request.body.expectedRevision,
        },
      ),
  );
  app.patch(
    base,
    {
      config: { access: 'registry:write' },
      schema: {
        tags: ['cards'],
        summary: 'Set, append to or clear individual author fields (a new revision)',
        params: versionParams,
        body: patchCardSchema,
        response: { 200: cardViewSchema, ...errorResponses },
      },
    },
    async (request) => {
      const { summary, expectedRevision, ...changes } = request.body;
      return patchCard(ctx, actorOf(request), request.params.model, request.params.ref, changes, {
        summary,
        expectedRevision,
      });
    },
  );
  app.post(
    `${base}/import`,
    {
      config: { access: 'registry:write' },
      schema: {
        tags: ['cards'],
        summary:
          'Save a card written as Markdown with YAML front matter (the `card export` format)',
        params: versionParams,
        body: importCardSchema,
        response: { 200: cardViewSchema, ...errorResponses },
      },
    },
    async (request) =>
      importCardMarkdown(
        ctx,
        actorOf(request),
        request.params.model,
        request.params.ref,
        request.body.markdown,
        {
          summary: request.body.summary,
          expectedRevision: request.body.expectedRevision,
        },
      ),
  );
  app.get(
    `${base}/export`,
    {
      config: { access: 'registry:read' },
      schema: {
        tags: ['cards'],
        summary: 'The card’s author fields as Markdown with YAML front matter, to keep in git',
        params: versionParams,
        querystring: revisionQuery,
        response: { 200: z.string(), ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.type(CONTENT_TYPES.md).send(
        await exportCardMarkdown(ctx, request.params.model, request.params.ref, {
          revision: request.query.revision,
        }),
      ),
  );
  app.post(
    `${base}/approve`,
    {
      config: { access: 'promotion:approve' },
      schema: {
        tags: ['cards'],
        summary: 'Sign off the latest card revision (never by its authors or the version’s author)',
        params: versionParams,
        body: approveCardSchema,
        response: { 200: cardViewSchema, ...errorResponses, 403: errorResponses[400] },
      },
    },
    async (request) =>
      approveCard(ctx, actorOf(request), request.params.model, request.params.ref, {
        revision: request.body.revision,
      }),
  );
  app.get(
    `${base}/revisions`,
    {
      config: { access: 'registry:read' },
      schema: {
        tags: ['cards'],
        summary: 'The card’s revisions, newest first',
        params: versionParams,
        response: { 200: z.object({ items: z.array(cardRevisionSchema) }), ...errorResponses },
      },
    },
    async (request) => ({
      items: await listCardRevisions(ctx, request.params.model, request.params.ref),
    }),
  );
  app.get(
    `${base}/diff`,
    {
      config: { access: 'registry:read' },
      schema: {
        tags: ['cards'],
        summary: 'What changed between two card revisions (default: the latest and the one before)',
        params: versionParams,
        querystring: z.object({
          from: z.coerce.number().int().min(0).optional(),
          to: z.coerce.number().int().min(0).optional(),
        }),
        response: { 200: cardDiffSchema, ...errorResponses },
      },
    },
    async (request) =>
      diffCardRevisions(ctx, request.params.model, request.params.ref, {
        from: request.query.from,
        to: request.query.to,
      }),
  );
  app.get(
    `${base}/render`,
    {
      config: { access: 'registry:read' },
      schema: {
        tags: ['cards'],
        summary: 'The card as a document: Markdown, self-contained HTML, or PDF (needs Chromium)',
        params: versionParams,
        querystring: revisionQuery.extend({ format: z.enum(RENDER_FORMATS).default('html') }),
        response: {
          200: z.string().meta({ description: 'text/markdown, text/html or application/pdf' }),
          ...errorResponses,
          503: errorResponses[400],
        },
      },
    },
    async (request, reply) => {
      const { format, revision } = request.query;
      const view = await getCard(ctx, request.params.model, request.params.ref, { revision });
      const document = await renderCard(view, format, { now: runtime.clock.now() });
      const name = `${view.model.replace('/', '-')}-${view.version}-card.${format}`;
      return (
        reply
          .type(CONTENT_TYPES[format])
          .header('content-disposition', `inline; filename="${name}"`)
          // A string or Buffer with its own content type is sent as it is, not serialised.
          .send(document as string)
      );
    },
  );
}

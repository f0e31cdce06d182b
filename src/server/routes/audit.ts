import { z } from 'zod';
import type { Runtime } from '../runtime.js';
import { errorResponses, type Api } from './common.js';

const entrySchema = z.object({
  seq: z.number(),
  leafHash: z.string(),
  event: z.object({
    v: z.literal(1),
    index: z.number(),
    type: z.string(),
    actor: z.string(),
    time: z.string(),
    subject: z.object({ kind: z.string(), id: z.string(), ref: z.string().optional() }),
    payloadDigest: z.string(),
  }),
  payload: z.unknown(),
});

export function auditRoutes(app: Api, runtime: Runtime): void {
  app.get(
    '/audit/entries',
    {
      schema: {
        tags: ['audit'],
        summary: 'Audit log entries, oldest first; by subject or from an index',
        querystring: z
          .object({
            subjectKind: z.string().min(1).max(64).optional(),
            subjectId: z.string().min(1).max(64).optional(),
            from: z.coerce.number().int().min(0).optional(),
            limit: z.coerce.number().int().min(1).max(1000).optional(),
          })
          .refine(
            (q) => (q.subjectKind === undefined) === (q.subjectId === undefined),
            'give subjectKind and subjectId together',
          ),
        response: {
          200: z.object({ size: z.number(), items: z.array(entrySchema) }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const { subjectKind, subjectId, from, limit } = request.query;
      const items =
        subjectKind !== undefined && subjectId !== undefined
          ? await runtime.ledger.reader.forSubject(subjectKind, subjectId, limit ?? 1000)
          : await runtime.ledger.reader.range(from ?? 0, limit ?? 100);
      return {
        size: await runtime.ledger.size(),
        items: items.map((e) => ({ ...e, payload: e.payload ?? null })),
      };
    },
  );
}

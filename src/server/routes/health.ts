import { sql } from 'kysely';
import { z } from 'zod';
import type { Runtime } from '../runtime.js';
import type { Api } from './common.js';

export function healthRoutes(app: Api, runtime: Runtime): void {
  app.get(
    '/healthz',
    {
      config: { access: 'public' },
      schema: {
        tags: ['health'],
        summary: 'The process is up',
        response: { 200: z.object({ status: z.literal('ok') }) },
      },
    },
    () => ({ status: 'ok' as const }),
  );
  app.get(
    '/readyz',
    {
      config: { access: 'public' },
      schema: {
        tags: ['health'],
        summary: 'The database answers and the ledger is readable',
        response: {
          200: z.object({ status: z.literal('ready'), engine: z.string(), ledgerSize: z.number() }),
          503: z.object({ status: z.literal('unavailable'), reason: z.string() }),
        },
      },
    },
    async (_request, reply) => {
      try {
        await sql`select 1`.execute(runtime.database.db);
        return {
          status: 'ready' as const,
          engine: runtime.database.engine,
          ledgerSize: await runtime.ledger.size(),
        };
      } catch (error) {
        return reply
          .status(503)
          .send({ status: 'unavailable' as const, reason: (error as Error).message });
      }
    },
  );
}

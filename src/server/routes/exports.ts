import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { getCard } from '../../cards/index.js';
import {
  buildMlBom,
  buildOpenLineageRunEvents,
  type DatasetVersionDetails,
} from '../../exports/index.js';
import { datasetVersionsById, getRun } from '../../registry/index.js';
import type { Runtime } from '../runtime.js';
import { packageVersion } from '../version.js';
import { errorResponses, versionParams, type Api } from './common.js';

const json = z.record(z.string(), z.unknown());

/** Public formats other tools read: CycloneDX ML-BOM for versions, OpenLineage for runs. */
export function exportRoutes(app: Api, runtime: Runtime): void {
  const ctx = runtime.registry;
  // The producer URI names this server by its ledger origin (`<host>/verity` by default).
  const producer = `https://${runtime.ledger.origin}`;

  app.get(
    '/models/:model/versions/:ref/cyclonedx',
    {
      config: { access: 'registry:read' },
      schema: {
        tags: ['exports'],
        summary:
          'CycloneDX 1.6 ML-BOM of a version: the model with its model card and hashes, its datasets as data components',
        params: versionParams,
        response: { 200: json, ...errorResponses },
      },
    },
    async (request, reply) => {
      const view = await getCard(ctx, request.params.model, request.params.ref);
      const bom = buildMlBom(view.card, {
        serialNumber: randomUUID(),
        timestamp: runtime.clock.now().toISOString(),
        toolVersion: packageVersion(),
        completeness: view.completeness.score,
      });
      return reply
        .type('application/vnd.cyclonedx+json; version=1.6')
        .send(bom as unknown as Record<string, unknown>);
    },
  );

  app.get(
    '/runs/:id/openlineage',
    {
      config: { access: 'registry:read' },
      schema: {
        tags: ['exports'],
        summary:
          'OpenLineage 2-0-2 run events of a training run: START, then COMPLETE or FAIL once it ended',
        params: z.object({ id: z.string().min(1).max(64) }),
        response: { 200: z.object({ events: z.array(json) }), ...errorResponses },
      },
    },
    async (request) => {
      const run = await getRun(ctx, request.params.id);
      const datasetVersions: Record<string, DatasetVersionDetails> = {};
      for (const [id, v] of await datasetVersionsById(
        ctx,
        run.inputs.map((i) => i.id),
      )) {
        datasetVersions[id] = {
          columns: v.columns,
          rowCount: v.rowCount,
          sourceUri: v.sourceUri,
          files: v.files,
        };
      }
      const events = buildOpenLineageRunEvents(run, {
        producer,
        namespace: runtime.ledger.origin,
        datasetNamespace: runtime.ledger.origin,
        datasetVersions,
      });
      return { events: events as unknown as Record<string, unknown>[] };
    },
  );
}

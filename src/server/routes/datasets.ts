import { z } from 'zod';
import {
  createDataset,
  createDatasetSchema,
  datasetLineage,
  datasetLineageSchema,
  datasetSchema,
  datasetVersionSchema,
  getDataset,
  getDatasetVersion,
  listDatasets,
  listDatasetVersions,
  pageSchema,
  registerDatasetVersion,
  registerDatasetVersionSchema,
} from '../../registry/index.js';
import { actorOf } from '../actor.js';
import { readableNamespaces } from '../access-hook.js';
import type { Runtime } from '../runtime.js';
import { errorResponses, pageQuery, type Api } from './common.js';
import { stripUndefined } from './models.js';

const datasetParam = z.object({ dataset: z.string().min(1).max(300) });
const datasetVersionParams = datasetParam.extend({ ref: z.string().min(1).max(128) });

export function datasetRoutes(app: Api, runtime: Runtime): void {
  const ctx = runtime.registry;
  app.post(
    '/datasets',
    {
      config: { access: 'registry:write' },
      schema: {
        tags: ['datasets'],
        summary: 'Create a dataset',
        body: createDatasetSchema,
        response: { 201: datasetSchema, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createDataset(ctx, actorOf(request), request.body)),
  );
  app.get(
    '/datasets',
    {
      config: { access: 'registry:read' },
      schema: {
        tags: ['datasets'],
        summary: 'List and search datasets',
        querystring: z.object({
          q: z.string().min(1).max(128).optional(),
          namespace: z.string().min(1).max(128).optional(),
          owner: z.string().min(1).max(256).optional(),
          tag: z.string().min(1).max(300).optional(),
          ...pageQuery,
        }),
        response: { 200: pageSchema(datasetSchema), ...errorResponses },
      },
    },
    async (request) => {
      const within = await readableNamespaces(request, runtime.access);
      return listDatasets(ctx, {
        ...stripUndefined(request.query),
        ...(within === undefined ? {} : { within }),
      });
    },
  );
  app.get(
    '/datasets/:dataset',
    {
      config: { access: 'registry:read' },
      schema: {
        tags: ['datasets'],
        summary: 'Get a dataset',
        params: datasetParam,
        response: { 200: datasetSchema, ...errorResponses },
      },
    },
    async (request) => getDataset(ctx, request.params.dataset),
  );
  app.post(
    '/datasets/:dataset/versions',
    {
      config: { access: 'registry:write' },
      schema: {
        tags: ['datasets'],
        summary: 'Register an immutable dataset version (file digests, schema, row count, source)',
        params: datasetParam,
        body: registerDatasetVersionSchema,
        response: { 201: datasetVersionSchema, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          await registerDatasetVersion(ctx, actorOf(request), request.params.dataset, request.body),
        ),
  );
  app.get(
    '/datasets/:dataset/versions',
    {
      config: { access: 'registry:read' },
      schema: {
        tags: ['datasets'],
        summary: 'List a dataset’s versions, newest first',
        params: datasetParam,
        querystring: z.object(pageQuery),
        response: { 200: pageSchema(datasetVersionSchema), ...errorResponses },
      },
    },
    async (request) =>
      listDatasetVersions(ctx, request.params.dataset, stripUndefined(request.query)),
  );
  app.get(
    '/datasets/:dataset/versions/:ref',
    {
      config: { access: 'registry:read' },
      schema: {
        tags: ['datasets'],
        summary: 'Get a dataset version by label, sequence number, `latest` or id',
        params: datasetVersionParams,
        response: { 200: datasetVersionSchema, ...errorResponses },
      },
    },
    async (request) => getDatasetVersion(ctx, request.params.dataset, request.params.ref),
  );
  app.get(
    '/datasets/:dataset/versions/:ref/lineage',
    {
      config: { access: 'registry:read' },
      schema: {
        tags: ['lineage'],
        summary: 'Runs that read this dataset version and the model versions they produced',
        params: datasetVersionParams,
        response: { 200: datasetLineageSchema, ...errorResponses },
      },
    },
    async (request) => datasetLineage(ctx, request.params.dataset, request.params.ref),
  );
}

import { z } from 'zod';
import {
  addModelSignature,
  addSignatureSchema,
  getSigningKey,
  listModelSignatures,
  listSigningKeys,
  modelSignatureSchema,
  registerSigningKey,
  registerSigningKeySchema,
  revokeSigningKey,
  revokeSigningKeySchema,
  signingKeySchema,
} from '../../registry/index.js';
import { actorOf } from '../actor.js';
import type { Runtime } from '../runtime.js';
import { errorResponses, versionParams, type Api } from './common.js';

const keyParam = z.object({ key: z.string().min(1).max(128) });

export function signingRoutes(app: Api, runtime: Runtime): void {
  const ctx = runtime.registry;
  app.post(
    '/signing-keys',
    {
      config: { access: 'key:write' },
      schema: {
        tags: ['signing'],
        summary: 'Register an EC P-256 public key whose model signatures Verity accepts',
        body: registerSigningKeySchema,
        response: { 201: signingKeySchema, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await registerSigningKey(ctx, actorOf(request), request.body)),
  );
  app.get(
    '/signing-keys',
    {
      config: { access: 'registry:read' },
      schema: {
        tags: ['signing'],
        summary: 'Registered signing keys, revoked ones included',
        response: { 200: z.object({ items: z.array(signingKeySchema) }) },
      },
    },
    async () => ({ items: await listSigningKeys(ctx) }),
  );
  app.get(
    '/signing-keys/:key',
    {
      config: { access: 'registry:read' },
      schema: {
        tags: ['signing'],
        summary: 'One signing key by name or id',
        params: keyParam,
        response: { 200: signingKeySchema, ...errorResponses },
      },
    },
    async (request) => getSigningKey(ctx, request.params.key),
  );
  app.post(
    '/signing-keys/:key/revoke',
    {
      config: { access: 'key:write' },
      schema: {
        tags: ['signing'],
        summary: 'Revoke a key: its signatures stop counting',
        params: keyParam,
        body: revokeSigningKeySchema,
        response: { 200: signingKeySchema, ...errorResponses },
      },
    },
    async (request) =>
      revokeSigningKey(ctx, actorOf(request), request.params.key, request.body.reason),
  );
  app.post(
    '/models/:model/versions/:ref/signatures',
    {
      config: { access: 'registry:write' },
      schema: {
        tags: ['signing'],
        summary:
          'Attach an OpenSSF Model Signing bundle; it must verify with a registered key and cover exactly the version’s files',
        params: versionParams,
        body: addSignatureSchema,
        response: { 201: modelSignatureSchema, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          await addModelSignature(
            ctx,
            actorOf(request),
            request.params.model,
            request.params.ref,
            request.body.bundle,
          ),
        ),
  );
  app.get(
    '/models/:model/versions/:ref/signatures',
    {
      config: { access: 'registry:read' },
      schema: {
        tags: ['signing'],
        summary: 'A version’s signatures, with whether their key is still valid',
        params: versionParams,
        response: { 200: z.object({ items: z.array(modelSignatureSchema) }), ...errorResponses },
      },
    },
    async (request) => ({
      items: await listModelSignatures(ctx, request.params.model, request.params.ref),
    }),
  );
}

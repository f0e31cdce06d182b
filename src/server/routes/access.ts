import { z } from 'zod';
import {
  bindingInputSchema,
  bindingSchema,
  bindRole,
  deleteRole,
  getRole,
  listBindings,
  listNamespaces,
  listRoles,
  namespaceInputSchema,
  namespaceSchema,
  PERMISSIONS,
  putNamespace,
  putRole,
  roleInputSchema,
  roleSchema,
  unbindRole,
} from '../../auth/index.js';
import type { Actor } from '../../auth/index.js';
import { actorOf } from '../actor.js';
import type { Runtime } from '../runtime.js';
import { errorResponses, type Api } from './common.js';

const nameParam = z.object({ name: z.string().min(1).max(64) });

export function accessRoutes(app: Api, runtime: Runtime): void {
  const ctx = runtime.governance;

  const meSchema = z.object({
    name: z.string(),
    via: z.string(),
    groups: z.array(z.string()),
    bindings: z.array(z.object({ role: z.string(), namespace: z.string() })),
    tokenScopes: z.array(z.object({ role: z.string(), namespace: z.string() })).nullable(),
    permissions: z.record(z.string(), z.array(z.string())),
  });
  const meOf = async (actor: Actor) => {
    const grants = await ctx.access.grants(actor);
    return {
      name: actor.name,
      via: actor.via ?? 'token',
      groups: [...(actor.groups ?? [])],
      bindings: await ctx.access.bindings(actor),
      tokenScopes:
        actor.scopes === undefined || actor.scopes.length === 0 ? null : [...actor.scopes],
      permissions: Object.fromEntries(
        [...grants].map(([permission, namespaces]) => [permission, [...namespaces].sort()]),
      ),
    };
  };

  app.get(
    '/auth/me',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['auth'],
        summary: 'Who the caller is, how they signed in, their roles and what they may do where',
        response: { 200: meSchema, ...errorResponses },
      },
    },
    (request) => meOf(actorOf(request)),
  );
  app.get(
    '/auth/session',
    {
      config: { access: 'public' },
      schema: {
        tags: ['auth'],
        summary:
          'Whether the caller is signed in (200 either way, for the dashboard’s first request), and as whom',
        response: {
          200: z.object({ signedIn: z.boolean(), me: meSchema.nullable() }),
          ...errorResponses,
        },
      },
    },
    async (request) =>
      request.actor === null || request.actor === undefined
        ? { signedIn: false, me: null }
        : { signedIn: true, me: await meOf(request.actor) },
  );
  app.get(
    '/permissions',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['auth'],
        summary: 'The permission vocabulary',
        response: {
          200: z.object({
            items: z.array(
              z.object({ name: z.string(), namespaced: z.boolean(), description: z.string() }),
            ),
          }),
        },
      },
    },
    () => ({
      items: Object.entries(PERMISSIONS).map(([name, p]) => ({ name, ...p })),
    }),
  );

  app.get(
    '/roles',
    {
      config: { access: 'identity:read' },
      schema: {
        tags: ['auth'],
        summary: 'Built-in and custom roles with their permissions',
        response: { 200: z.object({ items: z.array(roleSchema) }) },
      },
    },
    async () => ({ items: await listRoles(ctx) }),
  );
  app.get(
    '/roles/:name',
    {
      config: { access: 'identity:read' },
      schema: {
        tags: ['auth'],
        summary: 'One role',
        params: nameParam,
        response: { 200: roleSchema, ...errorResponses },
      },
    },
    async (request) => getRole(ctx, request.params.name),
  );
  app.put(
    '/roles/:name',
    {
      config: { access: 'identity:write' },
      schema: {
        tags: ['auth'],
        summary: 'Create or replace a custom role (a set of permissions)',
        params: nameParam,
        body: roleInputSchema.omit({ name: true }),
        response: { 200: roleSchema, ...errorResponses },
      },
    },
    async (request) =>
      putRole(ctx, actorOf(request), { ...request.body, name: request.params.name }),
  );
  app.delete(
    '/roles/:name',
    {
      config: { access: 'identity:write' },
      schema: {
        tags: ['auth'],
        summary: 'Delete a custom role that no binding uses',
        params: nameParam,
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await deleteRole(ctx, actorOf(request), request.params.name);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/role-bindings',
    {
      config: { access: 'identity:read' },
      schema: {
        tags: ['auth'],
        summary: 'Role bindings, filtered by subject, role or namespace',
        querystring: z.object({
          subject: z.string().min(1).max(200).optional(),
          role: z.string().min(1).max(64).optional(),
          namespace: z.string().min(1).max(64).optional(),
        }),
        response: { 200: z.object({ items: z.array(bindingSchema) }) },
      },
    },
    async (request) => ({
      items: await listBindings(ctx, {
        ...(request.query.subject === undefined ? {} : { subject: request.query.subject }),
        ...(request.query.role === undefined ? {} : { role: request.query.role }),
        ...(request.query.namespace === undefined ? {} : { namespace: request.query.namespace }),
      }),
    }),
  );
  app.post(
    '/role-bindings',
    {
      config: { access: 'identity:write' },
      schema: {
        tags: ['auth'],
        summary: 'Bind a role to user:<name> or group:<name>, in a namespace or globally (*)',
        body: bindingInputSchema,
        response: { 200: bindingSchema, ...errorResponses },
      },
    },
    async (request) => bindRole(ctx, actorOf(request), request.body),
  );
  app.post(
    '/role-bindings/remove',
    {
      config: { access: 'identity:write' },
      schema: {
        tags: ['auth'],
        summary: 'Remove a binding; it stops applying on the subject’s next request',
        body: bindingInputSchema,
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await unbindRole(ctx, actorOf(request), request.body);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/namespaces',
    {
      config: { access: 'identity:read' },
      schema: {
        tags: ['auth'],
        summary: 'Namespaces (teams)',
        response: { 200: z.object({ items: z.array(namespaceSchema) }) },
      },
    },
    async () => ({ items: await listNamespaces(ctx) }),
  );
  app.put(
    '/namespaces/:name',
    {
      config: { access: 'identity:write' },
      schema: {
        tags: ['auth'],
        summary: 'Create a namespace or change its description',
        params: nameParam,
        body: namespaceInputSchema.omit({ name: true }),
        response: { 200: namespaceSchema, ...errorResponses },
      },
    },
    async (request) =>
      putNamespace(ctx, actorOf(request), { ...request.body, name: request.params.name }),
  );
}

import { z } from 'zod';
import {
  clearSessionCookie,
  createdTokenSchema,
  createToken,
  createTokenSchema,
  createUser,
  createUserSchema,
  getUser,
  listTokens,
  listUsers,
  login,
  loginSchema,
  logout,
  parseCookies,
  revokeToken,
  SESSION_COOKIE,
  sessionCookie,
  sessionSchema,
  setPassword,
  setPasswordSchema,
  tokenSchema,
  updateUser,
  updateUserSchema,
  userSchema,
} from '../../auth/identity/index.js';
import { VerityError } from '../../lib/index.js';
import { actorOf } from '../actor.js';
import type { Runtime } from '../runtime.js';
import { errorResponses, type Api } from './common.js';

const userParam = z.object({ name: z.string().min(1).max(128) });

export interface IdentityRouteOptions {
  /** Mark the session cookie `Secure` (serve the dashboard over HTTPS). */
  secureCookies: boolean;
}

export function identityRoutes(app: Api, runtime: Runtime, options: IdentityRouteOptions): void {
  const ctx = runtime.identity;
  const loginLimiter = ctx.loginLimiter;
  if (loginLimiter === undefined) throw new Error('the identity context has no login limiter');

  app.post(
    '/auth/login',
    {
      config: { access: 'public' },
      schema: {
        tags: ['auth'],
        summary:
          'Sign in with a password; sets an HttpOnly, SameSite=Strict session cookie. Failed attempts are rate-limited',
        body: loginSchema,
        response: { 200: sessionSchema, 429: errorResponses[401], ...errorResponses },
      },
    },
    async (request, reply) => {
      try {
        const { session, secret } = await login(
          { ...ctx, loginLimiter },
          { name: request.body.name, password: request.body.password, clientAddress: request.ip },
        );
        const maxAgeSeconds = Math.max(
          1,
          Math.floor((Date.parse(session.expiresAt) - runtime.clock.now().getTime()) / 1000),
        );
        void reply.header(
          'set-cookie',
          sessionCookie(secret, { secure: options.secureCookies, maxAgeSeconds }),
        );
        return session;
      } catch (error) {
        if (error instanceof VerityError) {
          const retry = error.details.retryAfterSeconds;
          if (error.code === 'RATE_LIMITED' && typeof retry === 'number') {
            void reply.header('retry-after', String(Math.ceil(retry)));
          }
          // Failed sign-ins change nothing, so they are not ledgered; they are logged.
          request.log.warn(
            { user: request.body.name, ip: request.ip, code: error.code, details: error.details },
            'sign-in refused',
          );
        }
        throw error;
      }
    },
  );
  app.post(
    '/auth/logout',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['auth'],
        summary: 'End the dashboard session and clear its cookie',
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      const secret = parseCookies(request.headers.cookie)[SESSION_COOKIE];
      if (secret !== undefined && secret !== '') {
        await logout(ctx, actorOf(request), secret);
      }
      void reply.header('set-cookie', clearSessionCookie({ secure: options.secureCookies }));
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/tokens',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['auth'],
        summary: 'The caller’s API tokens (metadata only); ?user= another’s with identity:read',
        querystring: z.object({ user: z.string().min(1).max(128).optional() }),
        response: { 200: z.object({ items: z.array(tokenSchema) }), ...errorResponses },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const mayReadOthers = await runtime.access.may(actor, 'identity:read');
      return {
        items: await listTokens(ctx, actor, {
          ...(request.query.user === undefined ? {} : { user: request.query.user }),
          mayReadOthers,
        }),
      };
    },
  );
  app.post(
    '/tokens',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['auth'],
        summary:
          'Create an API token for the caller; the secret is in this response only. Scopes narrow it to roles the caller holds',
        body: createTokenSchema,
        response: { 201: createdTokenSchema, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createToken(ctx, actorOf(request), request.body)),
  );
  app.delete(
    '/tokens/:id',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['auth'],
        summary: 'Revoke a token (one’s own; anyone’s with identity:write). Immediate',
        params: z.object({ id: z.string().min(1).max(64) }),
        response: { 200: tokenSchema, ...errorResponses },
      },
    },
    async (request) => revokeToken(ctx, actorOf(request), request.params.id),
  );

  app.get(
    '/users',
    {
      config: { access: 'identity:read' },
      schema: {
        tags: ['auth'],
        summary: 'Users',
        response: { 200: z.object({ items: z.array(userSchema) }) },
      },
    },
    async () => ({ items: await listUsers(ctx) }),
  );
  app.post(
    '/users',
    {
      config: { access: 'identity:write' },
      schema: {
        tags: ['auth'],
        summary: 'Create a local user (optionally with a password)',
        body: createUserSchema,
        response: { 201: userSchema, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createUser(ctx, actorOf(request), request.body)),
  );
  app.get(
    '/users/:name',
    {
      config: { access: 'identity:read' },
      schema: {
        tags: ['auth'],
        summary: 'One user',
        params: userParam,
        response: { 200: userSchema, ...errorResponses },
      },
    },
    async (request) => getUser(ctx, request.params.name),
  );
  app.patch(
    '/users/:name',
    {
      config: { access: 'identity:write' },
      schema: {
        tags: ['auth'],
        summary: 'Change a user’s display name or e-mail, or disable them (immediate)',
        params: userParam,
        body: updateUserSchema,
        response: { 200: userSchema, ...errorResponses },
      },
    },
    async (request) => updateUser(ctx, actorOf(request), request.params.name, request.body),
  );
  app.put(
    '/users/:name/password',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['auth'],
        summary:
          'Set a password: one’s own (with the current password) or anyone’s with identity:write',
        params: userParam,
        body: setPasswordSchema,
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await setPassword(ctx, actorOf(request), request.params.name, request.body, {
        clientAddress: request.ip,
      });
      return reply.status(204).send(null);
    },
  );
}

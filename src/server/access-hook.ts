import type { FastifyInstance, FastifyRequest } from 'fastify';
import { isPermission, type Actor, type Permission, type RoleAuthorizer } from '../auth/index.js';
import { parseRef, UUID_PATTERN, VerityError } from '../lib/index.js';

/**
 * What a route requires: a permission, any signed-in user (`authenticated`, for self-service
 * routes such as one's own tokens), or nothing (`public`: health, sign-in, the API description).
 */
export type RouteAccess = Permission | 'authenticated' | 'public';

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
  }
  interface FastifyRequest {
    actor: Actor | null;
  }
}

/** Resolves credentials (token, OIDC JWT, session cookie) to an actor; null when none are sent. */
export interface RequestAuthenticator {
  authenticate(credentials: { authorization?: string; cookie?: string }): Promise<Actor | null>;
}

/** Every route with its declared access, collected as routes are registered (for the matrix). */
export interface RouteAccessEntry {
  method: string;
  url: string;
  access: RouteAccess;
}

/**
 * Authenticates every request and checks the permission its route declares, before the body is
 * read (an anonymous upload is refused before a byte is stored). A route that declares no access
 * fails the server at start: nothing is reachable by omission. Changes are checked again in the
 * service layer by the Committer, with the exact namespace of what they touch.
 */
export function installAccessControl(
  app: FastifyInstance,
  authenticator: RequestAuthenticator,
  access: RoleAuthorizer,
  routes: RouteAccessEntry[],
): void {
  app.decorateRequest('actor', null);
  app.addHook('onRoute', (route) => {
    if (route.config?.access === undefined) {
      throw new Error(`route ${String(route.method)} ${route.url} declares no access`);
    }
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) {
      routes.push({
        method: String(method),
        url: route.url,
        access: route.config?.access ?? 'public',
      });
    }
  });
  app.addHook('onRequest', async (request) => {
    const rule = request.routeOptions.config.access;
    if (rule === undefined || rule === 'public') {
      // Public routes still learn who is calling when credentials are sent (sign-out, /auth/me).
      request.actor = await authenticator.authenticate(credentialsOf(request)).catch(() => null);
      return;
    }
    const actor = await authenticator.authenticate(credentialsOf(request));
    if (actor === null) {
      throw new VerityError(
        'UNAUTHENTICATED',
        'sign in first: send an API token (Authorization: Bearer vrt_...), an OIDC bearer token, or a session cookie',
        { reason: 'missing' },
      );
    }
    // A cookie session is sent by the browser automatically; a change made with one must also
    // carry a header that a cross-site form cannot set (defence in depth beside SameSite=Strict).
    if (
      actor.via === 'session' &&
      request.method !== 'GET' &&
      request.headers['x-verity-csrf'] === undefined
    ) {
      throw new VerityError(
        'FORBIDDEN',
        'a change made with a session cookie needs the X-Verity-CSRF header',
        {
          reason: 'csrf',
        },
      );
    }
    request.actor = actor;
    if (isPermission(rule)) await access.require(actor, rule, namespaceOf(request));
  });
}

/** The acting user of an authenticated route. */
export function actorOf(request: FastifyRequest): Actor {
  if (request.actor === null) {
    throw new VerityError('UNAUTHENTICATED', 'sign in first', { reason: 'missing' });
  }
  return request.actor;
}

function credentialsOf(request: FastifyRequest): { authorization?: string; cookie?: string } {
  const { authorization, cookie } = request.headers;
  return {
    ...(typeof authorization === 'string' ? { authorization } : {}),
    ...(typeof cookie === 'string' ? { cookie } : {}),
  };
}

/** The namespace a request is about, when its path names a model or dataset by reference. */
function namespaceOf(request: FastifyRequest): string | undefined {
  const params = request.params as Record<string, unknown> | undefined;
  const ref = params?.model ?? params?.dataset;
  if (typeof ref !== 'string' || UUID_PATTERN.test(ref)) return undefined;
  return parseRef(ref)?.namespace;
}

/**
 * The namespaces the caller may read registry objects in, for filtering lists; undefined when
 * they may read every namespace.
 */
export async function readableNamespaces(
  request: FastifyRequest,
  access: RoleAuthorizer,
): Promise<string[] | undefined> {
  const grants = await access.grants(actorOf(request));
  const namespaces = grants.get('registry:read');
  if (namespaces === undefined) return [];
  return namespaces.has('*') ? undefined : [...namespaces];
}

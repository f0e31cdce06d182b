import type { Kysely } from 'kysely';
import { VerityError } from '../lib/index.js';
import type { Database, ScopeRow } from '../store/index.js';
import type { Actor } from './actor.js';
import type { Authorizer } from './authorizer.js';
import {
  ACTION_PERMISSIONS,
  BUILTIN_ROLES,
  PERMISSIONS,
  SELF_SERVICE_ACTIONS,
  SYSTEM_ACTIONS,
  isPermission,
  type Permission,
} from './permissions.js';

/** Namespace value of a binding that applies everywhere. */
export const GLOBAL = '*';

/** What an actor may do: for each permission, the namespaces it holds it in ('*' = all). */
export type Grants = Map<Permission, Set<string>>;

/**
 * Role-based authorisation over stored bindings. Resolves an actor's bindings (their own and
 * their identity-provider groups'), expands roles (built-in or custom) into permissions, narrows
 * them by an API token's scopes, and answers "may this actor do this here?". Nothing is cached:
 * a revoked binding or role change applies to the next request.
 */
export class RoleAuthorizer implements Authorizer {
  constructor(private readonly db: Kysely<Database>) {}

  async authorize(actor: Actor, action: string, namespace?: string): Promise<void> {
    if (SYSTEM_ACTIONS.includes(action)) {
      if (actor.via === 'system') return;
      throw forbidden(actor, action, 'only Verity itself performs this change');
    }
    if (actor.via === 'system') return;
    if (SELF_SERVICE_ACTIONS.includes(action)) return;
    const permission = ACTION_PERMISSIONS[action];
    if (permission === undefined) {
      // A change nobody mapped to a permission is refused rather than let through unchecked.
      throw forbidden(actor, action, `no permission is defined for '${action}'`);
    }
    await this.require(actor, permission, namespace);
  }

  /** Throws FORBIDDEN unless the actor holds `permission` (in `namespace`, when given). */
  async require(actor: Actor, permission: Permission, namespace?: string): Promise<void> {
    if (actor.via === 'system') return;
    const grants = await this.grants(actor);
    if (!holds(grants, permission, namespace)) {
      throw new VerityError(
        'FORBIDDEN',
        `${actor.name} lacks the permission ${permission}${
          namespace !== undefined && PERMISSIONS[permission].namespaced
            ? ` in namespace '${namespace}'`
            : ''
        }`,
        { permission, ...(namespace === undefined ? {} : { namespace }) },
      );
    }
  }

  async may(actor: Actor, permission: Permission, namespace?: string): Promise<boolean> {
    if (actor.via === 'system') return true;
    return holds(await this.grants(actor), permission, namespace);
  }

  /** The roles an actor holds, by namespace (their own and their groups'), before token scopes. */
  async bindings(actor: Actor): Promise<ScopeRow[]> {
    const subjects = [`user:${actor.name}`, ...(actor.groups ?? []).map((g) => `group:${g}`)];
    const rows = await this.db
      .selectFrom('role_bindings')
      .select(['role', 'namespace'])
      .where('subject', 'in', subjects)
      .execute();
    return rows;
  }

  /**
   * The roles the actor holds in `namespace` (bound there or globally), narrowed by token
   * scopes. Used where a role itself counts, such as an approval quorum.
   */
  async heldRoles(actor: Actor, namespace: string): Promise<string[]> {
    const applies = (ns: string) => ns === GLOBAL || ns === namespace;
    const own = (await this.bindings(actor)).filter((b) => applies(b.namespace)).map((b) => b.role);
    if (actor.scopes === undefined || actor.scopes.length === 0) return [...new Set(own)].sort();
    const scoped = new Set(actor.scopes.filter((s) => applies(s.namespace)).map((s) => s.role));
    return [...new Set(own)].filter((r) => scoped.has(r)).sort();
  }

  /** Every permission the actor holds and where, after token scopes narrow it. */
  async grants(actor: Actor): Promise<Grants> {
    const bindings = await this.bindings(actor);
    const roles = await this.rolePermissions([
      ...bindings.map((b) => b.role),
      ...(actor.scopes ?? []).map((s) => s.role),
    ]);
    const own = expand(bindings, roles);
    if (actor.scopes === undefined || actor.scopes.length === 0) return own;
    const scoped = expand(actor.scopes, roles);
    const narrowed: Grants = new Map();
    for (const [permission, namespaces] of scoped) {
      const mine = own.get(permission);
      if (mine === undefined) continue;
      const kept = new Set<string>();
      for (const ns of namespaces) {
        if (ns === GLOBAL) {
          for (const m of mine) kept.add(m);
        } else if (mine.has(GLOBAL) || mine.has(ns)) {
          kept.add(ns);
        }
      }
      if (kept.size > 0) narrowed.set(permission, kept);
    }
    return narrowed;
  }

  /**
   * Refuses token scopes that would exceed what the actor holds: a token never widens access.
   * Each scope's role must exist and each of its permissions be held by the actor there.
   */
  async assertMayGrant(actor: Actor, scopes: readonly ScopeRow[]): Promise<void> {
    const grants = await this.grants(actor);
    const roles = await this.rolePermissions(scopes.map((s) => s.role));
    for (const scope of scopes) {
      const permissions = roles.get(scope.role);
      if (permissions === undefined) {
        throw new VerityError('VALIDATION_ERROR', `role '${scope.role}' does not exist`, {
          role: scope.role,
        });
      }
      for (const permission of permissions) {
        // A global-only permission bound in one namespace grants nothing there (see `expand`),
        // so a namespace scope does not need it either.
        if (!PERMISSIONS[permission].namespaced && scope.namespace !== GLOBAL) continue;
        const held = grants.get(permission);
        const ok =
          held !== undefined &&
          (held.has(GLOBAL) || (scope.namespace !== GLOBAL && held.has(scope.namespace)));
        if (!ok) {
          throw new VerityError(
            'FORBIDDEN',
            `a token cannot carry role '${scope.role}' in '${scope.namespace}': ${actor.name} lacks ${permission} there`,
            { role: scope.role, namespace: scope.namespace, permission },
          );
        }
      }
    }
  }

  /** Role name → permissions, for built-in roles and the stored custom roles named. */
  async rolePermissions(names: readonly string[]): Promise<Map<string, Permission[]>> {
    const result = new Map<string, Permission[]>();
    const custom: string[] = [];
    for (const name of new Set(names)) {
      const builtin = BUILTIN_ROLES.find((r) => r.name === name);
      if (builtin !== undefined) result.set(name, [...builtin.permissions]);
      else custom.push(name);
    }
    if (custom.length > 0) {
      const rows = await this.db
        .selectFrom('roles')
        .select(['name', 'permissions'])
        .where('name', 'in', custom)
        .execute();
      for (const row of rows) result.set(row.name, row.permissions.filter(isPermission));
    }
    return result;
  }
}

function expand(bindings: readonly ScopeRow[], roles: Map<string, Permission[]>): Grants {
  const grants: Grants = new Map();
  for (const binding of bindings) {
    for (const permission of roles.get(binding.role) ?? []) {
      // A global-only permission bound in a single namespace grants nothing (docs/security.md).
      if (!PERMISSIONS[permission].namespaced && binding.namespace !== GLOBAL) continue;
      let set = grants.get(permission);
      if (set === undefined) grants.set(permission, (set = new Set()));
      set.add(binding.namespace);
    }
  }
  return grants;
}

/**
 * Whether grants hold `permission` in `namespace`. Without a namespace, holding it anywhere is
 * enough for a namespaced permission (lists filter by namespace afterwards); a global permission
 * always needs a global binding.
 */
export function holds(grants: Grants, permission: Permission, namespace?: string): boolean {
  const namespaces = grants.get(permission);
  if (namespaces === undefined || namespaces.size === 0) return false;
  if (!PERMISSIONS[permission].namespaced) return namespaces.has(GLOBAL);
  if (namespace === undefined) return true;
  return namespaces.has(GLOBAL) || namespaces.has(namespace);
}

function forbidden(actor: Actor, action: string, why: string): VerityError {
  return new VerityError('FORBIDDEN', `${actor.name} may not perform ${action}: ${why}`, {
    action,
  });
}

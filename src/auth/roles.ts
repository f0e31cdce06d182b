import { z } from 'zod';
import { ACTOR_PATTERN, ConflictError, NotFoundError, VerityError, uuidv7 } from '../lib/index.js';
import { json } from '../store/index.js';
import type { Actor } from './actor.js';
import {
  ALL_PERMISSIONS,
  BUILTIN_ROLE_NAMES,
  BUILTIN_ROLES,
  type Permission,
} from './permissions.js';
import { GLOBAL } from './role-authorizer.js';
import type { ServiceContext } from './service-context.js';

const NAME = /^[a-z][a-z0-9-]{0,63}$/;

export const roleNameSchema = z
  .string()
  .regex(NAME, 'must be lowercase kebab-case, 1-64 characters');
export const namespaceNameSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, 'must be 1-64 lowercase letters, digits, ".", "_" or "-"');

export const roleInputSchema = z.object({
  name: roleNameSchema,
  description: z.string().max(1000).default(''),
  permissions: z
    .array(z.enum(ALL_PERMISSIONS as [Permission, ...Permission[]]))
    .min(1)
    .max(ALL_PERMISSIONS.length),
});
export type RoleInput = z.input<typeof roleInputSchema>;

export const roleSchema = z.object({
  name: z.string(),
  description: z.string(),
  permissions: z.array(z.string()),
  builtin: z.boolean(),
});
export type Role = z.infer<typeof roleSchema>;

/** `user:<name>` or `group:<name>`. */
export const bindingSubjectSchema = z
  .string()
  .regex(
    /^(user|group):[A-Za-z0-9][A-Za-z0-9._@+:/-]{0,127}$/,
    'must be user:<name> or group:<name>',
  );

export const bindingInputSchema = z.object({
  subject: bindingSubjectSchema,
  role: roleNameSchema,
  /** A namespace, or '*' for every namespace. */
  namespace: z.union([z.literal(GLOBAL), namespaceNameSchema]).default(GLOBAL),
});
export type BindingInput = z.input<typeof bindingInputSchema>;

export const bindingSchema = z.object({
  id: z.string(),
  subject: z.string(),
  role: z.string(),
  namespace: z.string(),
  createdAt: z.string(),
  createdBy: z.string(),
});
export type Binding = z.infer<typeof bindingSchema>;

export const namespaceInputSchema = z.object({
  name: namespaceNameSchema,
  description: z.string().max(1000).default(''),
});
export const namespaceSchema = z.object({
  name: z.string(),
  description: z.string(),
  createdAt: z.string(),
  createdBy: z.string(),
});
export type Namespace = z.infer<typeof namespaceSchema>;

/** Built-in roles first, then custom roles by name. */
export async function listRoles(ctx: ServiceContext): Promise<Role[]> {
  const rows = await ctx.db.selectFrom('roles').selectAll().orderBy('name').execute();
  return [
    ...BUILTIN_ROLES.map((r) => ({
      name: r.name,
      description: r.description,
      permissions: [...r.permissions],
      builtin: true,
    })),
    ...rows.map((r) => ({
      name: r.name,
      description: r.description,
      permissions: r.permissions,
      builtin: false,
    })),
  ];
}

export async function getRole(ctx: ServiceContext, name: string): Promise<Role> {
  const role = (await listRoles(ctx)).find((r) => r.name === name);
  if (role === undefined) throw new NotFoundError('role', name);
  return role;
}

/** Creates or replaces a custom role. Built-in role names are refused. */
export async function putRole(ctx: ServiceContext, actor: Actor, input: RoleInput): Promise<Role> {
  const role = roleInputSchema.parse(input);
  if (BUILTIN_ROLE_NAMES.includes(role.name)) {
    throw new ConflictError(`'${role.name}' is a built-in role and cannot be changed`, {
      role: role.name,
    });
  }
  const permissions = [...new Set(role.permissions)].sort();
  await ctx.committer.commit(actor, 'role.write', async (tx, now) => {
    const existing = await tx
      .selectFrom('roles')
      .select(['permissions', 'description'])
      .where('name', '=', role.name)
      .forUpdate()
      .executeTakeFirst();
    if (existing === undefined) {
      await tx
        .insertInto('roles')
        .values({
          name: role.name,
          description: role.description,
          permissions: json(permissions),
          created_at: now,
          created_by: actor.name,
          updated_at: now,
        })
        .execute();
    } else {
      await tx
        .updateTable('roles')
        .set({ description: role.description, permissions: json(permissions), updated_at: now })
        .where('name', '=', role.name)
        .execute();
    }
    return {
      result: undefined,
      events: [
        {
          type: existing === undefined ? 'role-created' : 'role-updated',
          subject: { kind: 'role', id: role.name },
          payload: { name: role.name, description: role.description, permissions },
        },
      ],
    };
  });
  return { name: role.name, description: role.description, permissions, builtin: false };
}

/** Deletes a custom role that no binding uses. */
export async function deleteRole(ctx: ServiceContext, actor: Actor, name: string): Promise<void> {
  if (BUILTIN_ROLE_NAMES.includes(name)) {
    throw new ConflictError(`'${name}' is a built-in role and cannot be deleted`, { role: name });
  }
  await ctx.committer.commit(actor, 'role.delete', async (tx) => {
    const deleted = await tx.deleteFrom('roles').where('name', '=', name).executeTakeFirst();
    if (deleted.numDeletedRows === 0n) throw new NotFoundError('role', name);
    const used = await tx
      .selectFrom('role_bindings')
      .select('id')
      .where('role', '=', name)
      .executeTakeFirst();
    if (used !== undefined) {
      throw new ConflictError(`role '${name}' is still bound; remove its bindings first`, {
        role: name,
      });
    }
    return {
      result: undefined,
      events: [{ type: 'role-deleted', subject: { kind: 'role', id: name }, payload: { name } }],
    };
  });
}

export async function listBindings(
  ctx: ServiceContext,
  filter: { subject?: string; role?: string; namespace?: string } = {},
): Promise<Binding[]> {
  let query = ctx.db.selectFrom('role_bindings').selectAll();
  if (filter.subject !== undefined) query = query.where('subject', '=', filter.subject);
  if (filter.role !== undefined) query = query.where('role', '=', filter.role);
  if (filter.namespace !== undefined) query = query.where('namespace', '=', filter.namespace);
  const rows = await query.orderBy('subject').orderBy('namespace').orderBy('role').execute();
  return rows.map(bindingOut);
}

/** Binds a role to a user or group, in one namespace or globally. Binding twice is a no-op. */
export async function bindRole(
  ctx: ServiceContext,
  actor: Actor,
  input: BindingInput,
): Promise<Binding> {
  const binding = bindingInputSchema.parse(input);
  const name = binding.subject.slice(binding.subject.indexOf(':') + 1);
  if (binding.subject.startsWith('user:') && !ACTOR_PATTERN.test(name)) {
    throw new VerityError('VALIDATION_ERROR', `'${name}' is not a valid user name`);
  }
  const roleExists =
    BUILTIN_ROLE_NAMES.includes(binding.role) ||
    (await ctx.db
      .selectFrom('roles')
      .select('name')
      .where('name', '=', binding.role)
      .executeTakeFirst()) !== undefined;
  if (!roleExists) throw new NotFoundError('role', binding.role);
  const existing = await ctx.db
    .selectFrom('role_bindings')
    .selectAll()
    .where('subject', '=', binding.subject)
    .where('role', '=', binding.role)
    .where('namespace', '=', binding.namespace)
    .executeTakeFirst();
  if (existing !== undefined) return bindingOut(existing);
  const id = uuidv7(ctx.clock, ctx.random);
  return ctx.committer.commit(
    actor,
    'role-binding.write',
    async (tx, now) => {
      await tx
        .insertInto('role_bindings')
        .values({ id, ...binding, created_at: now, created_by: actor.name })
        .execute();
      return {
        result: bindingOut({ id, ...binding, created_at: now, created_by: actor.name }),
        events: [
          {
            type: 'role-bound',
            subject: { kind: 'role-binding', id },
            payload: { ...binding },
          },
        ],
      };
    },
    binding.namespace === GLOBAL ? {} : { namespace: binding.namespace },
  );
}

/** Removes a binding; the change applies to the subject's next request. */
export async function unbindRole(
  ctx: ServiceContext,
  actor: Actor,
  input: BindingInput,
): Promise<void> {
  const binding = bindingInputSchema.parse(input);
  await ctx.committer.commit(actor, 'role-binding.delete', async (tx) => {
    const row = await tx
      .deleteFrom('role_bindings')
      .where('subject', '=', binding.subject)
      .where('role', '=', binding.role)
      .where('namespace', '=', binding.namespace)
      .returning('id')
      .executeTakeFirst();
    if (row === undefined) {
      throw new NotFoundError(
        'role binding',
        `${binding.subject} ${binding.role} ${binding.namespace}`,
      );
    }
    // The last global admin cannot be removed: Verity would have no one left to manage it.
    if (binding.role === 'admin' && binding.namespace === GLOBAL) {
      const left = await tx
        .selectFrom('role_bindings')
        .select('id')
        .where('role', '=', 'admin')
        .where('namespace', '=', GLOBAL)
        .where('subject', 'like', 'user:%')
        .executeTakeFirst();
      if (left === undefined) {
        throw new ConflictError('cannot remove the last global admin binding');
      }
    }
    return {
      result: undefined,
      events: [
        {
          type: 'role-unbound',
          subject: { kind: 'role-binding', id: row.id },
          payload: { ...binding },
        },
      ],
    };
  });
}

export async function listNamespaces(ctx: ServiceContext): Promise<Namespace[]> {
  const rows = await ctx.db.selectFrom('namespaces').selectAll().orderBy('name').execute();
  return rows.map((r) => ({
    name: r.name,
    description: r.description,
    createdAt: r.created_at.toISOString(),
    createdBy: r.created_by,
  }));
}

/** Creates a namespace (a team), or updates its description. */
export async function putNamespace(
  ctx: ServiceContext,
  actor: Actor,
  input: z.input<typeof namespaceInputSchema>,
): Promise<Namespace> {
  const ns = namespaceInputSchema.parse(input);
  return ctx.committer.commit(actor, 'namespace.write', async (tx, now) => {
    const existing = await tx
      .selectFrom('namespaces')
      .selectAll()
      .where('name', '=', ns.name)
      .forUpdate()
      .executeTakeFirst();
    if (existing === undefined) {
      await tx
        .insertInto('namespaces')
        .values({
          name: ns.name,
          description: ns.description,
          created_at: now,
          created_by: actor.name,
        })
        .execute();
    } else {
      await tx
        .updateTable('namespaces')
        .set({ description: ns.description })
        .where('name', '=', ns.name)
        .execute();
    }
    const createdAt = existing?.created_at ?? now;
    return {
      result: {
        name: ns.name,
        description: ns.description,
        createdAt: createdAt.toISOString(),
        createdBy: existing?.created_by ?? actor.name,
      },
      events: [
        {
          type: existing === undefined ? 'namespace-created' : 'namespace-updated',
          subject: { kind: 'namespace', id: ns.name },
          payload: { ...ns },
        },
      ],
    };
  });
}

function bindingOut(row: {
  id: string;
  subject: string;
  role: string;
  namespace: string;
  created_at: Date;
  created_by: string;
}): Binding {
  return {
    id: row.id,
    subject: row.subject,
    role: row.role,
    namespace: row.namespace,
    createdAt: row.created_at.toISOString(),
    createdBy: row.created_by,
  };
}

export type { Permission };

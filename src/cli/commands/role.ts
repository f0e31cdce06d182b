import type { Command } from 'commander';
import { ApiError, type Permission, type Role } from '../../client/index.js';
import { contextOf } from '../context.js';
import { CliError } from '../errors.js';
import { parseNameList, subjectOf } from '../governance-args.js';
import { bindingLine, bindingsTable, roleDetail, rolesTable } from '../governance-format.js';

interface SubjectOptions {
  user?: string;
  group?: string;
  namespace?: string;
}

/**
 * `verity role list|show|set|delete|bind|unbind|bindings`: roles are sets of permissions;
 * a binding gives one to a user or group, in one namespace or in all (`*`).
 */
export function registerRoleCommands(program: Command): void {
  const role = program
    .command('role')
    .description('manage roles and who holds them (role bindings)');

  role
    .command('list')
    .description('built-in and custom roles with their permissions')
    .action(async (_options: unknown, command: Command) => {
      const ctx = contextOf(command);
      const items = await ctx.client.access.listRoles();
      ctx.out.result({ items }, () => rolesTable(items));
    });

  role
    .command('show')
    .description('one role')
    .argument('<name>', 'the role')
    .action(async (name: string, _options: unknown, command: Command) => {
      const ctx = contextOf(command);
      const found = await ctx.client.access.getRole(name);
      ctx.out.result(found, () => roleDetail(found));
    });

  role
    .command('set')
    .description('create or change a custom role; options not given keep their current values')
    .argument('<name>', 'lowercase kebab-case; built-in role names are refused')
    .option(
      '--permissions <a,b>',
      'its permissions (see `verity whoami --json` or docs/permissions.md); required to create',
    )
    .option('--description <text>', 'what the role is for')
    .action(
      async (
        name: string,
        options: { permissions?: string; description?: string },
        command: Command,
      ) => {
        const ctx = contextOf(command);
        const current = await findRole(ctx.client.access, name);
        const permissions =
          options.permissions === undefined
            ? current?.permissions
            : parseNameList(options.permissions, 'permission');
        if (permissions === undefined) {
          throw new CliError('VALIDATION_ERROR', '--permissions is required to create a role', {
            option: '--permissions',
          });
        }
        const saved = await ctx.client.access.putRole(name, {
          // The server checks each name against the permission vocabulary.
          permissions: permissions as Permission[],
          description: options.description ?? current?.description ?? '',
        });
        ctx.out.result(
          saved,
          () =>
            `${current === undefined ? 'Created' : 'Updated'} role ${saved.name}\n${roleDetail(saved)}`,
        );
      },
    );

  role
    .command('delete')
    .description('delete a custom role that no binding uses')
    .argument('<name>', 'the role')
    .action(async (name: string, _options: unknown, command: Command) => {
      const ctx = contextOf(command);
      await ctx.client.access.deleteRole(name);
      ctx.out.result({ deleted: name }, () => `Deleted role ${name}`);
    });

  const subjectCommand = (verb: 'bind' | 'unbind', description: string) =>
    role
      .command(verb)
      .description(description)
      .argument('<role>', 'the role')
      .option('--user <name>', 'a user')
      .option('--group <name>', 'a group (from OIDC)')
      .option('--namespace <ns>', 'only in this namespace (default: every namespace, *)');

  subjectCommand('bind', 'give a role to a user or group').action(
    async (roleName: string, options: SubjectOptions, command: Command) => {
      const ctx = contextOf(command);
      const binding = await ctx.client.access.bindRole(bindingOf(roleName, options));
      ctx.out.result(binding, () => `Bound ${bindingLine(binding)}`);
    },
  );

  subjectCommand(
    'unbind',
    'take a role away from a user or group (applies from their next request)',
  ).action(async (roleName: string, options: SubjectOptions, command: Command) => {
    const ctx = contextOf(command);
    const binding = bindingOf(roleName, options);
    await ctx.client.access.unbindRole(binding);
    ctx.out.result({ removed: binding }, () => `Removed ${bindingLine(binding)}`);
  });

  role
    .command('bindings')
    .description('role bindings, filtered by subject, role or namespace')
    .option('--user <name>', 'only this user’s')
    .option('--group <name>', 'only this group’s')
    .option('--role <role>', 'only this role')
    .option('--namespace <ns>', 'only this namespace (* for global bindings)')
    .action(async (options: SubjectOptions & { role?: string }, command: Command) => {
      const ctx = contextOf(command);
      const subject =
        options.user === undefined && options.group === undefined ? undefined : subjectOf(options);
      const items = await ctx.client.access.listBindings({
        ...(subject === undefined ? {} : { subject }),
        ...(options.role === undefined ? {} : { role: options.role }),
        ...(options.namespace === undefined ? {} : { namespace: options.namespace }),
      });
      ctx.out.result({ items }, () => bindingsTable(items));
    });
}

function bindingOf(
  role: string,
  options: SubjectOptions,
): { subject: string; role: string; namespace: string } {
  return { subject: subjectOf(options), role, namespace: options.namespace ?? '*' };
}

async function findRole(
  access: { getRole(name: string): Promise<Role> },
  name: string,
): Promise<Role | undefined> {
  try {
    return await access.getRole(name);
  } catch (error) {
    if (error instanceof ApiError && error.code === 'NOT_FOUND') return undefined;
    throw error;
  }
}

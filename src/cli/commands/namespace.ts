import type { Command } from 'commander';
import { contextOf } from '../context.js';
import { namespacesTable } from '../governance-format.js';

/** `verity namespace list|set`: namespaces (teams) scope models and role bindings. */
export function registerNamespaceCommands(program: Command): void {
  const namespace = program.command('namespace').description('list and create namespaces (teams)');

  namespace
    .command('list')
    .description('every namespace')
    .action(async (_options: unknown, command: Command) => {
      const ctx = contextOf(command);
      const items = await ctx.client.access.listNamespaces();
      ctx.out.result({ items }, () => namespacesTable(items));
    });

  namespace
    .command('set')
    .description('create a namespace or change its description')
    .argument('<name>', '1-64 lowercase letters, digits, ".", "_" or "-"')
    .option('--description <text>', 'what the team or namespace is')
    .action(async (name: string, options: { description?: string }, command: Command) => {
      const ctx = contextOf(command);
      const saved = await ctx.client.access.putNamespace(
        name,
        options.description === undefined ? {} : { description: options.description },
      );
      ctx.out.result(saved, () => `Namespace ${saved.name}: ${saved.description || '-'}`);
    });
}

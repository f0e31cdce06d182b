import type { Command } from 'commander';
import { nameArg } from '../args.js';
import { contextOf } from '../context.js';
import { aliasHistoryTable } from '../format.js';

/** `verity alias set|remove|history`: movable names (champion, staging) for versions. */
export function registerAliasCommands(program: Command): void {
  const alias = program.command('alias').description('point named aliases at model versions');

  alias
    .command('set')
    .description('point an alias at a version (moving it if it exists)')
    .argument('<model>', '[namespace/]name')
    .argument('<alias>', 'lowercase name starting with a letter, e.g. champion')
    .argument('<version>', 'sequence number, semantic version or another alias')
    .action(async (model: string, name: string, version: string, _o: unknown, command: Command) => {
      const ctx = contextOf(command);
      const target = await ctx.client.setAlias(nameArg(model, 'model'), name, version);
      ctx.out.result(
        target,
        () => `${target.model}@${name} -> ${target.label} (#${target.seq}, ${target.id})`,
      );
    });

  alias
    .command('remove')
    .description('remove an alias (its history is kept)')
    .argument('<model>', '[namespace/]name')
    .argument('<alias>', 'the alias to remove')
    .action(async (model: string, name: string, _options: unknown, command: Command) => {
      const ctx = contextOf(command);
      const ref = nameArg(model, 'model');
      await ctx.client.removeAlias(ref, name);
      ctx.out.result(
        { model: ref, alias: name, removed: true },
        () => `Removed alias ${name} from ${ref}`,
      );
    });

  alias
    .command('history')
    .description('every alias change of a model, newest first')
    .argument('<model>', '[namespace/]name')
    .option('--alias <alias>', 'only this alias')
    .action(async (model: string, options: { alias?: string }, command: Command) => {
      const ctx = contextOf(command);
      const items = await ctx.client.aliasHistory(nameArg(model, 'model'), options.alias);
      ctx.out.result({ items }, () => aliasHistoryTable(items));
    });
}

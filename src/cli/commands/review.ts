import type { Command } from 'commander';
import { contextOf } from '../context.js';
import { CliError } from '../errors.js';
import { reviewItemsTable } from '../governance-format.js';

/** `verity review list|resolve`: what someone must look at after the fact (break-glass). */
export function registerReviewCommands(program: Command): void {
  const review = program
    .command('review')
    .description('review items opened by break-glass overrides');

  review
    .command('list')
    .description('review items, newest first')
    .option('--open', 'only open items')
    .option('--resolved', 'only resolved items')
    .action(async (options: { open?: boolean; resolved?: boolean }, command: Command) => {
      const ctx = contextOf(command);
      if (options.open === true && options.resolved === true) {
        throw new CliError('VALIDATION_ERROR', 'give at most one of --open and --resolved', {});
      }
      const items = await ctx.client.governance.listReviewItems(
        options.open === true
          ? { status: 'open' }
          : options.resolved === true
            ? { status: 'resolved' }
            : {},
      );
      ctx.out.result({ items }, () => reviewItemsTable(items));
    });

  review
    .command('resolve')
    .description('close a review item with what the review found')
    .argument('<id>', 'the review item id')
    .requiredOption('--resolution <text>', 'what the review found (required)')
    .action(async (id: string, options: { resolution: string }, command: Command) => {
      const ctx = contextOf(command);
      const item = await ctx.client.governance.resolveReviewItem(id, {
        resolution: options.resolution,
      });
      ctx.out.result(item, () => `Resolved review item ${item.id}: ${item.resolution ?? ''}`);
    });
}

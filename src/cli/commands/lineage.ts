import type { Command } from 'commander';
import { parseRefArg } from '../args.js';
import { contextOf } from '../context.js';
import { CliError } from '../errors.js';
import { datasetLineageTree, versionLineageTree } from '../format.js';

/** `verity lineage show`: upstream of a model version, or downstream of a dataset version. */
export function registerLineageCommands(program: Command): void {
  const lineage = program.command('lineage').description('trace where models came from');

  lineage
    .command('show')
    .description(
      'show what a model version was built from, or (--dataset) what was built from a dataset version',
    )
    .argument('[model@ref]', 'a model version; ref defaults to latest')
    .option('--dataset <dataset@ref>', 'show the runs and model versions downstream of this')
    .action(async (text: string | undefined, options: { dataset?: string }, command: Command) => {
      const ctx = contextOf(command);
      if ((text === undefined) === (options.dataset === undefined)) {
        throw new CliError(
          'USAGE_ERROR',
          'give either a model version (lineage show model@ref) or --dataset dataset@ref',
        );
      }
      if (options.dataset !== undefined) {
        const ref = parseRefArg(options.dataset, { kind: 'dataset', ref: 'optional' });
        const found = await ctx.client.datasetLineage(ref.name, ref.ref ?? 'latest');
        ctx.out.result(found, () => datasetLineageTree(found));
        return;
      }
      const ref = parseRefArg(text!, { kind: 'model', ref: 'optional' });
      const found = await ctx.client.versionLineage(ref.name, ref.ref ?? 'latest');
      ctx.out.result(found, () => versionLineageTree(found));
    });
}

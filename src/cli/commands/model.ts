import type { Command } from 'commander';
import { collect, nameArg, parseTags } from '../args.js';
import { contextOf } from '../context.js';
import { modelDetail, modelRef, modelsTable } from '../format.js';
import { addPagingOptions, fetchPages, noteMore, type PagingOptions } from '../paging.js';

interface CreateOptions {
  namespace?: string;
  description?: string;
  owner?: string;
  useCase?: string;
  riskTier?: string;
  tag?: string[];
}

interface ListOptions extends PagingOptions {
  q?: string;
  namespace?: string;
  owner?: string;
  riskTier?: string;
  tag?: string;
}

/** `verity model create|list|show`. */
export function registerModelCommands(program: Command): void {
  const model = program.command('model').description('register and find models');

  model
    .command('create')
    .description('register a new model (a name that versions are registered under)')
    .argument('<name>', 'model name (letters, digits, ".", "_", "-")')
    .option('--namespace <ns>', 'namespace (default: "default")')
    .option('--description <text>', 'what the model does')
    .option('--owner <owner>', 'accountable owner (default: you)')
    .option('--use-case <text>', 'the business use it serves')
    .option('--risk-tier <tier>', 'risk classification, e.g. high, limited, minimal')
    .option('--tag <k=v>', 'a tag; repeat for more', collect)
    .action(async (name: string, options: CreateOptions, command: Command) => {
      const ctx = contextOf(command);
      const created = await ctx.client.createModel({
        name,
        ...(options.namespace === undefined ? {} : { namespace: options.namespace }),
        ...(options.description === undefined ? {} : { description: options.description }),
        ...(options.owner === undefined ? {} : { owner: options.owner }),
        ...(options.useCase === undefined ? {} : { useCase: options.useCase }),
        ...(options.riskTier === undefined ? {} : { riskTier: options.riskTier }),
        ...(options.tag === undefined ? {} : { tags: parseTags(options.tag) }),
      });
      ctx.out.result(created, () => `Created model ${modelRef(created)} (${created.id})`);
    });

  addPagingOptions(
    model
      .command('list')
      .description('list models, by name')
      .option('--q <text>', 'name contains (case-insensitive)')
      .option('--namespace <ns>', 'only this namespace')
      .option('--owner <owner>', 'only this owner')
      .option('--risk-tier <tier>', 'only this risk tier')
      .option('--tag <k[=v]>', 'has this tag (with this value)'),
  ).action(async (options: ListOptions, command: Command) => {
    const ctx = contextOf(command);
    const filter = {
      ...(options.q === undefined ? {} : { q: options.q }),
      ...(options.namespace === undefined ? {} : { namespace: options.namespace }),
      ...(options.owner === undefined ? {} : { owner: options.owner }),
      ...(options.riskTier === undefined ? {} : { riskTier: options.riskTier }),
      ...(options.tag === undefined ? {} : { tag: options.tag }),
    };
    const page = await fetchPages((q) => ctx.client.listModels({ ...filter, ...q }), options);
    ctx.out.result(page, () => modelsTable(page.items));
    noteMore(ctx.out, page);
  });

  model
    .command('show')
    .description('show one model')
    .argument('<model>', '[namespace/]name, or the model id')
    .action(async (ref: string, _options: unknown, command: Command) => {
      const ctx = contextOf(command);
      const found = await ctx.client.getModel(nameArg(ref, 'model'));
      ctx.out.result(found, () => modelDetail(found));
    });
}

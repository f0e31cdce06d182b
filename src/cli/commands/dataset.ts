import type { Command } from 'commander';
import { collect, intOption, nameArg, parseColumns, parseRefArg, parseTags } from '../args.js';
import { contextOf } from '../context.js';
import { hashFiles, pickFiles } from '../files.js';
import {
  datasetDetail,
  datasetsTable,
  datasetVersionDetail,
  filesTable,
  modelRef,
} from '../format.js';
import { addPagingOptions, fetchPages, noteMore, type PagingOptions } from '../paging.js';
import { progressFor } from '../progress.js';

interface CreateOptions {
  namespace?: string;
  description?: string;
  owner?: string;
  tag?: string[];
}

interface RegisterOptions {
  label: string;
  base?: string;
  columns?: string;
  rows?: number;
  source?: string;
  tag?: string[];
}

interface ListOptions extends PagingOptions {
  q?: string;
  namespace?: string;
  owner?: string;
  tag?: string;
}

/** `verity dataset create|register|list|show`. */
export function registerDatasetCommands(program: Command): void {
  const dataset = program.command('dataset').description('register datasets and their versions');

  dataset
    .command('create')
    .description('register a new dataset')
    .argument('<name>', 'dataset name (letters, digits, ".", "_", "-")')
    .option('--namespace <ns>', 'namespace (default: "default")')
    .option('--description <text>', 'what the data is')
    .option('--owner <owner>', 'accountable owner (default: you)')
    .option('--tag <k=v>', 'a tag; repeat for more', collect)
    .action(async (name: string, options: CreateOptions, command: Command) => {
      const ctx = contextOf(command);
      const created = await ctx.client.createDataset({
        name,
        ...(options.namespace === undefined ? {} : { namespace: options.namespace }),
        ...(options.description === undefined ? {} : { description: options.description }),
        ...(options.owner === undefined ? {} : { owner: options.owner }),
        ...(options.tag === undefined ? {} : { tags: parseTags(options.tag) }),
      });
      ctx.out.result(created, () => `Created dataset ${modelRef(created)} (${created.id})`);
    });

  dataset
    .command('register')
    .description(
      'record a dataset version by the digests of local files; the files are not uploaded (they stay in your storage)',
    )
    .argument('<dataset>', '[namespace/]name of an existing dataset')
    .argument('<files...>', 'files and directories (directories are walked recursively)')
    .requiredOption('--label <label>', 'version label, e.g. 2026-03 or v4')
    .option('--base <dir>', 'record file paths relative to this directory')
    .option('--columns <name:type,...>', 'the schema, e.g. id:int64,amount:float64')
    .option('--rows <n>', 'number of rows', intOption(0, Number.MAX_SAFE_INTEGER))
    .option('--source <uri>', 'where the data lives, e.g. s3://bucket/loans/2026-03/')
    .option('--tag <k=v>', 'a tag; repeat for more', collect)
    .action(async (name: string, inputs: string[], options: RegisterOptions, command: Command) => {
      const ctx = contextOf(command);
      const ref = nameArg(name, 'dataset');
      const columns = options.columns === undefined ? undefined : parseColumns(options.columns);
      const tags = options.tag === undefined ? undefined : parseTags(options.tag);
      const files = await hashFiles(
        await pickFiles(inputs, options.base),
        progressFor(ctx.interactive),
      );
      const registered = await ctx.client.registerDatasetVersion(ref, {
        label: options.label,
        files: files.map(({ path, size, digest }) => ({ path, size, digest })),
        ...(columns === undefined ? {} : { columns }),
        ...(options.rows === undefined ? {} : { rowCount: options.rows }),
        ...(options.source === undefined ? {} : { sourceUri: options.source }),
        ...(tags === undefined ? {} : { tags }),
      });
      ctx.out.result(registered, () =>
        [
          `Registered ${registered.dataset}@${registered.label} (#${registered.seq}, ${registered.id})`,
          `digest ${registered.digest}`,
          '',
          filesTable(registered.files),
        ].join('\n'),
      );
    });

  addPagingOptions(
    dataset
      .command('list')
      .description('list datasets, by name')
      .option('--q <text>', 'name contains (case-insensitive)')
      .option('--namespace <ns>', 'only this namespace')
      .option('--owner <owner>', 'only this owner')
      .option('--tag <k[=v]>', 'has this tag (with this value)'),
  ).action(async (options: ListOptions, command: Command) => {
    const ctx = contextOf(command);
    const filter = {
      ...(options.q === undefined ? {} : { q: options.q }),
      ...(options.namespace === undefined ? {} : { namespace: options.namespace }),
      ...(options.owner === undefined ? {} : { owner: options.owner }),
      ...(options.tag === undefined ? {} : { tag: options.tag }),
    };
    const page = await fetchPages((q) => ctx.client.listDatasets({ ...filter, ...q }), options);
    ctx.out.result(page, () => datasetsTable(page.items));
    noteMore(ctx.out, page);
  });

  dataset
    .command('show')
    .description('show a dataset and its versions, or one version with @ref')
    .argument('<dataset[@ref]>', 'ref: sequence number, label or latest')
    .action(async (text: string, _options: unknown, command: Command) => {
      const ctx = contextOf(command);
      const ref = parseRefArg(text, { kind: 'dataset', ref: 'optional' });
      if (ref.ref !== undefined) {
        const version = await ctx.client.getDatasetVersion(ref.name, ref.ref);
        ctx.out.result(version, () => datasetVersionDetail(version));
        return;
      }
      const found = await ctx.client.getDataset(ref.name);
      if (ctx.out.json) {
        ctx.out.result(found, () => '');
        return;
      }
      // People also get the recent versions; JSON keeps the API's dataset record as is.
      const versions = await ctx.client.listDatasetVersions(ref.name, { limit: 20 });
      ctx.out.result(found, () => datasetDetail(found, versions.items));
      if (versions.nextCursor !== null) ctx.out.note('(showing the 20 newest versions)');
    });
}

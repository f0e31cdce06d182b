import { Option, type Command } from 'commander';
import { isSemver } from '../../lib/index.js';
import { MODEL_FORMATS } from '../../registry/schemas.js';
import { collect, nameArg, parseMetrics, parseParams, parseRefArg, parseTags } from '../args.js';
import { contextOf } from '../context.js';
import { CliError } from '../errors.js';
import { filesTable, versionDetail, versionsTable } from '../format.js';
import { hashFiles, pickFiles } from '../files.js';
import { formatBytes } from '../output.js';
import { addPagingOptions, fetchPages, noteMore, type PagingOptions } from '../paging.js';
import { progressFor } from '../progress.js';
import { downloadVersion, uploadMissing } from '../transfer.js';

interface RegisterOptions {
  label: string;
  format: (typeof MODEL_FORMATS)[number];
  base?: string;
  run?: string;
  metric?: string[];
  param?: string[];
  tag?: string[];
  description?: string;
}

/** `verity version register|list|show|download`. */
export function registerVersionCommands(program: Command): void {
  const version = program
    .command('version')
    .description('register, inspect and fetch model versions');

  version
    .command('register')
    .description(
      'hash local files, upload the ones the server lacks, and register them as an immutable version',
    )
    .argument('<model>', '[namespace/]name of an existing model')
    .argument('<files...>', 'files and directories (directories are walked recursively)')
    .requiredOption('--label <semver>', 'semantic version, e.g. 1.0.0')
    .addOption(
      new Option('--format <format>', 'artifact format')
        .choices(MODEL_FORMATS)
        .makeOptionMandatory(),
    )
    .option('--base <dir>', 'record file paths relative to this directory')
    .option('--run <id>', 'the run that produced this version (lineage)')
    .option('--metric <k=v>', 'an evaluation metric (number); repeat for more', collect)
    .option('--param <k=v>', 'a parameter; repeat for more', collect)
    .option('--tag <k=v>', 'a tag; repeat for more', collect)
    .option('--description <text>', 'what changed in this version')
    .action(async (model: string, inputs: string[], options: RegisterOptions, command: Command) => {
      const ctx = contextOf(command);
      const name = nameArg(model, 'model');
      // Parse every flag before touching files or the network: a typo costs nothing.
      const metrics = options.metric === undefined ? undefined : parseMetrics(options.metric);
      const params = options.param === undefined ? undefined : parseParams(options.param);
      const tags = options.tag === undefined ? undefined : parseTags(options.tag);
      if (!isSemver(options.label)) {
        throw new CliError(
          'VALIDATION_ERROR',
          `--label '${options.label}' must be a semantic version such as 1.2.0`,
          { label: options.label },
        );
      }
      // Fail on an unknown model before spending time hashing and uploading.
      await ctx.client.getModel(name);
      const progress = progressFor(ctx.interactive);
      const files = await hashFiles(await pickFiles(inputs, options.base), progress);
      const { uploaded, present } = await uploadMissing(ctx.client, files, progress);
      const registered = await ctx.client.registerVersion(name, {
        label: options.label,
        format: options.format,
        files: files.map(({ path, size, digest }) => ({ path, size, digest })),
        ...(options.description === undefined ? {} : { description: options.description }),
        ...(options.run === undefined ? {} : { runId: options.run }),
        ...(metrics === undefined ? {} : { metrics }),
        ...(params === undefined ? {} : { params }),
        ...(tags === undefined ? {} : { tags }),
      });
      ctx.out.result(registered, () =>
        [
          `Registered ${registered.model}@${registered.label} (#${registered.seq}, ${registered.id})`,
          `${files.length} file(s), ${formatBytes(files.reduce((s, f) => s + f.size, 0))}: ${uploaded} uploaded, ${present} already stored`,
          '',
          filesTable(registered.files),
        ].join('\n'),
      );
    });

  addPagingOptions(
    version
      .command('list')
      .description('list a model’s versions, newest first')
      .argument('<model>', '[namespace/]name'),
  ).action(async (model: string, options: PagingOptions, command: Command) => {
    const ctx = contextOf(command);
    const name = nameArg(model, 'model');
    const page = await fetchPages((q) => ctx.client.listVersions(name, q), options);
    ctx.out.result(page, () => versionsTable(page.items));
    noteMore(ctx.out, page);
  });

  version
    .command('show')
    .description('show one version with its files and digests')
    .argument('<model@ref>', 'ref: sequence number, semantic version, alias or latest (default)')
    .action(async (text: string, _options: unknown, command: Command) => {
      const ctx = contextOf(command);
      const ref = parseRefArg(text, { kind: 'model', ref: 'optional' });
      const found = await ctx.client.getVersion(ref.name, ref.ref ?? 'latest');
      ctx.out.result(found, () => versionDetail(found));
    });

  version
    .command('download')
    .description('download every file of a version, verifying each size and digest; all or nothing')
    .argument('<model@ref>', 'the version to fetch (a ref is required)')
    .requiredOption('--out <dir>', 'directory to write into (created if missing)')
    .action(async (text: string, options: { out: string }, command: Command) => {
      const ctx = contextOf(command);
      const ref = parseRefArg(text, { kind: 'model', ref: 'required' });
      const found = await ctx.client.getVersion(ref.name, ref.ref ?? 'latest');
      const written = await downloadVersion(
        ctx.client,
        ref.name,
        found,
        options.out,
        progressFor(ctx.interactive),
      );
      ctx.out.result({ version: found, out: options.out, files: written }, () =>
        [
          `Downloaded ${found.model}@${found.label} (#${found.seq}) to ${options.out}: ${written.length} file(s), ${formatBytes(written.reduce((s, f) => s + f.size, 0))}, every size and digest verified`,
          '',
          filesTable(written),
        ].join('\n'),
      );
    });
}

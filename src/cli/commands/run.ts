import { readFile } from 'node:fs/promises';
import { Option, type Command } from 'commander';
import { RUN_STATUSES } from '../../registry/schemas.js';
import { contextOf } from '../context.js';
import { CliError } from '../errors.js';
import { runDetail, runsTable } from '../format.js';
import { addPagingOptions, fetchPages, noteMore, type PagingOptions } from '../paging.js';
import { runInputFromYaml } from '../run-yaml.js';

interface ListOptions extends PagingOptions {
  status?: (typeof RUN_STATUSES)[number];
  q?: string;
}

/** `verity run log|show|list`. */
export function registerRunCommands(program: Command): void {
  const run = program.command('run').description('log and inspect training runs');

  run
    .command('log')
    .description('log a training run described in a YAML file (see docs/cli.md for the format)')
    .argument('<file.yaml>', 'the run file, or - to read it from stdin')
    .action(async (file: string, _options: unknown, command: Command) => {
      const ctx = contextOf(command);
      const text = file === '-' ? await readStdin() : await readRunFile(file);
      const input = runInputFromYaml(text, file === '-' ? 'stdin' : file);
      const logged = await ctx.client.createRun(input);
      ctx.out.result(logged, () => logged.id);
    });

  run
    .command('show')
    .description('show one run')
    .argument('<id>', 'the run id')
    .action(async (id: string, _options: unknown, command: Command) => {
      const ctx = contextOf(command);
      const found = await ctx.client.getRun(id);
      ctx.out.result(found, () => runDetail(found));
    });

  addPagingOptions(
    run
      .command('list')
      .description('list runs, newest first')
      .addOption(new Option('--status <status>', 'only runs in this state').choices(RUN_STATUSES))
      .option('--q <text>', 'name contains'),
  ).action(async (options: ListOptions, command: Command) => {
    const ctx = contextOf(command);
    const filter = {
      ...(options.status === undefined ? {} : { status: options.status }),
      ...(options.q === undefined ? {} : { q: options.q }),
    };
    const page = await fetchPages((q) => ctx.client.listRuns({ ...filter, ...q }), options);
    ctx.out.result(page, () => runsTable(page.items));
    noteMore(ctx.out, page);
  });
}

async function readRunFile(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new CliError('NOT_FOUND', `run file '${path}' does not exist`, { path });
    }
    throw error;
  }
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

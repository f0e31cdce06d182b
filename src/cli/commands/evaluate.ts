import { writeFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { InvalidArgumentError, Option, type Command } from 'commander';
import type { EvaluationView } from '../../client/index.js';
import { parseRefArg, intOption } from '../args.js';
import { contextOf, type CliContext } from '../context.js';
import { CliError } from '../errors.js';
import { evaluationText, evaluationsTable } from '../evaluation-format.js';
import { hashFile } from '../files.js';
import { progressFor } from '../progress.js';
import { uploadMissing } from '../transfer.js';

interface EvaluateOptions {
  data?: string;
  dataset?: string;
  file?: string;
  label: string;
  protected?: string;
  predictions?: string;
  name?: string;
  kind?: string;
  task?: 'binary-classification' | 'regression';
  threshold?: number;
  seed?: number;
  bootstrap?: number;
  repeats?: number;
  compare?: boolean;
  report?: string;
}

function versionRef(text: string): { model: string; version: string } {
  const ref = parseRefArg(text, { kind: 'model', ref: 'required' });
  return { model: ref.name, version: ref.ref! };
}

function probability(text: string): number {
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n) || n < 0 || n > 1) {
    throw new InvalidArgumentError('must be a number from 0 to 1.');
  }
  return n;
}

function list(text: string): string[] {
  const items = text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (items.length === 0) throw new InvalidArgumentError('expected a comma-separated list.');
  return items;
}

/** The data argument: a local CSV uploaded by digest (with a progress bar), or a dataset version. */
async function dataOf(
  ctx: CliContext,
  options: EvaluateOptions,
): Promise<{ dataset: string; file?: string } | { blob: string; file: string }> {
  if ((options.data === undefined) === (options.dataset === undefined)) {
    throw new CliError(
      'USAGE_ERROR',
      'give the data as --data <file.csv> or --dataset <name@version>',
    );
  }
  if (options.dataset !== undefined) {
    return {
      dataset: options.dataset,
      ...(options.file === undefined ? {} : { file: options.file }),
    };
  }
  const absPath = resolve(options.data!);
  const progress = progressFor(ctx.interactive);
  let hashed: { size: number; digest: `sha256:${string}` };
  try {
    hashed = await hashFile(absPath);
  } catch (error) {
    throw new CliError('IO_ERROR', `cannot read ${options.data}: ${(error as Error).message}`);
  }
  const file = basename(absPath);
  await uploadMissing(ctx.client, [{ absPath, path: file, ...hashed }], progress);
  return { blob: hashed.digest, file };
}

function requestOf(options: EvaluateOptions) {
  return {
    label: options.label,
    ...(options.protected === undefined ? {} : { protected: list(options.protected) }),
    ...(options.task === undefined ? {} : { task: options.task }),
    ...(options.threshold === undefined ? {} : { threshold: options.threshold }),
    ...(options.seed === undefined ? {} : { seed: options.seed }),
    ...(options.bootstrap === undefined && options.repeats === undefined
      ? {}
      : {
          options: {
            ...(options.bootstrap === undefined ? {} : { bootstrapResamples: options.bootstrap }),
            ...(options.repeats === undefined ? {} : { permutationRepeats: options.repeats }),
          },
        }),
  };
}

async function writeReport(ctx: CliContext, view: EvaluationView, target: string): Promise<void> {
  const html = await ctx.client.evaluations.report(view.model, view.version, view.id);
  await writeFile(target, html);
  ctx.out.note(`Report written to ${target}`);
}

/**
 * `verity evaluate <model@version> --data holdout.csv --label y`: Verity runs the registered
 * model (ONNX) on the data, or evaluates a predictions column, and records quality, bias audit,
 * calibration, robustness and importance as evidence. `--compare <model@a> <model@b>` scores a
 * champion and a challenger on the same rows. `verity evaluation list|show|report` read results.
 */
export function registerEvaluateCommands(program: Command): void {
  program
    .command('evaluate')
    .description(
      'evaluate a model version on data and record the result as evidence (quality with confidence intervals, bias audit, robustness, importance, calibration)',
    )
    .argument('<refs...>', 'model@version, or with --compare the baseline and the challenger')
    .option(
      '--data <file.csv>',
      'a local CSV file (uploaded by digest; linked to the dataset version that lists it)',
    )
    .option('--dataset <name@version>', 'a registered dataset version holding the data')
    .option('--file <path>', 'with --dataset: which of its files')
    .requiredOption('--label <column>', 'the column with the true outcome')
    .option('--protected <a,b>', 'protected attribute columns for the bias audit')
    .option(
      '--predictions <column>',
      'evaluate this column of scores instead of running the model (non-ONNX models); with --compare, two columns a,b',
    )
    .option(
      '--name <name>',
      'the evaluation’s name; policies read evaluations.<name>.<metric> (default holdout, comparison)',
    )
    .addOption(
      new Option('--kind <kind>', 'what the evidence is').choices([
        'validation',
        'test',
        'backtest',
        'outcomes-analysis',
      ]),
    )
    .addOption(
      new Option('--task <task>', 'for a predictions column').choices([
        'binary-classification',
        'regression',
      ]),
    )
    .option(
      '--threshold <p>',
      'decision threshold on the score (default: the model’s, else 0.5)',
      probability,
    )
    .option(
      '--seed <n>',
      'random seed (bootstrap, permutations, perturbations); default 0',
      intOption(0, 2 ** 31 - 1),
    )
    .option('--bootstrap <n>', 'bootstrap resamples (default 200)', intOption(0, 2000))
    .option('--repeats <n>', 'permutation-importance repeats (default 5)', intOption(0, 50))
    .option('--compare', 'champion / challenger: the two refs are the baseline and the challenger')
    .option('--report <file.html>', 'also write the self-contained HTML report')
    .action(async (refs: string[], options: EvaluateOptions, command: Command) => {
      const ctx = contextOf(command);
      if (options.compare === true ? refs.length !== 2 : refs.length !== 1) {
        throw new CliError(
          'USAGE_ERROR',
          options.compare === true
            ? '--compare takes two versions: <model@baseline> <model@challenger>'
            : 'give one model@version (or --compare with two)',
        );
      }
      const data = await dataOf(ctx, options);
      let view: EvaluationView;
      if (options.compare === true) {
        if (refs.length !== 2) {
          throw new CliError(
            'USAGE_ERROR',
            '--compare takes two versions: <model@baseline> <model@challenger>',
          );
        }
        const a = versionRef(refs[0]!);
        const b = versionRef(refs[1]!);
        if (a.model !== b.model) {
          throw new CliError('USAGE_ERROR', 'compare two versions of the same model');
        }
        const predictions =
          options.predictions === undefined ? undefined : list(options.predictions);
        if (predictions !== undefined && predictions.length !== 2) {
          throw new CliError(
            'USAGE_ERROR',
            'with --compare, --predictions names two columns: baseline,challenger',
          );
        }
        ctx.out.note(`Comparing ${b.model}@${b.version} with ${a.version}...`);
        view = await ctx.client.evaluations.compare(b.model, b.version, {
          baseline: a.version,
          data,
          ...requestOf(options),
          ...(options.name === undefined ? {} : { name: options.name }),
          ...(predictions === undefined ? {} : { predictions: predictions as [string, string] }),
        });
      } else {
        if (refs.length !== 1)
          throw new CliError('USAGE_ERROR', 'give one model@version (or --compare with two)');
        const { model, version } = versionRef(refs[0]!);
        ctx.out.note(`Evaluating ${model}@${version}...`);
        view = await ctx.client.evaluations.run(model, version, {
          data,
          ...requestOf(options),
          ...(options.name === undefined ? {} : { name: options.name }),
          ...(options.kind === undefined ? {} : { kind: options.kind as 'test' }),
          ...(options.predictions === undefined ? {} : { predictions: options.predictions }),
        });
      }
      ctx.out.result(view, () => evaluationText(view));
      if (options.report !== undefined) await writeReport(ctx, view, options.report);
    });

  const evaluation = program
    .command('evaluation')
    .description('recorded evaluations: list, show, report');
  evaluation
    .command('list')
    .description('a version’s evaluations, newest first')
    .argument('<model@version>')
    .action(async (text: string, _options: unknown, command: Command) => {
      const ctx = contextOf(command);
      const { model, version } = versionRef(text);
      const items = await ctx.client.evaluations.list(model, version);
      ctx.out.result({ items }, () =>
        items.length === 0 ? `${model}@${version} has no evaluations.` : evaluationsTable(items),
      );
    });
  evaluation
    .command('show')
    .description('one evaluation (the full result with --json)')
    .argument('<model@version>')
    .argument('<id>')
    .option('--report <file.html>', 'also write the self-contained HTML report')
    .action(async (text: string, id: string, options: { report?: string }, command: Command) => {
      const ctx = contextOf(command);
      const { model, version } = versionRef(text);
      const view = await ctx.client.evaluations.get(model, version, id);
      ctx.out.result(view, () => evaluationText(view));
      if (options.report !== undefined) await writeReport(ctx, view, options.report);
    });
}

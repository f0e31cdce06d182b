import { createReadStream } from 'node:fs';
import { open, readFile, stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { availableParallelism } from 'node:os';
import { InvalidArgumentError, type Command } from 'commander';
import { parse as parseYaml } from 'yaml';
import type { MonitorRun, MonitorView } from '../../client/index.js';
import { parseProfile } from '../../monitoring/profile/index.js';
import { profileFile } from '../../monitoring/profile-file/index.js';
import { intOption } from '../args.js';
import { contextOf, type CliContext } from '../context.js';
import { CheckFailedError, CliError } from '../errors.js';
import { fields, formatTime, table } from '../output.js';
import { progressFor } from '../progress.js';

function positiveInt(text: string): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < 1)
    throw new InvalidArgumentError('expected a whole number ≥ 1');
  return value;
}

async function readConfig(path: string): Promise<unknown> {
  const text = await readFile(path, 'utf8');
  try {
    return path.endsWith('.json') ? (JSON.parse(text) as unknown) : (parseYaml(text) as unknown);
  } catch (error) {
    throw new CliError(
      'VALIDATION_ERROR',
      `${path} is not valid ${path.endsWith('.json') ? 'JSON' : 'YAML'}: ${(error as Error).message}`,
    );
  }
}

function monitorText(m: MonitorView): string {
  return fields([
    ['monitor', `${m.model}/${m.name}`],
    ['environment', m.environment],
    ['active', m.active ? 'yes' : 'no'],
    [
      'reference',
      `${m.reference.description} (${m.reference.rows} rows, ${m.reference.columns.length} columns)`,
    ],
    ['window', `${m.config.windowSeconds} s, at least ${m.config.minRecords} records`],
    [
      'tests',
      m.config.performance
        .map((p): string => p.metric)
        .concat(m.config.fairness.map((f) => `${f.metric}(${f.attributes.join('×')})`))
        .join(', ') || 'drift only',
    ],
    ['actions', m.config.actions.map((a) => a.kind).join(', ') || 'notify'],
    ['open alerts', String(m.openAlerts)],
    ['last run', formatTime(m.lastRunAt)],
  ]);
}

function runText(run: MonitorRun): string {
  const r = run.results as {
    records: number;
    labelled: number;
    drift: {
      columns: {
        column: string;
        test: string;
        statistic: number;
        pValue?: number | null;
        threshold: number;
        drifted: boolean;
        error?: number | null;
      }[];
      share: number;
    } | null;
    performance: Record<string, number | null>;
    breaches: { key: string; summary: string }[];
  };
  const head = `${run.model}/${run.monitor} ${run.window.start} – ${run.window.end}: ${run.status.toUpperCase()} (${r.records} records, ${r.labelled} labelled)`;
  const lines = [head];
  if (r.drift !== null) {
    lines.push(
      '',
      table(
        ['COLUMN', 'TEST', 'STATISTIC', 'P', 'THRESHOLD', 'DRIFT', 'ERROR ±'],
        r.drift.columns.map((c) => [
          c.column,
          c.test,
          c.statistic.toPrecision(4),
          c.pValue == null ? '-' : c.pValue.toPrecision(3),
          String(c.threshold),
          c.drifted ? 'DRIFT' : 'ok',
          c.error == null ? '-' : c.error.toPrecision(2),
        ]),
      ),
      `drifted share ${r.drift.share.toFixed(2)}`,
    );
  }
  const perf = Object.entries(r.performance);
  if (perf.length > 0)
    lines.push('', perf.map(([k, v]) => `${k} ${v === null ? '-' : v.toFixed(4)}`).join('  '));
  for (const b of r.breaches) lines.push(`breach ${b.key}: ${b.summary}`);
  if (run.alerts.fired.length > 0) lines.push(`fired: ${run.alerts.fired.join(', ')}`);
  if (run.alerts.resolved.length > 0) lines.push(`resolved: ${run.alerts.resolved.join(', ')}`);
  for (const a of run.actions)
    lines.push(`action ${a.kind} for ${a.alert}: ${a.ok ? 'done' : 'FAILED'} (${a.detail})`);
  return lines.join('\n');
}

/** The file's first non-blank character: `[` for a JSON array, else NDJSON (read lazily). */
async function firstCharacter(path: string): Promise<string> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(4096);
    for (let position = 0; ; position += buffer.length) {
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, position);
      if (bytesRead === 0) return '';
      const text = buffer.toString('utf8', 0, bytesRead).trimStart();
      if (text !== '') return text.slice(0, 1);
    }
  } finally {
    await handle.close();
  }
}

/** Reads a JSON array or NDJSON file of records and sends it in batches with a progress bar. */
async function sendRecords(
  path: string,
  batch: number,
  send: (records: unknown[]) => Promise<unknown>,
  interactive: boolean,
) {
  const progress = progressFor(interactive);
  const size = (await stat(path)).size;
  const results: unknown[] = [];
  if ((await firstCharacter(path)) === '[') {
    let all: unknown;
    try {
      all = JSON.parse(await readFile(path, 'utf8'));
    } catch (error) {
      throw new CliError(
        'VALIDATION_ERROR',
        `${path} is not valid JSON: ${(error as Error).message}`,
      );
    }
    if (!Array.isArray(all)) throw new CliError('VALIDATION_ERROR', `${path} is not a JSON array`);
    progress.start('sending', all.length, 'entries');
    for (let i = 0; i < all.length; i += batch) {
      results.push(await send(all.slice(i, i + batch)));
      progress.advance(Math.min(batch, all.length - i));
    }
  } else {
    progress.start('sending', size);
    let pending: unknown[] = [];
    let line = 0;
    const stream = createReadStream(path, 'utf8');
    stream.on('data', (chunk) => progress.advance(Buffer.byteLength(chunk)));
    for await (const text of createInterface({ input: stream, crlfDelay: Infinity })) {
      line += 1;
      if (text.trim() === '') continue;
      try {
        pending.push(JSON.parse(text));
      } catch {
        throw new CliError('VALIDATION_ERROR', `${path}, line ${line}: not JSON`);
      }
      if (pending.length >= batch) {
        results.push(await send(pending));
        pending = [];
      }
    }
    if (pending.length > 0) results.push(await send(pending));
  }
  progress.stop();
  return results;
}

/** `verity monitor ...`: production monitoring of a model (see docs/monitoring.md). */
export function registerMonitorCommands(program: Command): void {
  const monitor = program
    .command('monitor')
    .description('monitors: drift, performance and fairness of production traffic, alerts');

  monitor
    .command('create')
    .description(
      'create a monitor with a reference dataset version (or profile) and a configuration',
    )
    .argument('<model>')
    .requiredOption('--name <name>', 'the monitor’s name')
    .option('--env <environment>', 'the environment whose traffic it watches', 'production')
    .option(
      '--dataset <name@version>',
      'reference: a registered dataset version with a CSV or NDJSON file',
    )
    .option('--file <path>', 'which file of the dataset version (default: the first CSV/NDJSON)')
    .option(
      '--reference-profile <file.json>',
      'reference: a profile JSON (numeric columns with bins)',
    )
    .option(
      '--config <file>',
      'configuration (YAML or JSON): columns, drift, performance, fairness, windowSeconds, actions...',
    )
    .action(
      async (
        model: string,
        options: {
          name: string;
          env: string;
          dataset?: string;
          file?: string;
          referenceProfile?: string;
          config?: string;
        },
        command: Command,
      ) => {
        const ctx = contextOf(command);
        if ((options.dataset === undefined) === (options.referenceProfile === undefined)) {
          throw new CliError('USAGE_ERROR', 'give either --dataset or --reference-profile');
        }
        const reference =
          options.dataset !== undefined
            ? {
                dataset: options.dataset,
                ...(options.file === undefined ? {} : { file: options.file }),
              }
            : { profile: JSON.parse(await readFile(options.referenceProfile!, 'utf8')) as unknown };
        const config = options.config === undefined ? {} : await readConfig(options.config);
        const created = await ctx.client.monitoring.createMonitor(model, {
          name: options.name,
          environment: options.env,
          reference,
          config: config as Record<string, never>,
        });
        ctx.out.result(created, () => monitorText(created));
      },
    );

  monitor
    .command('list')
    .description('a model’s monitors')
    .argument('<model>')
    .action(async (model: string, _o: unknown, command: Command) => {
      const ctx = contextOf(command);
      const items = await ctx.client.monitoring.listMonitors(model);
      ctx.out.result({ items }, () =>
        items.length === 0
          ? 'no monitors'
          : table(
              ['NAME', 'ENV', 'ACTIVE', 'REFERENCE', 'OPEN ALERTS', 'LAST RUN'],
              items.map((m) => [
                m.name,
                m.environment,
                m.active ? 'yes' : 'no',
                m.reference.description,
                String(m.openAlerts),
                formatTime(m.lastRunAt),
              ]),
            ),
      );
    });

  monitor
    .command('show')
    .argument('<model>')
    .argument('<name>')
    .description('one monitor')
    .action(async (model: string, name: string, _o: unknown, command: Command) => {
      const ctx = contextOf(command);
      const m = await ctx.client.monitoring.getMonitor(model, name);
      ctx.out.result(m, () => monitorText(m));
    });

  monitor
    .command('update')
    .argument('<model>')
    .argument('<name>')
    .description('replace the configuration, or switch the monitor on or off')
    .option('--config <file>', 'the new configuration (YAML or JSON)')
    .option('--activate', 'switch it on')
    .option('--deactivate', 'switch it off')
    .action(
      async (
        model: string,
        name: string,
        options: { config?: string; activate?: boolean; deactivate?: boolean },
        command: Command,
      ) => {
        const ctx = contextOf(command);
        if (options.activate === true && options.deactivate === true)
          throw new CliError('USAGE_ERROR', '--activate or --deactivate, not both');
        const m = await ctx.client.monitoring.updateMonitor(model, name, {
          ...(options.config === undefined
            ? {}
            : { config: (await readConfig(options.config)) as Record<string, never> }),
          ...(options.activate === true
            ? { active: true }
            : options.deactivate === true
              ? { active: false }
              : {}),
        });
        ctx.out.result(m, () => monitorText(m));
      },
    );

  monitor
    .command('run')
    .argument('<model>')
    .argument('<name>')
    .description('run the monitor now on a window (exit 1 when a threshold is breached)')
    .option('--at <time>', 'a time inside the window (default: the newest window with traffic)')
    .action(async (model: string, name: string, options: { at?: string }, command: Command) => {
      const ctx = contextOf(command);
      const run = await ctx.client.monitoring.run(
        model,
        name,
        options.at === undefined ? {} : { at: options.at },
      );
      ctx.out.result(run, () => runText(run));
      if (run.status === 'breach') {
        throw new CheckFailedError(
          'MONITOR_BREACH',
          `${run.model}/${run.monitor} breached: ${(run.results as { breaches: { key: string }[] }).breaches.map((b) => b.key).join(', ')}`,
          { runId: run.id },
        );
      }
    });

  monitor
    .command('runs')
    .argument('<model>')
    .argument('<name>')
    .description('the monitor’s runs, newest first')
    .option('--limit <n>', 'how many', positiveInt, 20)
    .action(async (model: string, name: string, options: { limit: number }, command: Command) => {
      const ctx = contextOf(command);
      const items = await ctx.client.monitoring.runs(model, name, { limit: options.limit });
      ctx.out.result({ items }, () =>
        items.length === 0
          ? 'no runs'
          : table(
              ['WINDOW', 'STATUS', 'RECORDS', 'LABELLED', 'FIRED', 'RUN'],
              items.map((r) => [
                r.window.start,
                r.status,
                String(r.results.records),
                String(r.results.labelled),
                r.alerts.fired.join(',') || '-',
                r.id,
              ]),
            ),
      );
    });

  /** `ingest` and `labels`: a file sent in batches, the answers summed per counter. */
  const sendFile = (
    name: string,
    description: string,
    what: string,
    send: (
      ctx: CliContext,
      model: string,
      records: unknown[],
      environment: string,
    ) => Promise<object>,
    summary: (totals: Record<string, number>, batches: number) => string,
  ) =>
    monitor
      .command(name)
      .argument('<model>')
      .argument('<file>', `${what} as a JSON array or NDJSON (one per line)`)
      .description(description)
      .option('--env <environment>', 'environment', 'production')
      .option('--batch <n>', 'records per request', positiveInt, 5000)
      .action(
        async (
          model: string,
          file: string,
          options: { env: string; batch: number },
          command: Command,
        ) => {
          const ctx = contextOf(command);
          const results = await sendRecords(
            file,
            options.batch,
            (records) => send(ctx, model, records, options.env),
            ctx.interactive,
          );
          const totals: Record<string, number> = {};
          for (const result of results as Record<string, unknown>[]) {
            for (const [key, value] of Object.entries(result)) {
              if (typeof value === 'number') totals[key] = (totals[key] ?? 0) + value;
            }
          }
          ctx.out.result({ batches: results.length, ...totals }, () =>
            summary(totals, results.length),
          );
        },
      );

  sendFile(
    'ingest',
    'send prediction records in batches',
    'predictions',
    (ctx, model, records, environment) =>
      ctx.client.monitoring.ingest(model, records, { environment }),
    (t, batches) =>
      `sent ${t.received ?? 0} records in ${batches} batches: ${t.accepted ?? 0} accepted, ${t.duplicates ?? 0} duplicates`,
  );
  sendFile(
    'labels',
    'send labels that arrived later; they join their predictions by id',
    'labels {id, label}',
    (ctx, model, labels, environment) =>
      ctx.client.monitoring.labels(model, labels, { environment }),
    (t) => `${t.labelled ?? 0} of ${t.received ?? 0} labels joined their predictions`,
  );

  monitor
    .command('profile')
    .argument('<file>', 'production data as CSV or NDJSON')
    .description(
      'profile a file locally (constant memory) against the monitor’s reference and upload only the profile',
    )
    .requiredOption('--model <model>', 'the model')
    .requiredOption('--monitor <name>', 'the monitor')
    .option('--window <time>', 'a time inside the window the data belongs to (default: now)')
    .option(
      '--threads <n>',
      'threads reading a file larger than 16 MiB, 1 to 64 (default: the cores available, at most 8; the profile is the same for any number)',
      intOption(1, 64),
    )
    .action(
      async (
        file: string,
        options: { model: string; monitor: string; window?: string; threads?: number },
        command: Command,
      ) => {
        const ctx = contextOf(command);
        const reference = parseProfile(
          await ctx.client.monitoring.reference(options.model, options.monitor),
        );
        const progress = progressFor(ctx.interactive);
        progress.start('profiling', (await stat(file)).size);
        let seen = 0;
        const profile = await profileFile(file, {
          reference,
          threads: options.threads ?? Math.min(8, availableParallelism()),
          onProgress: (p) => {
            progress.advance(p.bytesRead - seen);
            seen = p.bytesRead;
          },
        });
        progress.stop();
        const uploaded = await ctx.client.monitoring.uploadProfile(
          options.model,
          options.monitor,
          options.window ?? new Date().toISOString(),
          profile,
        );
        ctx.out.result(
          uploaded,
          () =>
            `uploaded the profile of ${uploaded.records} rows to ${uploaded.monitor}, window ${uploaded.window.start}`,
        );
      },
    );

  monitor
    .command('alerts')
    .description('monitoring alerts, newest first')
    .option('--model <model>', 'only this model')
    .option('--status <status>', 'firing or resolved')
    .action(async (options: { model?: string; status?: string }, command: Command) => {
      const ctx = contextOf(command);
      if (
        options.status !== undefined &&
        options.status !== 'firing' &&
        options.status !== 'resolved'
      ) {
        throw new CliError('USAGE_ERROR', "--status is 'firing' or 'resolved'");
      }
      const items = await ctx.client.monitoring.alerts({
        ...(options.model === undefined ? {} : { model: options.model }),
        ...(options.status === undefined ? {} : { status: options.status }),
      });
      ctx.out.result({ items }, () =>
        items.length === 0
          ? 'no alerts'
          : table(
              ['FIRED', 'STATUS', 'SEVERITY', 'MODEL', 'MONITOR', 'KEY', 'SEEN', 'SUMMARY'],
              items.map((a) => [
                formatTime(a.firedAt),
                a.status,
                a.severity,
                a.model,
                a.monitor,
                a.key,
                String(a.occurrences),
                a.summary,
              ]),
            ),
      );
    });
}

import { writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { DRIFT_TESTS, type DriftTestName } from '../../stats/drift/index.js';
import {
  buildDriftComparison,
  readColumns,
  renderDriftComparisonHtml,
  type DriftComparison,
  type DriftComparisonOptions,
} from '../../monitoring/drift-compare/index.js';
import { collect, parseKeyValues } from '../args.js';
import { outputOf } from '../context.js';
import { CheckFailedError, CliError, type CliErrorCode } from '../errors.js';
import { table } from '../output.js';
import { progressFor } from '../progress.js';

/**
 * The code of "the dataset drifted" (exit 1). CliErrorCode has no DATASET_DRIFT yet; until it
 * does, the closest existing code: a drift check said no.
 */
export const DATASET_DRIFT_CODE: CliErrorCode = 'DATASET_DRIFT';

interface CompareOptions {
  columns?: string;
  test?: string[];
  threshold?: string[];
  driftShare?: number;
  html?: string;
  delimiter?: string;
}

function share(text: string): number {
  const value = Number(text);
  if (text.trim() === '' || !(value >= 0 && value <= 1)) {
    throw new InvalidArgumentError('expected a number between 0 and 1');
  }
  return value;
}

function comparisonOptions(options: CompareOptions): DriftComparisonOptions {
  const result: DriftComparisonOptions = {};
  if (options.columns !== undefined) {
    const names = options.columns.split(',').map((n) => n.trim());
    if (names.some((n) => n === '')) {
      throw new CliError('VALIDATION_ERROR', `--columns '${options.columns}' has an empty name`);
    }
    result.columns = names;
  }
  const tests: Record<string, DriftTestName> = {};
  for (const [column, test] of parseKeyValues(options.test ?? [], 'test')) {
    if (!Object.hasOwn(DRIFT_TESTS, test)) {
      throw new CliError(
        'VALIDATION_ERROR',
        `unknown test '${test}' for column '${column}'; one of ${Object.keys(DRIFT_TESTS).join(', ')}`,
        { column, test },
      );
    }
    tests[column] = test as DriftTestName;
  }
  const thresholds: Record<string, number> = {};
  for (const [column, raw] of parseKeyValues(options.threshold ?? [], 'threshold')) {
    const value = raw.trim() === '' ? Number.NaN : Number(raw);
    if (!Number.isFinite(value)) {
      throw new CliError(
        'VALIDATION_ERROR',
        `threshold for column '${column}' must be a finite number, not '${raw}'`,
        { column, threshold: raw },
      );
    }
    thresholds[column] = value;
  }
  if (Object.keys(tests).length > 0) result.tests = tests;
  if (Object.keys(thresholds).length > 0) result.thresholds = thresholds;
  if (options.driftShare !== undefined) result.driftShare = options.driftShare;
  return result;
}

function number(value: number): string {
  return value === 0 || (Math.abs(value) >= 1e-4 && Math.abs(value) < 1e6)
    ? String(Number(value.toPrecision(4)))
    : value.toExponential(2);
}

function reportText(report: DriftComparison): string {
  const rows = report.columns.map((c) => {
    if (c.status === 'tested') {
      const r = c.result;
      return [
        c.column,
        c.type,
        r.test,
        number(r.statistic),
        r.pValue === undefined ? '-' : number(r.pValue),
        String(r.threshold),
        r.drifted ? 'DRIFT' : 'ok',
      ];
    }
    const why =
      c.status === 'empty'
        ? 'not tested (no values on one side)'
        : `not tested (only in ${c.status === 'reference-only' ? 'reference' : 'current'})`;
    return [c.column, c.status === 'empty' ? c.type : '-', '-', '-', '-', '-', why];
  });
  const d = report.dataset;
  const verdict = d.datasetDrifted ? 'DETECTED' : 'not detected';
  return [
    table(['column', 'type', 'test', 'statistic', 'p-value', 'threshold', 'drift'], rows),
    '',
    `dataset drift ${verdict}: ${d.driftedColumns} of ${d.testedColumns} columns drifted ` +
      `(share ${d.share.toFixed(2)}, drift when ≥ ${d.driftShare})`,
  ].join('\n');
}

/**
 * `verity drift compare`: an offline, serverless comparison of two CSV/NDJSON files, column by
 * column, with an optional self-contained HTML report. Both files are held in memory (exact
 * tests need raw samples); monitors compare profiles for data of any size.
 */
export function registerDriftCommands(program: Command): void {
  const drift = program
    .command('drift')
    .description('compare data distributions offline (no server needed)');

  drift
    .command('compare')
    .description(
      'test each column of <current> for drift from <reference> (CSV, or NDJSON by .ndjson/.jsonl); ' +
        'exit 1 when the dataset drifted. Both files are read into memory: for large data, use monitors',
    )
    .argument('<reference>', 'the reference data file')
    .argument('<current>', 'the current data file')
    .option('--columns <names>', 'only these columns, comma-separated')
    .option(
      '--test <column=test>',
      'the test for a column (e.g. amount=psi); repeat for more',
      collect,
    )
    .option('--threshold <column=value>', 'the threshold for a column; repeat for more', collect)
    .option('--drift-share <share>', 'dataset drift when this share of columns drifted', share, 0.5)
    .option('--html <file>', 'also write a self-contained HTML report with charts')
    .option('--delimiter <char>', 'CSV delimiter (default , or tab for .tsv)')
    .action(
      async (
        referencePath: string,
        currentPath: string,
        options: CompareOptions,
        command: Command,
      ) => {
        const out = outputOf(command);
        const settings = comparisonOptions(options);
        const delimiter = options.delimiter === '\\t' ? '\t' : options.delimiter;
        const progress = progressFor(process.stderr.isTTY === true && !out.json);
        const read = async (path: string, phase: string) => {
          let done = -1;
          try {
            return await readColumns(path, {
              ...(delimiter === undefined ? {} : { delimiter }),
              onProgress: (bytesRead, totalBytes) => {
                if (done < 0) progress.start(phase, totalBytes);
                progress.advance(bytesRead - Math.max(done, 0));
                done = bytesRead;
              },
            });
          } finally {
            progress.stop();
          }
        };
        const reference = await read(referencePath, 'reference');
        const current = await read(currentPath, 'current');
        const report = buildDriftComparison(reference, current, settings);
        out.result(report, () => reportText(report));
        if (options.html !== undefined) {
          const html = renderDriftComparisonHtml(report, {
            referenceName: basename(referencePath),
            currentName: basename(currentPath),
            generatedAt: new Date().toISOString(),
          });
          await writeFile(options.html, html);
          out.note(`wrote ${options.html}`);
        }
        if (report.dataset.datasetDrifted) {
          const d = report.dataset;
          throw new CheckFailedError(
            DATASET_DRIFT_CODE,
            `dataset drift: ${d.driftedColumns} of ${d.testedColumns} columns drifted (share ${d.share.toFixed(2)} ≥ ${d.driftShare})`,
            { driftedColumns: d.driftedColumns, testedColumns: d.testedColumns, share: d.share },
          );
        }
      },
    );
}

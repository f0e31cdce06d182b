import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATASET_DRIFT_CODE } from '../../src/cli/commands/drift.js';
import { seededRandom } from '../../src/monitoring/profile/index.js';
import type { DriftComparison } from '../../src/monitoring/drift-compare/index.js';
import { errorOf, jsonOf, runCli, type CliResult } from './run-cli.js';

/** A CSV of `rows` rows: a numeric column, shifted by `shift`, and a categorical one. */
function csv(rows: number, seed: number, shift = 0): string {
  const random = seededRandom(seed);
  const lines = ['amount,channel'];
  for (let i = 0; i < rows; i++) {
    const channel = random() < 0.7 - shift / 1000 ? 'web' : 'branch';
    lines.push(`${(100 + random() * 900 + shift).toFixed(2)},${channel}`);
  }
  return `${lines.join('\n')}\n`;
}

/** `verity drift compare` as the real binary; it needs no server. */
describe('verity drift compare', { timeout: 60_000 }, () => {
  let work: string;
  const cli = (...args: string[]): Promise<CliResult> =>
    runCli(['drift', 'compare', ...args], { VERITY_HOME: '/nonexistent' });
  const path = (name: string) => join(work, name);

  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'verity-drift-cli-'));
    writeFileSync(path('ref.csv'), csv(500, 1));
    writeFileSync(path('same.csv'), csv(400, 2));
    writeFileSync(path('shifted.csv'), csv(400, 3, 300));
    writeFileSync(path('bad.csv'), 'amount,channel\n1,web\n2\n');
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('exits 0 and prints the table when both files have the same distribution', async () => {
    const result = await cli(path('ref.csv'), path('same.csv'));
    expect(result.code).toBe(0);
    const [head, amount, channel] = result.stdout.split('\n');
    expect(head).toMatch(/^COLUMN\s+TYPE\s+TEST\s+STATISTIC\s+P-VALUE\s+THRESHOLD\s+DRIFT$/);
    expect(amount).toMatch(/^amount\s+numerical\s+ks\s.*\sok$/);
    expect(channel).toMatch(/^channel\s+categorical\s+z\s.*\sok$/);
    expect(result.stdout).toContain('dataset drift not detected: 0 of 2 columns drifted');
  });

  it('exits 1 with the dataset drift code when the current file is shifted', async () => {
    const result = await cli(path('ref.csv'), path('shifted.csv'), '--json');
    expect(result.code).toBe(1);
    expect(errorOf(result).code).toBe(DATASET_DRIFT_CODE);
    const report = jsonOf<DriftComparison>(result);
    expect(report.dataset).toMatchObject({ driftedColumns: 2, testedColumns: 2 });
    expect(report.dataset.datasetDrifted).toBe(true);
  });

  it('applies --test and --threshold overrides', async () => {
    const result = await cli(
      path('ref.csv'),
      path('shifted.csv'),
      '--json',
      '--columns',
      'amount',
      '--test',
      'amount=psi',
      '--threshold',
      'amount=1000',
    );
    expect(result.code).toBe(0);
    const column = jsonOf<DriftComparison>(result).columns[0];
    expect(column).toMatchObject({
      column: 'amount',
      result: { test: 'psi', threshold: 1000, drifted: false },
    });
  });

  it('writes a self-contained HTML report with --html', async () => {
    const out = path('report.html');
    const result = await cli(path('ref.csv'), path('shifted.csv'), '--html', out);
    expect(result.code).toBe(1);
    const html = readFileSync(out, 'utf8');
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('<title>Data drift: shifted.csv vs ref.csv</title>');
    expect(html).not.toMatch(/https?:/);
    expect(result.stderr).toContain(`wrote ${out}`);
  });

  describe('when the input is unusable', () => {
    it('exits 2 with NOT_FOUND for a missing file', async () => {
      const result = await cli(path('ref.csv'), path('missing.csv'), '--json');
      expect(result.code).toBe(2);
      expect(errorOf(result).code).toBe('NOT_FOUND');
    });

    it('exits 2 with VALIDATION_ERROR naming the line of a malformed CSV', async () => {
      const result = await cli(path('ref.csv'), path('bad.csv'), '--json');
      expect(result.code).toBe(2);
      expect(errorOf(result)).toEqual({
        code: 'VALIDATION_ERROR',
        message: 'CSV line 3: expected 2 fields, found 1',
        details: expect.anything() as unknown,
      });
    });

    it('exits 2 with VALIDATION_ERROR for an unknown --columns name', async () => {
      const result = await cli(path('ref.csv'), path('same.csv'), '--columns', 'nope', '--json');
      expect(result.code).toBe(2);
      expect(errorOf(result)).toMatchObject({
        code: 'VALIDATION_ERROR',
        message: "column 'nope' is in neither file",
      });
    });
  });
});

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EvaluationView } from '../../src/client/index.js';
import { CLIENT_ENGINES } from '../support/engines.js';
import {
  holdoutCsv,
  holdoutModel,
  holdoutRows,
  INPUT_SCHEMA,
  OUTPUT_SCHEMA,
} from '../support/evaluation-data.js';
import { upload } from '../support/fixtures.js';
import { startHarness, type Harness } from '../support/harness.js';
import { errorOf, jsonOf, runCli, type CliResult } from './run-cli.js';

/** `verity evaluate` and `verity evaluation ...` as the real binary against a real server. */
describe.each(CLIENT_ENGINES)('verity evaluate on $name', (engine) => {
  describe.skipIf(engine.skip !== undefined)(engine.skip ?? 'engine', { timeout: 120_000 }, () => {
    let h: Harness;
    let work: string;
    let csv: string;
    const cli = (...args: string[]): Promise<CliResult> =>
      runCli(args, {
        VERITY_URL: h.baseUrl,
        VERITY_TOKEN: h.token('validator'),
        VERITY_HOME: '/nonexistent',
      });

    beforeAll(async () => {
      h = await startHarness(engine);
      work = mkdtempSync(join(tmpdir(), 'verity-evaluate-cli-'));
      csv = join(work, 'holdout.csv');
      writeFileSync(csv, holdoutCsv(holdoutRows(600)));
      await h.addUsers([{ name: 'validator', roles: [{ role: 'risk-officer' }] }]);
      const admin = h.client();
      await admin.createModel({ name: 'scorer' });
      for (const [label, weights] of [
        ['1.0.0', undefined],
        ['1.1.0', [0.45, -1.4, 0.35, 0, 0.4, -0.3]],
      ] as [string, number[] | undefined][]) {
        await admin.registerVersion('scorer', {
          label,
          format: 'onnx',
          files: [await upload(admin, 'model.onnx', holdoutModel(weights))],
          inputSchema: INPUT_SCHEMA,
          outputSchema: OUTPUT_SCHEMA,
        });
      }
    });
    afterAll(async () => {
      await h?.close();
      if (work !== undefined) rmSync(work, { recursive: true, force: true });
    });

    it('uploads a local file, evaluates, prints metrics with intervals and writes the report', async () => {
      const report = join(work, 'report.html');
      const text = await cli(
        'evaluate',
        'scorer@1.0.0',
        '--data',
        csv,
        '--label',
        'y',
        '--protected',
        'sex,race',
        '--seed',
        '11',
        '--bootstrap',
        '50',
        '--report',
        report,
      );
      expect(text.stderr).toContain('Evaluating scorer@1.0.0');
      expect(text.code).toBe(0);
      expect(text.stdout).toMatch(/roc_auc\s+0\.\d{4}\s+\[0\.\d{4}, 0\.\d{4}\]/);
      expect(text.stdout).toContain('evidence    test, bias-audit, robustness');
      expect(text.stdout).toMatch(/intersectional\s+F × white/);
      expect(readFileSync(report, 'utf8')).toContain('>Bias audit</h2>');

      const again = jsonOf<EvaluationView>(
        await cli(
          'evaluate',
          'scorer@1.0.0',
          '--data',
          csv,
          '--label',
          'y',
          '--protected',
          'sex,race',
          '--seed',
          '11',
          '--bootstrap',
          '50',
          '--json',
        ),
      );
      const list = jsonOf<{ items: EvaluationView[] }>(
        await cli('evaluation', 'list', 'scorer@1.0.0', '--json'),
      );
      expect(list.items.map((e) => e.digest)).toEqual([again.digest, again.digest]);
      const shown = await cli('evaluation', 'show', 'scorer@1.0.0', again.id);
      expect(shown.stdout).toContain(again.digest);
    });

    it('compares a challenger with its champion on the same rows', async () => {
      const view = jsonOf<EvaluationView>(
        await cli(
          'evaluate',
          '--compare',
          'scorer@1.0.0',
          'scorer@1.1.0',
          '--data',
          csv,
          '--label',
          'y',
          '--json',
        ),
      );
      expect(view).toMatchObject({ version: '1.1.0', baseline: '1.0.0', kind: 'comparison' });
      expect(view.summary.metrics.roc_auc_difference).toBeLessThan(0);
      const text = await cli(
        'evaluate',
        '--compare',
        'scorer@1.0.0',
        'scorer@1.1.0',
        '--data',
        csv,
        '--label',
        'y',
      );
      expect(text.stdout).toMatch(/roc_auc_difference\s+-0\.\d{4}\s+\[-?0\.\d{4}, -?0\.\d{4}\]/);
    });

    it('reports usage errors and server refusals with their codes', async () => {
      const both = await cli('evaluate', 'scorer@1.0.0', '--label', 'y', '--json');
      expect(both.code).toBe(2);
      expect(errorOf(both).code).toBe('USAGE_ERROR');
      const one = await cli(
        'evaluate',
        '--compare',
        'scorer@1.0.0',
        '--data',
        csv,
        '--label',
        'y',
        '--json',
      );
      expect(errorOf(one).code).toBe('USAGE_ERROR');
      const column = await cli(
        'evaluate',
        'scorer@1.0.0',
        '--data',
        csv,
        '--label',
        'outcome',
        '--json',
      );
      expect(column.code).toBe(2);
      expect(errorOf(column).code).toBe('VALIDATION_ERROR');
      const file = await cli(
        'evaluate',
        'scorer@1.0.0',
        '--data',
        join(work, 'absent.csv'),
        '--label',
        'y',
        '--json',
      );
      expect(errorOf(file).code).toBe('IO_ERROR');
    });
  });
});

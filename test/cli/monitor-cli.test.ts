import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MonitorRun, MonitorView } from '../../src/client/index.js';
import { seededRandom } from '../../src/monitoring/profile/index.js';
import { CLIENT_ENGINES } from '../support/engines.js';
import { upload } from '../support/fixtures.js';
import { startHarness, type Harness } from '../support/harness.js';
import { errorOf, jsonOf, runCli, type CliResult } from './run-cli.js';

const DAY = Date.parse('2026-02-20T00:00:00.000Z');

function rows(count: number, seed: number, scale = 1): { amount: number; channel: string }[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, () => ({
    amount: Math.round(100 + random() * 900 * scale),
    channel: random() < 0.7 ? 'web' : 'branch',
  }));
}

/** `verity monitor ...` as the real binary against a real server. */
describe.each(CLIENT_ENGINES)('verity monitor commands on $name', (engine) => {
  describe.skipIf(engine.skip !== undefined)(engine.skip ?? 'engine', { timeout: 120_000 }, () => {
    let h: Harness;
    let work: string;
    const cli = (...args: string[]): Promise<CliResult> =>
      runCli(args, { VERITY_URL: h.baseUrl, VERITY_TOKEN: h.token(), VERITY_HOME: '/nonexistent' });

    beforeAll(async () => {
      h = await startHarness(engine);
      work = mkdtempSync(join(tmpdir(), 'verity-monitor-cli-'));
      const admin = h.client();
      await admin.createModel({ name: 'payments' });
      await admin.createDataset({ name: 'baseline' });
      const csv = ['amount,channel', ...rows(1500, 1).map((r) => `${r.amount},${r.channel}`)].join(
        '\n',
      );
      await admin.registerDatasetVersion('baseline', {
        label: 'v1',
        files: [await upload(admin, 'baseline.csv', csv)],
      });
      const lines = (data: { amount: number; channel: string }[], start: number, prefix: string) =>
        data
          .map((r, i) =>
            JSON.stringify({
              id: `${prefix}-${i}`,
              timestamp: new Date(start + i * 1000).toISOString(),
              features: r,
            }),
          )
          .join('\n');
      writeFileSync(join(work, 'day1.ndjson'), `${lines(rows(600, 2), DAY, 'd1')}\n`);
      writeFileSync(
        join(work, 'day2.ndjson'),
        `${lines(rows(600, 3, 3), DAY + 86_400_000, 'd2')}\n`,
      );
      writeFileSync(
        join(work, 'day3.csv'),
        ['amount,channel', ...rows(600, 4).map((r) => `${r.amount},${r.channel}`)].join('\n'),
      );
      writeFileSync(
        join(work, 'monitor.yaml'),
        'windowSeconds: 86400\nminRecords: 100\nseverity: critical\n',
      );
    });
    afterAll(async () => {
      await h?.close();
      if (work !== undefined) rmSync(work, { recursive: true, force: true });
    });

    it('creates a monitor, ingests NDJSON in batches, and runs it (exit 1 on a breach)', async () => {
      const created = await cli(
        'monitor',
        'create',
        'payments',
        '--name',
        'live',
        '--dataset',
        'baseline@v1',
        '--config',
        join(work, 'monitor.yaml'),
        '--json',
      );
      expect(created.code, created.stderr).toBe(0);
      expect(jsonOf<MonitorView>(created)).toMatchObject({
        name: 'live',
        config: { severity: 'critical', minRecords: 100 },
      });
      const ingested = await cli(
        'monitor',
        'ingest',
        'payments',
        join(work, 'day1.ndjson'),
        '--batch',
        '250',
        '--json',
      );
      expect(jsonOf(ingested)).toEqual({ batches: 3, received: 600, accepted: 600, duplicates: 0 });
      const [ok, list] = await Promise.all([
        cli('monitor', 'run', 'payments', 'live', '--at', new Date(DAY).toISOString()),
        cli('monitor', 'list', 'payments'),
      ]);
      expect(ok.code, ok.stderr).toBe(0);
      expect(ok.stdout).toMatch(/: OK \(600 records, 0 labelled\)/);
      expect(ok.stdout).toMatch(/amount\s+psi\s/);
      expect(list.stdout).toMatch(/^NAME\s+ENV/);

      await cli('monitor', 'ingest', 'payments', join(work, 'day2.ndjson'));
      const breach = await cli(
        'monitor',
        'run',
        'payments',
        'live',
        '--at',
        new Date(DAY + 86_400_000).toISOString(),
        '--json',
      );
      expect(breach.code).toBe(1);
      expect(jsonOf<MonitorRun>(breach).alerts.fired).toEqual(['drift:dataset']);
      expect(errorOf(breach).code).toBe('MONITOR_BREACH');
      const alerts = await cli('monitor', 'alerts', '--status', 'firing');
      expect(alerts.stdout).toMatch(/critical\s+payments\s+live\s+drift:dataset/);
    });

    it('profiles a file locally against the reference and uploads only the profile', async () => {
      const window = new Date(DAY + 2 * 86_400_000).toISOString();
      const uploaded = await cli(
        'monitor',
        'profile',
        join(work, 'day3.csv'),
        '--model',
        'payments',
        '--monitor',
        'live',
        '--window',
        window,
        '--json',
      );
      expect(uploaded.code, uploaded.stderr).toBe(0);
      expect(jsonOf(uploaded)).toMatchObject({
        monitor: 'payments/live',
        records: 600,
        window: { start: window },
      });
      const run = await cli('monitor', 'run', 'payments', 'live', '--at', window, '--json');
      expect(run.code, run.stderr).toBe(0);
      expect(jsonOf<MonitorRun>(run)).toMatchObject({
        status: 'ok',
        alerts: { resolved: ['drift:dataset'] },
      });
      const bad = await cli('monitor', 'ingest', 'payments', join(work, 'monitor.yaml'), '--json');
      expect(bad.code).toBe(2);
      const threads = await cli(
        'monitor',
        'profile',
        join(work, 'day3.csv'),
        '--model',
        'payments',
        '--monitor',
        'live',
        '--threads',
        '65',
      );
      expect(threads.code).toBe(2);
      expect(threads.stderr).toContain('must be an integer from 1 to 64');
    });

    it('joins late labels and lists the runs newest first with their labelled counts', async () => {
      const labels = Array.from({ length: 300 }, (_, i) =>
        JSON.stringify({ id: `d1-${i}`, label: i % 2 }),
      ).join('\n');
      writeFileSync(join(work, 'labels.ndjson'), `${labels}\n`);
      const joined = await cli(
        'monitor',
        'labels',
        'payments',
        join(work, 'labels.ndjson'),
        '--json',
      );
      expect(joined.code, joined.stderr).toBe(0);
      expect(jsonOf(joined)).toMatchObject({ received: 300, labelled: 300 });
      const rerun = await cli(
        'monitor',
        'run',
        'payments',
        'live',
        '--at',
        new Date(DAY).toISOString(),
      );
      expect(rerun.stdout).toMatch(/: OK \(600 records, 300 labelled\)/);

      const runs = await cli('monitor', 'runs', 'payments', 'live');
      expect(runs.code, runs.stderr).toBe(0);
      const [header, ...lines] = runs.stdout.trim().split('\n');
      expect(header?.split(/\s+/)).toEqual([
        'WINDOW',
        'STATUS',
        'RECORDS',
        'LABELLED',
        'FIRED',
        'RUN',
      ]);
      const cells = lines.map((line) => line.split(/\s+/).slice(0, 5));
      expect(cells).toEqual([
        [new Date(DAY).toISOString(), 'ok', '600', '300', '-'],
        [new Date(DAY + 2 * 86_400_000).toISOString(), 'ok', '600', '0', '-'],
        [new Date(DAY + 86_400_000).toISOString(), 'breach', '600', '0', 'drift:dataset'],
        [new Date(DAY).toISOString(), 'ok', '600', '0', '-'],
      ]);
      const limited = jsonOf<{ items: MonitorRun[] }>(
        await cli('monitor', 'runs', 'payments', 'live', '--limit', '2', '--json'),
      );
      expect(limited.items.map((r) => r.results.labelled)).toEqual([300, 0]);
    });

    it('declares monitors as code: apply creates and updates them, diff detects drift from the file', async () => {
      const dir = join(work, 'governance');
      mkdirSync(dir);
      const monitorYaml = (minRecords: number) =>
        `kind: Monitor\nname: nightly\nmodel: payments\nreference:\n  dataset: baseline@v1\nconfig:\n  windowSeconds: 86400\n  minRecords: ${minRecords}\n`;
      writeFileSync(join(dir, 'monitor.yaml'), monitorYaml(100));
      const applied = await cli('apply', '-f', dir, '--json');
      expect(applied.code, applied.stderr).toBe(0);
      const same = await cli('diff', '-f', dir);
      expect(same.code, same.stdout + same.stderr).toBe(0);
      writeFileSync(join(dir, 'monitor.yaml'), monitorYaml(250));
      const changed = await cli('diff', '-f', dir);
      expect(changed.code).toBe(1);
      expect(changed.stdout).toContain('payments/nightly');
      expect((await cli('apply', '-f', dir)).code).toBe(0);
      const shown = jsonOf<MonitorView>(
        await cli('monitor', 'show', 'payments', 'nightly', '--json'),
      );
      expect(shown.config.minRecords).toBe(250);
      writeFileSync(
        join(dir, 'monitor.yaml'),
        monitorYaml(250).replace('model: payments', 'model: absent'),
      );
      const unknown = await cli('apply', '-f', dir, '--json');
      expect(unknown.code).toBe(2);
      expect(unknown.stderr).toContain("model 'absent' is not registered on the server");
    });
  });
});

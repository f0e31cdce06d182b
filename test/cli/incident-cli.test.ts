import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IncidentView } from '../../src/client/index.js';
import { CLIENT_ENGINES } from '../support/engines.js';
import { upload } from '../support/fixtures.js';
import { startHarness, type Harness } from '../support/harness.js';
import { errorOf, jsonOf, runCli, type CliResult } from './run-cli.js';

/** `verity incident ...` as the real binary against a real server. */
describe.each(CLIENT_ENGINES)('verity incident on $name', (engine) => {
  describe.skipIf(engine.skip !== undefined)(engine.skip ?? 'engine', { timeout: 120_000 }, () => {
    let h: Harness;
    let work: string;
    const as = (user: string, ...args: string[]): Promise<CliResult> =>
      runCli(args, {
        VERITY_URL: h.baseUrl,
        VERITY_TOKEN: h.token(user),
        VERITY_HOME: '/nonexistent',
      });
    const cli = (...args: string[]) => as('oncall', ...args);

    beforeAll(async () => {
      h = await startHarness(engine);
      work = mkdtempSync(join(tmpdir(), 'verity-incident-cli-'));
      await h.addUsers([
        { name: 'oncall', roles: [{ role: 'maintainer' }] },
        { name: 'viewer', roles: [{ role: 'viewer' }] },
      ]);
      const admin = h.client();
      await admin.createModel({ name: 'scorer' });
      for (const label of ['1.0.0', '1.1.0']) {
        await admin.registerVersion('scorer', {
          label,
          format: 'other',
          files: [await upload(admin, 'model.bin', `weights ${label}`)],
        });
        await admin.recordDeployment({
          model: 'scorer',
          version: label,
          environment: 'production',
        });
      }
    });
    afterAll(async () => {
      await h?.close();
      if (work !== undefined) rmSync(work, { recursive: true, force: true });
    });

    it('opens an incident whose playbook rolls back, works it to closed, and shows it', async () => {
      const opened = jsonOf<IncidentView>(
        await cli(
          'incident',
          'open',
          '--title',
          'Scores collapsed',
          '--type',
          'performance',
          '--severity',
          'SEV2',
          '--summary',
          'AUC fell to 0.55 after the release',
          '--model',
          'scorer',
          '--env',
          'production',
          '--json',
        ),
      );
      expect(opened).toMatchObject({ key: 'INC-2026-001', playbook: 'drift-rollback' });
      expect(opened.steps[0]).toMatchObject({ id: 'roll-back', status: 'done' });
      const key = opened.key;
      expect((await cli('incident', 'ack', key)).stdout).toContain('acknowledged by oncall');
      for (const step of [
        'check-upstream-pipeline',
        'confirm-traffic-recovered',
        'decide-retraining',
      ]) {
        expect((await cli('incident', 'step', key, step, '--done', '--note', 'checked')).code).toBe(
          0,
        );
      }
      expect((await cli('incident', 'status', key, 'resolved')).stdout).toContain('is resolved');
      const early = await cli('incident', 'status', key, 'closed', '--json');
      expect(early.code).toBe(2);
      expect(errorOf(early).code).toBe('VALIDATION_ERROR');
      const review = join(work, 'review.yaml');
      writeFileSync(
        review,
        'summary: Rolled back.\nrootCause: A bad release.\ncontributingFactors: [no canary]\n',
      );
      expect((await cli('incident', 'review', key, '--file', review, '--complete')).code).toBe(0);
      expect((await cli('incident', 'status', key, 'closed')).stdout).toContain('is closed');
      const shown = await cli('incident', 'show', key);
      expect(shown.stdout).toMatch(
        /roll-back\s+action\s+done\s+roll scorer in production back from 1.1.0 to 1.0.0/,
      );
      expect(shown.stdout).toContain('review: completed by oncall');
      const list = await cli('incident', 'list', '--status', 'closed');
      expect(list.stdout).toMatch(/INC-2026-001\s+SEV2\s+closed\s+performance/);
    });

    it('starts a regulatory clock and refuses to submit an incomplete report', async () => {
      const opened = jsonOf<IncidentView>(
        await cli(
          'incident',
          'open',
          '--title',
          'Log leak',
          '--type',
          'privacy-breach',
          '--severity',
          'SEV1',
          '--summary',
          'identifiers in logs',
          '--json',
        ),
      );
      const clock = await cli('incident', 'clock', opened.key, 'gdpr-art33');
      expect(clock.stdout).toMatch(/due\s+2026-03-0\dT/);
      const submit = await cli(
        'incident',
        'report',
        opened.key,
        'gdpr-art33',
        '--submit',
        '--json',
      );
      expect(errorOf(submit).code).toBe('VALIDATION_ERROR');
      const drill = jsonOf<IncidentView>(
        await cli(
          'incident',
          'drill',
          '--playbook',
          'bias-incident',
          '--model',
          'scorer',
          '--json',
        ),
      );
      expect(drill.key).toBe('DRILL-2026-001');
      const denied = await as('viewer', 'incident', 'ack', opened.key, '--json');
      expect(errorOf(denied).code).toBe('FORBIDDEN');
      const usage = await cli('incident', 'step', opened.key, 'contain', '--json');
      expect(errorOf(usage).code).toBe('USAGE_ERROR');
    });
  });
});

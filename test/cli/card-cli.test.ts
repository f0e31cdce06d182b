import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CardDiff, CardView } from '../../src/client/index.js';
import { pdfRenderingAvailable } from '../../src/cards/render/index.js';
import { CLIENT_ENGINES } from '../support/engines.js';
import { upload } from '../support/fixtures.js';
import { startHarness, type Harness } from '../support/harness.js';
import { errorOf, jsonOf, runCli, type CliResult } from './run-cli.js';

/**
 * `verity card ...` and `verity export ...` as the real binary against a real server. Each call
 * spawns a process (about a second), so independent calls run concurrently.
 */
describe.each(CLIENT_ENGINES)('verity card commands on $name', (engine) => {
  describe.skipIf(engine.skip !== undefined)(engine.skip ?? 'engine', { timeout: 120_000 }, () => {
    let h: Harness;
    let work: string;
    let runId: string;
    const as = (
      user: string,
      args: string[],
      env: Record<string, string> = {},
    ): Promise<CliResult> =>
      runCli(args, {
        VERITY_URL: h.baseUrl,
        VERITY_TOKEN: h.token(user),
        VERITY_HOME: '/nonexistent',
        ...env,
      });
    const cli = (...args: string[]) => as('author', args);

    beforeAll(async () => {
      h = await startHarness(engine);
      work = mkdtempSync(join(tmpdir(), 'verity-card-cli-'));
      await h.addUsers([
        { name: 'author', roles: [{ role: 'contributor' }] },
        { name: 'risk', roles: [{ role: 'risk-officer' }] },
      ]);
      const author = h.client('author');
      await author.createModel({ name: 'scorer', riskTier: 'minimal', owner: 'author' });
      await author.createDataset({ name: 'loans' });
      await author.registerDatasetVersion('loans', {
        label: '2025-q3',
        files: [await upload(author, 'loans.csv', 'a,b\n1,2\n')],
        columns: [
          { name: 'a', type: 'int' },
          { name: 'b', type: 'int' },
        ],
        rowCount: 1,
      });
      const run = await author.createRun({
        name: 'train-scorer',
        inputs: ['loans@2025-q3'],
        code: { repository: 'https://git.example/scorer', commit: 'a1b2c3d4' },
        startedAt: '2026-02-01T10:00:00.000Z',
        endedAt: '2026-02-01T11:00:00.000Z',
      });
      runId = run.id;
      await author.registerVersion('scorer', {
        label: '1.0.0',
        format: 'onnx',
        metrics: { auc: 0.8 },
        runId,
        files: [await upload(author, 'model.onnx', 'weights 1.0.0')],
      });
    });
    afterAll(async () => {
      await h?.close();
      if (work !== undefined) rmSync(work, { recursive: true, force: true });
    });

    it('sets fields (typed by the field, from a file, appended), shows completeness and one field', async () => {
      const purpose = join(work, 'purpose.md');
      writeFileSync(purpose, 'Rank tickets by urgency.\n\nUsed by the support desk.\n');
      const set = await cli(
        'card',
        'set',
        'scorer@1.0.0',
        'details.description=Scores support tickets',
        `intendedUse.purpose=@${purpose}`,
        'details.contacts=ml@example.com',
        'details.contacts+=desk@example.com',
        'compute.energyKwh=1.5',
        '--summary',
        'First card',
        '--json',
      );
      expect(set.code, set.stderr).toBe(0);
      const view = jsonOf<CardView>(set);
      expect(view.revision).toBe(1);
      expect(view.card.authored).toEqual({
        details: {
          description: 'Scores support tickets',
          contacts: ['ml@example.com', 'desk@example.com'],
        },
        intendedUse: { purpose: 'Rank tickets by urgency.\n\nUsed by the support desk.' },
        compute: { energyKwh: 1.5 },
      });
      expect(view.completeness).toMatchObject({ tier: 'minimal', score: 1, missing: [] });

      const [show, field, badField, evidenceField, badNumber, notAssignment] = await Promise.all([
        cli('card', 'show', 'scorer@1.0.0'),
        cli('card', 'show', 'scorer@1.0.0', '--field', 'details.contacts'),
        cli('card', 'set', 'scorer@1.0.0', 'intendedUse.purpos=x', '--json'),
        cli('card', 'set', 'scorer@1.0.0', 'evidence.metrics=[]', '--json'),
        cli('card', 'set', 'scorer@1.0.0', 'compute.energyKwh=lots', '--json'),
        cli('card', 'set', 'scorer@1.0.0', 'just-words', '--json'),
      ]);
      expect(show.code).toBe(0);
      expect(show.stdout).toContain('scorer@1.0.0');
      expect(show.stdout).toMatch(/completeness\s+100% \(4\/4\)/);
      expect(show.stdout).toContain('complete for the minimal template');
      expect(field.stdout).toBe('ml@example.com\ndesk@example.com\n');
      expect(badField.code).toBe(2);
      expect(errorOf(badField)).toMatchObject({
        code: 'VALIDATION_ERROR',
        message:
          "'intendedUse.purpos' is not a card field (did you mean 'intendedUse.purpose'?); see docs/model-cards.md",
      });
      expect(errorOf(evidenceField).message).toContain('filled by Verity');
      expect(errorOf(badNumber).message).toBe("'compute.energyKwh' takes a number, not 'lots'");
      expect(notAssignment.code).toBe(2);
    });

    it('validates a version (exit 1 with the missing fields) and a card file offline', async () => {
      await h.client('author').updateModel('scorer', { riskTier: 'limited' });
      const good = join(work, 'good.md');
      writeFileSync(
        good,
        '---\nrisk:\n  tier: minimal\ndetails:\n  contacts: [a@example.com]\n---\n<!-- verity:details.description -->\nd\n<!-- verity:intendedUse.purpose -->\np\n',
      );
      const thin = join(work, 'thin.md');
      writeFileSync(thin, '---\nrisk:\n  tier: high\n---\n');
      const broken = join(work, 'broken.md');
      writeFileSync(broken, '# no front matter\n');
      const [version, fileOk, fileThin, fileBroken, neither] = await Promise.all([
        cli('card', 'validate', 'scorer@1.0.0', '--json'),
        cli('card', 'validate', '--file', good),
        cli('card', 'validate', '--file', thin, '--json'),
        cli('card', 'validate', '--file', broken, '--json'),
        cli('card', 'validate'),
      ]);
      expect(version.code).toBe(1);
      expect(jsonOf<{ tier: string }>(version).tier).toBe('limited');
      expect(version.stderr).toContain('CARD_INCOMPLETE');
      expect(version.stderr).toContain('intendedUse.outOfScopeUses');
      expect(fileOk.code, fileOk.stderr).toBe(0);
      expect(fileOk.stdout).toContain('every required author field is present');
      expect(fileThin.code).toBe(1);
      expect(
        jsonOf<{ missing: { path: string }[] }>(fileThin).missing.map((m) => m.path),
      ).toContain('humanOversight.measures');
      expect(fileBroken.code).toBe(2);
      expect(errorOf(fileBroken).message).toMatch(/^card file, line 1:/);
      expect(neither.code).toBe(2);
      await h.client('author').updateModel('scorer', { riskTier: 'minimal' });
    });

    it('exports, edits in $EDITOR, imports, diffs and lists revisions; a failed edit keeps the text', async () => {
      const file = join(work, 'scorer.card.md');
      const exported = await cli('card', 'export', 'scorer@1.0.0', '--out', file);
      expect(exported.code, exported.stderr).toBe(0);
      const same = jsonOf<CardView>(await cli('card', 'import', 'scorer@1.0.0', file, '--json'));
      expect(same.revision).toBe(1);

      const editor = join(work, 'editor.sh');
      writeFileSync(
        editor,
        '#!/bin/sh\nsed -i "s/Scores support tickets/Scores and routes support tickets/" "$1"\n',
      );
      chmodSync(editor, 0o755);
      const edited = await as(
        'author',
        ['card', 'edit', 'scorer@1.0.0', '--summary', 'Routing', '--json'],
        {
          EDITOR: editor,
          VISUAL: '',
        },
      );
      expect(edited.code, edited.stderr).toBe(0);
      expect(jsonOf<CardView>(edited)).toMatchObject({ revision: 2 });

      const unchanged = await as('author', ['card', 'edit', 'scorer@1.0.0'], {
        EDITOR: 'true',
        VISUAL: '',
      });
      expect(unchanged.stdout).toBe('no changes\n');

      const breaker = join(work, 'breaker.sh');
      writeFileSync(
        breaker,
        '#!/bin/sh\nsed -i "s/^energyKwh: .*/energyKwh: lots/; s/  energyKwh: 1.5/  energyKwh: lots/" "$1"\n',
      );
      chmodSync(breaker, 0o755);
      const failed = await as('author', ['card', 'edit', 'scorer@1.0.0', '--json'], {
        EDITOR: breaker,
        VISUAL: '',
      });
      expect(failed.code).toBe(2);
      const error = errorOf(failed) as {
        code: string;
        message: string;
        details?: { file?: string };
      };
      expect(error.code).toBe('VALIDATION_ERROR');
      expect(error.message).toContain('your edited card is kept in');
      expect(readFileSync(error.details?.file ?? '', 'utf8')).toContain('energyKwh: lots');

      const [diff, history] = await Promise.all([
        cli('card', 'diff', 'scorer@1.0.0', '--json'),
        cli('card', 'history', 'scorer@1.0.0'),
      ]);
      expect(jsonOf<CardDiff>(diff)).toMatchObject({
        from: 1,
        to: 2,
        changes: [
          {
            path: 'details.description',
            before: 'Scores support tickets',
            after: 'Scores and routes support tickets',
          },
        ],
      });
      expect(history.stdout).toMatch(/^REVISION\s+CREATED\s+BY/);
      expect(history.stdout).toContain('Routing');
      const diffText = await cli('card', 'diff', 'scorer@1.0.0');
      expect(diffText.stdout).toContain('~ details.description  (Description)');
    });

    it('signs off a card, renders it, and exports CycloneDX and OpenLineage', async () => {
      const [selfApprove, approve] = [
        await cli('card', 'approve', 'scorer@1.0.0', '--json'),
        await as('risk', ['card', 'approve', 'scorer@1.0.0', '--revision', '2', '--json']),
      ];
      expect(selfApprove.code).toBe(2);
      expect(errorOf(selfApprove).code).toBe('FORBIDDEN');
      expect(approve.code, approve.stderr).toBe(0);
      expect(jsonOf<CardView>(approve)).toMatchObject({ approved: true, approvedBy: 'risk' });

      const html = join(work, 'card.html');
      const md = join(work, 'card.md');
      const bom = join(work, 'bom.json');
      const [renderHtml, renderMd, cyclonedx, lineage, missingRun] = await Promise.all([
        cli('card', 'render', 'scorer@1.0.0', '--format', 'html', '--out', html),
        cli('card', 'render', 'scorer@1.0.0', '--format', 'md', '--out', md),
        cli('export', 'cyclonedx', 'scorer@1.0.0', '--out', bom),
        cli('export', 'openlineage', runId, '--ndjson'),
        cli('export', 'openlineage', '01890000-0000-7000-8000-000000000000', '--json'),
      ]);
      expect(renderHtml.code, renderHtml.stderr).toBe(0);
      const page = readFileSync(html, 'utf8');
      expect(page).toMatch(/^<!doctype html>/i);
      expect(page).toContain('Scores and routes support tickets');
      expect(renderMd.code).toBe(0);
      expect(readFileSync(md, 'utf8')).toContain('Scores and routes support tickets');
      expect(cyclonedx.code, cyclonedx.stderr).toBe(0);
      const document = JSON.parse(readFileSync(bom, 'utf8')) as {
        bomFormat: string;
        specVersion: string;
      };
      expect(document).toMatchObject({ bomFormat: 'CycloneDX', specVersion: '1.6' });
      expect(lineage.code, lineage.stderr).toBe(0);
      const events = lineage.stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as { eventType: string });
      expect(events.map((e) => e.eventType)).toEqual(['START', 'COMPLETE']);
      // The input's schema facet comes from the registered dataset version's columns.
      const input = (
        events[0] as unknown as {
          inputs: { name: string; facets: { schema: { fields: { name: string }[] } } }[];
        }
      ).inputs[0];
      expect(input?.name).toBe('default/loans');
      expect(input?.facets.schema.fields.map((f) => f.name)).toEqual(['a', 'b']);
      expect(missingRun.code).toBe(2);
      expect(errorOf(missingRun).code).toBe('NOT_FOUND');
    });

    it.skipIf(!pdfRenderingAvailable())('renders a PDF (needs Chromium)', async () => {
      const pdf = join(work, 'card.pdf');
      const result = await cli('card', 'render', 'scorer@1.0.0', '--out', pdf);
      expect(result.code, result.stderr).toBe(0);
      expect(existsSync(pdf)).toBe(true);
      expect(readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-');
    });
  });
});

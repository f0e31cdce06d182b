/// <reference lib="dom" />
import { readFileSync, statSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserUnavailable, settle, startDashboard, type Dashboard } from './harness.js';

const skip = browserUnavailable();
if (skip !== undefined) console.log(`[verity] ${skip}`);

describe.skipIf(skip !== undefined)('dashboard: compliance (Chromium)', () => {
  let dashboard: Dashboard;
  beforeAll(async () => {
    dashboard = await startDashboard();
  }, 120_000);
  afterAll(async () => {
    await dashboard?.close();
  });

  it('shows the controls × frameworks heat map and drills into a gap down to its ledger evidence', async () => {
    const session = await dashboard.signIn('elena.rossi');
    const { page } = session;
    await session.open('/compliance');
    await session.screenshot('compliance');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Compliance');

    // The organisation posture and KPIs of the demo.
    const stats = (await page.locator('.stats').textContent()) ?? '';
    expect(stats).toMatch(/\d+ \/ \d+sub-controls met/);
    expect(stats).toContain('open gaps');
    expect(stats).toContain('mean time to detect');

    // Twelve controls × the catalogue's frameworks, those that reach a model first.
    const heat = page.locator('table.heat-map');
    expect(await heat.locator('tbody tr').count()).toBe(12);
    const headers = await heat.locator('thead th').allTextContents();
    for (const name of ['EU AI Act', 'GDPR', 'NIST AI RMF', 'ISO/IEC 42001', 'HIPAA Security']) {
      expect(headers.some((h) => h.startsWith(name))).toBe(true);
    }
    expect(headers.some((h) => h.startsWith('SR 11-7') && h.includes('superseded'))).toBe(true);
    expect(headers.some((h) => h.startsWith('NYC LL 144') && h.includes('no model'))).toBe(true);
    expect(headers.findIndex((h) => h.startsWith('EU AI Act'))).toBeLessThan(
      headers.findIndex((h) => h.startsWith('HIPAA Security')),
    );
    // Each cell says its status in words (colour is not the only carrier).
    const cell = (control: string, framework: string) =>
      heat.getByRole('button', { name: new RegExp(`^${control} .* under ${framework}:`) });
    expect(await cell('C3', 'GDPR').textContent()).toMatch(/^gap\d+\/\d+ met$/);
    expect(await cell('C1', 'EU AI Act').textContent()).toMatch(/^partial\d+\/\d+ met$/);
    expect(await cell('C1', 'HIPAA Security').textContent()).toBe('n/a');
    expect(await cell('C1', 'HIPAA Security').getAttribute('aria-label')).toContain(
      'applies to no model',
    );

    // One Tab stop for the grid; arrow keys move between cells.
    await cell('C1', 'EU AI Act').focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowRight');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toMatch(
      /^C3 Data privacy and ethical AI under GDPR: gap/,
    );

    // Enter opens the gap: the sub-controls behind it, with remedy and evidence entries.
    await page.keyboard.press('Enter');
    await page.waitForURL(/control=C3&framework=gdpr/);
    const drill = page.locator('#drill-down');
    await drill
      .getByRole('heading', { name: /C3 Data privacy and ethical AI under GDPR/ })
      .waitFor();
    const credit = drill.locator('.drill-model', { hasText: 'credit-risk' });
    const tags = credit.locator('.subcontrol', {
      hasText: 'Data protection tags on training data',
    });
    expect(await tags.locator('.badge').first().textContent()).toBe('gap');
    expect(await tags.locator('.remedy').textContent()).toContain(
      'Next step: Tag the dataset versions (purpose, lawful-basis)',
    );
    const evidence = tags.locator('table.evidence tbody tr');
    expect(await evidence.count()).toBeGreaterThan(0);
    expect(await evidence.first().textContent()).toContain('run-logged');
    // The requirements of GDPR that rely on C3, with each model's status.
    expect(await drill.locator('table.data').first().textContent()).toContain('Art 35');
    await session.screenshot('compliance-drilldown');

    // The evidence links to the ledger explorer at that entry.
    const link = evidence.first().getByRole('link');
    const entry = (await link.textContent())!.replace('#', '');
    await link.click();
    await page.waitForURL(new RegExp(`/ledger\\?entry=${entry}$`));
    await settle(page);
    const row = page.locator(`tr[data-entry="${entry}"]`);
    expect(await row.textContent()).toContain('run-logged');
    expect(await page.getByLabel(`Canonical JSON of entry ${entry}`).textContent()).toContain(
      `"index":${entry}`,
    );
    expect(session.errors).toEqual([]);
    await session.close();
  });

  it('produces reports as files: the organisation report and the model report as PDF', async () => {
    const session = await dashboard.signIn('elena.rossi');
    const { page } = session;
    await session.open('/compliance');
    const organisation = page.getByRole('group', { name: 'Organisation report' });
    await organisation.getByLabel('Format').selectOption('markdown');
    const [markdown] = await Promise.all([
      page.waitForEvent('download'),
      organisation.getByRole('button', { name: /Download/ }).click(),
    ]);
    expect(markdown.suggestedFilename()).toMatch(/\.md$/);
    const text = readFileSync(await markdown.path(), 'utf8');
    expect(text.length).toBeGreaterThan(1000);
    expect(text).toContain('credit-risk');
    // The page says what was saved, with the ledgered digest.
    expect(await organisation.locator('.download-done').textContent()).toMatch(
      /Saved .+\.md \(.+\) · sha256:/,
    );

    await session.open('/compliance/models/credit-risk');
    const model = page.getByRole('group', { name: 'Model report' });
    const [pdf] = await Promise.all([
      page.waitForEvent('download', { timeout: 90_000 }),
      model.getByRole('button', { name: /Download/ }).click(),
    ]);
    expect(pdf.suggestedFilename()).toMatch(/credit-risk.*\.pdf$/);
    const path = await pdf.path();
    expect(statSync(path).size).toBeGreaterThan(10_000);
    expect(readFileSync(path).subarray(0, 5).toString('latin1')).toBe('%PDF-');

    const bundleRow = page.getByRole('group', { name: 'Evidence bundle' });
    const [bundle] = await Promise.all([
      page.waitForEvent('download'),
      bundleRow.getByRole('button', { name: /Download/ }).click(),
    ]);
    const parsed = JSON.parse(readFileSync(await bundle.path(), 'utf8')) as {
      entries: unknown[];
      checkpoint: string;
    };
    expect(parsed.entries.length).toBeGreaterThan(0);
    expect(parsed.checkpoint).toContain('\n\n\u2014 ');
    expect(session.errors).toEqual([]);
    await session.close();
  }, 120_000);

  it('shows a model’s posture with its EU AI Act tier, scope, controls, risks and assessments', async () => {
    const session = await dashboard.signIn('elena.rossi');
    const { page } = session;
    await session.open('/compliance/models/credit-risk');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('credit-risk');
    const tier = page.locator('.stat', { hasText: 'EU AI Act tier' });
    expect(await tier.locator('.stat-value').textContent()).toBe('high');
    const classification = page.locator('#classification');
    expect(await classification.textContent()).toContain('High-risk AI system');
    expect(await classification.textContent()).toContain('Annex III point 5(b)');
    expect(await page.locator('#scope').textContent()).toContain('essential-services');
    // Twelve controls, each with its status; opening one shows its sub-controls.
    const controls = page.locator('details.control');
    expect(await controls.count()).toBe(12);
    await controls.filter({ hasText: 'Regulatory mapping' }).locator('summary').click();
    expect(await page.locator('#control-C1').textContent()).toContain(
      'Required impact assessments approved',
    );
    await session.screenshot('compliance-model');

    await page.getByRole('tab', { name: /Frameworks/ }).click();
    expect(await page.getByRole('tabpanel').textContent()).toContain('EU AI Act');
    await page.getByRole('tab', { name: /Risks/ }).click();
    expect(await page.getByRole('tabpanel').textContent()).toContain(
      'Lower approval rates for applicants under 25',
    );
    await page.getByRole('tab', { name: /Impact assessments/ }).click();
    expect(await page.getByRole('tabpanel').textContent()).toContain('DPIA');
    expect(page.url()).toContain('tab=assessments');
    expect(session.errors).toEqual([]);
    await session.close();
  });

  it('hides report production from a risk officer without audit:export', async () => {
    const session = await dashboard.signIn('priya.nair');
    const { page } = session;
    await session.open('/compliance/models/credit-risk');
    expect(await page.locator('#reports').textContent()).toContain('audit:export');
    const buttons = page.locator('#reports').getByRole('button', { name: /Download/ });
    expect(await buttons.count()).toBe(3);
    for (const button of await buttons.all()) expect(await button.isDisabled()).toBe(true);
    expect(session.errors).toEqual([]);
    await session.close();
  });

  it('works at tablet width: the heat map scrolls inside its frame, not the page', async () => {
    const session = await dashboard.signIn('tomas.berg', { width: 820, height: 1180 });
    const { page } = session;
    await session.open('/compliance?control=C1&framework=eu-ai-act');
    await session.screenshot('compliance-tablet');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      820,
    );
    await page.locator('#drill-down').getByRole('button', { name: 'Close' }).click();
    await page.waitForURL((url) => !url.search.includes('control='));
    expect(await page.locator('#drill-down').count()).toBe(0);
    expect(session.errors).toEqual([]);
    await session.close();
  });
});

/// <reference lib="dom" />
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator } from 'playwright-core';
import { browserUnavailable, settle, startDashboard, type Dashboard } from './harness.js';

const skip = browserUnavailable();
if (skip !== undefined) console.log(`[verity] ${skip}`);

const DAY = 86_400_000;
const dayLabel = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  timeZone: 'UTC',
});

/** The demo's windows are days counted back from the day the demo was seeded (today, UTC). */
function demoDay(offset: number): string {
  const today = Math.floor(Date.now() / DAY) * DAY;
  return dayLabel.format(new Date(today + offset * DAY));
}

/** The data table behind a chart: its figure's disclosure, opened. */
async function chartTable(chart: Locator): Promise<Locator> {
  const figure = chart.locator('xpath=ancestor::figure[1]');
  await figure.getByText('Data table').click();
  return figure.locator('details table');
}

describe.skipIf(skip !== undefined)('dashboard: monitoring (Chromium)', () => {
  let dashboard: Dashboard;
  beforeAll(async () => {
    dashboard = await startDashboard();
  }, 120_000);
  afterAll(async () => {
    await dashboard?.close();
  });

  it('lists the monitors with their drift status and the alerts with what they did', async () => {
    const session = await dashboard.signIn('james.okafor');
    const { page } = session;
    page.setDefaultTimeout(10_000);
    await session.open('/monitoring');
    await session.screenshot('monitoring');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Monitoring');
    const monitors = page.getByRole('region', { name: 'Monitors' });
    const row = monitors.locator('tbody tr').filter({ hasText: 'production-traffic' });
    expect(await row.count()).toBe(1);
    const text = (await row.textContent()) ?? '';
    expect(text).toContain('credit-risk');
    expect(text).toContain('production');
    expect(text).toContain('no drift');
    expect(text).toContain('8 of 28 breached');
    expect(text).toContain('1 resolved');
    expect(await monitors.textContent()).toContain('Not monitored: payments/fraud-screening');
    const alerts = page.getByRole('region', { name: 'Alerts' });
    const alert = alerts.locator('tbody tr').filter({ hasText: 'drift:dataset' });
    const alertText = (await alert.textContent()) ?? '';
    expect(alertText).toContain('resolved');
    expect(alertText).toContain('critical');
    expect(alertText).toContain('1 of 6 columns drifted');
    expect(alertText).toContain('INC-2026-002');
    // Only firing alerts: none.
    await alerts.getByLabel('Alert status').selectOption('firing');
    await alerts.getByText('No alert matches this filter.').waitFor();
    // The inventory links here with ?model=; the filter keeps that model's monitors.
    await session.open('/monitoring?model=payments%2Ffraud-screening');
    await page.getByText('payments/fraud-screening has no monitor.').waitFor();
    await page.getByRole('button', { name: 'Show all models' }).click();
    await monitors.getByRole('link', { name: 'production-traffic' }).click();
    await page.waitForURL(/\/monitoring\/credit-risk\/production-traffic$/);
    await settle(page);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('production-traffic');
    expect(session.errors).toEqual([]);
    await session.close();
  });

  it('reads the drift chart: runs per window, the income breach marked, features and distributions', async () => {
    const session = await dashboard.signIn('james.okafor');
    const { page } = session;
    page.setDefaultTimeout(10_000);
    await session.open('/monitoring/credit-risk/production-traffic');
    await session.screenshot('monitoring-monitor');

    // The chart is an image with an accessible name and a description of what stands out.
    const drift = page.getByRole('img', {
      name: /^Drift of 6 monitored features \(PSI\) per window/,
    });
    await drift.waitFor();
    const description = (await drift.getAttribute('aria-describedby'))!;
    const said = (await page.locator(`[id="${description}"]`).textContent()) ?? '';
    expect(said).toContain('28 windows');
    expect(said).toContain(`income drifted in 8 windows (${demoDay(-18)} to ${demoDay(-11)})`);

    // Its data table lists every window; the breached days are marked, and only those.
    const table = await chartTable(drift);
    const rows = table.locator('tbody tr');
    expect(await rows.count()).toBe(28);
    const headers = await table.locator('thead th').allTextContents();
    expect(headers).toEqual([
      'Window',
      'age',
      'income',
      'debt_to_income',
      'credit_history_months',
      'employment_status',
      'loan_amount',
      'Note',
    ]);
    const incomeColumn = headers.indexOf('income');
    const marked: string[] = [];
    for (let i = 0; i < 28; i++) {
      const row = rows.nth(i);
      const window = (await row.locator('th').textContent()) ?? '';
      const cells = await row.locator('td').allTextContents();
      const income = cells[incomeColumn - 1] ?? '';
      if (income.includes('drifted')) {
        marked.push(window);
        expect(Number.parseFloat(income)).toBeGreaterThan(0.2);
        expect(cells[cells.length - 1]).toBe('dataset drift');
      } else {
        expect(Number.parseFloat(income)).toBeLessThan(0.2);
        expect(cells[cells.length - 1]).toBe('');
      }
    }
    expect(marked).toEqual(Array.from({ length: 8 }, (_, i) => demoDay(-18 + i)));
    expect(await rows.first().locator('th').textContent()).toBe(demoDay(-28));
    // The breached windows are drawn as highlighted points on the chart too.
    expect(await drift.locator('circle.chart-flag').count()).toBe(8);
    expect(await drift.locator('rect.chart-region').count()).toBe(1);

    // Switch the feature: the chart shows income alone, with its threshold.
    const section = page.getByRole('region', { name: 'Drift over time' });
    await section.getByRole('combobox', { name: /^Feature/ }).selectOption('employment_status');
    await page
      .getByRole('img', { name: /^Drift of employment_status \(PSI\) per window/ })
      .waitFor();
    expect(await section.locator('.chart-summary').textContent()).toContain(
      'No employment_status drifted (threshold 0.2).',
    );
    expect(page.url()).toContain('feature=employment_status');

    // The distribution comparison follows the feature: categories, reference against window.
    const compare = page.getByRole('region', { name: 'Reference against current' });
    await settle(page);
    const categories = compare.getByRole('img', {
      name: /^Distribution of employment_status: reference against the window of /,
    });
    await categories.waitFor();
    const categoryTable = await chartTable(categories);
    const first = (await categoryTable.locator('tbody tr').first().textContent()) ?? '';
    expect(first).toMatch(/^employed/);
    expect(await categoryTable.locator('tbody tr').count()).toBe(5);

    // Income in its newest breached window: most of the window sits below the reference bins.
    await compare.getByRole('combobox', { name: /^Feature to compare/ }).selectOption('income');
    await settle(page);
    const windowSelect = compare.getByRole('combobox', { name: /^Window/ });
    expect(await windowSelect.locator('option:checked').textContent()).toBe(
      `${demoDay(-11)} — income drifted`,
    );
    const income = compare.getByRole('img', {
      name: `Distribution of income: reference against the window of ${demoDay(-11)}`,
    });
    await income.waitFor();
    expect(await compare.locator('.chart-summary').textContent()).toMatch(
      /income in the window of .*: PSI 8\.\d+ against a threshold of 0\.2 drifted/,
    );
    const incomeTable = await chartTable(income);
    const below = incomeTable.locator('tbody tr').first();
    expect(await below.locator('th').textContent()).toBe(
      'below 3,100 (outside the reference range)',
    );
    expect(await compare.locator('.facts').textContent()).toMatch(
      /Outside the reference range\d+\.\d%/,
    );
    // A window without drift, chosen from the list.
    await windowSelect.selectOption({ label: demoDay(-1) });
    await settle(page);
    await compare
      .getByRole('img', {
        name: `Distribution of income: reference against the window of ${demoDay(-1)}`,
      })
      .waitFor();
    expect(await compare.locator('.chart-summary').textContent()).toContain('within threshold');

    // No labels and no fairness rules in the demo: each says so, and what would change it.
    const performance = page.getByRole('region', { name: 'Performance' });
    expect(await performance.textContent()).toContain('Labels have not arrived.');
    expect(await performance.textContent()).toContain('None of the 42,000 predictions');
    expect(await performance.textContent()).toContain('/api/v1/models/credit-risk/labels');
    expect(await page.getByRole('region', { name: 'Fairness by group' }).textContent()).toContain(
      'No fairness results.',
    );

    // Run history: 28 runs, the 8 breaches highlighted; a row opens its distributions.
    const history = page.getByRole('region', { name: 'Run history' });
    expect(await history.locator('tbody tr').count()).toBe(28);
    expect(await history.locator('tbody tr.row-breach').count()).toBe(8);
    const firstBreach = history.locator('tbody tr').filter({
      has: page.getByRole('rowheader', { name: demoDay(-18), exact: true }),
    });
    expect(await firstBreach.textContent()).toContain('fired drift:dataset');
    await firstBreach.getByRole('button', { name: `Distributions of ${demoDay(-18)}` }).click();
    await settle(page);
    expect(await windowSelect.locator('option:checked').textContent()).toBe(
      `${demoDay(-18)} — income drifted`,
    );

    // The alert and what it did: the incident, whose playbook rolled production back.
    const alerts = page.getByRole('region', { name: 'Alerts of this monitor' });
    const alertText = (await alerts.textContent()) ?? '';
    expect(alertText).toContain('drift:dataset');
    expect(alertText).toContain('INC-2026-002');
    expect(alertText).toContain('Roll production back to the previous version');
    expect(alertText).toContain('roll credit-risk in production back from 1.1.0 to 1.0.0');
    await alerts.getByRole('link', { name: 'INC-2026-002' }).click();
    await page.waitForURL(/\/incidents\/INC-2026-002$/);
    await settle(page);
    expect(session.errors).toEqual([]);
    await session.close();
  });

  it('shows approval rates by age band from the decisions, with the group under four-fifths flagged', async () => {
    const session = await dashboard.signIn('james.okafor');
    const { page } = session;
    page.setDefaultTimeout(10_000);
    await session.open('/monitoring/credit-risk/approval-parity');
    const fairness = page.getByRole('region', { name: 'Fairness by group' });
    await fairness
      .getByRole('img', { name: /selection rate by age_band/i })
      .first()
      .waitFor();
    await session.screenshot('monitoring-fairness');
    // The rule over time: every window, the ones under 0.5 flagged (those of the monthly incomes).
    const trend = fairness.getByRole('img', {
      name: /^Selection rate ratio by age_band per window/,
    });
    const trendSaid =
      (await page
        .locator(`[id="${(await trend.getAttribute('aria-describedby'))!}"]`)
        .textContent()) ?? '';
    expect(trendSaid).toContain('in 28 windows; 8 windows breached the rule');
    expect(await trend.locator('circle.chart-flag').count()).toBe(8);
    const text = (await fairness.textContent()) ?? '';
    // The newest window (day -1), scored by 1.1.0: every band, the youngest below 0.8 of the
    // best-approved band, and no outcome needed for any of it.
    expect(text).toContain(demoDay(-1));
    for (const band of ['21-24', '25-34', '35-49', '50+']) expect(text).toContain(band);
    expect(text).toContain('below four-fifths');
    expect(text).not.toContain('No fairness results.');
    // Its alert fired with the drift alert when incomes arrived monthly, and resolved with it.
    const history = page.getByRole('region', { name: 'Run history' });
    expect(await history.locator('tbody tr.row-breach').count()).toBe(8);
    expect(session.errors).toEqual([]);
    await session.close();
  });

  it('shows performance per window once the outcomes of its decisions have arrived', async () => {
    const session = await dashboard.signIn('james.okafor');
    const { page } = session;
    page.setDefaultTimeout(10_000);
    await session.open('/monitoring/credit-risk/default-outcomes');
    const performance = page.getByRole('region', { name: 'Performance' });
    const chart = performance.getByRole('img', { name: /^Performance per window/ });
    await chart.waitFor();
    await session.screenshot('monitoring-performance');
    const said =
      (await page
        .locator(`[id="${(await chart.getAttribute('aria-describedby'))!}"]`)
        .textContent()) ?? '';
    // Outcomes arrive 14 days after the decisions: 14 windows of 1,500 labelled predictions.
    expect(said).toContain('ROC AUC');
    expect(said).toContain('Brier score');
    expect(said).toContain('over 21,000 labelled predictions');
    const rows = (await chartTable(chart)).locator('tbody tr');
    expect(await rows.count()).toBe(28);
    expect(await rows.first().locator('th').textContent()).toBe(demoDay(-28));
    const valued: string[] = [];
    for (let i = 0; i < 28; i++) {
      const cells = await rows.nth(i).locator('td').allTextContents();
      if (cells.some((c) => /\d/.test(c)))
        valued.push((await rows.nth(i).locator('th').textContent()) ?? '');
    }
    expect(valued).toEqual(Array.from({ length: 14 }, (_, i) => demoDay(-28 + i)));
    expect(await performance.textContent()).not.toContain('Labels have not arrived.');
    // Each of those windows was run again when its outcomes came in: two runs, the newest shown.
    const history = page.getByRole('region', { name: 'Run history' });
    expect(await history.locator('tbody tr').count()).toBe(42);
    expect(session.errors).toEqual([]);
    await session.close();
  });

  it('works at tablet width for a read-only auditor', async () => {
    const session = await dashboard.signIn('tomas.berg', { width: 820, height: 1180 });
    const { page } = session;
    page.setDefaultTimeout(10_000);
    await session.open('/monitoring/credit-risk/production-traffic?feature=income&scale=linear');
    await session.screenshot('monitoring-monitor-tablet');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      820,
    );
    const chart = page.getByRole('img', { name: /^Drift of income \(PSI\) per window/ });
    await chart.waitFor();
    // Drawn at the container's width, not scaled.
    const width = Number(await chart.getAttribute('width'));
    expect(width).toBeGreaterThan(500);
    expect(width).toBeLessThanOrEqual(820);
    // The feature selector is reachable and usable from the keyboard.
    const feature = page
      .getByRole('region', { name: 'Drift over time' })
      .getByRole('combobox', { name: /^Feature/ });
    await feature.focus();
    await page.keyboard.press('ArrowDown');
    await settle(page);
    expect(page.url()).toContain('feature=');
    expect(session.errors).toEqual([]);
    await session.close();
  });
});

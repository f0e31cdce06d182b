/// <reference lib="dom" />
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserUnavailable, settle, startDashboard, type Dashboard } from './harness.js';

const skip = browserUnavailable();
if (skip !== undefined) console.log(`[verity] ${skip}`);

describe.skipIf(skip !== undefined)('dashboard: incidents (Chromium)', () => {
  let dashboard: Dashboard;
  beforeAll(async () => {
    dashboard = await startDashboard();
  }, 120_000);
  afterAll(async () => {
    await dashboard?.close();
  });

  it('shows the board with severities, live regulatory clocks, drills on request and the KPIs', async () => {
    const session = await dashboard.signIn('priya.nair');
    const { page } = session;
    page.setDefaultTimeout(10_000);
    // No demo incident has a regulatory clock: mark the break-glass incident reportable under
    // GDPR Art 33 from now, through the API as the signed-in risk officer.
    const started = await page.request.post('/api/v1/incidents/INC-2026-001/clocks', {
      data: { rule: 'gdpr-art33', startedAt: new Date().toISOString() },
      headers: { 'x-verity-csrf': '1' },
    });
    expect(started.status()).toBe(200);

    await session.open('/incidents');
    await session.screenshot('incidents');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Incidents');
    const mitigating = page.getByRole('region', { name: /^Mitigating/ });
    const card = mitigating.getByRole('listitem').filter({ hasText: 'INC-2026-001' });
    const cardText = (await card.textContent()) ?? '';
    expect(cardText).toContain('SEV3');
    expect(cardText).toContain('payments/fraud-screening@1.0.0');
    expect(cardText).toContain('james.okafor');
    expect(cardText).toContain('Break-glass');
    const closed = page.getByRole('region', { name: /^Closed/ });
    const drift = closed.getByRole('listitem').filter({ hasText: 'INC-2026-002' });
    expect(await drift.textContent()).toContain('SEV2');
    expect(await drift.textContent()).toContain('credit-risk');

    // The GDPR 72-hour clock counts down on the card, every second.
    const timer = card.getByRole('timer');
    expect(await timer.getAttribute('aria-label')).toMatch(
      /^GDPR Art 33\(1\), 33\(3\): 2 days 23 hours 5\d minutes left$/,
    );
    const before = await timer.textContent();
    expect(before).toMatch(/^2 d 23:5\d:\d\d left$/);
    await page.waitForFunction(
      (text) => document.querySelector('[role="timer"]')?.textContent !== text,
      before,
      { timeout: 5_000 },
    );

    // KPIs over real incidents: the drift incident was acknowledged in 16 minutes, the
    // break-glass one in 6 (median 11); drills stay out.
    expect(await page.locator('.stats').textContent()).toContain('11 min');
    const kpis = page.getByRole('region', { name: 'Response times' });
    const sev2 = kpis.locator('tbody tr').filter({ hasText: 'SEV2' });
    expect(await sev2.textContent()).toContain('16 min');
    expect(await sev2.textContent()).toContain('over target');

    // The drill is hidden until asked for.
    expect(await page.getByText('DRILL-2026-001').count()).toBe(0);
    expect(await page.getByText('1 drill is hidden').count()).toBe(1);
    await page.getByLabel('Include drills').check();
    await settle(page);
    expect(page.url()).toContain('drills=include');
    const drill = closed.getByRole('listitem').filter({ hasText: 'DRILL-2026-001' });
    expect(await drill.textContent()).toContain('drill');
    await page.getByLabel('Include drills').uncheck();
    await settle(page);
    expect(await page.getByText('DRILL-2026-001').count()).toBe(0);

    // The table view sorts by severity, most severe first.
    await page.getByRole('button', { name: 'Table' }).click();
    await page.getByRole('button', { name: /^Severity/ }).click();
    const rows = page.locator('table.data').first().locator('tbody tr');
    expect(await rows.count()).toBe(2);
    expect(await rows.first().locator('th').textContent()).toBe('INC-2026-002');
    const header = page.locator('th[aria-sort="descending"]');
    expect(await header.textContent()).toContain('Severity');
    expect(await rows.nth(1).getByRole('timer').count()).toBe(1);

    // Open the drift incident from the board.
    await page.getByRole('button', { name: 'Board' }).click();
    await page.getByRole('link', { name: 'INC-2026-002' }).click();
    await page.waitForURL(/\/incidents\/INC-2026-002$/);
    await settle(page);
    expect(session.errors).toEqual([]);
    await session.close();
  });

  it('shows an incident: the rollback step, the review, follow-up, timeline and clocks', async () => {
    const session = await dashboard.signIn('james.okafor');
    const { page } = session;
    page.setDefaultTimeout(10_000);
    await session.open('/incidents/INC-2026-002');
    await session.screenshot('incident');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain(
      'credit-risk: 1 of 6 columns drifted',
    );
    expect(await page.locator('.notice').textContent()).toContain('accepts no change');
    // A closed incident offers no transition.
    expect(await page.getByRole('button', { name: /^(Mark|Close|Reopen|Start)/ }).count()).toBe(0);

    const playbook = page.getByRole('region', { name: 'Playbook: drift-rollback' });
    const rollback = playbook.getByRole('listitem').filter({
      hasText: 'Roll production back to the previous version',
    });
    const rollbackText = (await rollback.textContent()) ?? '';
    expect(rollbackText).toContain('done');
    expect(rollbackText).toContain('(automatic)');
    expect(rollbackText).toContain('roll credit-risk in production back from 1.1.0 to 1.0.0');
    expect(await playbook.textContent()).toContain('4 of 4 steps done');

    const review = page.getByRole('region', { name: 'Post-incident review' });
    const reviewText = (await review.textContent()) ?? '';
    expect(reviewText).toContain('completed');
    expect(reviewText).toContain(
      'A feature pipeline release changed the unit of income from annual to monthly',
    );
    expect(reviewText).toContain('no unit or range check on income in the pipeline contract');
    expect(reviewText).toContain('completed by priya.nair');
    const followUp = page.getByRole('region', { name: 'Follow-up actions' });
    expect(await followUp.textContent()).toContain(
      'Add a range check on income to the feature pipeline contract',
    );
    expect(await followUp.textContent()).toContain('done');

    const status = page.getByRole('region', { name: 'Status' });
    expect(await status.locator('[aria-current="step"]').textContent()).toBe('Closed');
    expect(await status.textContent()).toMatch(/Acknowledge within 30 min:\s*met/);
    expect(await status.textContent()).toMatch(/Resolve within 3 d:\s*missed/);
    const summary = page.getByRole('region', { name: 'Summary' });
    expect(
      await summary.getByRole('link', { name: 'production-traffic' }).getAttribute('href'),
    ).toBe('/monitoring/credit-risk/production-traffic');
    const timeline = page.getByRole('region', { name: 'Timeline' });
    expect(await timeline.textContent()).toContain('open → triaged');
    expect(await timeline.textContent()).toContain('resolved → closed');
    expect(await page.getByRole('region', { name: 'Regulatory clocks' }).textContent()).toContain(
      'No regulatory clock is running',
    );
    expect(session.errors).toEqual([]);
    await session.close();
  });

  it('starts a clock from the incident page, counts it down, and works the incident', async () => {
    const session = await dashboard.signIn('elena.rossi');
    const { page } = session;
    page.setDefaultTimeout(10_000);
    await session.open('/incidents/INC-2026-001');
    const clocks = page.getByRole('region', { name: 'Regulatory clocks' });
    // The GDPR clock started in the first test is running; start the EU AI Act one from now.
    await clocks.getByLabel('Mark reportable under').selectOption('eu-ai-act-art73');
    await clocks.getByLabel('Clock starts').selectOption('now');
    await clocks.getByRole('button', { name: 'Start the clock' }).click();
    await clocks.getByRole('heading', { name: 'Serious incident report' }).waitFor();
    await settle(page);
    const timers = clocks.getByRole('timer');
    expect(await timers.count()).toBe(2);
    expect(await clocks.textContent()).toMatch(/(14 d 23:5\d:\d\d|15 d 00:00:00) left/);
    expect(await clocks.textContent()).toMatch(/\d of \d+ required fields filled/);
    await page.evaluate(() => window.scrollTo(0, 0));
    await session.screenshot('incident-clocks');

    // Work it: resolve, then close (a SEV3 needs no review).
    const status = page.getByRole('region', { name: 'Status' });
    await status
      .getByLabel('Note for the timeline (optional)')
      .fill('Signature and lineage supplied under CHG-4471.');
    await status.getByRole('button', { name: 'Mark resolved' }).click();
    await status.getByRole('button', { name: 'Close' }).waitFor();
    expect(await status.locator('[aria-current="step"]').textContent()).toBe('Resolved');
    expect(await page.getByRole('region', { name: 'Timeline' }).textContent()).toContain(
      'Signature and lineage supplied under CHG-4471.',
    );
    expect(session.errors).toEqual([]);
    await session.close();
  });

  it('shows the server’s refusal when a SEV2 is closed without its review', async () => {
    const session = await dashboard.signIn('priya.nair');
    const { page } = session;
    page.setDefaultTimeout(10_000);
    const opened = await page.request.post('/api/v1/incidents', {
      data: {
        title: 'Approval rate for applicants under 25 fell below the four-fifths line',
        type: 'bias',
        severity: 'SEV2',
        summary: 'Weekly fairness review: selection rate ratio 0.71 for age band 18-24.',
        affected: [{ model: 'credit-risk', environment: 'production' }],
      },
      headers: { 'x-verity-csrf': '1' },
    });
    expect(opened.status()).toBe(201);
    const key = ((await opened.json()) as { key: string }).key;
    await session.open(`/incidents/${key}`);
    await page.getByRole('button', { name: 'Acknowledge' }).click();
    await page.getByRole('button', { name: 'Acknowledge' }).waitFor({ state: 'detached' });
    const status = page.getByRole('region', { name: 'Status' });
    await status.getByRole('button', { name: 'Mark resolved' }).click();
    await status.getByRole('button', { name: 'Close' }).waitFor();
    expect(await status.textContent()).toContain(
      'Closing a SEV2 needs a completed post-incident review',
    );
    await status.getByRole('button', { name: 'Close' }).click();
    const error = status.getByRole('alert');
    await error.waitFor();
    const message = (await error.textContent()) ?? '';
    expect(message).toContain('VALIDATION_ERROR');
    expect(message).toContain('post-incident review');
    expect(await status.locator('[aria-current="step"]').textContent()).toBe('Resolved');
    // The refused request is the one console error (Chromium logs every 4xx response).
    expect(session.errors).toHaveLength(1);
    expect(session.errors[0]).toContain('400');
    await session.close();
  });

  it('works at tablet width, read-only for an auditor', async () => {
    const session = await dashboard.signIn('tomas.berg', { width: 820, height: 1180 });
    const { page } = session;
    page.setDefaultTimeout(10_000);
    await session.open('/incidents');
    await session.screenshot('incidents-tablet');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      820,
    );
    await session.open('/incidents/INC-2026-001');
    await session.screenshot('incident-tablet');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      820,
    );
    expect(await page.locator('.notice').textContent()).toContain(
      'needs the incident:write permission',
    );
    expect(await page.getByRole('button', { name: 'Start the clock' }).count()).toBe(0);
    // The two clocks started above still count down (the incident is resolved, not closed).
    const clocks = page.getByRole('region', { name: 'Regulatory clocks' });
    expect(await clocks.getByRole('timer').count()).toBe(2);
    expect(await clocks.getByRole('button', { name: 'Edit the report' }).count()).toBe(0);
    expect(session.errors).toEqual([]);
    await session.close();
  });
});

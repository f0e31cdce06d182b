/// <reference lib="dom" />
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Promotion } from '../../src/client/index.js';
import { browserUnavailable, settle, startDashboard, type Dashboard } from './harness.js';

const skip = browserUnavailable();
if (skip !== undefined) console.log(`[verity] ${skip}`);

const IE_REQUEST = /credit-risk 1\.1\.0 to production-ie/;

describe.skipIf(skip !== undefined)('dashboard: approvals inbox (Chromium)', () => {
  let dashboard: Dashboard;
  beforeAll(async () => {
    dashboard = await startDashboard();
  }, 120_000);
  afterAll(async () => {
    await dashboard?.close();
  });

  it('tells the requester why she cannot approve, and shows what her request still needs', async () => {
    const session = await dashboard.signIn('maria.chen');
    const { page } = session;
    await session.open('/approvals');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Approvals');
    const yours = page.getByRole('region', { name: 'Your decisions' });
    expect(await yours.textContent()).toContain(
      'You cannot approve or reject promotions: that needs the promotion:approve permission',
    );
    expect(await yours.textContent()).toContain('You hold contributor in default.');
    expect(await page.getByRole('button', { name: 'Approve' }).count()).toBe(0);
    const recent = page.getByRole('region', { name: 'Recent promotions' });
    const row = recent.getByRole('row').filter({ hasText: 'production-ie' });
    const text = (await row.textContent()) ?? '';
    expect(text).toContain('pending');
    expect(text).toContain('you');
    expect(text).toContain('Needs 1 risk-officer approval.');
    // The status filter lives in the URL.
    await recent.getByLabel('Status').selectOption('approved');
    await page.waitForURL(/status=approved/);
    await settle(page);
    expect(await recent.getByRole('row').filter({ hasText: 'production-ie' }).count()).toBe(0);
    expect(await recent.getByRole('row').filter({ hasText: 'production' }).count()).toBe(1);
    expect(session.errors).toEqual([]);
    await session.close();
  });

  it('lets priya.nair approve the credit-risk 1.1.0 → production-ie request with a reason', async () => {
    const session = await dashboard.signIn('priya.nair');
    const { page } = session;
    await session.open('/approvals');
    const awaiting = page.getByRole('region', { name: /Awaiting your decision \(1\)/ });
    const request = awaiting.getByRole('article', { name: IE_REQUEST });
    const text = (await request.textContent()) ?? '';
    expect(text).toContain('maria.chen');
    expect(text).toContain('Launch of consumer lending in the Irish branch');
    expect(text).toMatch(/passed\s*7 of 7 rules passed/);
    expect(text).toContain('0 of 1');
    expect(text).toMatch(/ago|yesterday/);
    expect(
      await request.getByRole('link', { name: 'Open credit-risk 1.1.0' }).getAttribute('href'),
    ).toBe('/models/credit-risk/versions/1.1.0?tab=approvals');
    // Break-glass overrides awaiting review are listed for readers, with the promotion they concern.
    const reviews = page.getByRole('region', { name: /Break-glass reviews \(1 open\)/ });
    expect(await reviews.textContent()).toContain('admin overrode the production gate');
    expect(await reviews.textContent()).toContain('payments/fraud-screening');
    await session.screenshot('approvals');

    await request
      .getByLabel('Reason')
      .fill('Validated under MRV-2026-009; Irish data protection review done');
    await request.getByRole('button', { name: 'Approve' }).click();
    const notice = page.getByRole('status').filter({ hasText: 'You approved' });
    await notice.waitFor();
    expect(await notice.textContent()).toContain(
      'You approved credit-risk 1.1.0 → production-ie. It is now approved',
    );
    await settle(page);
    await page.getByText('Nothing is waiting for you.').waitFor();
    const row = page
      .getByRole('region', { name: 'Recent promotions' })
      .getByRole('row')
      .filter({ hasText: 'production-ie' });
    expect(await row.textContent()).toMatch(/approved.*priya\.nair\s*approved as risk-officer/);
    await session.screenshot('approvals-after-approval');

    // The API agrees: approved, by priya.nair, with the reason recorded.
    const id = await row.getAttribute('data-promotion');
    const response = await page.request.get(`/api/v1/promotions/${id}`);
    const promotion = (await response.json()) as Promotion;
    expect(promotion.status).toBe('approved');
    expect(promotion.approvals).toMatchObject([
      {
        approver: 'priya.nair',
        role: 'risk-officer',
        decision: 'approved',
        reason: 'Validated under MRV-2026-009; Irish data protection review done',
      },
    ]);
    // The version page shows it approved too.
    await session.open('/models/credit-risk/versions/1.1.0?tab=approvals');
    const history = page.getByRole('region', { name: /History/ });
    const approved = history.getByRole('article', { name: IE_REQUEST });
    expect(await approved.textContent()).toContain('Approved: it may be deployed until');
    expect(session.errors).toEqual([]);
    await session.close();
  });

  it('rejects a request only with a reason, and records it', async () => {
    // maria.chen asks for credit-risk 1.1.0 in staging again; it needs a maintainer.
    const requester = await dashboard.signIn('maria.chen');
    const created = await requester.page.request.post('/api/v1/promotions', {
      headers: { 'x-verity-csrf': '1' },
      data: {
        model: 'credit-risk',
        version: '1.1.0',
        environment: 'staging',
        justification: 'Shadow scoring of the Irish traffic mix before the production-ie launch',
      },
    });
    expect(created.status()).toBe(201);
    const { id } = (await created.json()) as Promotion;
    await requester.close();

    const session = await dashboard.signIn('james.okafor');
    const { page } = session;
    await session.open('/approvals');
    const request = page
      .getByRole('region', { name: /Awaiting your decision/ })
      .getByRole('article', { name: /credit-risk 1\.1\.0 to staging/ });
    expect(await request.textContent()).toContain('Shadow scoring of the Irish traffic mix');
    // No reason: refused on the page, nothing sent.
    await request.getByRole('button', { name: 'Reject' }).click();
    await request.getByText('a rejection needs a reason').waitFor();
    expect(await request.getByLabel('Reason').getAttribute('aria-invalid')).toBe('true');
    await request
      .getByLabel('Reason')
      .fill('Staging capacity is frozen for the quarter-end release');
    await request.getByRole('button', { name: 'Reject' }).click();
    await page.getByRole('status').filter({ hasText: 'You rejected' }).waitFor();
    expect(
      await page.getByRole('status').filter({ hasText: 'You rejected' }).textContent(),
    ).toContain('You rejected credit-risk 1.1.0 → staging. It is now rejected.');
    await settle(page);
    const promotion = (await (
      await page.request.get(`/api/v1/promotions/${id}`)
    ).json()) as Promotion;
    expect(promotion.status).toBe('rejected');
    expect(promotion.closedReason).toBe('Staging capacity is frozen for the quarter-end release');
    const row = page.locator(`tr[data-promotion="${id}"]`);
    expect(await row.textContent()).toContain('rejected');
    expect(session.errors).toEqual([]);
    await session.close();
  });

  it('shows the server’s refusal when the request was decided meanwhile', async () => {
    const requester = await dashboard.signIn('maria.chen');
    const created = await requester.page.request.post('/api/v1/promotions', {
      headers: { 'x-verity-csrf': '1' },
      data: { model: 'credit-risk', version: '1.1.0', environment: 'staging' },
    });
    expect(created.status()).toBe(201);
    await requester.close();

    // Two tabs of james.okafor's inbox; the first decides, the second is now stale.
    const session = await dashboard.signIn('james.okafor');
    const { page } = session;
    await session.open('/approvals');
    const other = await session.context.newPage();
    await other.goto('/approvals');
    await settle(other);
    await other
      .getByRole('article', { name: /credit-risk 1\.1\.0 to staging/ })
      .getByRole('button', { name: 'Approve' })
      .click();
    await other.getByRole('status').filter({ hasText: 'You approved' }).waitFor();
    await other.close();

    const stale = page.getByRole('article', { name: /credit-risk 1\.1\.0 to staging/ });
    await stale.getByRole('button', { name: 'Approve' }).click();
    const alert = stale.getByRole('alert');
    await alert.waitFor();
    const text = (await alert.textContent()) ?? '';
    expect(text).toContain('Refused: the request changed since this page loaded');
    expect(text).toContain('PROMOTION_CLOSED');
    await session.screenshot('approvals-refused');
    await stale.getByRole('button', { name: 'Show where it stands now' }).click();
    await settle(page);
    await page.getByText('Nothing is waiting for you.').waitFor();
    // The refused request is the one console error (Chromium logs the 409 response).
    expect(session.errors).toHaveLength(1);
    expect(session.errors[0]).toContain('409');
    await session.close();
  });

  it('works at tablet width', async () => {
    const session = await dashboard.signIn('elena.rossi', { width: 820, height: 1180 });
    const { page } = session;
    await session.open('/approvals');
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
    // A compliance officer may resolve the break-glass review.
    const reviews = page.getByRole('region', { name: /Break-glass reviews/ });
    await reviews.getByRole('button', { name: 'Resolve review' }).waitFor();
    await session.screenshot('approvals-tablet');
    expect(session.errors).toEqual([]);
    await session.close();
  });
});

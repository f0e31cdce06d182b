/// <reference lib="dom" />
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserUnavailable, startDashboard, type Dashboard } from './harness.js';

const skip = browserUnavailable();
if (skip !== undefined) console.log(`[verity] ${skip}`);

describe.skipIf(skip !== undefined)('dashboard: sign-in and inventory (Chromium)', () => {
  let dashboard: Dashboard;
  beforeAll(async () => {
    dashboard = await startDashboard();
  }, 120_000);
  afterAll(async () => {
    await dashboard?.close();
  });

  it('refuses a wrong password with the stable code and keeps the sign-in page', async () => {
    const context = await dashboard.browser.newContext({ baseURL: dashboard.url });
    const page = await context.newPage();
    await page.goto('/');
    await page.getByLabel('User name').fill('priya.nair');
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('UNAUTHENTICATED');
    expect(await page.getByRole('navigation', { name: 'Main' }).count()).toBe(0);
    await context.close();
  });

  it('signs in, lists the demo models with risk, deployments, compliance and attention', async () => {
    const session = await dashboard.signIn('priya.nair');
    const { page } = session;
    await session.open('/');
    await session.screenshot('inventory');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Model inventory');
    const rows = page.locator('table.data tbody tr');
    expect(await rows.count()).toBe(2);
    const credit = rows.filter({ hasText: 'credit-risk' });
    const text = (await credit.textContent()) ?? '';
    expect(text).toContain('high');
    expect(text).toContain('1.1.0');
    expect(text).toMatch(/\d+\/\d+ met/);
    const fraud = rows.filter({ hasText: 'fraud-screening' });
    expect(await fraud.textContent()).toContain('payments');
    // Search narrows the table; the filter lives in the URL so it survives a reload.
    await page.getByRole('searchbox', { name: 'Search' }).fill('fraud');
    expect(await rows.count()).toBe(1);
    expect(page.url()).toContain('q=fraud');
    await page.reload();
    await page.locator('table.data').waitFor();
    expect(await rows.count()).toBe(1);
    await page.getByLabel('Risk tier').selectOption('high');
    await page.getByText('No model matches these filters.').waitFor();
    expect(session.errors).toEqual([]);
    await session.close();
  });

  it('works at tablet width with the keyboard alone', async () => {
    const session = await dashboard.signIn('tomas.berg', { width: 820, height: 1180 });
    const { page } = session;
    await session.open('/');
    await session.screenshot('inventory-tablet');
    // The first Tab reaches the skip link; following it moves focus to the main region.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to content');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
    // Tab on to the first model link and open it with Enter.
    const link = page.getByRole('link', { name: 'credit-risk' }).first();
    await link.focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/models\/credit-risk/);
    expect(session.errors).toEqual([]);
    await session.close();
  });

  it('signs out and shows the sign-in page again', async () => {
    const session = await dashboard.signIn('elena.rossi');
    await session.page.getByRole('button', { name: 'Sign out' }).click();
    await session.page.getByRole('heading', { name: 'Sign in to Verity' }).waitFor();
    await session.page.reload();
    await session.page.getByRole('heading', { name: 'Sign in to Verity' }).waitFor();
    await session.close();
  });
});

/// <reference lib="dom" />
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserUnavailable, settle, startDashboard, type Dashboard } from './harness.js';

const skip = browserUnavailable();
if (skip !== undefined) console.log(`[verity] ${skip}`);

describe.skipIf(skip !== undefined)('dashboard: audit ledger explorer (Chromium)', () => {
  let dashboard: Dashboard;
  beforeAll(async () => {
    dashboard = await startDashboard();
  }, 120_000);
  afterAll(async () => {
    await dashboard?.close();
  });

  it('verifies an entry’s inclusion proof in the browser, and fails when a proof byte is flipped', async () => {
    const session = await dashboard.signIn('tomas.berg');
    const { page } = session;
    await session.open('/ledger');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Audit ledger');

    // The log head, the latest checkpoint (its Ed25519 signature checked here) and the key.
    const checkpoints = (await (await page.request.get('/api/v1/audit/checkpoints')).json()) as {
      items: { size: number; rootHash: string; keyId: string }[];
    };
    const latest = checkpoints.items.at(-1)!;
    const checkpoint = page.locator('#ledger-checkpoint');
    expect(await checkpoint.textContent()).toContain('signature verified');
    expect(await checkpoint.textContent()).toContain(latest.rootHash);
    expect(await checkpoint.textContent()).toContain(latest.keyId);
    expect(await page.locator('#ledger-key').textContent()).toMatch(
      new RegExp(`\\+${latest.keyId}\\+`),
    );
    // Newest first: the first page holds the latest entries, each with a Verify button.
    const rows = page.locator('table.ledger-table > tbody > tr[data-entry]');
    expect(await rows.count()).toBe(25);
    const first = Number(await rows.first().getAttribute('data-entry'));
    expect(first).toBeGreaterThanOrEqual(latest.size - 1);
    await session.screenshot('ledger');

    // An entry the checkpoint covers: leaf hash, audit path and root computed here.
    const index = latest.size - 3;
    const row = page.locator(`tr[data-entry="${index}"]`);
    await row.getByRole('button', { name: `Verify entry ${index}` }).click();
    const report = page.locator(`#ledger-entry-${index} .verify-report`);
    await report.getByText(`Verified: entry ${index} is included in the checkpoint`).waitFor();
    expect(await report.textContent()).toContain(
      `included in the checkpoint of size ${latest.size}, root ${latest.rootHash}`,
    );
    expect(await row.locator('.badge').textContent()).toBe('verified');
    const steps = report.locator('.verify-step');
    expect(await steps.count()).toBe(5);
    for (const step of await steps.all())
      expect(await step.locator('.badge').textContent()).toBe('passed');
    await report.getByText(/Audit path: \d+ hashing steps/).click();
    expect(await report.locator('table.verify-path tbody tr').count()).toBeGreaterThan(0);
    await session.screenshot('ledger-verified');

    // Prove the check is real: the same entry with one byte of one proof hash flipped.
    let served = 0;
    await page.route('**/api/v1/audit/proofs/inclusion**', async (route) => {
      const response = await route.fetch();
      const proof = (await response.json()) as { proof: string[] };
      const bytes = Buffer.from(proof.proof[0]!, 'base64');
      bytes[7]! ^= 0xff;
      proof.proof[0] = bytes.toString('base64');
      served += 1;
      await route.fulfill({ response, json: proof });
    });
    await row.getByRole('button', { name: `Verify entry ${index}` }).click();
    await report.getByText('Not verified:').waitFor();
    expect(served).toBe(1);
    const failure = (await report.locator('.verify-summary').textContent()) ?? '';
    expect(failure).toContain('ROOT_MISMATCH');
    expect(failure).toContain(`is not the root ${latest.rootHash}`);
    expect(await row.locator('.badge').textContent()).toBe('failed');
    expect(
      await report
        .locator('.verify-step.verify-failed')
        .getByText('Compare with the trusted root')
        .count(),
    ).toBe(1);
    // The leaf still matched: only the path was tampered with.
    expect(await report.locator('.verify-step').nth(1).locator('.badge').textContent()).toBe(
      'passed',
    );
    await page.unroute('**/api/v1/audit/proofs/inclusion**');
    expect(session.errors).toEqual([]);
    await session.close();
  });

  it('opens an entry from a link, filters by subject and pages through the log', async () => {
    const session = await dashboard.signIn('tomas.berg');
    const { page } = session;
    await session.open('/ledger?entry=5');
    const row = page.locator('tr[data-entry="5"]');
    expect(await row.getAttribute('class')).toContain('ledger-focus');
    expect(await page.getByLabel('Canonical JSON of entry 5').textContent()).toContain('"index":5');
    // Every entry about the same subject.
    const subject = row.locator('.link-button');
    const label = (await subject.textContent())!.replace(': show every entry about it', '');
    await subject.click();
    await page.waitForURL(/subjectKind=.+&subjectId=/);
    await settle(page);
    const rows = page.locator('table.ledger-table > tbody > tr[data-entry]');
    expect(await rows.count()).toBeGreaterThan(0);
    for (const text of await rows.locator('.link-button').allTextContents()) {
      expect(text).toContain(label.split(' ')[0]!);
    }
    await page.getByRole('link', { name: 'Clear filters' }).click();
    await page.waitForURL((url) => !url.search.includes('subjectKind'));
    await page
      .locator('caption')
      .filter({ hasText: /^1–25 of / })
      .first()
      .waitFor();
    await page.getByRole('button', { name: 'Next' }).click();
    await page.waitForURL(/page=2/);
    // The previous page stays on screen while the next one loads: wait for its caption.
    await page
      .locator('caption')
      .filter({ hasText: /^26–50 of / })
      .first()
      .waitFor();
    expect(session.errors).toEqual([]);
    await session.close();
  });

  it('works at tablet width and tells a user without audit:read what is needed', async () => {
    const session = await dashboard.signIn('tomas.berg', { width: 820, height: 1180 });
    await session.open('/ledger');
    await session.screenshot('ledger-tablet');
    expect(
      await session.page.evaluate(() => document.documentElement.scrollWidth),
    ).toBeLessThanOrEqual(820);
    expect(session.errors).toEqual([]);
    await session.close();

    const maria = await dashboard.signIn('maria.chen');
    await maria.open('/ledger');
    expect(await maria.page.locator('main').textContent()).toContain('audit:read');
    expect(await maria.page.locator('table.ledger-table').count()).toBe(0);
    expect(maria.errors).toEqual([]);
    await maria.close();
  });
});

/// <reference lib="dom" />
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserUnavailable, settle, startDashboard, type Dashboard } from './harness.js';

const skip = browserUnavailable();
if (skip !== undefined) console.log(`[verity] ${skip}`);

const CREDIT = '/models/credit-risk/versions/1.1.0';
const FRAUD = '/models/payments%2Ffraud-screening';

describe.skipIf(skip !== undefined)('dashboard: model version page (Chromium)', () => {
  let dashboard: Dashboard;
  beforeAll(async () => {
    dashboard = await startDashboard();
  }, 120_000);
  afterAll(async () => {
    await dashboard?.close();
  });

  it('shows credit-risk 1.1.0 with its card, artifacts, lineage, evaluations, gates and approvals', async () => {
    const session = await dashboard.signIn('priya.nair');
    const { page } = session;
    await session.open(CREDIT);

    // Header: name, risk, owner, version with its aliases, and where it serves.
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('credit-risk');
    const summary = page.getByRole('region', { name: 'Summary' });
    const summaryText = (await summary.textContent()) ?? '';
    for (const text of [
      '1.1.0',
      'champion',
      'high',
      'maria.chen',
      'consumer loan default prediction',
    ]) {
      expect(summaryText).toContain(text);
    }
    expect(summaryText).toMatch(/This version serves.*staging.*production/);
    const switcher = page.getByRole('combobox', { name: 'Version' });
    expect(await switcher.inputValue()).toBe('1.1.0');
    expect(await switcher.locator('option').allTextContents()).toEqual([
      '1.1.0 (champion, latest)',
      '1.0.0 (previous)',
    ]);

    // Overview: metrics from the version and its run, parameters, the training curves.
    const metrics = page.getByRole('region', { name: 'Metrics' });
    const auc = metrics.getByRole('row').filter({ hasText: /^auc/ });
    expect(await auc.textContent()).toContain('0.8132');
    expect(await page.getByRole('region', { name: 'Parameters' }).textContent()).toContain(
      'gradient_boosted_stumps',
    );
    expect(await page.getByText('frozen', { exact: true }).count()).toBeGreaterThan(0);
    await page.getByRole('img', { name: /Loss by training step/ }).waitFor();
    await session.screenshot('model-overview');

    // Model card: complete, signed off by priya.nair, the documents to download.
    const tab = (name: string) => page.getByRole('tab', { name });
    await tab('Model card').click();
    await settle(page);
    expect(page.url()).toContain('tab=card');
    const completeness = page.getByRole('region', { name: 'Completeness' });
    expect(await completeness.textContent()).toContain('40 of 40 required fields');
    expect(await page.getByRole('region', { name: 'Sign-off' }).textContent()).toMatch(
      /approved\s*by priya\.nair/,
    );
    const pdf = page.getByRole('link', { name: 'Card as PDF' });
    expect(await pdf.getAttribute('href')).toBe(
      '/api/v1/models/credit-risk/versions/1.1.0/card/render?format=pdf',
    );
    const bom = await page
      .getByRole('link', { name: 'CycloneDX ML-BOM (JSON)' })
      .getAttribute('href');
    const bomResponse = await page.request.get(bom!);
    expect(bomResponse.status()).toBe(200);
    expect(((await bomResponse.json()) as { bomFormat: string }).bomFormat).toBe('CycloneDX');
    const markdown = await page.request.get(
      (await page.getByRole('link', { name: 'Card as Markdown' }).getAttribute('href'))!,
    );
    expect(await markdown.text()).toContain('credit-risk');
    await page.getByRole('heading', { name: 'Intended use', level: 3 }).waitFor();
    await session.screenshot('model-card');

    // Artifacts with sizes and digests, and the valid signature.
    await tab('Artifacts and signatures').click();
    await settle(page);
    const onnx = page.getByRole('row').filter({ hasText: 'model.onnx' });
    expect(await onnx.textContent()).toContain('7.6 KiB');
    expect(await onnx.locator('code[title^="sha256:"]').getAttribute('title')).toBe(
      'sha256:ca253ea6e33880e1ece64e7a6848382366db44051615aa3afce68127e5103f01',
    );
    const download = await onnx
      .getByRole('link', { name: 'Download model.onnx' })
      .getAttribute('href');
    expect((await page.request.get(download!)).status()).toBe(200);
    const signature = page
      .getByRole('region', { name: 'Signatures' })
      .getByRole('row')
      .filter({ hasText: 'credit-risk-release' });
    const signatureText = (await signature.textContent()) ?? '';
    expect(signatureText).toContain('ecdsa-p256');
    expect(signatureText).toContain('valid');
    expect(signatureText).toContain('The key is still in force.');
    await session.screenshot('model-artifacts');

    // Lineage: datasets → run → version, plus code and image; nodes work from the keyboard.
    await tab('Lineage').click();
    await settle(page);
    const nodes = page.locator('svg.lineage-graph [role="button"]');
    expect(await nodes.count()).toBe(6);
    const q4 = page.getByRole('button', { name: /Dataset version: credit-applications@2025-q4/ });
    expect(await q4.getAttribute('aria-label')).toContain('5,274 rows');
    await page
      .getByRole('button', { name: /Training run: credit-risk-gbm-2025q4, completed/ })
      .waitFor();
    await page.getByRole('button', { name: /Code commit: credit-risk-models/ }).waitFor();
    await page.getByRole('button', { name: /Container image: sha256:c9207ffad31a/ }).waitFor();
    await page.getByRole('button', { name: /Model version: credit-risk@1\.1\.0/ }).waitFor();
    await q4.focus();
    await page.keyboard.press('Enter');
    await page
      .getByRole('heading', { name: 'Dataset version: credit-applications@2025-q4' })
      .waitFor();
    expect(await q4.getAttribute('aria-pressed')).toBe('true');
    const list = page.getByRole('region', { name: 'Lineage as a list' });
    expect(await list.textContent()).toContain('credit-applications@2025-q4');
    await session.screenshot('model-lineage');

    // Evaluations: the holdout with intervals and the bias audit, and champion/challenger.
    await tab('Evaluations').click();
    await settle(page);
    const recorded = page.getByRole('region', { name: 'Recorded evaluations' });
    expect(await recorded.getByRole('row').count()).toBe(3);
    const holdout = page.getByRole('region', { name: /Evaluation “holdout”/ });
    const rocAuc = holdout.getByRole('row').filter({ hasText: /^roc_auc/ });
    expect(await rocAuc.textContent()).toMatch(/0\.813.*0\.75 – 0\.867/);
    const young = holdout.getByRole('row').filter({ hasText: '21-24' }).first();
    expect(await young.textContent()).toContain('under 4/5');
    await holdout.getByRole('img', { name: /Impact ratio by age_band/ }).waitFor();
    const comparison = page.getByRole('region', {
      name: /Champion \/ challenger: 1\.1\.0 against 1\.0\.0/,
    });
    expect(await comparison.textContent()).toContain(
      'No difference from 1.0.0 is statistically significant',
    );
    const report = await recorded
      .getByRole('link', { name: 'HTML report of holdout' })
      .getAttribute('href');
    expect(report).toMatch(/\/evaluations\/[0-9a-f-]+\/report$/);
    const reportResponse = await page.request.get(report!);
    expect(reportResponse.headers()['content-type']).toContain('text/html');
    await session.screenshot('model-evaluations');

    // Gate decisions: each environment's newest decision and every rule's outcome.
    await tab('Gate decisions').click();
    await settle(page);
    const standing = page.getByRole('region', { name: 'Where the version stands' });
    const ie = standing.getByRole('row').filter({ hasText: 'production-ie' });
    expect(await ie.textContent()).toMatch(/passed.*7 of 7 rules passed/);
    const ieGate = page.getByRole('region', { name: /production-ie gate/ });
    const rules = ieGate.locator('table.rules tbody tr');
    expect(await rules.count()).toBe(7);
    expect(await ieGate.textContent()).toContain('version-signed');
    await session.screenshot('model-gates');

    // Approvals: the pending request with the decision form for a risk officer.
    await tab('Approvals').click();
    await settle(page);
    const request = page.getByRole('article', { name: /credit-risk 1\.1\.0 to production-ie/ });
    expect(await request.textContent()).toContain('Waiting for 1 risk-officer approval.');
    await request.getByRole('button', { name: 'Approve' }).waitFor();
    await request.getByRole('button', { name: 'Reject' }).waitFor();
    await session.screenshot('model-approvals');

    // Tabs follow the keyboard (arrow keys), and the version switcher keeps the tab.
    await tab('Approvals').focus();
    await page.keyboard.press('Home');
    expect(page.url()).not.toContain('tab=');
    await tab('Overview').focus();
    await page.keyboard.press('ArrowRight');
    expect(page.url()).toContain('tab=card');
    await switcher.selectOption('1.0.0');
    await page.waitForURL(/\/versions\/1\.0\.0\?tab=card/);
    await settle(page);
    expect(await page.getByRole('region', { name: 'Summary' }).textContent()).toContain('previous');
    expect(session.errors).toEqual([]);
    await session.close();
  });

  it('shows the fraud model’s blocked gate with its failing rules first', async () => {
    const session = await dashboard.signIn('priya.nair');
    const { page } = session;
    await session.open(`${FRAUD}?tab=gates`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('fraud-screening');
    const gate = page.getByRole('region', { name: /production gate/ });
    expect(await gate.textContent()).toContain('Blocked: 2 rules failed.');
    const rows = gate.locator('table.rules tbody tr');
    const first = [await rows.nth(0).textContent(), await rows.nth(1).textContent()].join(' ');
    expect(first).toContain('fail');
    expect(first).toContain('training-run-recorded');
    expect(first).toContain('version-signed');
    expect(first).toContain(
      'The version carries no valid model signature covering all its artifacts.',
    );
    expect(await rows.nth(2).textContent()).toContain('pass');
    await session.screenshot('model-fraud-gates');

    // Its card is a half-complete draft; no signature and no lineage are said plainly.
    await page.getByRole('tab', { name: 'Model card' }).click();
    await settle(page);
    expect(await page.getByRole('region', { name: 'Completeness' }).textContent()).toContain(
      '6 of 12 required fields',
    );
    await page.getByText('Out-of-scope uses').waitFor();
    await page.getByRole('tab', { name: 'Artifacts and signatures' }).click();
    await settle(page);
    await page.getByText('This version carries no signature.').waitFor();
    await page.getByRole('tab', { name: 'Lineage' }).click();
    await settle(page);
    await page.getByText('No training run is linked to this version').waitFor();
    expect(await page.locator('svg.lineage-graph [role="button"]').count()).toBe(1);
    expect(session.errors).toEqual([]);
    await session.close();
  });

  it('tells the requester she cannot approve, and hides models she cannot read', async () => {
    const session = await dashboard.signIn('maria.chen');
    const { page } = session;
    await session.open(`${CREDIT}?tab=approvals`);
    const request = page.getByRole('article', { name: /credit-risk 1\.1\.0 to production-ie/ });
    expect(await request.textContent()).toContain(
      'You requested this promotion, so separation of duties means someone else must decide it.',
    );
    expect(await request.getByRole('button', { name: 'Approve' }).count()).toBe(0);
    expect(await request.getByRole('button', { name: 'Reject' }).count()).toBe(0);
    // payments is not her namespace: the page explains instead of failing a request.
    await session.open(FRAUD);
    await page.getByText('You cannot read models in namespace').waitFor();
    expect(session.errors).toEqual([]);
    await session.close();
  });

  it('works at tablet width without horizontal page scroll', async () => {
    const session = await dashboard.signIn('tomas.berg', { width: 820, height: 1180 });
    const { page } = session;
    for (const tab of ['', '?tab=lineage', '?tab=evaluations', '?tab=gates']) {
      await session.open(`${CREDIT}${tab}`);
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      expect(overflow, `horizontal overflow on ${tab || 'overview'}`).toBeLessThanOrEqual(0);
    }
    await session.open(`${CREDIT}?tab=lineage`);
    await session.screenshot('model-lineage-tablet');
    // An auditor reads the approvals but is told why there is nothing to press.
    await session.open(`${CREDIT}?tab=approvals`);
    const request = page.getByRole('article', { name: /production-ie/ });
    expect(await request.textContent()).toContain('your role (auditor) does not include it');
    await session.screenshot('model-approvals-tablet');
    expect(session.errors).toEqual([]);
    await session.close();
  });
});

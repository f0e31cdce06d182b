/// <reference lib="dom" />
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setPassword } from '../../src/auth/identity/index.js';
import { DEMO_PASSWORD } from '../../src/demo/index.js';
import { browserUnavailable, startDashboard, type Dashboard, type SignedIn } from './harness.js';

const skip = browserUnavailable();
if (skip !== undefined) console.log(`[verity] ${skip}`);

/** The text of the tab panel (the settings page's content below the tabs). */
async function panelText(session: SignedIn): Promise<string> {
  return (await session.page.getByRole('tabpanel').textContent()) ?? '';
}

async function selectedTab(session: SignedIn): Promise<string> {
  return ((await session.page.getByRole('tab', { selected: true }).textContent()) ?? '').trim();
}

/** A full-page screenshot from the top of the page (the sidebar is sticky). */
async function shot(session: SignedIn, name: string): Promise<void> {
  await session.page.evaluate(() => window.scrollTo(0, 0));
  await session.screenshot(name);
}

/** Page wider than the window: what a horizontal scroll bar would show. */
async function horizontalOverflow(session: SignedIn): Promise<number> {
  return session.page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
}

describe.skipIf(skip !== undefined)('dashboard: settings (Chromium)', () => {
  let dashboard: Dashboard;
  beforeAll(async () => {
    dashboard = await startDashboard();
    // The bootstrap administrator has no password; give it one the way an operator would
    // (`verity user password admin` with the admin token), through the same service.
    await setPassword(dashboard.server.runtime.identity, { name: 'admin', via: 'token' }, 'admin', {
      password: DEMO_PASSWORD,
    });
  }, 120_000);
  afterAll(async () => {
    await dashboard?.close();
  });

  it('a maintainer creates an API token, sees its secret once, copies it and revokes it', async () => {
    const session = await dashboard.signIn('james.okafor');
    const { page } = session;
    await session.context.grantPermissions(['clipboard-read', 'clipboard-write'], {
      origin: dashboard.url,
    });
    // Without identity:read, /settings opens on one's own tokens.
    await session.open('/settings');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Settings');
    expect(await selectedTab(session)).toBe('API tokens');
    expect(await panelText(session)).toContain('You have no API tokens');

    await page.getByLabel('Name', { exact: true }).fill('ci-credit-risk');
    await page.getByLabel('Expires in (days)').fill('30');
    await page.getByLabel('maintainer in all namespaces').check();
    await page.getByRole('button', { name: 'Create token' }).click();
    const secret = page.locator('[data-secret="true"]');
    await secret.waitFor();
    const value = (await secret.textContent()) ?? '';
    expect(value).toMatch(/^vrt_\S{20,}$/);
    expect(await panelText(session)).toContain('only time Verity shows it');
    await page.getByRole('button', { name: 'Copy secret' }).click();
    await page.getByText('Copied to the clipboard.').waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(value);
    await shot(session, 'settings-tokens');

    // The new token is listed with its scope and the prefix of its secret, never the secret.
    const row = page.locator('table.data tbody tr', { hasText: 'ci-credit-risk' });
    await row.waitFor();
    const rowText = (await row.textContent()) ?? '';
    expect(rowText).toContain('active');
    expect(rowText).toContain('maintainer');
    expect(rowText).toContain('never');
    expect(rowText).toContain(value.slice(0, 12));
    await page.getByRole('button', { name: /hide the secret/ }).click();
    expect(await page.locator('[data-secret="true"]').count()).toBe(0);
    expect(await page.content()).not.toContain(value);
    await page.reload();
    await row.waitFor();
    expect(await page.content()).not.toContain(value);

    // Revoking asks first, inline; Cancel leaves the token alone.
    await row.getByRole('button', { name: 'Revoke' }).click();
    await row.getByRole('button', { name: 'Cancel' }).click();
    expect(await row.textContent()).toContain('active');
    await row.getByRole('button', { name: 'Revoke' }).click();
    await row.getByRole('button', { name: 'Revoke token' }).click();
    await row.getByText('revoked', { exact: true }).waitFor();
    expect(await row.textContent()).toContain('by james.okafor');
    expect(await row.getByRole('button', { name: 'Revoke' }).count()).toBe(0);

    // Users are not his to read: explained, not requested.
    await page.getByRole('tab', { name: 'Users' }).click();
    await page.waitForURL(/\/settings\/users$/);
    expect(await panelText(session)).toContain('identity:read');
    expect(await page.getByRole('button', { name: 'Add user' }).count()).toBe(0);
    await page.getByRole('tab', { name: 'Roles & access' }).click();
    await page.getByRole('heading', { name: 'Your access' }).waitFor();
    expect(await panelText(session)).toContain('maintainer');
    expect(await session.page.getByRole('button', { name: 'Bind role' }).count()).toBe(0);
    expect(session.errors).toEqual([]);
    await session.close();
  });

  it('shows environments with their quorum and deployments, and the baseline pack’s rules', async () => {
    const session = await dashboard.signIn('james.okafor');
    const { page } = session;
    await session.open('/settings/environments');
    expect(await selectedTab(session)).toBe('Environments');
    const path = (await page.getByRole('list', { name: 'Promotion path' }).textContent()) ?? '';
    expect(path).toBe('developmentstagingproductionproduction-ie');
    const production = page.locator('.env-card', {
      has: page.getByRole('heading', { name: 'production', exact: true }),
    });
    const productionText = (await production.textContent()) ?? '';
    expect(productionText).toContain('risk-officer: 1');
    expect(productionText).toContain('30 days');
    expect(productionText).toContain('credit-risk');
    expect(productionText).toContain('1.1.0');
    expect(productionText).toContain('payments/fraud-screening');
    const ireland = page.locator('.env-card', {
      has: page.getByRole('heading', { name: 'production-ie' }),
    });
    const irelandText = (await ireland.textContent()) ?? '';
    expect(irelandText).toContain('Irish branch');
    expect(irelandText).toContain('risk-officer: 1');
    expect(irelandText).toContain('Nothing is deployed here.');
    const staging = page.locator('.env-card', {
      has: page.getByRole('heading', { name: 'staging' }),
    });
    expect(await staging.textContent()).toContain('maintainer: 1');
    await shot(session, 'settings-environments');

    // A pack named by an environment opens on the policy-packs tab.
    await production.getByRole('link', { name: 'baseline' }).click();
    await page.waitForURL(/\/settings\/policy-packs\?pack=baseline/);
    await page.getByRole('heading', { name: 'Rules' }).waitFor();
    await page.locator('.state-loading').waitFor({ state: 'detached' });
    const rules = page.locator('table.rules-table tbody tr');
    expect(await rules.count()).toBe(7);
    const signed = rules.filter({ hasText: 'version-signed' });
    const signedText = (await signed.textContent()) ?? '';
    expect(signedText).toContain('blocking');
    expect(signedText).toContain('environment.rank >= 2');
    expect(signedText).toContain('signatures.valid >= 1');
    expect(await rules.filter({ hasText: 'metrics-recorded' }).textContent()).toContain('warning');
    expect(await panelText(session)).toContain('used by staging, production, production-ie');
    const source = (await page.locator('#pack-source pre').textContent()) ?? '';
    expect(source).toContain('kind: PolicyPack');
    expect(source).toContain('name: baseline');
    expect(await page.getByRole('table', { name: /versions?/ }).count()).toBeGreaterThan(0);
    await shot(session, 'settings-policy-packs');

    // Another pack from the list.
    await page.getByRole('link', { name: /eu-ai-act-high-risk/ }).click();
    await page.waitForURL(/pack=eu-ai-act-high-risk/);
    await page.locator('.state-loading').waitFor({ state: 'detached' });
    expect(await rules.count()).toBe(12);

    // The keys tab: the demo's release key (his to revoke) and Verity's own keys.
    await session.open('/settings/keys');
    const key = page.locator('table.data tbody tr', { hasText: 'credit-risk-release' });
    const keyText = (await key.textContent()) ?? '';
    expect(keyText).toContain('ecdsa-p256');
    expect(keyText).toContain('james.okafor');
    expect(keyText).toContain('active');
    expect(await key.getByRole('button', { name: 'Revoke' }).count()).toBe(1);
    const keys = await panelText(session);
    expect(keys).toContain('Verifier key');
    expect(keys).toContain('BEGIN PUBLIC KEY');
    await shot(session, 'settings-keys');

    // Arrow keys move between tabs and keep focus on the tab list.
    await page.getByRole('tab', { name: 'Keys' }).focus();
    await page.keyboard.press('ArrowRight');
    await page.waitForURL(/\/settings\/webhooks$/);
    await page.keyboard.press('ArrowRight');
    await page.waitForURL(/\/settings\/environments$/);
    await page.waitForFunction(
      () => document.activeElement?.getAttribute('aria-selected') === 'true',
    );
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Environments');
    expect(session.errors).toEqual([]);
    await session.close();
  });

  it('an auditor reads users, roles and bindings but sees no control to change them', async () => {
    const session = await dashboard.signIn('tomas.berg');
    const { page } = session;
    await session.open('/settings');
    expect(await selectedTab(session)).toBe('Users');
    const users = page.locator('#users table.data tbody tr');
    expect(await users.count()).toBe(6);
    const maria = (await users.filter({ hasText: 'maria.chen' }).textContent()) ?? '';
    expect(maria).toContain('Maria Chen (data scientist, credit risk)');
    expect(maria).toContain('local');
    expect(maria).toContain('active');
    const admin = users.filter({ has: page.getByRole('rowheader', { name: /^admin/ }) });
    expect(await admin.textContent()).toContain('password or token');
    const text = await panelText(session);
    expect(text).toContain('Adding and disabling users needs identity:write');
    expect(await page.getByRole('button', { name: 'Add user' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Disable' }).count()).toBe(0);

    await page.getByRole('tab', { name: 'Roles & access' }).click();
    await page.getByRole('heading', { name: 'Role bindings' }).waitFor();
    const roles = page.locator('#roles table.data tbody tr');
    expect(await roles.count()).toBe(7);
    const auditor = (await roles.filter({ hasText: 'reads everything' }).textContent()) ?? '';
    expect(auditor).toContain('identity read');
    expect(auditor).toContain('audit read, export');
    expect(await roles.filter({ hasText: 'admin' }).last().textContent()).toContain(
      'every permission',
    );
    const bindings = page.locator('#bindings table.data tbody tr');
    expect(await bindings.count()).toBe(6);
    const maria2 = (await bindings.filter({ hasText: 'maria.chen' }).textContent()) ?? '';
    expect(maria2).toContain('contributor');
    expect(maria2).toContain('default');
    expect(await page.getByRole('button', { name: 'Unbind' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Bind role' }).count()).toBe(0);

    // Tokens are one's own: the maintainer's token is not shown to the auditor.
    await page.getByRole('tab', { name: 'API tokens' }).click();
    await page.getByText('You have no API tokens').waitFor();
    expect(await panelText(session)).not.toContain('ci-credit-risk');

    await page.getByRole('tab', { name: 'Keys' }).click();
    await page.getByText('credit-risk-release').waitFor();
    expect(await page.getByRole('button', { name: 'Revoke' }).count()).toBe(0);
    expect(await panelText(session)).toContain('Revoking a signing key needs key:write');

    await page.getByRole('tab', { name: 'Webhooks' }).click();
    await page.getByText('No webhook is configured').waitFor();
    expect(await page.getByRole('button', { name: 'Add webhook' }).count()).toBe(0);
    expect(await panelText(session)).toContain('An administrator can add one.');
    expect(session.errors).toEqual([]);
    await session.close();
  });

  it('an administrator adds, disables and binds a user', async () => {
    const session = await dashboard.signIn('admin');
    const { page } = session;
    page.setDefaultTimeout(8000);
    await session.open('/settings/users');
    await page.getByLabel('User name').fill('ana.lopez');
    await page.getByLabel('Display name').fill('Ana López (model validation)');
    await page.getByLabel('E-mail').fill('ana.lopez@bank.example');
    await page.getByLabel('Initial password (optional)').fill('a-long-enough-password-1');
    await page.getByRole('button', { name: 'Add user' }).click();
    await page.getByRole('status').filter({ hasText: 'User ana.lopez added.' }).waitFor();
    const ana = page.locator('#users table.data tbody tr', { hasText: 'ana.lopez' });
    await ana.waitFor();
    expect(await ana.textContent()).toContain('ana.lopez@bank.example');
    expect(await ana.textContent()).toContain('password or token');
    // One cannot disable oneself; others, after confirming.
    const self = page.locator('#users table.data tbody tr', { hasText: '(you)' });
    expect(await self.getByRole('button', { name: 'Disable' }).isDisabled()).toBe(true);
    await ana.getByRole('button', { name: 'Disable' }).click();
    await ana.getByRole('button', { name: 'Disable ana.lopez' }).click();
    await ana.getByText('disabled', { exact: true }).waitFor();
    await ana.getByRole('button', { name: 'Enable' }).click();
    await ana.getByText('active', { exact: true }).waitFor();
    await shot(session, 'settings-users');

    await page.getByRole('tab', { name: 'Roles & access' }).click();
    await page.getByRole('heading', { name: 'Bind a role' }).waitFor();
    await page.getByLabel('User name').fill('ana.lopez');
    await page.getByRole('combobox', { name: /^Role/ }).selectOption('viewer');
    await page.getByLabel('Namespace (* for all)').fill('default');
    await page.getByRole('button', { name: 'Bind role' }).click();
    const binding = page.locator('#bindings table.data tbody tr', { hasText: 'ana.lopez' });
    await binding.waitFor();
    expect(await binding.textContent()).toContain('viewer');
    expect(await binding.textContent()).toContain('default');
    await shot(session, 'settings-roles');
    await binding.getByRole('button', { name: 'Unbind' }).click();
    await binding.getByRole('button', { name: 'Remove binding' }).click();
    await binding.waitFor({ state: 'detached' });
    expect(session.errors).toEqual([]);
    await session.close();
  });

  it('an administrator adds a webhook, sees its secret once, pings, pauses and deletes it', async () => {
    const session = await dashboard.signIn('admin');
    const { page } = session;
    await session.open('/settings/webhooks');
    await page.getByText('No webhook is configured').waitFor();
    await page.getByLabel('Name', { exact: true }).fill('risk-channel');
    await page.getByLabel('URL').fill('https://hooks.bank.example/verity');
    await page.getByLabel('Event types').fill('promotion-*, incident-*');
    await page.getByRole('button', { name: 'Add webhook' }).click();
    const secret = page.locator('[data-secret="true"]');
    await secret.waitFor();
    expect(await secret.textContent()).toMatch(/^whsec_/);
    await page.getByRole('button', { name: /hide the secret/ }).click();
    const row = page.locator('#webhooks table.data tbody tr', { hasText: 'risk-channel' });
    await row.waitFor();
    const rowText = (await row.textContent()) ?? '';
    expect(rowText).toContain('https://hooks.bank.example/verity');
    expect(rowText).toContain('promotion-*');
    expect(rowText).toContain('incident-*');
    expect(rowText).toContain('active');
    expect(rowText).toContain('none yet');

    await row.getByRole('button', { name: 'Ping' }).click();
    await page.getByText('Ping queued for risk-channel').waitFor();
    await row.getByText('webhook-pinged').waitFor();
    await row.getByRole('button', { name: 'Delivery log' }).click();
    await page.waitForURL(/webhook=risk-channel/);
    const log = page.locator('#deliveries');
    await log.getByText('webhook-pinged').waitFor();
    expect(await log.textContent()).toContain('pending');
    expect(await log.textContent()).toContain('not attempted yet');

    await row.getByRole('button', { name: 'Pause' }).click();
    await row.getByText('paused').waitFor();
    expect(await row.getByRole('button', { name: 'Ping' }).isDisabled()).toBe(true);
    await shot(session, 'settings-webhooks');

    await row.getByRole('button', { name: 'Delete' }).click();
    await row.getByRole('button', { name: 'Delete risk-channel' }).click();
    await page.getByText('No webhook is configured').waitFor();
    expect(page.url()).not.toContain('webhook=');
    expect(session.errors).toEqual([]);
    await session.close();
  });

  it('works at tablet width without a horizontal page scroll', async () => {
    const session = await dashboard.signIn('elena.rossi', { width: 820, height: 1180 });
    const { page } = session;
    for (const tab of ['tokens', 'roles', 'keys', 'webhooks', 'policy-packs', 'environments']) {
      await session.open(`/settings/${tab}`);
      expect(await horizontalOverflow(session), tab).toBeLessThanOrEqual(0);
    }
    expect(await panelText(session)).toContain('risk-officer: 1');
    await shot(session, 'settings-tablet');
    await session.open('/settings/policy-packs?pack=baseline');
    await shot(session, 'settings-policy-packs-tablet');
    expect(await page.locator('table.rules-table tbody tr').count()).toBe(7);
    expect(session.errors).toEqual([]);
    await session.close();
  });
});

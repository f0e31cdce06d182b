import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import type { Deployment, TokenInfo, User } from '../../src/client/index.js';
import {
  checkExpiryDays,
  defaultTab,
  deliveryOutcome,
  deploymentsByEnvironment,
  environmentsInOrder,
  expiryOf,
  isSettingsTab,
  namespaceLabel,
  orList,
  packUsage,
  parseEventPatterns,
  permissionAreas,
  plural,
  quorumText,
  rolesHolding,
  ruleExpressions,
  scopeLabel,
  scopeOptions,
  sortTokens,
  sortUsers,
  subjectParts,
} from '../../web/src/pages/settings/settings-data.js';
import { holdsAnywhere } from '../../web/src/lib/models.js';

describe('settings tabs', () => {
  it('knows its tabs and opens users for identity readers, tokens for everyone else', () => {
    expect(isSettingsTab('policy-packs')).toBe(true);
    expect(isSettingsTab('nope')).toBe(false);
    expect(isSettingsTab(undefined)).toBe(false);
    expect(defaultTab(true)).toBe('users');
    expect(defaultTab(false)).toBe('tokens');
  });
});

describe('permissions', () => {
  it('holds a namespaced permission anywhere when any namespace grants it', () => {
    const me = { permissions: { 'registry:read': ['default'], 'audit:read': [] } };
    expect(holdsAnywhere(me, 'registry:read')).toBe(true);
    expect(holdsAnywhere(me, 'audit:read')).toBe(false);
    expect(holdsAnywhere(me, 'identity:read')).toBe(false);
  });

  it('names the built-in roles that hold a permission', () => {
    expect(rolesHolding('identity:read')).toEqual(['auditor', 'admin']);
    expect(rolesHolding('key:write')).toEqual(['maintainer', 'admin']);
    expect(rolesHolding('not:a-permission')).toEqual([]);
    expect(orList(['auditor', 'admin'])).toBe('auditor or admin');
    expect(orList(['a', 'b', 'c'])).toBe('a, b or c');
    expect(orList(['admin'])).toBe('admin');
    expect(orList([])).toBe('');
  });

  it('groups permissions by area in the vocabulary order', () => {
    const order = [
      'registry:read',
      'registry:write',
      'governance:read',
      'audit:read',
      'audit:export',
    ];
    expect(
      permissionAreas(['audit:export', 'governance:read', 'registry:read', 'audit:read'], order),
    ).toEqual([
      { area: 'registry', actions: ['read'] },
      { area: 'governance', actions: ['read'] },
      { area: 'audit', actions: ['read', 'export'] },
    ]);
    // Unknown permissions keep their order at the end; duplicates are dropped.
    expect(permissionAreas(['zeta:run', 'registry:write', 'zeta:run', 'odd'], order)).toEqual([
      { area: 'registry', actions: ['write'] },
      { area: 'zeta', actions: ['run'] },
      { area: 'odd', actions: [] },
    ]);
  });
});

describe('scopes and subjects', () => {
  it('labels namespaces, scopes and subjects', () => {
    expect(namespaceLabel('*')).toBe('all namespaces');
    expect(namespaceLabel('payments')).toBe('payments');
    expect(scopeLabel({ role: 'maintainer', namespace: '*' })).toBe('maintainer in all namespaces');
    expect(subjectParts('user:maria.chen')).toEqual({ kind: 'user', name: 'maria.chen' });
    expect(subjectParts('group:ml-platform')).toEqual({ kind: 'group', name: 'ml-platform' });
    expect(subjectParts('bare')).toEqual({ kind: 'user', name: 'bare' });
  });

  it('offers each of the caller’s grants once, sorted', () => {
    expect(
      scopeOptions([
        { role: 'maintainer', namespace: '*' },
        { role: 'contributor', namespace: 'payments' },
        { role: 'contributor', namespace: 'default' },
        { role: 'maintainer', namespace: '*' },
      ]),
    ).toEqual([
      { role: 'contributor', namespace: 'default' },
      { role: 'contributor', namespace: 'payments' },
      { role: 'maintainer', namespace: '*' },
    ]);
  });
});

describe('tokens', () => {
  const token = (name: string, status: TokenInfo['status'], createdAt: string): TokenInfo => ({
    id: name,
    user: 'james.okafor',
    name,
    prefix: 'abcdefgh',
    scopes: [],
    status,
    expiresAt: '2027-01-01T00:00:00.000Z',
    createdAt,
    createdBy: 'james.okafor',
    revokedAt: null,
    revokedBy: null,
    lastUsedAt: null,
  });

  it('lists active tokens first, newest first', () => {
    const sorted = sortTokens([
      token('old-revoked', 'revoked', '2026-01-01T00:00:00Z'),
      token('old-active', 'active', '2026-01-01T00:00:00Z'),
      token('expired', 'expired', '2026-06-01T00:00:00Z'),
      token('new-active', 'active', '2026-06-01T00:00:00Z'),
    ]);
    expect(sorted.map((t) => t.name)).toEqual([
      'new-active',
      'old-active',
      'expired',
      'old-revoked',
    ]);
  });

  it('checks the expiry in whole days within the server’s maximum', () => {
    expect(checkExpiryDays('90')).toEqual({ ok: true, days: 90 });
    expect(checkExpiryDays(' 365 ')).toEqual({ ok: true, days: 365 });
    expect(checkExpiryDays('366')).toEqual({
      ok: false,
      message: 'A token lives between 1 and 365 days.',
    });
    expect(checkExpiryDays('0').ok).toBe(false);
    expect(checkExpiryDays('1.5')).toEqual({ ok: false, message: 'Give a whole number of days.' });
    expect(checkExpiryDays('').ok).toBe(false);
    expect(expiryOf(30, Date.parse('2026-12-01T10:00:00Z'))).toBe('2026-12-31T10:00:00.000Z');
  });
});

describe('users', () => {
  it('lists enabled users first, by name', () => {
    const user = (name: string, disabled: boolean) => ({ name, disabled }) as User;
    expect(
      sortUsers([user('zoe', false), user('adam', true), user('bea', false)]).map((u) => u.name),
    ).toEqual(['bea', 'zoe', 'adam']);
  });
});

describe('environments', () => {
  const env = (name: string, rank: number, policyPacks: string[] = []) => ({
    name,
    rank,
    policyPacks,
  });

  it('orders environments by rank, then name', () => {
    expect(
      environmentsInOrder([
        env('production-ie', 3),
        env('production', 2),
        env('development', 0),
        env('staging', 1),
        env('canary', 2),
      ]).map((e) => e.name),
    ).toEqual(['development', 'staging', 'canary', 'production', 'production-ie']);
  });

  it('writes the quorum largest first, or none', () => {
    expect(quorumText({ 'risk-officer': 1 })).toBe('risk-officer: 1');
    expect(quorumText({ maintainer: 1, 'risk-officer': 2 })).toBe('risk-officer: 2, maintainer: 1');
    expect(quorumText({})).toBe('none');
    expect(quorumText({ maintainer: 0 })).toBe('none');
  });

  it('groups current deployments by environment, by model', () => {
    const d = (environment: string, model: string) => ({ environment, model }) as Deployment;
    const grouped = deploymentsByEnvironment([
      d('production', 'payments/fraud-screening'),
      d('staging', 'credit-risk'),
      d('production', 'credit-risk'),
    ]);
    expect(grouped.get('production')?.map((x) => x.model)).toEqual([
      'credit-risk',
      'payments/fraud-screening',
    ]);
    expect(grouped.get('staging')?.length).toBe(1);
    expect(grouped.get('development')).toBeUndefined();
  });

  it('says which environments use each pack, in promotion order', () => {
    const usage = packUsage([
      env('production', 2, ['baseline', 'bank-model-risk']),
      env('staging', 1, ['baseline']),
      env('development', 0),
    ]);
    expect(usage.get('baseline')).toEqual(['staging', 'production']);
    expect(usage.get('bank-model-risk')).toEqual(['production']);
    expect(usage.has('nyc-ll144')).toBe(false);
  });
});

describe('webhooks', () => {
  it('splits event patterns on commas, spaces and lines, each once', () => {
    expect(
      parseEventPatterns('promotion-*, incident-*\nmodel-version-registered  promotion-*'),
    ).toEqual(['promotion-*', 'incident-*', 'model-version-registered']);
    expect(parseEventPatterns('  ')).toEqual([]);
  });

  it('describes how a delivery went', () => {
    expect(deliveryOutcome({ status: 'delivered', lastStatusCode: 204, lastError: null })).toBe(
      'HTTP 204',
    );
    expect(
      deliveryOutcome({ status: 'dead', lastStatusCode: null, lastError: 'connection refused' }),
    ).toBe('connection refused');
    expect(deliveryOutcome({ status: 'pending', lastStatusCode: null, lastError: null })).toBe(
      'not attempted yet',
    );
  });

  it('pluralises counts', () => {
    expect(plural(1, 'delivery', 'deliveries')).toBe('1 delivery');
    expect(plural(2, 'delivery', 'deliveries')).toBe('2 deliveries');
    expect(plural(1200, 'token')).toBe('1,200 tokens');
  });
});

describe('policy pack expressions', () => {
  it('reads each rule’s CEL expressions from the shipped baseline pack', () => {
    const source = readFileSync(
      join(import.meta.dirname, '../../src/policy/packs/baseline.yaml'),
      'utf8',
    );
    const rules = ruleExpressions(parse(source));
    expect(rules.size).toBe(7);
    expect(rules.get('owner-recorded')).toEqual({
      when: null,
      require: "model.owner != ''",
      message: 'The model has no owner; set one before promoting it.',
    });
    expect(rules.get('version-signed')?.when).toBe('environment.rank >= 2');
    expect(rules.get('version-signed')?.require).toBe(
      'signatures.valid >= 1 && signatures.coversAllArtifacts',
    );
  });

  it('skips what is not a rule, and reads YAML booleans as CEL literals', () => {
    const rules = ruleExpressions({
      rules: [
        { id: 'always', require: true, message: 'never fails' },
        { id: 'no-require', description: 'x' },
        { require: 'x > 1' },
        'text',
        null,
      ],
    });
    expect([...rules.keys()]).toEqual(['always']);
    expect(rules.get('always')?.require).toBe('true');
    expect(ruleExpressions(null).size).toBe(0);
    expect(ruleExpressions({ rules: 'none' }).size).toBe(0);
  });
});

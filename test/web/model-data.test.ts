import { describe, expect, it } from 'vitest';
import type { GateDecision, Me, ModelSignature, SigningKey } from '../../src/client/index.js';
import {
  cardSections,
  curvesOf,
  decisionHeadline,
  formatParam,
  heldRoles,
  holdsIn,
  humanize,
  latestPerEnvironment,
  metricRows,
  optionText,
  paramRows,
  ruleCounts,
  servingOf,
  signatureRows,
  sortResults,
  versionOptions,
} from '../../web/src/pages/model/model-data.js';
import { holdsAnywhere, namespaceOfRef } from '../../web/src/lib/models.js';

const me = (over: Partial<Me> = {}): Me => ({
  name: 'priya.nair',
  via: 'session',
  groups: [],
  bindings: [{ role: 'risk-officer', namespace: '*' }],
  tokenScopes: null,
  permissions: { 'registry:read': ['*'], 'promotion:approve': ['*'] },
  ...over,
});

describe('model version page: permissions', () => {
  it('reads the namespace of a model reference', () => {
    expect(namespaceOfRef('credit-risk')).toBe('default');
    expect(namespaceOfRef('payments/fraud-screening')).toBe('payments');
  });

  it('checks a permission in a namespace and anywhere', () => {
    const maria = me({
      name: 'maria.chen',
      bindings: [{ role: 'contributor', namespace: 'default' }],
      permissions: { 'registry:read': ['default'] },
    });
    expect(holdsIn(maria, 'registry:read', 'default')).toBe(true);
    expect(holdsIn(maria, 'registry:read', 'payments')).toBe(false);
    expect(holdsIn(me(), 'registry:read', 'payments')).toBe(true);
    expect(holdsAnywhere(maria, 'registry:read')).toBe(true);
    expect(holdsAnywhere(maria, 'promotion:approve')).toBe(false);
  });

  it('counts roles bound globally or in the namespace, narrowed by token scopes', () => {
    const james = me({
      bindings: [
        { role: 'maintainer', namespace: 'payments' },
        { role: 'viewer', namespace: '*' },
        { role: 'risk-officer', namespace: 'default' },
      ],
    });
    expect(heldRoles(james, 'payments')).toEqual(['maintainer', 'viewer']);
    expect(heldRoles(james, 'default')).toEqual(['risk-officer', 'viewer']);
    const scoped = { ...james, tokenScopes: [{ role: 'viewer', namespace: '*' }] };
    expect(heldRoles(scoped, 'payments')).toEqual(['viewer']);
  });
});

describe('model version page: versions and serving', () => {
  const model = {
    aliases: { champion: 2, previous: 1 },
    latestVersion: { seq: 2, label: '1.1.0' },
  };

  it('lists versions newest first with their aliases', () => {
    const options = versionOptions(
      [
        { label: '1.0.0', seq: 1 },
        { label: '1.1.0', seq: 2 },
      ],
      model,
    );
    expect(options.map(optionText)).toEqual(['1.1.0 (champion, latest)', '1.0.0 (previous)']);
  });

  it('says what each environment runs and where this version serves', () => {
    const deployment = (environment: string, versionId: string, label: string) => ({
      id: `${environment}-${versionId}`,
      environment,
      model: 'credit-risk',
      modelId: 'm1',
      versionId,
      version: { seq: label === '1.1.0' ? 2 : 1, label },
      kind: 'deploy' as const,
      reason: '',
      actor: 'james.okafor',
      deployedAt: '2026-11-21T10:15:00.000Z',
      replacesId: null,
    });
    const serving = servingOf(
      [
        deployment('production', 'v2', '1.1.0'),
        deployment('staging', 'v1', '1.0.0'),
        { ...deployment('production', 'v9', '9.0.0'), modelId: 'other' },
      ],
      'm1',
      'v2',
      ['development', 'staging', 'production'],
    );
    expect(serving.map((s) => [s.environment, s.label, s.current])).toEqual([
      ['staging', '1.0.0', false],
      ['production', '1.1.0', true],
    ]);
  });
});

describe('model version page: metrics and parameters', () => {
  const run = {
    metrics: [
      { key: 'auc', step: 80, value: 0.8132 },
      { key: 'train_loss', step: 2, value: 0.25 },
      { key: 'train_loss', step: 1, value: 0.26 },
      { key: 'train_loss', step: 3, value: 0.24 },
    ],
  };

  it('puts the version’s metrics beside the run’s last values', () => {
    expect(metricRows({ metrics: { auc: 0.81, ks: 0.51 } }, run)).toEqual([
      { name: 'auc', version: 0.81, run: 0.8132, steps: 1 },
      { name: 'ks', version: 0.51, run: undefined, steps: 0 },
      { name: 'train_loss', version: undefined, run: 0.24, steps: 3 },
    ]);
    expect(metricRows({ metrics: { auc: 0.8 } }, null)).toEqual([
      { name: 'auc', version: 0.8, run: undefined, steps: 0 },
    ]);
  });

  it('draws curves only for metrics logged at several steps, in step order', () => {
    const curves = curvesOf(run);
    expect(curves).toHaveLength(1);
    expect(curves[0]!.key).toBe('train_loss');
    expect(curves[0]!.points.map((p) => p.step)).toEqual([1, 2, 3]);
    expect(curvesOf(null)).toEqual([]);
  });

  it('merges version and run parameters and prints them', () => {
    const rows = paramRows({ n_estimators: 80 }, { n_estimators: 80, holdout: 'q4', debug: null });
    expect(rows.map((r) => [r.name, r.inVersion, r.inRun])).toEqual([
      ['debug', false, true],
      ['holdout', false, true],
      ['n_estimators', true, true],
    ]);
    expect(formatParam(null)).toBe('null');
    expect(formatParam(undefined)).toBe('—');
    expect(formatParam({ a: 1 })).toBe('{"a":1}');
    expect(formatParam(0.15)).toBe('0.15');
  });
});

describe('model version page: signatures', () => {
  const signature = (over: Partial<ModelSignature>): ModelSignature => ({
    id: 's1',
    version: 'credit-risk@1.1.0',
    keyName: 'release',
    keyHint: 'abc',
    status: 'valid',
    subjectDigest: 'sha256:00',
    bundle: {},
    createdAt: '2026-10-26T16:30:00.000Z',
    createdBy: 'james.okafor',
    ...over,
  });
  const key = (over: Partial<SigningKey>): SigningKey => ({
    id: 'k1',
    name: 'release',
    owner: 'james.okafor',
    algorithm: 'ecdsa-p256',
    publicKeyPem: '',
    hint: 'abc',
    createdAt: '2026-09-06T08:40:00.000Z',
    createdBy: 'james.okafor',
    revokedAt: null,
    revokedBy: null,
    revocationReason: null,
    ...over,
  });

  it('marks a signature valid while its key is in force, revoked once it is not', () => {
    expect(signatureRows([signature({})], [key({})])[0]).toMatchObject({ state: 'valid' });
    expect(
      signatureRows([signature({})], [key({ revokedAt: '2026-11-01T00:00:00.000Z' })])[0],
    ).toMatchObject({ state: 'revoked' });
    expect(signatureRows([signature({ status: 'key-revoked' })], [])[0]).toMatchObject({
      state: 'revoked',
      key: undefined,
    });
  });
});

describe('model version page: gate decisions', () => {
  const rule = (rule: string, status: string) => ({
    pack: 'baseline',
    packDigest: 'sha256:00',
    rule,
    description: '',
    controls: [],
    severity: 'blocking',
    status,
    message: '',
  });
  const decision = (environment: string, evaluatedAt: string): GateDecision => ({
    id: `${environment}-${evaluatedAt}`,
    model: 'credit-risk',
    version: '1.1.0',
    environment,
    outcome: 'passed',
    results: [],
    packs: [],
    inputDigest: 'sha256:00',
    evaluatedAt,
    evaluatedBy: 'maria.chen',
  });

  it('puts failed rules first, then errors, warnings, skipped and passed ones', () => {
    const sorted = sortResults([
      rule('a', 'pass'),
      rule('b', 'skip'),
      rule('c', 'fail'),
      rule('d', 'warn'),
      rule('e', 'error'),
    ]);
    expect(sorted.map((r) => r.status)).toEqual(['fail', 'error', 'warn', 'skip', 'pass']);
  });

  it('summarises a decision in words', () => {
    expect(ruleCounts([rule('a', 'pass'), rule('b', 'fail')])).toMatchObject({
      pass: 1,
      fail: 1,
      total: 2,
    });
    expect(decisionHeadline([rule('a', 'pass'), rule('b', 'pass')])).toBe('2 of 2 rules passed');
    expect(decisionHeadline([rule('a', 'pass'), rule('b', 'skip')])).toBe(
      '1 of 1 rule passed (1 not applicable)',
    );
    expect(decisionHeadline([rule('a', 'fail'), rule('b', 'fail'), rule('c', 'warn')])).toBe(
      '2 rules failed, 1 warning',
    );
  });

  it('keeps the newest decision per environment', () => {
    const latest = latestPerEnvironment([
      decision('production', '2026-11-02T10:00:00.000Z'),
      decision('production', '2026-11-30T10:00:00.000Z'),
      decision('staging', '2026-10-27T09:00:00.000Z'),
    ]);
    expect([...latest.keys()]).toEqual(['production', 'staging']);
    expect(latest.get('production')!.evaluatedAt).toBe('2026-11-30T10:00:00.000Z');
  });
});

describe('model version page: the card', () => {
  it('turns the authored card into titled sections, leaving empty fields out', () => {
    const sections = cardSections({
      intendedUse: { purpose: 'Rank applications', outOfScopeUses: ['Declining alone'] },
      details: { description: 'Scores loans', type: 'binary classifier', owners: [] },
      ethics: [{ name: 'Age as input', mitigation: 'Parity gate' }],
      customSection: { someField: 'x' },
    });
    expect(sections.map((s) => s.title)).toEqual([
      'Model details',
      'Intended use',
      'Ethical considerations',
      'Custom section',
    ]);
    expect(sections[0]!.fields.map((f) => f.title)).toEqual(['Description', 'Model type']);
    expect(sections[1]!.fields[0]).toEqual({
      key: 'purpose',
      title: 'Intended purpose',
      value: { kind: 'text', text: 'Rank applications' },
    });
    expect(sections[1]!.fields[1]!.value).toEqual({ kind: 'list', items: ['Declining alone'] });
    expect(sections[2]!.fields[0]!.value).toEqual({
      kind: 'records',
      rows: [{ name: 'Age as input', detail: 'Parity gate' }],
    });
    expect(humanize('designChoices')).toBe('Design choices');
    expect(cardSections({})).toEqual([]);
  });
});

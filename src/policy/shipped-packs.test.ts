import { describe, expect, it } from 'vitest';
import { bareContext, evidencedContext } from './__fixtures__/gate-contexts.js';
import {
  CONTROL_IDS,
  decide,
  evaluatePack,
  loadPolicyPack,
  SHIPPED_PACK_NAMES,
  SHIPPED_PACKS,
  type CompiledPack,
  type GateContext,
} from './index.js';

function shipped(name: string): CompiledPack {
  const entry = SHIPPED_PACKS.find((p) => p.name === name);
  if (entry === undefined) throw new Error(`no shipped pack ${name}`);
  const result = loadPolicyPack(entry.source);
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.pack;
}

function statuses(pack: CompiledPack, context: GateContext): Record<string, string> {
  return Object.fromEntries(evaluatePack(pack, context).map((r) => [r.rule, r.status]));
}

/** Every rule passes except those listed. */
function allPassExcept(pack: CompiledPack, except: Record<string, string>): Record<string, string> {
  return { ...Object.fromEntries(pack.rules.map((r) => [r.id, 'pass'])), ...except };
}

describe('shipped packs', () => {
  it.each(SHIPPED_PACK_NAMES)('%s loads with no problems', (name) => {
    const entry = SHIPPED_PACKS.find((p) => p.name === name)!;
    const result = loadPolicyPack(entry.source);
    expect(result.ok ? [] : result.problems).toEqual([]);
    expect(result.ok && result.pack.name).toBe(name);
  });

  it.each(SHIPPED_PACK_NAMES)('%s cites a control and a provision in every rule', (name) => {
    for (const rule of shipped(name).rules) {
      expect(rule.controls.length).toBeGreaterThan(0);
      expect(rule.controls.every((c) => (CONTROL_IDS as readonly string[]).includes(c))).toBe(true);
      expect(rule.description).toMatch(/\(.+\)/);
    }
  });
});

describe('baseline', () => {
  const pack = shipped('baseline');

  it('passes a signed, traced version in production', () => {
    expect(statuses(pack, evidencedContext())).toEqual(allPassExcept(pack, {}));
  });

  it('blocks a version with no owner, artifacts, signature or run', () => {
    const context = bareContext();
    expect(statuses(pack, context)).toEqual({
      'owner-recorded': 'fail',
      'has-artifacts': 'fail',
      'artifacts-content-addressed': 'pass',
      'version-signed': 'fail',
      'training-run-recorded': 'fail',
      'metrics-recorded': 'warn',
      'description-written': 'warn',
    });
    expect(decide(evaluatePack(pack, context))).toBe('blocked');
  });

  it('checks the digests of 10,000 artifacts well within the default evaluation budget', () => {
    const context = evidencedContext();
    context.version.artifacts = Array.from({ length: 10_000 }, (_, i) => ({
      path: `shard-${i}.bin`,
      size: 1,
      digest: `sha256:${'d'.repeat(64)}`,
    }));
    const rule = 'artifacts-content-addressed';
    const at = (budget: number) =>
      evaluatePack(pack, context, { budget }).find((r) => r.rule === rule)?.status;
    // 10,000 x (1 iteration + 1 call + 93 characters / 8): the figure docs/policies.md quotes.
    expect(at(140_000)).toBe('pass');
    expect(at(139_999)).toBe('error');
  });

  it('asks for signatures only in production and a run only above development', () => {
    const context = bareContext();
    context.environment = { name: 'dev', rank: 0 };
    context.model.owner = 'alice';
    context.version.artifacts = [{ path: 'm.bin', size: 1, digest: 'md5:abc' }];
    expect(statuses(pack, context)).toEqual({
      'owner-recorded': 'pass',
      'has-artifacts': 'pass',
      'artifacts-content-addressed': 'fail',
      'version-signed': 'skip',
      'training-run-recorded': 'skip',
      'metrics-recorded': 'warn',
      'description-written': 'warn',
    });
  });
});

describe('eu-ai-act-high-risk', () => {
  const pack = shipped('eu-ai-act-high-risk');

  it('passes a fully documented high-risk version', () => {
    expect(statuses(pack, evidencedContext())).toEqual(allPassExcept(pack, {}));
  });

  it('blocks an unclassified model and skips the high-risk rules', () => {
    const result = statuses(pack, bareContext());
    expect(result).toEqual({
      ...Object.fromEntries(pack.rules.map((r) => [r.id, 'skip'])),
      'risk-classified': 'fail',
    });
  });

  it('only classifies a model that is not high-risk', () => {
    const context = bareContext();
    context.model.riskTier = 'limited';
    expect(Object.values(statuses(pack, context)).filter((s) => s !== 'skip')).toEqual(['pass']);
  });

  it('blocks a high-risk version with gaps in documentation, testing and monitoring', () => {
    const context = evidencedContext();
    context.card.missing = ['human_oversight', 'intended_use'];
    context.card.riskTier = 'limited';
    context.evaluationRuns = context.evaluationRuns.filter((e) => e.kind !== 'robustness');
    context.monitoring = { active: false, status: 'none', openAlerts: 0 };
    context.lineage.run.codeRepository = '';
    const results = evaluatePack(pack, context);
    expect(Object.fromEntries(results.map((r) => [r.rule, r.status]))).toEqual(
      allPassExcept(pack, {
        'technical-documentation': 'fail',
        'card-classification-matches': 'warn',
        'robustness-tested': 'fail',
        'record-keeping': 'fail',
        'post-market-monitoring': 'fail',
        'human-oversight-documented': 'warn',
      }),
    );
    expect(decide(results)).toBe('blocked');
  });

  it('asks for monitoring only in production', () => {
    const context = evidencedContext();
    context.environment = { name: 'staging', rank: 1 };
    context.monitoring.active = false;
    expect(statuses(pack, context)['post-market-monitoring']).toBe('skip');
  });
});

describe('nyc-ll144', () => {
  const pack = shipped('nyc-ll144');

  function withAuditAt(createdAt: string): GateContext {
    const context = evidencedContext(); // version created 2026-03-01T12:00Z, 30 days old
    for (const e of context.evaluationRuns) if (e.kind === 'bias-audit') e.createdAt = createdAt;
    return context;
  }

  it('passes a version with a current audit and impact ratios of at least 0.8', () => {
    expect(statuses(pack, evidencedContext())).toEqual(allPassExcept(pack, {}));
  });

  it('blocks a tool with no bias audit', () => {
    expect(statuses(pack, bareContext())).toEqual({
      'bias-audit-recorded': 'fail',
      'bias-audit-current': 'fail',
      'impact-ratios-by-sex': 'fail',
      'impact-ratios-by-race-ethnicity': 'fail',
      'impact-ratios-intersectional': 'warn',
      'impact-ratio-four-fifths': 'pass',
      'independent-auditor': 'warn',
      'monitoring-for-next-audit': 'warn',
    });
  });

  it('accepts an audit exactly 365 days old at use and refuses one 366 days old', () => {
    // 335 days before the version's creation + the version's 30 days of age.
    expect(statuses(pack, withAuditAt('2025-03-31T12:00:00Z'))['bias-audit-current']).toBe('pass');
    expect(statuses(pack, withAuditAt('2025-03-30T12:00:00Z'))['bias-audit-current']).toBe('fail');
  });

  it('reports an audit with an unreadable date as an error that blocks', () => {
    const results = evaluatePack(pack, withAuditAt('last spring'));
    const current = results.find((r) => r.rule === 'bias-audit-current');
    expect(current).toMatchObject({ status: 'error', errorCode: 'RULE_RUNTIME_ERROR' });
    expect(decide(results)).toBe('blocked');
  });

  it('blocks when any category falls below the four-fifths ratio', () => {
    const context = evidencedContext();
    context.fairness.push({
      metric: 'impact_ratio',
      group: 'asian',
      value: 0.79,
      attribute: 'race_ethnicity',
    });
    context.approvals = context.approvals.map((a) =>
      a.role === 'bias-auditor' ? { ...a, approver: context.model.owner } : a,
    );
    expect(statuses(pack, context)).toEqual(
      allPassExcept(pack, { 'impact-ratio-four-fifths': 'fail', 'independent-auditor': 'warn' }),
    );
  });
});

describe('bank-model-risk', () => {
  const pack = shipped('bank-model-risk');

  it('passes a validated, monitored, documented version', () => {
    expect(statuses(pack, evidencedContext())).toEqual(allPassExcept(pack, {}));
  });

  it('blocks a version with none of the evidence', () => {
    expect(statuses(pack, bareContext())).toEqual({
      'inventory-complete': 'fail',
      'development-testing': 'fail',
      'independent-validation': 'fail',
      'outcomes-analysis': 'fail',
      'documentation-complete': 'fail',
      'monitoring-plan': 'fail',
      'no-open-alerts': 'pass',
      reproducible: 'fail',
      'data-quality-evidence': 'warn',
      'validation-current': 'warn',
    });
  });

  it('does not count a risk officer approving their own version as independent validation', () => {
    const context = evidencedContext();
    context.approvals = [
      { approver: 'bob', role: 'risk-officer', decision: 'approved', environment: 'staging' },
      { approver: 'carol', role: 'risk-officer', decision: 'rejected', environment: 'staging' },
      { approver: 'erin', role: 'engineer', decision: 'approved', environment: 'staging' },
    ];
    expect(statuses(pack, context)).toEqual(
      allPassExcept(pack, { 'independent-validation': 'fail' }),
    );
  });

  it('warns about open alerts and a stale validation, and blocks without outcomes analysis', () => {
    const context = evidencedContext();
    context.monitoring = { active: true, status: 'alerting', openAlerts: 2 };
    context.evaluationRuns = context.evaluationRuns
      .filter((e) => e.kind !== 'backtest')
      .map((e) => (e.kind === 'validation' ? { ...e, createdAt: '2024-06-01T00:00:00Z' } : e));
    const results = evaluatePack(pack, context);
    expect(Object.fromEntries(results.map((r) => [r.rule, r.status]))).toEqual(
      allPassExcept(pack, {
        'outcomes-analysis': 'fail',
        'no-open-alerts': 'warn',
        'validation-current': 'warn',
      }),
    );
    expect(decide(results)).toBe('blocked');
  });
});

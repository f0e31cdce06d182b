import { describe, expect, it } from 'vitest';
import { bareContext, evidencedContext } from './__fixtures__/gate-contexts.js';
import {
  assertPolicyPack,
  evaluatePack,
  type CompiledPack,
  type GateContext,
  type RuleResult,
} from './index.js';

interface RuleSpec {
  id: string;
  require: string;
  when?: string;
  severity?: 'blocking' | 'warning';
}

/** A pack of one rule per spec; expressions are written as YAML single-quoted strings. */
function packOf(...rules: RuleSpec[]): CompiledPack {
  const quote = (s: string) => `'${s.replace(/'/g, "''")}'`;
  const body = rules
    .map(
      (r) => `  - id: ${r.id}
    description: ${r.id}
    controls: [C9]
    severity: ${r.severity ?? 'blocking'}
${r.when === undefined ? '' : `    when: ${quote(r.when)}\n`}    require: ${quote(r.require)}
    message: ${r.id} failed`,
    )
    .join('\n');
  return assertPolicyPack(`apiVersion: verity.dev/v1
kind: PolicyPack
name: test-pack
rules:
${body}
`);
}

function statusOf(results: RuleResult[]): Record<string, string> {
  return Object.fromEntries(results.map((r) => [r.rule, r.status]));
}

function only(rule: RuleSpec, context: GateContext = evidencedContext()): RuleResult {
  const [result] = evaluatePack(packOf(rule), context);
  return result!;
}

describe('evaluatePack', () => {
  it('reports pass, fail, warn and skip with the rule message only on fail and warn', () => {
    const pack = packOf(
      { id: 'passes', require: 'signatures.valid >= 1' },
      { id: 'fails', require: "model.riskTier == 'low'" },
      { id: 'warns', require: 'monitoring.openAlerts > 0', severity: 'warning' },
      { id: 'skipped', when: 'environment.rank < 2', require: 'false' },
      { id: 'applies', when: 'environment.rank >= 2', require: 'true' },
    );
    const results = evaluatePack(pack, evidencedContext());
    expect(statusOf(results)).toEqual({
      passes: 'pass',
      fails: 'fail',
      warns: 'warn',
      skipped: 'skip',
      applies: 'pass',
    });
    expect(results.map((r) => r.message)).toEqual(['', 'fails failed', 'warns failed', '', '']);
    expect(results[1]).toEqual({
      pack: 'test-pack',
      packDigest: pack.digest,
      rule: 'fails',
      description: 'fails',
      controls: ['C9'],
      severity: 'blocking',
      status: 'fail',
      message: 'fails failed',
    });
  });

  describe('when a rule fails at run time', () => {
    it('reports a missing metric as "no such key" instead of throwing', () => {
      expect(only({ id: 'r', require: 'metrics.f1 >= 0.8' })).toMatchObject({
        status: 'error',
        errorCode: 'RULE_RUNTIME_ERROR',
        message: 'require: no such key: f1',
      });
    });

    it('reports integer division by zero', () => {
      const context = bareContext();
      expect(
        only({ id: 'r', require: 'signatures.valid / signatures.count >= 1' }, context),
      ).toMatchObject({
        status: 'error',
        errorCode: 'RULE_RUNTIME_ERROR',
        message: 'require: division by zero',
      });
    });

    it('reports integer overflow', () => {
      expect(only({ id: 'r', require: 'version.seq * 9223372036854775807 > 0' })).toMatchObject({
        status: 'error',
        errorCode: 'RULE_RUNTIME_ERROR',
      });
    });

    it('reports an error in `when` and does not evaluate `require`', () => {
      expect(only({ id: 'r', when: 'metrics.f1 > 0.5', require: 'true' })).toMatchObject({
        status: 'error',
        message: 'when: no such key: f1',
      });
    });

    it('reports a dynamic value that is not a bool', () => {
      expect(only({ id: 'r', require: 'version.params.layers' })).toMatchObject({
        status: 'error',
        errorCode: 'RULE_RUNTIME_ERROR',
        message: 'require: the result is not a bool',
      });
    });

    it('keeps an error in a warning rule a warning-severity error', () => {
      expect(only({ id: 'r', require: 'metrics.f1 > 0', severity: 'warning' })).toMatchObject({
        severity: 'warning',
        status: 'error',
      });
    });

    it('never copies a long context value into the message', () => {
      const context = evidencedContext();
      context.version.description = `SECRET-${'x'.repeat(5000)}`;
      const result = only({ id: 'r', require: 'int(version.description) > 0' }, context);
      expect(result.status).toBe('error');
      expect(result.message.length).toBeLessThanOrEqual(200);
      expect(result.message).not.toContain('x'.repeat(200));
    });
  });

  describe('when a rule loops over large lists', () => {
    function manyArtifacts(n: number): GateContext {
      const context = evidencedContext();
      context.version.artifacts = Array.from({ length: n }, (_, i) => ({
        path: `shard-${i}.bin`,
        size: i + 1,
        digest: `sha256:${'c'.repeat(64)}`,
      }));
      return context;
    }

    it('stops a nested comprehension at the budget with RULE_BUDGET_EXCEEDED, quickly', () => {
      const rule = {
        id: 'pairwise-distinct',
        require: 'version.artifacts.all(a, version.artifacts.all(b, a.path != b.path || a == b))',
      };
      const started = performance.now();
      const result = only(rule, manyArtifacts(3000)); // 9 million iterations if unbounded
      expect(performance.now() - started).toBeLessThan(5000);
      expect(result).toMatchObject({
        status: 'error',
        errorCode: 'RULE_BUDGET_EXCEEDED',
        message: 'evaluation budget exceeded: more than 250000 cost units',
      });
    });

    it('stops a map that builds a huge list', () => {
      const rule = {
        id: 'squares',
        require: 'version.artifacts.map(a, version.artifacts.map(b, a.size * b.size)).size() > 0',
      };
      expect(only(rule, manyArtifacts(2000)).errorCode).toBe('RULE_BUDGET_EXCEEDED');
    });

    it('reports the budget even when || absorbs the error', () => {
      const rule = {
        id: 'absorbed',
        require: 'version.artifacts.all(a, version.artifacts.all(b, b.size > 0)) || true',
      };
      // CEL forgives an error on one side of || when the other side is true; the budget does not.
      expect(only(rule, manyArtifacts(1000)).errorCode).toBe('RULE_BUDGET_EXCEEDED');
    });

    it('charges the elements scanned by `in` inside a loop, not just the iterations', () => {
      const context = manyArtifacts(10_000);
      context.card.missing = context.version.artifacts.map((a) => `${a.path}.md`);
      const rule = { id: 'scan', require: 'version.artifacts.all(a, !(a.path in card.missing))' };
      expect(only(rule, context).errorCode).toBe('RULE_BUDGET_EXCEEDED');
    });

    it('takes a custom budget', () => {
      const pack = packOf({ id: 'r', require: 'version.artifacts.all(a, a.size > 0)' });
      const context = manyArtifacts(50);
      // Per artifact: one loop iteration and one call of `>`.
      expect(evaluatePack(pack, context, { budget: 100 })[0]?.status).toBe('pass');
      expect(evaluatePack(pack, context, { budget: 99 })[0]?.errorCode).toBe(
        'RULE_BUDGET_EXCEEDED',
      );
    });

    it('maps and filters lists of thousands of elements within the budget', () => {
      const rule = {
        id: 'sizes',
        require:
          'version.artifacts.map(a, a.size).filter(s, s > 0).all(s, s > 0) && version.artifacts.filter(a, a.size > 4000).size() == 2000',
      };
      expect(only(rule, manyArtifacts(6000)).status).toBe('pass');
    });
  });

  describe('when the context does not have its declared shape', () => {
    it('reports every rule as CONTEXT_INVALID, naming the field but not the value', () => {
      const context = evidencedContext();
      (context.signatures as { valid: unknown }).valid = 1.5;
      const pack = packOf({ id: 'a', require: 'true' }, { id: 'b', require: 'false' });
      expect(evaluatePack(pack, context).map((r) => [r.status, r.errorCode, r.message])).toEqual([
        ['error', 'CONTEXT_INVALID', 'gate context: signatures.valid must be an integer'],
        ['error', 'CONTEXT_INVALID', 'gate context: signatures.valid must be an integer'],
      ]);
    });

    it('refuses a Date where an ISO string is declared', () => {
      const context = evidencedContext();
      (context.version as { createdAt: unknown }).createdAt = new Date(0);
      expect(only({ id: 'r', require: 'true' }, context).message).toBe(
        'gate context: version.createdAt must be a string',
      );
    });
  });

  it('treats context map keys as data, not object properties', () => {
    const context = evidencedContext();
    context.metrics = JSON.parse('{"constructor": 1, "__proto__": 2}') as Record<string, number>;
    const rule = {
      id: 'r',
      require: "'constructor' in metrics && '__proto__' in metrics && !has(metrics.toString)",
    };
    expect(only(rule, context).status).toBe('pass');
  });
});

describe('compliance in the gate context', () => {
  const rule = {
    id: 'impact-assessments-approved',
    require:
      "compliance.scoped && compliance.requiredAssessments.all(k, compliance.assessments[k] == 'approved')",
  };

  it('passes when every required assessment is approved, fails when one is not or the scope is missing', () => {
    expect(only(rule).status).toBe('pass');
    const draft = evidencedContext();
    draft.compliance.assessments.dpia = 'draft';
    expect(only(rule, draft).status).toBe('fail');
    expect(only(rule, bareContext()).status).toBe('fail');
  });

  it('reads the EU AI Act tier', () => {
    expect(only({ id: 'tier', require: "compliance.euTier == 'high'" }).status).toBe('pass');
    expect(only({ id: 'tier', require: "compliance.euTier == 'high'" }, bareContext()).status).toBe(
      'fail',
    );
  });
});

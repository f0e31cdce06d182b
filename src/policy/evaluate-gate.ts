import { jsonDigest, type Digest } from '../lib/index.js';
import { bindGateContext, evaluateBound, type EvaluateOptions } from './evaluate-pack.js';
import type { GateContext } from './gate-context.js';
import type { CompiledPack } from './load-policy-pack.js';
import type { RuleResult } from './rule-result.js';

export type GateOutcome = 'passed' | 'blocked';

/** What a gate check decided, and exactly what it judged. */
export interface GateEvaluation {
  outcome: GateOutcome;
  results: RuleResult[];
  packs: { name: string; digest: string }[];
  /** Digest of the context the rules saw (gateInputDigest). */
  inputDigest: Digest;
}

/**
 * A gate blocks iff a blocking rule failed or could not be evaluated: an error never lets a
 * promotion through. Warnings, skips and warning-rule errors do not block.
 */
export function decide(results: readonly RuleResult[]): GateOutcome {
  const blocks = results.some(
    (r) => r.severity === 'blocking' && (r.status === 'fail' || r.status === 'error'),
  );
  return blocks ? 'blocked' : 'passed';
}

/**
 * `sha256:` of the RFC 8785 canonical JSON of the context: what a decision was based on. Throws
 * a TypeError if the context is not JSON (e.g. holds a non-finite number).
 */
export function gateInputDigest(context: GateContext): Digest {
  return jsonDigest(context);
}

/** Evaluates every pack against one context and decides. Packs are evaluated in order. */
export function evaluateGate(
  packs: readonly CompiledPack[],
  context: GateContext,
  options: EvaluateOptions = {},
): GateEvaluation {
  const bindings = bindGateContext(context);
  const results = packs.flatMap((pack) => evaluateBound(pack, bindings, options));
  return {
    outcome: decide(results),
    results,
    packs: packs.map((p) => ({ name: p.name, digest: p.digest })),
    inputDigest: gateInputDigest(context),
  };
}

import { ApiError, type GateDecision } from '../client/index.js';
import { CheckFailedError } from './errors.js';

/**
 * A blocked gate is a check that said no: exit 1, code GATE_BLOCKED, like a digest that does
 * not match, so CI can tell "do not ship this" (1) from "nothing was decided" (2).
 */
/**
 * `promotionId` is given for a refused promotion request, whose answer is this error alone: the
 * decision then travels in the details. `gate check` prints the decision itself on stdout.
 */
export function gateBlockedError(decision: GateDecision, promotionId?: string): CheckFailedError {
  const failed = decision.results.filter((r) => r.status === 'fail' || r.status === 'error');
  return new CheckFailedError(
    'GATE_BLOCKED',
    `the ${decision.environment} gate blocked ${decision.model}@${decision.version}: ${
      failed.map((r) => `${r.rule}: ${r.message || r.description}`).join('; ') || 'no rule passed'
    }`,
    {
      ...(promotionId === undefined ? {} : { promotionId }),
      decisionId: decision.id,
      environment: decision.environment,
      model: decision.model,
      version: decision.version,
      failed: failed.map((r) => ({ pack: r.pack, rule: r.rule, status: r.status })),
      ...(promotionId === undefined ? {} : { decision }),
    },
  );
}

/** The decision carried by a GATE_BLOCKED answer to POST /promotions, if that is what this is. */
export function blockedPromotionOf(
  error: unknown,
): { promotionId: string; decision: GateDecision } | undefined {
  if (!(error instanceof ApiError) || error.code !== 'GATE_BLOCKED') return undefined;
  const { promotionId, decision } = error.details as {
    promotionId?: unknown;
    decision?: unknown;
  };
  if (typeof promotionId !== 'string' || typeof decision !== 'object' || decision === null) {
    return undefined;
  }
  const d = decision as Partial<GateDecision>;
  if (!Array.isArray(d.results) || typeof d.environment !== 'string') return undefined;
  return { promotionId, decision: decision as GateDecision };
}

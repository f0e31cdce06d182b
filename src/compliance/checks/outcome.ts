import type { EvidenceItem, PostureStatus } from '../posture/types.js';
import type { CheckOutcome, LedgerRef, ModelFacts } from './facts.js';

/** A check cites at most this many ledger entries; the first ones are the most relevant. */
export const MAX_EVIDENCE = 20;

/** A ledger entry with the one line that says what it shows. */
export function cite(ref: LedgerRef, summary: string): EvidenceItem {
  return { ledgerIndex: ref.ledgerIndex, type: ref.type, at: ref.at, summary };
}

/**
 * A check's outcome. Evidence is given most relevant first; an entry cited twice keeps its first
 * (more relevant) summary, and the list is cut at MAX_EVIDENCE. A fact whose ledger entry was not
 * found (`LedgerRefs.require`'s placeholder, index -1) is never cited: only a real entry can back
 * a status.
 */
export function outcome(
  status: PostureStatus,
  detail: string,
  evidence: readonly EvidenceItem[] = [],
): CheckOutcome {
  const seen = new Set<number>();
  const kept: EvidenceItem[] = [];
  for (const item of evidence) {
    if (item.ledgerIndex < 0 || seen.has(item.ledgerIndex)) continue;
    seen.add(item.ledgerIndex);
    kept.push(item);
    if (kept.length === MAX_EVIDENCE) break;
  }
  return { status, detail, evidence: kept };
}

/** The outcome of a version-based check when the model has no version to assess. */
export function noVersion(facts: ModelFacts): CheckOutcome {
  return outcome('not-applicable', `${facts.model.name} has no version to assess.`);
}

/**
 * Coverage over a set of subjects (environments, deployed versions): all covered is met, none is
 * a gap, some is partial.
 */
export function coverage(covered: number, total: number): PostureStatus {
  if (covered === total) return 'met';
  return covered === 0 ? 'gap' : 'partial';
}

const SEVERITY: Record<PostureStatus, number> = {
  'not-applicable': 0,
  met: 1,
  partial: 2,
  gap: 3,
};

/** The worst of several statuses: one gap makes the whole a gap. */
export function worstOf(statuses: readonly PostureStatus[]): PostureStatus {
  return statuses.reduce<PostureStatus>(
    (worst, s) => (SEVERITY[s] > SEVERITY[worst] ? s : worst),
    'not-applicable',
  );
}

import { formatRef } from '../../lib/index.js';
import { formatInstant, formatNumber } from '../../cards/index.js';
import type { ModelPosture } from '../posture/types.js';

/*
 * Locale-free formatting for the reports (the card renderer's rules: the same data gives the same
 * bytes on every machine).
 */

export { formatInstant, formatNumber };

/** `0.8571` → `85.7%`. */
export function formatShare(share: number): string {
  return `${(Math.round(share * 1000) / 10).toFixed(1)}%`;
}

/** Minutes as people read a lead time: `45 min`, `3.5 h`, `2.1 d`. */
export function formatMinutes(minutes: number): string {
  if (minutes < 90) return `${formatNumber(Math.round(minutes * 10) / 10)} min`;
  if (minutes < 48 * 60) return `${(minutes / 60).toFixed(1)} h`;
  return `${(minutes / 1440).toFixed(1)} d`;
}

/** Milliseconds: `850 ms`, `12.3 s`, `2.0 min`. */
export function formatMillis(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 120_000) return `${(ms / 1000).toFixed(1)} s`;
  return formatMinutes(ms / 60_000);
}

/** `credit-risk` in the default namespace, `payments/fraud-screening` elsewhere. */
export function modelName(posture: Pick<ModelPosture, 'model'>): string {
  return formatRef(posture.model.namespace, posture.model.name);
}

/** Why this version is the one assessed. */
export function versionBasisText(basis: ModelPosture['versionBasis']): string {
  switch (basis) {
    case 'explicit':
      return 'chosen explicitly for this report';
    case 'deployed':
      return 'the version deployed to the highest environment';
    case 'latest':
      return 'the latest registered version (none is deployed)';
    case 'none':
      return 'the model has no registered version';
  }
}

/** `12, 15, 40` as ledger references: `#12, #15, #40`. */
export function ledgerRefs(indexes: readonly number[]): string {
  return indexes.map((i) => `#${i}`).join(', ');
}

import type { ModelScope } from '../posture/types.js';
import type { AssessmentKind } from './facts.js';

/** An impact assessment a model's scope requires, and the rule that requires it. */
export interface RequiredAssessment {
  kind: AssessmentKind;
  reason: string;
}

/**
 * The impact assessments a model needs, from its scope and risk tier:
 * - DPIA (GDPR Art 35(3)): EU personal data with profiling, special-category data or an EU AI
 *   Act high-risk system.
 * - FRIA (EU AI Act Art 27): EU high-risk systems in essential services (Annex III 5) or deployed
 *   by a public body or provider of public services; Annex III point 2 (critical infrastructure)
 *   is exempt.
 * - AIA (the general algorithmic impact assessment): EU high-risk, consequential-decision
 *   (Colorado) or internally high-risk systems.
 * Without a scope only the risk tier can require anything.
 */
export function requiredAssessments(
  scope: ModelScope | null,
  riskTier: string | null,
): RequiredAssessment[] {
  const required: RequiredAssessment[] = [];
  const eu = scope?.jurisdictions.includes('EU') ?? false;
  const flags = new Set(scope?.flags ?? []);
  const euHigh = scope?.euClassification?.tier === 'high';
  const area = scope?.area ?? 'none';

  if (eu && flags.has('personal-data')) {
    const triggers: string[] = [];
    if (flags.has('profiling')) triggers.push('profiling');
    if (flags.has('special-category-data')) triggers.push('special-category data');
    if (euHigh) triggers.push('an EU AI Act high-risk system');
    if (triggers.length > 0)
      required.push({
        kind: 'dpia',
        reason: `GDPR Art 35(3): personal data in the EU with ${triggers.join(', ')}`,
      });
  }

  if (
    eu &&
    euHigh &&
    (area === 'essential-services' || flags.has('public-service')) &&
    area !== 'critical-infrastructure'
  ) {
    required.push({
      kind: 'fria',
      reason:
        area === 'essential-services'
          ? 'EU AI Act Art 27: a high-risk system in essential services (Annex III 5)'
          : 'EU AI Act Art 27: a high-risk system deployed by a public body or public service',
    });
  }

  const aiaTriggers: string[] = [];
  if (euHigh) aiaTriggers.push('EU AI Act tier high');
  if (flags.has('consequential-decision')) aiaTriggers.push('consequential decisions');
  if (riskTier === 'high') aiaTriggers.push('risk tier high');
  if (aiaTriggers.length > 0)
    required.push({
      kind: 'aia',
      reason: `algorithmic impact assessment: ${aiaTriggers.join(', ')}`,
    });

  return required;
}

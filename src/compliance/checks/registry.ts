import { impactAssessments, scopeRecorded } from './c1-scope.js';
import { independentValidation, residualRiskAccepted, riskRegister } from './c2-risk.js';
import { biasAudit, dataProtectionTags } from './c3-privacy.js';
import { ledgerVerifies, logRetention, runManifest } from './c4-audit.js';
import { breakGlassReviewed, separationOfDuties } from './c5-access.js';
import { artifactIntegrity, robustnessTested, signedVersions } from './c6-integrity.js';
import { deploymentsAttested } from './c7-deployment.js';
import { incidentClocks, incidentDrill, incidentReviews } from './c8-incidents.js';
import { approvalQuorum, gatePassed } from './c9-cicd.js';
import { activeMonitor, alertsHandled } from './c10-monitoring.js';
import { cardComplete, lineageComplete } from './c11-versioning.js';
import { championChallenger, retrainingTrigger } from './c12-retraining.js';
import type { Check } from './facts.js';

/** Every automated check, keyed by the id an automated sub-control names in controls.yaml. */
export const CHECKS: Readonly<Record<string, Check>> = Object.freeze({
  'scope-recorded': scopeRecorded,
  'impact-assessments': impactAssessments,
  'risk-register': riskRegister,
  'residual-risk-accepted': residualRiskAccepted,
  'independent-validation': independentValidation,
  'bias-audit': biasAudit,
  'data-protection-tags': dataProtectionTags,
  'ledger-verifies': ledgerVerifies,
  'run-manifest': runManifest,
  'log-retention': logRetention,
  'separation-of-duties': separationOfDuties,
  'break-glass-reviewed': breakGlassReviewed,
  'signed-versions': signedVersions,
  'artifact-integrity': artifactIntegrity,
  'robustness-tested': robustnessTested,
  'deployments-attested': deploymentsAttested,
  'incident-clocks': incidentClocks,
  'incident-drill': incidentDrill,
  'incident-reviews': incidentReviews,
  'gate-passed': gatePassed,
  'approval-quorum': approvalQuorum,
  'active-monitor': activeMonitor,
  'alerts-handled': alertsHandled,
  'card-complete': cardComplete,
  'lineage-complete': lineageComplete,
  'champion-challenger': championChallenger,
  'retraining-trigger': retrainingTrigger,
});

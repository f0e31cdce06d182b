import { Readable } from 'node:stream';
import {
  approvePromotion,
  overrideGate,
  requestPromotion,
  type GovernanceContext,
} from '../approvals/index.js';
import { bindRole, type Actor } from '../auth/index.js';
import { createUser, type IdentityContext } from '../auth/identity/index.js';
import { ManualClock, VerityError } from '../lib/index.js';
import {
  addModelSignature,
  createDataset,
  createModel,
  createRun,
  listDatasets,
  listModels,
  recordDeployment,
  registerDatasetVersion,
  registerSigningKey,
  registerVersion,
  setAlias,
} from '../registry/index.js';
import { seedComplianceFollowUp, seedComplianceScoping } from './demo-compliance.js';
import { exportPublicKeyPem, generateSigningKeyPair, signModel } from '../signing/index.js';
import { approveCard, saveCard } from '../cards/index.js';
import {
  createMonitor,
  ingestLabels,
  ingestPredictions,
  runDueMonitors,
} from '../monitoring/index.js';
import { compareVersions, runEvaluation } from '../evaluation/index.js';
import {
  acknowledgeIncident,
  completeAction,
  completeReview,
  incidentView,
  runDrill,
  transitionIncident,
  workStep,
  writeReview,
} from '../incidents/index.js';
import { packageVersion } from '../server/version.js';
import { putEnvironment } from '../environments/index.js';
import {
  dailyOutcomes,
  dailyTraffic,
  MONITORED_COLUMNS,
  OUTCOME_DELAY_DAYS,
} from './demo-traffic.js';
import { CREDIT_RISK_110_CARD, CREDIT_RISK_CARD, FRAUD_CARD_DRAFT } from './demo-cards.js';
import {
  buildDemoContent,
  CREDIT_MODEL,
  DATASET_NAME,
  FRAUD_MODEL,
  type DemoModelVersion,
} from './demo-content.js';

/** The people the demo acts as; every change in the ledger is attributed to one of them. */
export const DEMO_ACTORS = {
  admin: { name: 'admin', via: 'token' },
  dataScientist: { name: 'maria.chen', via: 'token' },
  mlEngineer: { name: 'james.okafor', via: 'token' },
  riskOfficer: { name: 'priya.nair', via: 'token' },
  complianceOfficer: { name: 'elena.rossi', via: 'token' },
  auditor: { name: 'tomas.berg', via: 'token' },
} as const satisfies Record<string, Actor>;

/**
 * The demo people's dashboard password, printed when the demo starts. Only the demo has it: a
 * real deployment's users get theirs from an administrator (`verity user create --password-stdin`).
 */
export const DEMO_PASSWORD = 'verity-demo-password';

/** Who the demo people are and the roles they hold (global bindings unless a namespace is given). */
export const DEMO_PEOPLE: { actor: Actor; displayName: string; roles: [string, string][] }[] = [
  {
    actor: DEMO_ACTORS.dataScientist,
    displayName: 'Maria Chen (data scientist, credit risk)',
    roles: [['contributor', 'default']],
  },
  {
    actor: DEMO_ACTORS.mlEngineer,
    displayName: 'James Okafor (ML engineer)',
    roles: [['maintainer', '*']],
  },
  {
    actor: DEMO_ACTORS.riskOfficer,
    displayName: 'Priya Nair (model risk officer)',
    roles: [['risk-officer', '*']],
  },
  {
    actor: DEMO_ACTORS.complianceOfficer,
    displayName: 'Elena Rossi (compliance officer)',
    roles: [['compliance-officer', '*']],
  },
  {
    actor: DEMO_ACTORS.auditor,
    displayName: 'Tomas Berg (internal audit)',
    roles: [['auditor', '*']],
  },
];

/** What the demo runs through: the governed services, as the server wires them. */
export interface DemoRuntime {
  governance: GovernanceContext;
  identity: IdentityContext;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The demo's calendar: `at(-84, '09:12')` is 09:12 UTC 84 days before the UTC day of `now`.
 * Every step falls before today, so the seeded history is entirely in the past of `ctx.clock`
 * and later real changes sort after it.
 */
function demoCalendar(now: Date) {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return (day: number, time: string): Date => {
    const [hours, minutes] = time.split(':').map(Number);
    return new Date(today + day * DAY_MS + ((hours ?? 0) * 60 + (minutes ?? 0)) * 60_000);
  };
}

/** When the demo's history begins: 00:00 UTC 90 days before today (Verity's first start). */
export function demoEpoch(now: Date): Date {
  return demoCalendar(now)(-90, '00:00');
}

/**
 * Seeds the demo scenario when the registry is empty (no model and no dataset) and returns
 * true; otherwise changes nothing and returns false, so `verity server --demo` can run on every
 * start. Every change goes through the public registry services as a named person, so the audit
 * ledger tells the story: a credit-risk model released, replaced, rolled back after drift and
 * redeployed, plus a second model in another namespace.
 *
 * History is backdated on a manual clock (weeks before `ctx.clock.now()`), through a committer
 * that shares the database but uses that clock, so rows and ledger entries agree on when each
 * step happened. Not atomic as a whole: each step commits on its own, and a partly seeded
 * registry is left alone on the next start.
 */
export async function seedDemo(runtime: DemoRuntime): Promise<boolean> {
  const ctx = runtime.governance;
  const [models, datasets] = await Promise.all([
    listModels(ctx, { limit: 1 }),
    listDatasets(ctx, { limit: 1 }),
  ]);
  if (models.items.length > 0 || datasets.items.length > 0) return false;

  const content = buildDemoContent();
  const at = demoCalendar(ctx.clock.now());
  const clock = new ManualClock(demoEpoch(ctx.clock.now()));
  // The committer stamps rows and ledger entries with its own clock, so the demo's history is
  // backdated through the same mutation path (same authoriser) with the demo clock.
  const committer = ctx.committer.withClock(clock);
  const demo: GovernanceContext = { ...ctx, clock, committer };
  const people: IdentityContext = { ...runtime.identity, clock, committer };
  const { admin, dataScientist: maria, mlEngineer: james, riskOfficer: priya } = DEMO_ACTORS;
  const iso = (day: number, time: string) => at(day, time).toISOString();

  const upload = async (version: DemoModelVersion) => {
    for (const file of version.files) {
      await ctx.blobs.put(Readable.from(file.bytes), {
        digest: file.digest,
        size: file.size,
        maxBytes: file.size,
      });
    }
    return version.files.map(({ path, size, digest }) => ({ path, size, digest }));
  };

  clock.set(at(-86, '08:30'));
  for (const person of DEMO_PEOPLE) {
    await createUser(people, admin, {
      name: person.actor.name,
      displayName: person.displayName,
      password: DEMO_PASSWORD,
    });
    for (const [role, namespace] of person.roles) {
      await bindRole(demo, admin, { subject: `user:${person.actor.name}`, role, namespace });
    }
  }
  // A release-signing key held by the ML engineer; its public half is registered so Verity
  // accepts model signatures made with it (the private half lives only in this process).
  const { privateKey, publicKey } = generateSigningKeyPair('ecdsa-p256');
  clock.set(at(-86, '08:40'));
  await registerSigningKey(demo, james, {
    name: 'credit-risk-release',
    publicKeyPem: exportPublicKeyPem(publicKey),
    owner: james.name,
  });
  const sign = async (model: string, label: string, files: { path: string; digest: string }[]) => {
    const bundle = await signModel({ files, name: `${model}@${label}` }, privateKey);
    await addModelSignature(demo, james, model, label, bundle);
  };
  const promote = async (
    model: string,
    version: string,
    environment: string,
    requester: Actor,
    approver: Actor,
    justification: string,
  ) => {
    const promotion = await requestPromotion(demo, requester, {
      model,
      version,
      environment,
      justification,
    });
    clock.advance(45 * 60_000);
    await approvePromotion(demo, approver, promotion.id, { reason: justification });
  };

  clock.set(at(-84, '09:12'));
  await createDataset(demo, maria, {
    name: DATASET_NAME,
    description:
      'Consumer loan applications with the 12-month default outcome, one version per quarter. Extracted from the loan origination system; direct identifiers removed.',
    owner: maria.name,
    tags: { domain: 'lending', classification: 'confidential', retention: '7y' },
  });
  clock.set(at(-84, '09:20'));
  await registerDatasetVersion(demo, maria, DATASET_NAME, content.datasetVersions.q3);

  clock.set(at(-82, '11:02'));
  await createModel(demo, maria, {
    name: CREDIT_MODEL,
    description:
      'Probability of default within 12 months for consumer loan applications; drives approve/refer decisions.',
    owner: maria.name,
    useCase: 'consumer loan default prediction',
    riskTier: 'high',
    tags: { team: 'credit-risk-analytics', domain: 'lending', 'regulation/eu-ai-act': 'annex-iii' },
  });
  clock.set(at(-82, '14:05'));
  const logisticRun = await createRun(demo, maria, {
    ...content.runs.logistic,
    startedAt: iso(-82, '13:10'),
    endedAt: iso(-82, '13:58'),
  });
  clock.set(at(-81, '10:30'));
  const v100Files = await upload(content.creditRisk.v100);
  await registerVersion(demo, maria, CREDIT_MODEL, {
    ...content.creditRisk.v100.input,
    files: v100Files,
    runId: logisticRun.id,
  });
  clock.set(at(-79, '15:05'));
  await sign(CREDIT_MODEL, '1.0.0', v100Files);
  clock.set(at(-79, '16:20'));
  await saveCard(demo, maria, CREDIT_MODEL, '1.0.0', CREDIT_RISK_CARD, {
    summary: 'Card for the logistic-regression baseline',
  });
  clock.set(at(-78, '11:30'));
  await approveCard(demo, priya, CREDIT_MODEL, '1.0.0');
  clock.set(at(-78, '16:40'));
  await setAlias(demo, james, CREDIT_MODEL, 'champion', '1.0.0');
  clock.set(at(-77, '08:50'));
  await promote(
    CREDIT_MODEL,
    '1.0.0',
    'staging',
    maria,
    james,
    'Integration tests against the loan origination system',
  );
  clock.set(at(-77, '10:00'));
  await recordDeployment(demo, james, {
    model: CREDIT_MODEL,
    version: '1.0.0',
    environment: 'staging',
    reason: 'Integration tests against the loan origination system',
  });
  clock.set(at(-75, '14:20'));
  await promote(
    CREDIT_MODEL,
    '1.0.0',
    'production',
    maria,
    priya,
    'Validation MRV-2025-117 approved by the model risk committee',
  );
  clock.set(at(-74, '09:30'));
  await recordDeployment(demo, james, {
    model: CREDIT_MODEL,
    version: '1.0.0',
    environment: 'production',
    reason: 'Initial release; validation MRV-2025-117 approved by the model risk committee',
  });

  const elena = DEMO_ACTORS.complianceOfficer;
  await seedComplianceScoping(demo, clock, at, { maria, james, priya, elena }, CREDIT_MODEL);

  clock.set(at(-60, '15:15'));
  await createModel(demo, james, {
    name: 'fraud-screening',
    namespace: 'payments',
    description: 'Scores card payments for fraud; high scores are held for manual review.',
    owner: james.name,
    useCase: 'card payment fraud screening',
    riskTier: 'medium',
    tags: { team: 'payments-risk', domain: 'payments' },
  });
  clock.set(at(-60, '15:40'));
  const fraudFiles = await upload(content.fraudScreening.v100);
  await registerVersion(demo, james, FRAUD_MODEL, {
    ...content.fraudScreening.v100.input,
    files: fraudFiles,
  });
  // The fraud model's card was started and never finished: the gaps show by name.
  clock.set(at(-59, '09:40'));
  await saveCard(demo, james, FRAUD_MODEL, '1.0.0', FRAUD_CARD_DRAFT, { summary: 'First draft' });
  clock.set(at(-58, '11:00'));
  await setAlias(demo, james, FRAUD_MODEL, 'champion', '1.0.0');
  // The fraud model has no recorded training run and no signature: the production gate blocks
  // it, and an administrator overrides the block for an urgent vendor replacement. The override
  // is flagged in the ledger and leaves a review item open for compliance.
  clock.set(at(-56, '08:10'));
  let blockedId: string | undefined;
  try {
    await requestPromotion(demo, james, {
      model: FRAUD_MODEL,
      version: '1.0.0',
      environment: 'production',
      justification: 'Replace the vendor rules engine before its licence lapses on Friday',
    });
  } catch (error) {
    if (!(error instanceof VerityError) || error.code !== 'GATE_BLOCKED') throw error;
    blockedId = String(error.details.promotionId);
  }
  if (blockedId === undefined) throw new Error('the demo expected the fraud gate to block');
  clock.set(at(-56, '08:25'));
  await overrideGate(demo, admin, blockedId, {
    justification:
      'Vendor rules engine licence ends 2 days from now; no fallback. Training lineage and signature to follow under CHG-4471.',
  });
  // The override opened INC-2026-001 (SEV3): the engineer owns the missing evidence.
  clock.set(at(-56, '08:31'));
  await acknowledgeIncident(demo, james, 'INC-2026-001');
  await transitionIncident(demo, james, 'INC-2026-001', {
    status: 'mitigating',
    note: 'training lineage and a model signature to be supplied under CHG-4471',
  });
  clock.set(at(-56, '08:40'));
  await approvePromotion(demo, priya, blockedId, {
    reason: 'Accepted for 30 days under CHG-4471; lineage and signature to be supplied',
  });
  clock.set(at(-56, '08:45'));
  await recordDeployment(demo, james, {
    model: FRAUD_MODEL,
    version: '1.0.0',
    environment: 'production',
    reason: 'Replaces the vendor rules engine for card-not-present payments',
  });

  clock.set(at(-40, '09:15'));
  await registerDatasetVersion(demo, maria, DATASET_NAME, content.datasetVersions.q4);
  clock.set(at(-38, '15:40'));
  const boostedRun = await createRun(demo, maria, {
    ...content.runs.boosted,
    startedAt: iso(-38, '14:02'),
    endedAt: iso(-38, '15:31'),
  });
  clock.set(at(-37, '11:20'));
  const v110Files = await upload(content.creditRisk.v110);
  await registerVersion(demo, maria, CREDIT_MODEL, {
    ...content.creditRisk.v110.input,
    files: v110Files,
    runId: boostedRun.id,
  });
  clock.set(at(-37, '15:00'));
  await saveCard(demo, maria, CREDIT_MODEL, '1.1.0', CREDIT_RISK_CARD, {
    summary: 'Started from the 1.0.0 card',
  });
  clock.set(at(-36, '10:10'));
  await saveCard(demo, maria, CREDIT_MODEL, '1.1.0', CREDIT_RISK_110_CARD, {
    summary: 'Gradient-boosted stumps: method, out-of-time validation, reason codes, limitations',
  });
  clock.set(at(-36, '16:30'));
  await sign(CREDIT_MODEL, '1.1.0', v110Files);
  // Independent validation (MRV-2026-009): the risk officer runs 1.1.0 itself on the
  // out-of-time holdout (quality with intervals, the age-band bias audit on approvals, robustness,
  // importance), then scores 1.0.0 and 1.1.0 side by side on the same rows. Both are evidence.
  const holdout = content.holdout;
  await ctx.blobs.put(Readable.from(holdout.bytes), {
    digest: holdout.digest,
    size: holdout.size,
    maxBytes: holdout.size,
  });
  const evaluationData = { blob: holdout.digest, file: holdout.path };
  const software = { verityVersion: packageVersion() };
  clock.set(at(-36, '17:05'));
  await runEvaluation(
    demo,
    priya,
    CREDIT_MODEL,
    '1.1.0',
    {
      name: 'holdout',
      kind: 'validation',
      data: evaluationData,
      label: 'defaulted',
      protected: ['age_band'],
      options: { favourableOutcome: 'negative' },
    },
    software,
  );
  clock.set(at(-36, '17:25'));
  await compareVersions(
    demo,
    priya,
    CREDIT_MODEL,
    '1.1.0',
    { name: 'champion_challenger', baseline: '1.0.0', data: evaluationData, label: 'defaulted' },
    software,
  );
  clock.set(at(-35, '08:30'));
  await approveCard(demo, priya, CREDIT_MODEL, '1.1.0');
  clock.set(at(-35, '09:00'));
  await promote(
    CREDIT_MODEL,
    '1.1.0',
    'staging',
    maria,
    james,
    'Shadow scoring against 1.0.0 for two weeks',
  );
  clock.set(at(-35, '10:00'));
  await recordDeployment(demo, james, {
    model: CREDIT_MODEL,
    version: '1.1.0',
    environment: 'staging',
    reason: 'Shadow scoring against 1.0.0 for two weeks',
  });
  clock.set(at(-30, '17:10'));
  await setAlias(demo, james, CREDIT_MODEL, 'previous', '1.0.0');
  clock.set(at(-30, '17:11'));
  await setAlias(demo, james, CREDIT_MODEL, 'champion', '1.1.0');
  clock.set(at(-29, '10:00'));
  await promote(
    CREDIT_MODEL,
    '1.1.0',
    'production',
    maria,
    priya,
    'Champion/challenger review passed (validation MRV-2026-009); higher AUC out of time',
  );
  clock.set(at(-28, '09:30'));
  await recordDeployment(demo, james, {
    model: CREDIT_MODEL,
    version: '1.1.0',
    environment: 'production',
    reason: 'Champion/challenger review passed (validation MRV-2026-009); higher AUC out of time',
  });
  // Production monitoring: the engineer watches 1.1.0's traffic against the 2025-q4 data it was
  // validated on. Each day's scoring requests are sent in one batch and the monitor runs when the
  // day's window closes, as the server's scheduler does. On day -18 an upstream pipeline change
  // starts sending income as a monthly amount: the next run finds dataset drift, fires a critical
  // alert and its action rolls production back to 1.0.0, in the same transaction.
  // The reference file's content goes into the blob store so the monitor can profile it (the
  // registry itself records only its digest).
  const reference = content.datasetFiles.q4;
  await ctx.blobs.put(Readable.from(reference.bytes), {
    digest: reference.digest,
    size: reference.size,
    maxBytes: reference.size,
  });
  clock.set(at(-28, '11:00'));
  await createMonitor(demo, james, CREDIT_MODEL, {
    name: 'production-traffic',
    environment: 'production',
    reference: { dataset: `${DATASET_NAME}@2025-q4` },
    config: {
      columns: MONITORED_COLUMNS,
      windowSeconds: 86_400,
      minRecords: 100,
      severity: 'critical',
      // The card's monitoring plan: PSI on every input, alert at 0.2.
      drift: {
        datasetShare: 0.15,
        tests: Object.fromEntries(
          MONITORED_COLUMNS.map((c) => [c, { test: 'psi', threshold: 0.2 }]),
        ),
      },
      // A breach opens a SEV2 incident; its drift-rollback playbook rolls production back at once.
      actions: [{ kind: 'incident', severity: 'SEV2' }],
    },
  });
  // The card's fairness duty in production: approval rates by age band from the decisions
  // themselves (no outcome needed), with an alert when their parity collapses below 0.5; the
  // four-fifths comparison with 0.8 stays a monthly review (the versions sit near 0.6-0.7).
  clock.set(at(-28, '11:10'));
  await createMonitor(demo, james, CREDIT_MODEL, {
    name: 'approval-parity',
    environment: 'production',
    reference: { dataset: `${DATASET_NAME}@2025-q4` },
    config: {
      columns: ['age'],
      windowSeconds: 86_400,
      minRecords: 100,
      severity: 'warning',
      positiveLabel: 'approved',
      drift: { tests: { age: { test: 'psi', threshold: 0.2 } } },
      fairness: [{ metric: 'selection_rate_ratio', attributes: ['age_band'], min: 0.5 }],
    },
  });
  // The card's performance duty: once the servicing system reports early payment defaults
  // (OUTCOME_DELAY_DAYS after each day's decisions), each day's ROC AUC and Brier score against
  // them; the scheduler runs a window again when its outcomes arrive.
  clock.set(at(-28, '11:20'));
  await createMonitor(demo, james, CREDIT_MODEL, {
    name: 'default-outcomes',
    environment: 'production',
    reference: { dataset: `${DATASET_NAME}@2025-q4` },
    config: {
      columns: ['debt_to_income'],
      windowSeconds: 86_400,
      minRecords: 100,
      severity: 'warning',
      positiveLabel: 1,
      drift: { tests: { debt_to_income: { test: 'psi', threshold: 0.2 } } },
      performance: [
        { metric: 'roc_auc', min: 0.7 },
        { metric: 'brier', max: 0.2 },
      ],
    },
  });
  for (let day = -28; day <= -1; day++) {
    if (day === -10) {
      clock.set(at(-10, '10:15'));
      await recordDeployment(demo, james, {
        model: CREDIT_MODEL,
        version: '1.1.0',
        environment: 'production',
        reason:
          'INC-2026-002: the drift came from an upstream change of the income field to monthly amounts, fixed in the feature pipeline; 1.1.0 revalidated by priya.nair',
      });
    }
    if (day - OUTCOME_DELAY_DAYS >= -28) {
      clock.set(at(day, '23:40'));
      const decided = day - OUTCOME_DELAY_DAYS;
      await ingestLabels(
        demo,
        james,
        CREDIT_MODEL,
        'production',
        dailyOutcomes(decided, at(decided, '00:00')),
      );
    }
    clock.set(at(day, '23:50'));
    const incomeMonthly = day >= -18 && day <= -11;
    // 1.0.0 serves from the rollback after day -18's run until the redeploy on day -10.
    const score = day >= -17 && day <= -11 ? content.scoreCredit.v100 : content.scoreCredit.v110;
    await ingestPredictions(
      demo,
      james,
      CREDIT_MODEL,
      'production',
      dailyTraffic(day, at(day, '00:00'), { incomeMonthly, score }),
    );
    clock.set(at(day + 1, '00:05'));
    await runDueMonitors(demo);
    await workIncident(day);
    if (day === -2) {
      await seedComplianceFollowUp(
        demo,
        clock,
        at,
        { maria, james, priya, elena },
        {
          credit: CREDIT_MODEL,
          fraud: FRAUD_MODEL,
        },
      );
      // The bank opens consumer lending in its Irish branch: a second production environment
      // under the same gate. The data scientist asks for 1.1.0 there; the request waits in the
      // risk officer's approvals inbox.
      clock.set(at(-1, '14:00'));
      await putEnvironment(demo, admin, {
        name: 'production-ie',
        description:
          'Irish branch consumer lending (EU); baseline evidence and a risk officer approval; the approved version is frozen.',
        rank: 3,
        policyPacks: ['baseline'],
        quorum: { 'risk-officer': 1 },
        approvalTtlDays: 30,
        freezeOnApproval: true,
      });
      clock.set(at(-1, '14:30'));
      await requestPromotion(demo, maria, {
        model: CREDIT_MODEL,
        version: '1.1.0',
        environment: 'production-ie',
        justification:
          'Launch of consumer lending in the Irish branch; 1.1.0 validated under MRV-2026-009 and stable for 9 days since INC-2026-002',
      });
    }
  }
  return true;

  /**
   * The on-call engineer works the drift incident the monitor opened on day -18's window, and
   * the risk officer runs a drill; each step happens the day after `day`'s monitor run, so the
   * ledger stays in time order.
   */
  async function workIncident(day: number): Promise<void> {
    const key = 'INC-2026-002';
    const step = (id: string, note: string) =>
      workStep(demo, james, key, id, { outcome: 'done', note });
    if (day === -18) {
      clock.set(at(-17, '00:21'));
      await acknowledgeIncident(demo, james, key);
      clock.set(at(-17, '08:10'));
      await transitionIncident(demo, james, key, {
        status: 'triaged',
        note: 'monthly-income PSI above 8 against the 2025-q4 reference; 1.0.0 serves production',
      });
    } else if (day === -17) {
      clock.set(at(-16, '11:30'));
      await step(
        'check-upstream-pipeline',
        'the 2026-w07 feature pipeline release sends income as a monthly amount (divided by 12)',
      );
      clock.set(at(-16, '11:35'));
      await transitionIncident(demo, james, key, { status: 'mitigating' });
    } else if (day === -10) {
      clock.set(at(-9, '09:00'));
      await step(
        'confirm-traffic-recovered',
        'drift alert resolved at 00:05; 1.1.0 serves production again',
      );
      clock.set(at(-9, '09:05'));
      await step(
        'decide-retraining',
        'no retraining: a pipeline fault, not a change in the population',
      );
      clock.set(at(-9, '09:10'));
      await transitionIncident(demo, james, key, { status: 'resolved' });
    } else if (day === -9) {
      clock.set(at(-8, '14:00'));
      await writeReview(demo, james, key, {
        summary:
          'For eight days production received income as a monthly amount. The monitor alerted on the first full day and rolled production back to 1.0.0 automatically; the pipeline was fixed and 1.1.0 redeployed after revalidation.',
        rootCause:
          'A feature pipeline release changed the unit of income from annual to monthly without a contract change.',
        contributingFactors: [
          'no unit or range check on income in the pipeline contract',
          '1.0.0 reads income too, so the rollback limited the harm but did not remove it',
        ],
        actions: [
          {
            title: 'Add a range check on income to the feature pipeline contract',
            owner: james.name,
            dueAt: iso(-3, '17:00'),
          },
        ],
      });
    } else if (day === -8) {
      clock.set(at(-7, '10:00'));
      await completeReview(demo, priya, key);
    } else if (day === -7) {
      // A quarterly drill (control C8): the risk officer rehearses the bias playbook on
      // credit-risk; its freeze is simulated, not done.
      clock.set(at(-6, '10:00'));
      const drill = await runDrill(demo, priya, {
        playbook: 'bias-incident',
        model: CREDIT_MODEL,
        severity: 'SEV3',
        type: 'bias',
        scenario: 'Tabletop: approvals for applicants under 25 fall to 0.6 of the best age band.',
      });
      clock.set(at(-6, '10:40'));
      for (const s of drill.steps.slice(1)) {
        await workStep(demo, priya, drill.key, s.id, { outcome: 'done', note: 'rehearsed' });
      }
      clock.set(at(-6, '10:45'));
      await transitionIncident(demo, priya, drill.key, { status: 'resolved' });
      await transitionIncident(demo, priya, drill.key, {
        status: 'closed',
        note: 'drill completed in 45 minutes',
      });
    } else if (day === -5) {
      const incident = await incidentView(demo.db, key, clock.now());
      clock.set(at(-4, '15:20'));
      await completeAction(demo, james, key, incident.actions[0]!.id);
      clock.set(at(-4, '15:30'));
      await transitionIncident(demo, james, key, { status: 'closed' });
    }
  }
}

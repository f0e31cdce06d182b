import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { demoEpoch, seedDemo } from '../../src/demo/index.js';
import { ManualClock } from '../../src/lib/index.js';
import { firstStart } from '../../src/server/first-start.js';
import { listPromotions, listReviewItems } from '../../src/approvals/index.js';
import { getGateDecision } from '../../src/gates/index.js';
import { buildDemoContent } from '../../src/demo/demo-content.js';
import {
  createModel,
  currentDeployments,
  deploymentHistory,
  getModel,
  getVersion,
  listDatasetVersions,
  listModels,
  listVersions,
  versionLineage,
} from '../../src/registry/index.js';
import { diffCardRevisions, getCard } from '../../src/cards/index.js';
import { listAlerts } from '../../src/monitoring/index.js';
import { listEvaluations } from '../../src/evaluation/index.js';
import { incidentView, kpis } from '../../src/incidents/index.js';
import { ENGINES } from '../support/engines.js';
import { startHarness, type Harness } from '../support/harness.js';

/** The ledger, in order, as (event type, actor): one entry per change the demo makes. */
const EXPECTED_EVENTS = [
  ['admin-bootstrapped', 'verity'],
  ['policy-pack-published', 'verity'],
  ['policy-pack-published', 'verity'],
  ['policy-pack-published', 'verity'],
  ['policy-pack-published', 'verity'],
  ['environment-created', 'verity'],
  ['environment-created', 'verity'],
  ['environment-created', 'verity'],
  ['control-catalogue-published', 'verity'],
  ...Array.from({ length: 11 }, (): [string, string] => ['framework-published', 'verity']),
  ['user-created', 'admin'],
  ['role-bound', 'admin'],
  ['user-created', 'admin'],
  ['role-bound', 'admin'],
  ['user-created', 'admin'],
  ['role-bound', 'admin'],
  ['user-created', 'admin'],
  ['role-bound', 'admin'],
  ['user-created', 'admin'],
  ['role-bound', 'admin'],
  ['signing-key-registered', 'james.okafor'],
  ['dataset-created', 'maria.chen'],
  ['dataset-version-registered', 'maria.chen'],
  ['model-created', 'maria.chen'],
  ['run-logged', 'maria.chen'],
  ['model-version-registered', 'maria.chen'],
  ['model-version-signed', 'james.okafor'],
  ['model-card-revised', 'maria.chen'],
  ['model-card-approved', 'priya.nair'],
  ['alias-set', 'james.okafor'],
  ['gate-evaluated', 'maria.chen'],
  ['promotion-requested', 'maria.chen'],
  ['approval-granted', 'james.okafor'],
  ['promotion-approved', 'james.okafor'],
  ['deployment-recorded', 'james.okafor'],
  ['gate-evaluated', 'maria.chen'],
  ['promotion-requested', 'maria.chen'],
  ['approval-granted', 'priya.nair'],
  ['promotion-approved', 'priya.nair'],
  ['model-version-frozen', 'priya.nair'],
  ['deployment-recorded', 'james.okafor'],
  // Scoping, the risk register and the impact assessments (demo-compliance.ts).
  ['model-scope-recorded', 'elena.rossi'],
  ['risk-recorded', 'priya.nair'],
  ['risk-recorded', 'priya.nair'],
  ['risk-accepted', 'elena.rossi'],
  ['impact-assessment-started', 'maria.chen'],
  ['impact-assessment-updated', 'maria.chen'],
  ['impact-assessment-submitted', 'maria.chen'],
  ['impact-assessment-approved', 'priya.nair'],
  ['impact-assessment-started', 'maria.chen'],
  ['impact-assessment-updated', 'maria.chen'],
  ['model-created', 'james.okafor'],
  ['model-version-registered', 'james.okafor'],
  ['model-card-revised', 'james.okafor'],
  ['alias-set', 'james.okafor'],
  ['gate-evaluated', 'james.okafor'],
  ['promotion-blocked', 'james.okafor'],
  ['gate-overridden', 'admin'],
  ['incident-opened', 'admin'],
  ['incident-updated', 'james.okafor'],
  ['incident-updated', 'james.okafor'],
  ['approval-granted', 'priya.nair'],
  ['promotion-approved', 'priya.nair'],
  ['model-version-frozen', 'priya.nair'],
  ['deployment-recorded', 'james.okafor'],
  ['dataset-version-registered', 'maria.chen'],
  ['run-logged', 'maria.chen'],
  ['model-version-registered', 'maria.chen'],
  ['model-card-revised', 'maria.chen'],
  ['model-card-revised', 'maria.chen'],
  ['model-version-signed', 'james.okafor'],
  ['evaluation-recorded', 'priya.nair'],
  ['evaluation-recorded', 'priya.nair'],
  ['model-card-approved', 'priya.nair'],
  ['gate-evaluated', 'maria.chen'],
  ['promotion-requested', 'maria.chen'],
  ['approval-granted', 'james.okafor'],
  ['promotion-approved', 'james.okafor'],
  ['deployment-recorded', 'james.okafor'],
  ['alias-set', 'james.okafor'],
  ['alias-set', 'james.okafor'],
  ['gate-evaluated', 'maria.chen'],
  ['promotion-requested', 'maria.chen'],
  ['approval-granted', 'priya.nair'],
  ['promotion-approved', 'priya.nair'],
  ['model-version-frozen', 'priya.nair'],
  ['deployment-recorded', 'james.okafor'],
  ['monitor-created', 'james.okafor'],
  ['monitor-created', 'james.okafor'],
  ['monitor-created', 'james.okafor'],
  ...monitoringDays(),
];

/**
 * Days -28 to -1 of production monitoring: each day's traffic, then the scheduler's run when the
 * window closes. The run of day -18 (the first with monthly incomes) fires the drift alert and
 * rolls production back; day -10 brings the fix and the redeploy, and its run resolves the alert.
 */
function monitoringDays(): [string, string][] {
  const events: [string, string][] = [];
  const james = (type: string): [string, string] => [type, 'james.okafor'];
  const priya = (type: string): [string, string] => [type, 'priya.nair'];
  for (let day = -28; day <= -1; day++) {
    if (day === -10) events.push(['deployment-recorded', 'james.okafor']);
    // From day -14, the outcomes of the decisions of 14 days before arrive first; the scheduler
    // then runs that older window of default-outcomes again, before the day's own windows.
    const outcomes = day - 14 >= -28;
    if (outcomes) events.push(james('labels-ingested'));
    events.push(['predictions-ingested', 'james.okafor']);
    if (outcomes) events.push(['monitor-run-recorded', 'verity']);
    // The scheduler runs approval-parity, default-outcomes, then production-traffic. Approval
    // parity by age band collapses with monthly incomes: its alert fires with the drift alert and
    // resolves with it.
    events.push(['monitor-run-recorded', 'verity']);
    if (day === -18) events.push(['alert-fired', 'verity']);
    if (day === -10) events.push(['alert-resolved', 'verity']);
    events.push(['monitor-run-recorded', 'verity'], ['monitor-run-recorded', 'verity']);
    if (day === -18) {
      // The alert opens INC-2026-002; its playbook's automatic step rolls production back.
      events.push(
        ['alert-fired', 'verity'],
        ['incident-opened', 'verity'],
        ['incident-step-completed', 'verity'],
        ['deployment-rolled-back', 'verity'],
        james('incident-updated'), // acknowledged
        james('incident-updated'), // triaged
      );
    }
    if (day === -17) events.push(james('incident-step-completed'), james('incident-updated'));
    if (day === -10) {
      events.push(
        ['alert-resolved', 'verity'],
        james('incident-step-completed'),
        james('incident-step-completed'),
        james('incident-updated'), // resolved
      );
    }
    if (day === -9) events.push(james('incident-updated')); // review written
    if (day === -8) events.push(priya('incident-updated'), priya('incident-review-completed'));
    if (day === -7) {
      // The drill: opened with its automatic (simulated) freeze, four steps, resolved, closed.
      events.push(priya('incident-opened'), priya('incident-step-completed'));
      for (let i = 0; i < 4; i++) events.push(priya('incident-step-completed'));
      events.push(priya('incident-updated'), priya('incident-updated'));
    }
    if (day === -5) events.push(james('incident-updated'), james('incident-updated'));
    if (day === -2) {
      // Compliance follow-up: two organisation attestations, the annual review, the fraud
      // model's scope, the data-quality risk the incident revealed.
      events.push(
        ['attestation-recorded', 'elena.rossi'],
        ['attestation-recorded', 'elena.rossi'],
        priya('attestation-recorded'),
        ['model-scope-recorded', 'elena.rossi'],
        james('risk-recorded'),
        // The Irish branch's environment, and 1.1.0 requested there: waiting for a risk officer.
        ['environment-created', 'admin'],
        ['gate-evaluated', 'maria.chen'],
        ['promotion-requested', 'maria.chen'],
      );
    }
  }
  return events;
}

const content = buildDemoContent();

describe.each(ENGINES)('demo seed on $name', (engine) => {
  let h: Harness;
  let seeded: boolean;
  let home: string;
  beforeAll(async () => {
    if (engine.skip !== undefined) return;
    h = await startHarness(engine, { openEnvironments: false, testUsers: false });
    home = mkdtempSync(join(tmpdir(), 'verity-demo-home-'));
    await firstStart(h.runtime, home, { clock: new ManualClock(demoEpoch(h.clock.now())) });
    seeded = await seedDemo(h.runtime);
  });
  afterAll(async () => {
    await h?.close();
    if (home !== undefined) rmSync(home, { recursive: true, force: true });
  });

  describe.skipIf(engine.skip !== undefined)('on an empty registry', () => {
    it('seeds and records one ledger entry per change, each by a named person', async () => {
      expect(seeded).toBe(true);
      expect(await h.runtime.ledger.size()).toBe(EXPECTED_EVENTS.length);
      const entries = await h.runtime.ledger.reader.range(0, 300);
      expect(entries.map((e) => [e.event?.type, e.event?.actor])).toEqual(EXPECTED_EVENTS);
    });

    it('documents credit-risk with complete, signed-off cards and leaves the fraud card a draft with named gaps', async () => {
      const v110 = await getCard(h.runtime.registry, 'credit-risk', '1.1.0');
      expect(v110).toMatchObject({
        revision: 2,
        approved: true,
        approvedBy: 'priya.nair',
        frozen: true,
      });
      expect(v110.completeness).toMatchObject({ tier: 'high', score: 1, missing: [] });
      expect(v110.card.evidence.trainingDatasets.map((d) => d.ref)).toEqual([
        'credit-applications@2025-q3',
        'credit-applications@2025-q4',
      ]);
      const diff = await diffCardRevisions(h.runtime.registry, 'credit-risk', '1.1.0');
      expect(diff.changes.map((c) => c.path)).toContain('details.designChoices');
      const fraud = await getCard(h.runtime.registry, 'payments/fraud-screening', '1.0.0');
      expect(fraud.completeness.tier).toBe('limited');
      expect(fraud.completeness.missing.map((m) => m.path)).toEqual([
        'intendedUse.outOfScopeUses',
        'intendedUse.instructionsForUse',
        'risk.classificationRationale',
        'trainingData.provenance',
        'limitations.known',
        'evidence.trainingDatasets',
      ]);
    });

    it('backdates the history into the weeks before the clock, in ledger order', async () => {
      const times = (await h.runtime.ledger.reader.range(0, 300)).map((e) => e.event?.time);
      expect(times[0]).toBe('2025-12-01T00:00:00.000Z');
      expect(times.at(-1)).toBe('2026-03-01T00:05:00.000Z');
      expect([...times].sort()).toEqual(times);
      expect(h.clock.now().toISOString()).toBe('2026-03-01T09:00:00.000Z');
    });

    it('registers credit-applications with two quarterly versions and their file digests', async () => {
      const ctx = h.runtime.registry;
      const versions = (await listDatasetVersions(ctx, 'credit-applications', {})).items;
      expect(versions.map((v) => [v.label, v.rowCount, v.createdBy])).toEqual([
        ['2025-q4', 5274, 'maria.chen'],
        ['2025-q3', 4816, 'maria.chen'],
      ]);
      const q3 = versions.find((v) => v.label === '2025-q3');
      expect(q3?.files).toEqual([
        {
          path: 'applications.csv',
          size: content.datasetFiles.q3.size,
          digest: content.datasetFiles.q3.digest,
        },
      ]);
      expect(q3?.columns.map((c) => `${c.name}:${c.type}`)).toEqual([
        'age:int',
        'income:float',
        'debt_to_income:float',
        'credit_history_months:int',
        'employment_status:string',
        'loan_amount:float',
        'defaulted:bool',
      ]);
      expect(q3?.sourceUri).toMatch(/^s3:\/\/.+\/2025-q3\/applications\.csv$/);
    });

    it('lists credit-risk and payments/fraud-screening with their versions and aliases', async () => {
      const ctx = h.runtime.registry;
      const models = (await listModels(ctx, {})).items;
      expect(models.map((m) => [m.namespace, m.name, m.riskTier, m.latestVersion?.label])).toEqual([
        ['default', 'credit-risk', 'high', '1.1.0'],
        ['payments', 'fraud-screening', 'medium', '1.0.0'],
      ]);
      const creditRisk = await getModel(ctx, 'credit-risk');
      expect(creditRisk).toMatchObject({
        useCase: 'consumer loan default prediction',
        owner: 'maria.chen',
        createdBy: 'maria.chen',
        aliases: { champion: 2, previous: 1 },
      });
      const versions = (await listVersions(ctx, 'credit-risk', {})).items;
      expect(versions.map((v) => [v.label, v.author, v.aliases])).toEqual([
        ['1.1.0', 'maria.chen', ['champion']],
        ['1.0.0', 'maria.chen', ['previous']],
      ]);
      const champion = await getVersion(ctx, 'credit-risk', 'champion');
      expect(champion.label).toBe('1.1.0');
      expect(champion.metrics).toEqual(content.creditRisk.v110.input.metrics);
      expect(Object.keys(champion.metrics)).toEqual(
        expect.arrayContaining(['auc', 'ks', 'brier', 'approval_rate_parity_age']),
      );
      expect(champion.format).toBe('onnx');
      expect(champion.inputSchema).toMatchObject({ tensor: 'input' });
      expect(champion.outputSchema).toMatchObject({ threshold: 0.15 });
      expect(champion.files.map((f) => f.path)).toEqual([
        'README.md',
        'model.json',
        'model.onnx',
        'preprocessing.json',
      ]);
    });

    it('ran the drift incident from the alert to a closed review, and rehearsed a drill', async () => {
      const now = h.runtime.clock.now();
      const incident = await incidentView(h.runtime.registry.db, 'INC-2026-002', now);
      expect(incident).toMatchObject({
        type: 'drift',
        severity: 'SEV2',
        status: 'closed',
        playbook: 'drift-rollback',
        acknowledgedBy: 'james.okafor',
        source: { kind: 'alert', ref: 'credit-risk/production-traffic/drift:dataset' },
      });
      expect(incident.steps.map((s) => [s.id, s.status, s.completedBy])).toEqual([
        ['roll-back', 'done', 'verity'],
        ['check-upstream-pipeline', 'done', 'james.okafor'],
        ['confirm-traffic-recovered', 'done', 'james.okafor'],
        ['decide-retraining', 'done', 'james.okafor'],
      ]);
      expect(incident.steps[0]?.result).toContain(
        'roll credit-risk in production back from 1.1.0 to 1.0.0',
      );
      expect(incident.review?.completedBy).toBe('priya.nair');
      expect(incident.actions.map((a) => a.doneBy)).toEqual(['james.okafor']);
      // Detected 24 h 5 min after the onset (the start of the first drifted window).
      const k = await kpis(h.runtime.registry.db);
      expect(k.bySeverity.SEV2).toMatchObject({ count: 1, timeToDetect: { n: 1, median: 1445 } });
      expect(k.drills).toBe(1);
      // The break-glass override opened INC-2026-001, still being worked.
      const override = await incidentView(h.runtime.registry.db, 'INC-2026-001', now);
      expect(override).toMatchObject({
        severity: 'SEV3',
        status: 'mitigating',
        source: { kind: 'gate-override' },
        acknowledgedBy: 'james.okafor',
      });
      const drill = await incidentView(h.runtime.registry.db, 'DRILL-2026-001', now);
      expect(drill).toMatchObject({ drill: true, status: 'closed', playbook: 'bias-incident' });
      expect(drill.steps[0]?.result).toMatch(/^simulated: freeze credit-risk/);
    });

    it('validated 1.1.0 itself on the out-of-time holdout and against 1.0.0, as evidence on its card', async () => {
      const ctx = h.runtime.registry;
      const evaluations = await listEvaluations(ctx, 'credit-risk', '1.1.0');
      expect(evaluations.map((e) => [e.name, e.kind, e.baseline, e.createdBy])).toEqual([
        ['champion_challenger', 'comparison', '1.0.0', 'priya.nair'],
        ['holdout', 'validation', null, 'priya.nair'],
      ]);
      const [comparison, holdout] = evaluations;
      expect(holdout?.summary.kinds).toEqual(['validation', 'bias-audit', 'robustness']);
      expect(holdout?.summary.rows).toBe(
        content.holdout.bytes.toString().trim().split('\n').length - 1,
      );
      // The recorded holdout AUC is what Verity measures by running the ONNX model.
      expect(holdout?.summary.metrics.roc_auc).toBeCloseTo(
        content.creditRisk.v110.input.metrics!.auc!,
        4,
      );
      // 1.1.0 beats 1.0.0 out of time, the reason it was promoted.
      expect(comparison?.summary.metrics.roc_auc_difference).toBeGreaterThan(0);
      const card = await getCard(ctx, 'credit-risk', '1.1.0');
      expect(
        card.card.evidence.metrics.filter((m) => m.slice === 'holdout').map((m) => m.name),
      ).toContain('roc_auc');
      expect(
        card.card.evidence.groupMetrics
          .filter((g) => g.metric === 'impact_ratio')
          .map((g) => g.group),
      ).toEqual(expect.arrayContaining(['21-24', '25-34', '35-49', '50+']));
      expect(card.card.evidence.evaluationDatasets.map((d) => d.ref)).toEqual([
        'holdout-2025-q4.csv',
      ]);
    });

    it('links each credit-risk version to its training run, code, image and datasets', async () => {
      const ctx = h.runtime.registry;
      const v100 = await versionLineage(ctx, 'credit-risk', '1.0.0');
      expect(v100.run?.name).toBe('credit-risk-logreg-2025q3');
      expect(v100.datasets.map((d) => d.label)).toEqual(['2025-q3']);
      const v110 = await versionLineage(ctx, 'credit-risk', '1.1.0');
      expect(v110.run?.name).toBe('credit-risk-gbm-2025q4');
      expect(v110.datasets.map((d) => d.label).sort()).toEqual(['2025-q3', '2025-q4']);
      expect(v110.code?.commit).toMatch(/^[0-9a-f]{40}$/);
      expect(v110.image).toMatch(/^sha256:[0-9a-f]{64}$/);
      const run = v110.run;
      expect(run?.startedAt).toBe('2026-01-22T14:02:00.000Z');
      const losses = run?.metrics.filter((m) => m.key === 'train_loss') ?? [];
      expect(losses.map((m) => m.step)).toEqual(Array.from({ length: 80 }, (_, i) => i + 1));
      expect(losses.at(-1)?.value).toBeLessThan(losses[0]?.value ?? 0);
    });

    it('stores every artifact file in the blob store, where it verifies against its digest', async () => {
      const ctx = h.runtime.registry;
      const refs: [string, string][] = [
        ['credit-risk', '1.0.0'],
        ['credit-risk', '1.1.0'],
        ['payments/fraud-screening', '1.0.0'],
      ];
      const files = [];
      for (const [model, label] of refs) files.push(...(await getVersion(ctx, model, label)).files);
      expect(files).toHaveLength(10);
      const expected = [
        ...content.creditRisk.v100.files,
        ...content.creditRisk.v110.files,
        ...content.fraudScreening.v100.files,
      ];
      for (const file of files) {
        expect(await h.runtime.blobs.verify(file.digest as `sha256:${string}`)).toEqual({
          size: file.size,
        });
        expect(expected.some((e) => e.digest === file.digest && e.path === file.path)).toBe(true);
      }
    });

    it('keeps the production history: two releases, a rollback after drift, a redeploy', async () => {
      const history = await deploymentHistory(h.runtime.registry, { model: 'credit-risk' });
      expect(
        history.items.map((d) => [d.environment, d.version.label, d.kind, d.deployedAt]),
      ).toEqual([
        ['production', '1.1.0', 'deploy', '2026-02-19T10:15:00.000Z'],
        ['production', '1.0.0', 'rollback', '2026-02-12T00:05:00.000Z'],
        ['production', '1.1.0', 'deploy', '2026-02-01T09:30:00.000Z'],
        ['staging', '1.1.0', 'deploy', '2026-01-25T10:00:00.000Z'],
        ['production', '1.0.0', 'deploy', '2025-12-17T09:30:00.000Z'],
        ['staging', '1.0.0', 'deploy', '2025-12-14T10:00:00.000Z'],
      ]);
      const [redeploy, rolledBack, release] = history.items;
      // The monitor's alert opened an incident whose playbook rolled production back; the
      // engineer redeployed after the fix.
      expect(rolledBack?.reason).toMatch(
        /^incident INC-2026-002: credit-risk: 1 of 6 columns drifted/,
      );
      expect(rolledBack?.actor).toBe('verity');
      expect(rolledBack?.replacesId).toBe(release?.id);
      expect(redeploy?.replacesId).toBe(rolledBack?.id);
      expect(
        history.items.filter((d) => d !== rolledBack).every((d) => d.actor === 'james.okafor'),
      ).toBe(true);
      const alerts = await listAlerts(h.runtime.registry, { model: 'credit-risk' });
      expect(alerts.map((a) => [a.key, a.status, a.occurrences, a.firedAt, a.resolvedAt])).toEqual([
        ['drift:dataset', 'resolved', 8, '2026-02-12T00:05:00.000Z', '2026-02-20T00:05:00.000Z'],
        [
          'fairness:selection_rate_ratio:age_band',
          'resolved',
          8,
          '2026-02-12T00:05:00.000Z',
          '2026-02-20T00:05:00.000Z',
        ],
      ]);
    });

    it('reached production only through gates and approvals, with one break-glass override under review', async () => {
      const ctx = h.runtime.governance;
      const promotions = await listPromotions(ctx, {});
      expect(
        promotions
          .map((p) => [p.model, p.version, p.environment, p.status, p.requestedBy, p.overriddenBy])
          .reverse(),
      ).toEqual([
        ['credit-risk', '1.0.0', 'staging', 'expired', 'maria.chen', null],
        ['credit-risk', '1.0.0', 'production', 'expired', 'maria.chen', null],
        ['payments/fraud-screening', '1.0.0', 'production', 'expired', 'james.okafor', 'admin'],
        ['credit-risk', '1.1.0', 'staging', 'expired', 'maria.chen', null],
        ['credit-risk', '1.1.0', 'production', 'approved', 'maria.chen', null],
        ['credit-risk', '1.1.0', 'production-ie', 'pending', 'maria.chen', null],
      ]);
      const fraud = promotions.find((p) => p.model === 'payments/fraud-screening');
      const decision = await getGateDecision(ctx, fraud?.decisionId ?? '');
      expect(decision.outcome).toBe('blocked');
      expect(decision.results.filter((r) => r.status === 'fail').map((r) => r.rule)).toEqual([
        'version-signed',
        'training-run-recorded',
      ]);
      const reviews = await listReviewItems(ctx, { status: 'open' });
      expect(reviews.map((r) => [r.kind, r.openedBy])).toEqual([['gate-override', 'admin']]);
      const production = promotions.find(
        (p) => p.version === '1.1.0' && p.environment === 'production',
      );
      expect(production?.approvals.map((a) => [a.approver, a.role])).toEqual([
        ['priya.nair', 'risk-officer'],
      ]);
    });

    it('answers what served production now and at points in the past', async () => {
      const ctx = h.runtime.registry;
      const production = async (at?: string) =>
        (
          await currentDeployments(ctx, {
            model: 'credit-risk',
            environment: 'production',
            ...(at === undefined ? {} : { at }),
          })
        ).map((d) => [d.version.label, d.kind]);
      expect(await production()).toEqual([['1.1.0', 'deploy']]);
      expect(await production('2026-02-15T00:00:00.000Z')).toEqual([['1.0.0', 'rollback']]);
      expect(await production('2026-01-15T00:00:00.000Z')).toEqual([['1.0.0', 'deploy']]);
      expect(await production('2025-12-01T00:00:00.000Z')).toEqual([]);
      const everything = await currentDeployments(ctx, {});
      expect(everything.map((d) => [d.model, d.environment, d.version.label])).toEqual([
        ['credit-risk', 'production', '1.1.0'],
        ['credit-risk', 'staging', '1.1.0'],
        ['payments/fraud-screening', 'production', '1.0.0'],
      ]);
    });

    it('does nothing when seeded again', async () => {
      const ctx = h.runtime.registry;
      const before = {
        ledger: await h.runtime.ledger.size(),
        models: await listModels(ctx, {}),
        deployments: await deploymentHistory(ctx, {}),
      };
      expect(await seedDemo(h.runtime)).toBe(false);
      expect(await h.runtime.ledger.size()).toBe(before.ledger);
      expect(await listModels(ctx, {})).toEqual(before.models);
      expect(await deploymentHistory(ctx, {})).toEqual(before.deployments);
    });
  });

  describe.skipIf(engine.skip !== undefined)('on a registry that already has a model', () => {
    let other: Harness;
    beforeAll(async () => {
      other = await startHarness(engine);
    });
    afterAll(async () => {
      await other?.close();
    });

    it('leaves it alone and returns false', async () => {
      const ctx = other.runtime.registry;
      await createModel(ctx, { name: 'alice' }, { name: 'churn' });
      expect(await seedDemo(other.runtime)).toBe(false);
      expect(await other.runtime.ledger.size()).toBe(1);
      expect((await listModels(ctx, {})).items.map((m) => m.name)).toEqual(['churn']);
    });
  });
});

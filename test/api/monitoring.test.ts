import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VerityClient } from '../../src/client/index.js';
import { getCard } from '../../src/cards/index.js';
import { purgeExpiredFeatures, runDueMonitors } from '../../src/monitoring/index.js';
import { seededRandom } from '../../src/monitoring/profile/index.js';
import { ENGINES } from '../support/engines.js';
import { errorOf, upload } from '../support/fixtures.js';
import { startHarness, type Harness } from '../support/harness.js';

const HOUR = 3_600_000;
const T0 = Date.parse('2026-02-27T00:00:00.000Z');

/** A standard normal draw (Box–Muller) from a seeded uniform source. */
function normal(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

interface Row {
  income: number;
  dti: number;
  employment: string;
  sex: string;
}

function rows(count: number, seed: number, shift = 0): Row[] {
  const random = seededRandom(seed);
  const statuses = ['employed', 'self-employed', 'retired', 'student'];
  return Array.from({ length: count }, () => ({
    income: Math.round(50_000 + 12_000 * (normal(random) + shift)),
    dti: Math.round(random() * 1000) / 1000,
    employment: statuses[Math.floor(random() * (shift > 0 ? 2 : 4))] ?? 'employed',
    sex: random() < 0.5 ? 'F' : 'M',
  }));
}

function csv(data: readonly Row[]): string {
  return ['income,dti,employment', ...data.map((r) => `${r.income},${r.dti},${r.employment}`)].join(
    '\n',
  );
}

/** Predictions in the hour starting at `start`, with a score that tracks the label. */
function predictions(data: readonly Row[], start: number, prefix: string) {
  return data.map((r, i) => ({
    id: `${prefix}-${i}`,
    timestamp: new Date(start + Math.floor((i * HOUR) / data.length)).toISOString(),
    features: { income: r.income, dti: r.dti, employment: r.employment },
    score: Math.min(0.99, Math.max(0.01, r.dti)),
    segments: { sex: r.sex },
  }));
}

describe.each(ENGINES)('monitoring on $name', (engine) => {
  let h: Harness;
  let admin: VerityClient;

  beforeAll(async () => {
    if (engine.skip !== undefined) return;
    h = await startHarness(engine);
    await h.addUsers([
      { name: 'viewer', roles: [{ role: 'viewer' }] },
      { name: 'pipeline', roles: [{ role: 'contributor' }] },
    ]);
    admin = h.client();
    await admin.createModel({ name: 'scorer', riskTier: 'high' });
    for (const label of ['1.0.0', '1.1.0']) {
      await admin.registerVersion('scorer', {
        label,
        format: 'other',
        files: [await upload(admin, 'model.bin', `weights ${label}`)],
      });
      await admin.recordDeployment({ model: 'scorer', version: label, environment: 'production' });
    }
    await admin.createDataset({ name: 'applications' });
    await admin.registerDatasetVersion('applications', {
      label: 'reference',
      files: [await upload(admin, 'applications.csv', csv(rows(2000, 1)))],
      rowCount: 2000,
    });
  });
  afterAll(async () => {
    await h?.close();
  });

  describe.skipIf(engine.skip !== undefined)('a monitor', () => {
    it('is created from a registered dataset version, with bins fitted on it', async () => {
      const monitor = await admin.monitoring.createMonitor('scorer', {
        name: 'traffic',
        reference: { dataset: 'applications@reference' },
        config: {
          windowSeconds: 3600,
          minRecords: 50,
          performance: [{ metric: 'roc_auc', min: 0.6 }],
          fairness: [{ metric: 'selection_rate_ratio', attributes: ['sex'], min: 0.5 }],
          actions: [{ kind: 'rollback' }],
        },
      });
      expect(monitor).toMatchObject({
        name: 'traffic',
        environment: 'production',
        active: true,
        openAlerts: 0,
      });
      expect(monitor.reference).toMatchObject({ source: 'dataset', rows: 2000 });
      expect(monitor.reference.columns.map((c) => [c.name, c.type])).toEqual([
        ['income', 'numeric'],
        ['dti', 'numeric'],
        ['employment', 'categorical'],
      ]);
      await admin.monitoring.updateMonitor('scorer', 'traffic', { active: false });
      const inactive = await errorOf(() => admin.monitoring.run('scorer', 'traffic'));
      expect(inactive).toMatchObject({ code: 'CONFLICT', httpStatus: 409 });
      await admin.monitoring.updateMonitor('scorer', 'traffic', { active: true });
      const duplicate = await errorOf(() =>
        admin.monitoring.createMonitor('scorer', {
          name: 'traffic',
          reference: { dataset: 'applications@reference' },
        }),
      );
      expect(duplicate.code).toBe('ALREADY_EXISTS');
      const badColumn = await errorOf(() =>
        admin.monitoring.createMonitor('scorer', {
          name: 'other',
          reference: { dataset: 'applications@reference' },
          config: { columns: ['salary'] },
        }),
      );
      expect(badColumn).toMatchObject({
        code: 'VALIDATION_ERROR',
        message: expect.stringContaining("no column 'salary'") as string,
      });
    });

    it('ingests predictions once (duplicates ignored), rejects bad batches whole, and refuses viewers', async () => {
      const batch = predictions(rows(400, 2), T0, 'w1');
      const first = await h.client('pipeline').monitoring.ingest('scorer', batch);
      expect(first).toMatchObject({
        received: 400,
        accepted: 400,
        duplicates: 0,
        monitors: ['traffic'],
      });
      const again = await h.client('pipeline').monitoring.ingest('scorer', batch.slice(0, 10));
      expect(again).toMatchObject({ accepted: 0, duplicates: 10 });
      const noMonitor = await errorOf(() =>
        h
          .client('pipeline')
          .monitoring.uploadProfile('scorer', 'absent', new Date(T0).toISOString(), {
            profileVersion: 1,
            rowCount: 0,
            columns: [],
          }),
      );
      expect(noMonitor).toMatchObject({ code: 'NOT_FOUND', httpStatus: 404 });
      const bad = await errorOf(() =>
        h
          .client('pipeline')
          .monitoring.ingest('scorer', [{ id: 'x', timestamp: 'yesterday', features: {} }]),
      );
      expect(bad.code).toBe('VALIDATION_ERROR');
      expect(bad.message).toMatch(/^prediction 0 is invalid at timestamp/);
      expect(
        (await errorOf(() => h.client('viewer').monitoring.ingest('scorer', batch))).code,
      ).toBe('FORBIDDEN');
      const entries = await admin.auditEntries({ type: 'predictions-ingested' });
      expect(entries.items).toHaveLength(2);
      expect(JSON.stringify(entries.items[0]?.payload)).not.toContain('income');
    });

    it('stores only the new ids of a batch that repeats some, also when two senders race', async () => {
      // Staging has no monitor: this checks what is stored, not what is folded.
      const staging = { environment: 'staging' };
      const pipeline = h.client('pipeline').monitoring;
      const batch = (from: number, to: number) =>
        predictions(rows(to - from, 9), T0, 's').map((r, i) => ({
          ...r,
          id: `s-${from + i}`,
          prediction: (from + i) % 2,
          ...(from + i < 5 ? { label: 1 } : {}),
        }));
      expect(await pipeline.ingest('scorer', batch(0, 20), staging)).toMatchObject({
        received: 20,
        accepted: 20,
        duplicates: 0,
        monitors: [],
      });
      // Ids 10-19 are stored: the batch is stored again skipping them, whole for the rest.
      expect(await pipeline.ingest('scorer', batch(10, 30), staging)).toMatchObject({
        received: 20,
        accepted: 10,
        duplicates: 10,
      });
      const [a, b] = await Promise.all([
        pipeline.ingest('scorer', batch(100, 200), staging),
        pipeline.ingest('scorer', batch(150, 250), staging),
      ]);
      expect((a?.accepted ?? 0) + (b?.accepted ?? 0)).toBe(150);
      expect((a?.duplicates ?? 0) + (b?.duplicates ?? 0)).toBe(50);
      // Ids and segments that PostgreSQL's array syntax would read otherwise, stored as sent.
      const odd = ['NULL', 'a"b\\c{,} d', " ü'x "];
      const [oddRecord] = batch(0, 1);
      const oddBatch = odd.map((id) => ({ ...oddRecord, id, segments: { sex: `${id}"}` } }));
      expect(await pipeline.ingest('scorer', oddBatch, staging)).toMatchObject({ accepted: 3 });
      expect(await pipeline.ingest('scorer', oddBatch, staging)).toMatchObject({ duplicates: 3 });
      const stored = await h.runtime.database.db
        .selectFrom('predictions')
        .select(['prediction_id', 'segments', 'score', 'prediction', 'label', 'features'])
        .where('environment', '=', 'staging')
        .where('prediction_id', 'in', odd)
        .orderBy('prediction_id')
        .execute();
      expect(stored).toEqual(
        [...odd].sort().map((id) => ({
          prediction_id: id,
          segments: { sex: `${id}"}` },
          score: oddRecord?.score,
          prediction: 0,
          label: 1,
          features: null,
        })),
      );
      expect(
        await pipeline.labels(
          'scorer',
          odd.map((id) => ({ id, label: 1 })),
          staging,
        ),
      ).toMatchObject({ labelled: 3, unknown: [] });
      // Every stored id takes a label; ids 30-99 and one made up were never stored.
      const ids = [...Array.from({ length: 250 }, (_, i) => `s-${i}`), 'never-sent'];
      const labelled = await pipeline.labels(
        'scorer',
        ids.map((id) => ({ id, label: 0 })),
        staging,
      );
      expect(labelled.labelled).toBe(180);
      expect(labelled.unknown).toHaveLength(71);
      expect(labelled.unknown).toContain('never-sent');
      expect(labelled.unknown).toContain('s-30');
      expect(labelled.unknown).not.toContain('s-29');
      expect(labelled.unknown).not.toContain('s-249');
    });

    it('runs clean on traffic like the reference and stores the run as evidence', async () => {
      const run = await admin.monitoring.run('scorer', 'traffic', {
        at: new Date(T0).toISOString(),
      });
      expect(run.status).toBe('ok');
      expect(run.alerts.fired).toEqual([]);
      const results = run.results as {
        records: number;
        drift: { columns: { column: string; test: string; drifted: boolean; mode: string }[] };
      };
      expect(results.records).toBe(400);
      expect(results.drift.columns.map((c) => [c.column, c.test, c.drifted, c.mode])).toEqual([
        ['income', 'psi', false, 'profile'],
        ['dti', 'psi', false, 'profile'],
        ['employment', 'jensenshannon', false, 'profile'],
      ]);
      expect(run.digest).toMatch(/^sha256:/);
      // No outcome has arrived: no performance, but selection rates need none. Selection is
      // score >= 0.5 (the default threshold) on every decision of the window, by hand.
      const fairnessResults = run.results as {
        labelled: number;
        decisions: number;
        performance: Record<string, number>;
        fairness: { value: number; groups: Record<string, number> }[];
      };
      const window = rows(400, 2);
      const rate = (sex: string) => {
        const group = window.filter((r) => r.sex === sex);
        return (
          group.filter((r) => Math.min(0.99, Math.max(0.01, r.dti)) >= 0.5).length / group.length
        );
      };
      expect(fairnessResults).toMatchObject({ labelled: 0, decisions: 400, performance: {} });
      expect(fairnessResults.fairness[0]?.groups).toEqual({ F: rate('F'), M: rate('M') });
    });

    it('fires one alert on drifted traffic, rolls production back in the same transaction, de-duplicates and resolves', async () => {
      await admin.monitoring.ingest('scorer', predictions(rows(400, 3, 3), T0 + HOUR, 'w2'));
      const drifted = await admin.monitoring.run('scorer', 'traffic', {
        at: new Date(T0 + HOUR).toISOString(),
      });
      expect(drifted.status).toBe('breach');
      expect(drifted.alerts.fired).toEqual(['drift:dataset']);
      expect(drifted.actions).toEqual([
        {
          alert: 'drift:dataset',
          kind: 'rollback',
          ok: true,
          detail: expect.stringMatching(/^deployment /) as string,
        },
      ]);
      const current = await admin.currentDeployments({ environment: 'production' });
      expect(current.find((d) => d.model === 'scorer')?.version.label).toBe('1.0.0');
      const ledger = await admin.auditEntries({ type: 'deployment-rolled-back' });
      expect(ledger.items.at(-1)?.event?.actor).toBe('alice');
      const fired = await admin.auditEntries({ type: 'alert-fired' });
      expect(fired.items.at(-1)?.seq).toBe((ledger.items.at(-1)?.seq ?? 0) - 1);

      const repeat = await admin.monitoring.run('scorer', 'traffic', {
        at: new Date(T0 + HOUR).toISOString(),
      });
      expect(repeat.alerts).toEqual({ fired: [], repeated: ['drift:dataset'], resolved: [] });
      const alerts = await h.client('viewer').monitoring.alerts({ model: 'scorer' });
      expect(alerts).toHaveLength(1);
      expect(alerts[0]).toMatchObject({
        key: 'drift:dataset',
        status: 'firing',
        occurrences: 2,
        severity: 'warning',
      });

      const card = await getCard(h.runtime.registry, 'scorer', '1.1.0');
      expect(card.card.evidence.monitoring).toEqual({
        status: 'alerting',
        monitors: 1,
        openAlerts: 1,
      });

      await admin.monitoring.ingest('scorer', predictions(rows(400, 4), T0 + 2 * HOUR, 'w3'));
      const clean = await admin.monitoring.run('scorer', 'traffic', {
        at: new Date(T0 + 2 * HOUR).toISOString(),
      });
      expect(clean.status).toBe('ok');
      expect((await admin.monitoring.alerts({ model: 'scorer' }))[0]).toMatchObject({
        status: 'resolved',
      });
    });

    it('computes performance and fairness once labels arrive, and reports no-data below the minimum', async () => {
      const window = rows(400, 2);
      const labels = window.map((r, i) => ({ id: `w1-${i}`, label: r.dti > 0.5 ? 1 : 0 }));
      const joined = await h
        .client('pipeline')
        .monitoring.labels('scorer', [...labels, { id: 'nope', label: 1 }]);
      expect(joined).toMatchObject({ received: 401, labelled: 400, unknown: ['nope'] });
      const run = await admin.monitoring.run('scorer', 'traffic', {
        at: new Date(T0).toISOString(),
      });
      const results = run.results as unknown as {
        performance: { roc_auc: number };
        performanceBySegment: Record<string, Record<string, { roc_auc: number }>>;
        fairness: { value: number; groups: Record<string, number> }[];
      };
      expect(results.performance.roc_auc).toBe(1);
      expect(Object.keys(results.performanceBySegment.sex ?? {})).toEqual(['F', 'M']);
      expect(results.performanceBySegment.sex?.F?.roc_auc).toBe(1);
      // Selection = score ≥ 0.5 (the default threshold), score = clamped dti: rates by hand.
      const rate = (sex: string) => {
        const group = window.filter((r) => r.sex === sex);
        return (
          group.filter((r) => Math.min(0.99, Math.max(0.01, r.dti)) >= 0.5).length / group.length
        );
      };
      expect(results.fairness[0]?.groups).toEqual({ F: rate('F'), M: rate('M') });
      expect(results.fairness[0]?.value).toBeCloseTo(
        Math.min(rate('F'), rate('M')) / Math.max(rate('F'), rate('M')),
        12,
      );
      expect(Object.keys(results.fairness[0]?.groups ?? {})).toEqual(['F', 'M']);
      const empty = await admin.monitoring.run('scorer', 'traffic', {
        at: new Date(T0 + 10 * HOUR).toISOString(),
      });
      expect(empty.status).toBe('no-data');
    });

    it('counts the labelled predictions and decisions of a drift-only monitor without reading its rows', async () => {
      // No performance or fairness rule: the run takes its counts from an aggregate, and they
      // equal those of the monitor whose rules read every row (window w1: 400 scored, labelled).
      await admin.monitoring.createMonitor('scorer', {
        name: 'drift-only',
        reference: { dataset: 'applications@reference' },
        config: { windowSeconds: 3600, minRecords: 50 },
      });
      const at = new Date(T0).toISOString();
      const counts = async (name: string) => {
        const run = await admin.monitoring.run('scorer', name, { at });
        const results = run.results as { labelled: number; decisions: number };
        return [results.labelled, results.decisions];
      };
      expect(await counts('drift-only')).toEqual([400, 400]);
      expect(await counts('traffic')).toEqual([400, 400]);
      await admin.monitoring.updateMonitor('scorer', 'drift-only', { active: false });
    });

    it('runs closed windows on schedule and purges raw features after the retention', async () => {
      await admin.monitoring.ingest('scorer', predictions(rows(200, 9), T0 + 5 * HOUR, 'w6'));
      const runs = await runDueMonitors(h.runtime.registry);
      expect(runs.map((r) => [r.window.start, r.status, r.createdBy])).toEqual([
        [new Date(T0 + 5 * HOUR).toISOString(), 'ok', 'verity'],
      ]);
      expect(await runDueMonitors(h.runtime.registry)).toEqual([]);

      const kept = async () =>
        Number(
          (
            await h.runtime.database.db
              .selectFrom('predictions')
              .select((eb) => eb.fn.countAll<number>().as('n'))
              .where('features', 'is not', null)
              .executeTakeFirstOrThrow()
          ).n,
        );
      expect(await kept()).toBe(1400);
      const sent = predictions(rows(200, 9), T0 + 5 * HOUR, 'w6')[7];
      const stored = await h.runtime.database.db
        .selectFrom('predictions')
        .select(['features', 'segments', 'score', 'ts'])
        .where('prediction_id', '=', 'w6-7')
        .executeTakeFirstOrThrow();
      expect(stored).toMatchObject({
        features: sent?.features,
        segments: sent?.segments,
        score: sent?.score,
      });
      expect(new Date(stored.ts).toISOString()).toBe(sent?.timestamp);
      h.clock.advance(40 * 86_400_000);
      expect(await purgeExpiredFeatures(h.runtime.registry)).toBe(1400);
      expect(await kept()).toBe(0);
      const purged = await admin.auditEntries({ type: 'prediction-features-purged' });
      expect(purged.items.at(-1)?.payload).toMatchObject({
        environment: 'production',
        retentionDays: 30,
        predictions: 1400,
      });
      expect(await purgeExpiredFeatures(h.runtime.registry)).toBe(0);
    });

    it('runs a window again when outcomes arrive after it was run, and only then', async () => {
      // Window w6 was run on schedule above with no outcome; they arrive weeks later.
      const window = rows(200, 9);
      const before = await admin.monitoring.runs('scorer', 'traffic');
      const w6 = new Date(T0 + 5 * HOUR).toISOString();
      const first = before.find((r) => r.window.start === w6)!;
      expect(first.results).toMatchObject({ labelled: 0, performance: {} });
      await h.client('pipeline').monitoring.labels(
        'scorer',
        window.map((r, i) => ({ id: `w6-${i}`, label: r.dti > 0.5 ? 1 : 0 })),
      );
      const again = await runDueMonitors(h.runtime.registry);
      expect(again.map((r) => [r.monitor, r.window.start, r.createdBy])).toEqual([
        ['traffic', w6, 'verity'],
      ]);
      const results = again[0]!.results as unknown as {
        labelled: number;
        performance: { roc_auc: number };
      };
      expect(results.labelled).toBe(200);
      expect(results.performance.roc_auc).toBe(1);
      expect(await runDueMonitors(h.runtime.registry)).toEqual([]);
      // A later label for the same window runs it once more; an unknown id changes nothing.
      h.clock.advance(60_000);
      await admin.monitoring.labels('scorer', [{ id: 'w6-0', label: 0 }]);
      expect((await runDueMonitors(h.runtime.registry)).map((r) => r.window.start)).toEqual([w6]);
      await admin.monitoring.labels('scorer', [{ id: 'no-such-prediction', label: 0 }]);
      expect(await runDueMonitors(h.runtime.registry)).toEqual([]);

      // Outcomes that make the window's ROC AUC 0 breach the rule when they arrive; the next
      // window, run before its own outcomes exist, has no ROC AUC and leaves that alert open.
      h.clock.advance(60_000);
      await admin.monitoring.labels(
        'scorer',
        window.map((r, i) => ({ id: `w6-${i}`, label: r.dti > 0.5 ? 0 : 1 })),
      );
      const [breached] = await runDueMonitors(h.runtime.registry);
      expect(breached?.alerts.fired).toContain('performance:roc_auc');
      await admin.monitoring.ingest('scorer', predictions(rows(200, 10), T0 + 6 * HOUR, 'w7'));
      const [next] = await runDueMonitors(h.runtime.registry);
      expect(next?.window.start).toBe(new Date(T0 + 6 * HOUR).toISOString());
      expect(next?.alerts.resolved).not.toContain('performance:roc_auc');
      const firing = await admin.monitoring.alerts({ model: 'scorer' });
      expect(firing.filter((a) => a.key === 'performance:roc_auc').map((a) => a.status)).toEqual([
        'firing',
      ]);
    });
  });
});

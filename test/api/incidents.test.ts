import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IncidentView, VerityClient } from '../../src/client/index.js';
import { deliverNotifications, runIncidentTimers } from '../../src/incidents/index.js';
import { runDueMonitors } from '../../src/monitoring/index.js';
import { ScriptedSmtpServer } from '../../src/incidents/notify/__fixtures__/scripted-smtp-server.js';
import { ENGINES } from '../support/engines.js';
import { errorOf, upload } from '../support/fixtures.js';
import { startHarness, type Harness } from '../support/harness.js';

const HOUR = 3_600_000;
const MINUTE = 60_000;

function csvRows(count: number, shift: number): string {
  const rows = ['income,dti'];
  for (let i = 0; i < count; i++) {
    // A deterministic spread: income around 50k (+ shift), dti uniform.
    const u = (i + 0.5) / count;
    rows.push(`${Math.round(30_000 + 40_000 * u + shift)},${((i * 37) % 1000) / 1000}`);
  }
  return rows.join('\n');
}

function traffic(count: number, start: number, shift: number, prefix: string) {
  return Array.from({ length: count }, (_, i) => {
    const u = (i + 0.5) / count;
    return {
      id: `${prefix}-${i}`,
      timestamp: new Date(start + Math.floor((i * HOUR) / count)).toISOString(),
      features: { income: Math.round(30_000 + 40_000 * u + shift), dti: ((i * 37) % 1000) / 1000 },
      score: 0.3,
    };
  });
}

describe.each(ENGINES)('incidents on $name', (engine) => {
  let h: Harness;
  let admin: VerityClient;

  beforeAll(async () => {
    if (engine.skip !== undefined) return;
    h = await startHarness(engine);
    await h.addUsers([
      { name: 'viewer', roles: [{ role: 'viewer' }] },
      { name: 'oncall', roles: [{ role: 'maintainer' }] },
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
    await admin.createDataset({ name: 'reference' });
    await admin.registerDatasetVersion('reference', {
      label: 'v1',
      files: [await upload(admin, 'reference.csv', csvRows(2000, 0))],
    });
  });
  afterAll(async () => {
    await h?.close();
  });

  describe.skipIf(engine.skip !== undefined)('opened by a monitor alert', () => {
    let incident: IncidentView;

    it('opens with the drift, and its playbook rolls production back in the same change', async () => {
      await admin.monitoring.createMonitor('scorer', {
        name: 'traffic',
        reference: { dataset: 'reference@v1' },
        config: {
          windowSeconds: 3600,
          minRecords: 50,
          drift: { tests: { income: { test: 'psi', threshold: 0.2 } } },
          actions: [{ kind: 'incident', severity: 'SEV2' }],
        },
      });
      const start = Date.parse('2026-03-01T10:00:00.000Z');
      await admin.monitoring.ingest('scorer', traffic(500, start, 25_000, 'w1'));
      h.clock.set('2026-03-01T11:05:00.000Z');
      const before = (await admin.auditEntries({ limit: 1000 })).items.length;
      await runDueMonitors(h.runtime.registry);
      const items = await admin.incidents.list();
      expect(items.map((i) => [i.key, i.type, i.severity, i.status, i.playbook])).toEqual([
        ['INC-2026-001', 'drift', 'SEV2', 'open', 'drift-rollback'],
      ]);
      incident = await admin.incidents.get('INC-2026-001');
      expect(incident.source).toMatchObject({ kind: 'alert', ref: 'scorer/traffic/drift:dataset' });
      expect(incident.onsetAt).toBe('2026-03-01T10:00:00.000Z');
      expect(incident.detectedAt).toBe('2026-03-01T11:05:00.000Z');
      expect(incident.steps[0]).toMatchObject({
        id: 'roll-back',
        status: 'done',
        completedBy: 'verity',
      });
      expect(incident.steps[0]!.result).toContain(
        'roll scorer in production back from 1.1.0 to 1.0.0',
      );
      const current = await admin.currentDeployments({
        model: 'scorer',
        environment: 'production',
      });
      expect(current.map((d) => [d.version.label, d.kind])).toEqual([['1.0.0', 'rollback']]);
      // One change: the run, the alert, the incident, the step and the rollback, in that order.
      const entries = (await admin.auditEntries({ limit: 1000 })).items.slice(before);
      expect(entries.map((e) => e.event?.type)).toEqual([
        'monitor-run-recorded',
        'alert-fired',
        'incident-opened',
        'incident-step-completed',
        'deployment-rolled-back',
      ]);
      expect(incident.timeline.map((t) => t.kind)).toEqual(['opened', 'step-done']);
    });

    it('escalates to the next level only when unacknowledged at its minute', async () => {
      // SEV2: level 0 at opening, level 1 after 30 minutes without acknowledgement.
      expect(incident.notifications.map((n) => n.level)).toEqual([0]);
      h.clock.set(new Date(Date.parse(incident.openedAt) + 29 * MINUTE + 59_000));
      expect((await runIncidentTimers(h.runtime.registry, h.clock.now())).escalated).toEqual([]);
      h.clock.set(new Date(Date.parse(incident.openedAt) + 30 * MINUTE));
      expect((await runIncidentTimers(h.runtime.registry, h.clock.now())).escalated).toEqual([
        { incident: 'INC-2026-001', level: 1 },
      ]);
      expect((await runIncidentTimers(h.runtime.registry, h.clock.now())).escalated).toEqual([]);
      await h.client('oncall').incidents.acknowledge('INC-2026-001');
      h.clock.set(new Date(Date.parse(incident.openedAt) + 5 * HOUR));
      expect((await runIncidentTimers(h.runtime.registry, h.clock.now())).escalated).toEqual([]);
      const after = await admin.incidents.get('INC-2026-001');
      expect(after).toMatchObject({ acknowledgedBy: 'oncall', owner: 'oncall' });
      expect(after.notifications.map((n) => [n.level, n.reason])).toEqual([
        [0, 'opened'],
        [1, 'not acknowledged'],
      ]);
    });

    it('delivers notifications: without SMTP they are skipped and say so', async () => {
      const tally = await deliverNotifications(h.runtime.registry, {});
      expect(tally).toEqual({ sent: 0, failed: 0, skipped: 2 });
      const after = await admin.incidents.get('INC-2026-001');
      expect(after.notifications.every((n) => n.status === 'skipped')).toBe(true);
      expect(after.timeline.at(-1)?.summary).toContain('no SMTP server is configured');
    });

    it('e-mails the holders of the notified roles through SMTP', async () => {
      await admin.identity.updateUser('oncall', { email: 'oncall@bank.example' });
      const smtp = await ScriptedSmtpServer.start();
      try {
        const opened = await admin.incidents.open({
          title: 'Decisions stalled',
          type: 'malfunction',
          severity: 'SEV3',
          summary: 'The scoring service answers 500 for a third of requests.',
          affected: [{ model: 'scorer', environment: 'production' }],
        });
        const tally = await deliverNotifications(h.runtime.registry, {
          smtp: { url: `smtp://127.0.0.1:${smtp.port}`, from: 'verity@bank.example' },
          publicUrl: 'https://verity.bank.example',
        });
        expect(tally.sent).toBe(1);
        const session = smtp.sessions.at(-1)!;
        // SEV3 level 0 notifies maintainers: oncall holds that role and has an address.
        expect(session.commands.filter((c) => c.startsWith('RCPT TO'))).toEqual([
          'RCPT TO:<oncall@bank.example>',
        ]);
        expect(session.data[0]).toContain(
          `Subject: [SEV3] ${opened.key}: Decisions stalled (open)`,
        );
        expect(session.data[0]).toContain(`https://verity.bank.example/incidents/${opened.key}`);
        const after = await admin.incidents.get(opened.key);
        expect(after.notifications.map((n) => n.status)).toEqual(['sent']);
      } finally {
        await smtp.close();
      }
    });

    it('needs a completed review and done actions before a SEV2 closes', async () => {
      const key = 'INC-2026-001';
      const oncall = h.client('oncall');
      await oncall.incidents.transition(key, 'mitigating');
      await oncall.incidents.step(
        key,
        'check-upstream-pipeline',
        'done',
        'income sent monthly by a pipeline change',
      );
      await oncall.incidents.transition(key, 'resolved');
      const early = await errorOf(() => oncall.incidents.transition(key, 'closed'));
      expect(early.code).toBe('VALIDATION_ERROR');
      expect((early.details.issues as { code: string }[]).map((i) => i.code)).toEqual([
        'review_required',
      ]);
      const reviewed = await oncall.incidents.writeReview(key, {
        summary:
          'Income arrived as monthly amounts for a window; production rolled back automatically.',
        rootCause: 'An upstream pipeline change divided income by 12.',
        contributingFactors: ['no schema contract on the income field'],
        actions: [
          {
            title: 'Add a unit check on income',
            owner: 'oncall',
            dueAt: '2026-03-15T00:00:00.000Z',
          },
        ],
      });
      await oncall.incidents.completeReview(key);
      const pending = await errorOf(() => oncall.incidents.transition(key, 'closed'));
      expect((pending.details.issues as { code: string }[]).map((i) => i.code)).toEqual([
        'open_actions',
      ]);
      await oncall.incidents.completeAction(key, reviewed.actions[0]!.id);
      const closed = await oncall.incidents.transition(key, 'closed');
      expect(closed.status).toBe('closed');
      expect(closed.closedAt).not.toBeNull();
      const again = await errorOf(() => oncall.incidents.note(key, 'late note'));
      expect(again.code).toBe('CONFLICT');
    });
  });

  describe.skipIf(engine.skip !== undefined)('regulatory clocks', () => {
    it('run from awareness, warn and expire to the minute, and take a complete report', async () => {
      h.clock.set('2026-03-02T09:15:00.000Z');
      const opened = await admin.incidents.open({
        title: 'Applicant records exposed in a debug log',
        type: 'privacy-breach',
        severity: 'SEV1',
        summary: 'Feature vectors with applicant identifiers were written to a shared log bucket.',
        affected: [{ model: 'scorer', environment: 'production' }],
        awareAt: '2026-03-02T09:15:00.000Z',
      });
      expect(opened.playbook).toBe('privacy-breach');
      const key = opened.key;
      const started = await admin.incidents.startClock(key, 'gdpr-art33');
      const clock = started.clocks[0]!;
      expect(clock).toMatchObject({
        rule: 'gdpr-art33',
        startedAt: '2026-03-02T09:15:00.000Z',
        dueAt: '2026-03-05T09:15:00.000Z',
        status: 'running',
      });
      const timers = async (at: string) => {
        h.clock.set(at);
        return runIncidentTimers(h.runtime.registry, h.clock.now());
      };
      // The warning window opens at warnAt, not a minute before.
      const warnAt = Date.parse(clock.warnAt);
      expect((await timers(new Date(warnAt - MINUTE).toISOString())).warned).toEqual([]);
      expect((await timers(new Date(warnAt).toISOString())).warned).toEqual([
        { incident: key, rule: 'gdpr-art33' },
      ]);
      expect((await timers(new Date(warnAt + MINUTE).toISOString())).warned).toEqual([]);
      expect((await timers('2026-03-05T09:14:00.000Z')).expired).toEqual([]);
      expect((await admin.incidents.get(key)).clocks[0]?.status).toBe('warning');
      expect((await timers('2026-03-05T09:15:00.000Z')).expired).toEqual([
        { incident: key, rule: 'gdpr-art33' },
      ]);
      const overdue = await admin.incidents.get(key);
      expect(overdue.clocks[0]).toMatchObject({ status: 'overdue', remainingMinutes: 0 });
      const entries = (await admin.auditEntries({ limit: 1000 })).items.map((e) => e.event?.type);
      expect(entries.filter((t) => t === 'regulatory-clock-warning')).toHaveLength(1);
      expect(entries.filter((t) => t === 'regulatory-clock-expired')).toHaveLength(1);

      const report = overdue.clocks[0]!.report;
      expect(report.missing.length).toBeGreaterThan(0);
      const incomplete = await errorOf(() => admin.incidents.submitReport(key, 'gdpr-art33'));
      expect(incomplete.code).toBe('VALIDATION_ERROR');
      const unknown = await errorOf(() =>
        admin.incidents.editReport(key, 'gdpr-art33', { colour: 'red' }),
      );
      expect((unknown.details.issues as { code: string }[])[0]?.code).toBe('unknown_field');
      const required = report.fields.filter((f) => f.required && f.value === null);
      await admin.incidents.editReport(
        key,
        'gdpr-art33',
        Object.fromEntries(required.map((f) => [f.name, `answer for ${f.label}`])),
      );
      h.clock.set('2026-03-05T10:00:00.000Z');
      const submitted = await admin.incidents.submitReport(key, 'gdpr-art33');
      expect(submitted.clocks[0]).toMatchObject({
        status: 'submitted-late',
        submittedAt: '2026-03-05T10:00:00.000Z',
      });
      const twice = await errorOf(() => admin.incidents.submitReport(key, 'gdpr-art33'));
      expect(twice.code).toBe('CONFLICT');
      const unknownRule = await errorOf(() => admin.incidents.startClock(key, 'gdpr-art99'));
      expect(unknownRule.code).toBe('VALIDATION_ERROR');
    });
  });

  describe.skipIf(engine.skip !== undefined)('drills and playbooks', () => {
    let hook: Server;
    let received: unknown[] = [];
    beforeAll(async () => {
      hook = createServer((req, res) => {
        let body = '';
        req.on('data', (c: Buffer) => (body += c.toString()));
        req.on('end', () => {
          received.push(JSON.parse(body));
          res.writeHead(202).end();
        });
      });
      await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));
    });
    afterAll(() => new Promise<void>((resolve) => hook.close(() => resolve())));

    it('runs a drill with simulated actions and keeps it out of the incident list', async () => {
      const before = await admin.currentDeployments({ model: 'scorer', environment: 'production' });
      const drill = await admin.incidents.drill({
        playbook: 'drift-rollback',
        model: 'scorer',
        type: 'drift',
      });
      expect(drill.key).toBe('DRILL-2026-001');
      expect(drill.drill).toBe(true);
      expect(drill.steps[0]).toMatchObject({ status: 'done' });
      expect(drill.steps[0]!.result).toMatch(/^simulated: roll scorer in production back/);
      expect(
        await admin.currentDeployments({ model: 'scorer', environment: 'production' }),
      ).toEqual(before);
      expect((await admin.incidents.list()).map((i) => i.key)).not.toContain('DRILL-2026-001');
      expect((await admin.incidents.list({ drills: 'only' })).map((i) => i.key)).toEqual([
        'DRILL-2026-001',
      ]);
    });

    it('publishes a playbook whose retraining step calls a webhook after the commit', async () => {
      const url = `http://127.0.0.1:${(hook.address() as { port: number }).port}/retrain`;
      await admin.incidents.publishPlaybook(`apiVersion: verity.dev/v1
kind: Playbook
name: retrain-on-performance
appliesTo: { types: [performance] }
steps:
  - id: retrain
    title: Ask the pipeline to retrain
    kind: action
    action: { kind: retrain-webhook, url: "${url}" }
`);
      const opened = await admin.incidents.open({
        title: 'AUC below floor',
        type: 'performance',
        severity: 'SEV3',
        summary: 'Labelled outcomes show AUC 0.61 for two weeks.',
        affected: [{ model: 'scorer', version: '1.0.0', environment: 'production' }],
      });
      expect(opened.playbook).toBe('retrain-on-performance');
      const ran = await admin.incidents.step(opened.key, 'retrain', 'run');
      expect(ran.steps[0]).toMatchObject({ status: 'done' });
      received = [];
      await deliverNotifications(h.runtime.registry, {});
      expect(received).toEqual([
        { model: 'scorer', version: '1.0.0', environment: 'production', incident: opened.key },
      ]);
      const bad = await errorOf(() => admin.incidents.publishPlaybook('kind: Playbook\nname: x\n'));
      expect(bad.code).toBe('VALIDATION_ERROR');
      const rerun = await errorOf(() => admin.incidents.step(opened.key, 'retrain', 'run'));
      expect(rerun.code).toBe('CONFLICT');
    });

    it('numbers incidents opened at the same moment without a clash', async () => {
      const opened = await Promise.all(
        [1, 2, 3, 4].map((n) =>
          admin.incidents.open({
            title: `Concurrent ${n}`,
            type: 'other',
            severity: 'SEV4',
            summary: 'opened together',
          }),
        ),
      );
      const keys = opened.map((i) => i.key);
      expect(new Set(keys).size).toBe(4);
      expect(keys.every((k) => /^INC-2026-\d{3}$/.test(k))).toBe(true);
    });

    it('refuses people without incident:write, and reports KPIs without drills', async () => {
      const e = await errorOf(() =>
        h
          .client('viewer')
          .incidents.open({ title: 't', type: 'other', severity: 'SEV4', summary: 's' }),
      );
      expect(e.code).toBe('FORBIDDEN');
      const k = await admin.incidents.kpis();
      expect(k.drills).toBe(1);
      // INC-2026-001: onset 10:00, detected 11:05.
      expect(k.bySeverity.SEV2).toMatchObject({ count: 1, timeToDetect: { n: 1, median: 65 } });
    });
  });
});

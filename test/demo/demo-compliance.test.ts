import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  decideAssessment,
  exportComplianceBundle,
  loadAssessmentTemplate,
  modelPosture,
  produceModelReport,
  saveAnswers,
  startAssessment,
  submitAssessment,
  verifyComplianceBundle,
  type AssessmentTemplate,
  type ModelPosture,
} from '../../src/compliance/index.js';
import { DEMO_ACTORS, demoEpoch, seedDemo } from '../../src/demo/index.js';
import { ManualClock } from '../../src/lib/index.js';
import { addModelSignature, getVersion, registerSigningKey } from '../../src/registry/index.js';
import { firstStart } from '../../src/server/first-start.js';
import { exportPublicKeyPem, generateSigningKeyPair, signModel } from '../../src/signing/index.js';
import { ENGINES } from '../support/engines.js';
import { startHarness, type Harness } from '../support/harness.js';

const { dataScientist: maria, mlEngineer: james, riskOfficer: priya } = DEMO_ACTORS;

const sub = (p: ModelPosture, id: string) =>
  p.controls.flatMap((c) => c.subControls).find((s) => s.id === id);

/** Answers every required question the draft left open, as a person would. */
function complete(template: AssessmentTemplate, current: Record<string, unknown>) {
  const answers: Record<string, unknown> = {};
  for (const q of template.sections.flatMap((s) => s.questions)) {
    if (!q.required || (current[q.id] !== undefined && current[q.id] !== '')) continue;
    if (q.type === 'text') answers[q.id] = `Answered for ${q.id}: see the credit-risk file.`;
    else if (q.type === 'boolean') answers[q.id] = false;
    else if (q.type === 'number') answers[q.id] = 1;
    else if (q.type === 'date') answers[q.id] = '2027-03-31';
    else if (q.type === 'choice') answers[q.id] = q.options?.[0];
    else answers[q.id] = [q.options?.[0]];
  }
  return answers;
}

describe.each(ENGINES)('compliance posture of the demo on $name', (engine) => {
  let h: Harness;
  let home: string;
  beforeAll(async () => {
    if (engine.skip !== undefined) return;
    h = await startHarness(engine, { openEnvironments: false, testUsers: false });
    home = mkdtempSync(join(tmpdir(), 'verity-demo-home-'));
    await firstStart(h.runtime, home, { clock: new ManualClock(demoEpoch(h.clock.now())) });
    await seedDemo(h.runtime);
  }, 180_000);
  afterAll(async () => {
    await h?.close();
    if (home !== undefined) rmSync(home, { recursive: true, force: true });
  });

  describe.skipIf(engine.skip !== undefined)('gaps that evidence closes', () => {
    it('classifies credit-risk as high risk under Annex III 5(b) and applies the EU frameworks', async () => {
      const { posture } = await modelPosture(h.runtime.registry, 'credit-risk');
      expect(posture.version?.label).toBe('1.1.0');
      expect(posture.versionBasis).toBe('deployed');
      expect(posture.scope?.euClassification).toMatchObject({
        tier: 'high',
        annexIIIPoint: '5(b)',
      });
      const applies = posture.frameworks.filter((f) => f.applies).map((f) => f.id);
      expect(applies).toEqual(
        expect.arrayContaining(['eu-ai-act', 'gdpr', 'iso-42001', 'nist-ai-rmf']),
      );
      expect(applies).not.toContain('hipaa-security');
      expect(applies).not.toContain('nyc-ll144');
    });

    it('shows the real gaps: an unfinished DPIA, no FRIA, short log retention, no ledger check', async () => {
      const { posture } = await modelPosture(h.runtime.registry, 'credit-risk');
      const c12 = sub(posture, 'C1.2');
      expect(c12?.status).toBe('gap');
      expect(c12?.detail).toMatch(/dpia/i);
      expect(c12?.detail).toMatch(/fria/i);
      expect(sub(posture, 'C4.3')?.status).toBe('gap');
      expect(sub(posture, 'C4.1')?.status).toBe('gap');
      // What the demo did record is met, with the ledger entries that show it.
      for (const id of [
        'C1.1',
        'C2.1',
        'C2.3',
        'C6.1',
        'C8.2',
        'C8.3',
        'C11.1',
        'C11.2',
        'C12.1',
      ]) {
        expect({ id, status: sub(posture, id)?.status }).toEqual({ id, status: 'met' });
        expect(sub(posture, id)?.evidence.length).toBeGreaterThan(0);
      }
      // The under-25 impact ratio 0.694 is a finding, not a pass.
      expect(sub(posture, 'C3.1')).toMatchObject({ status: 'partial' });
      expect(sub(posture, 'C3.1')?.detail).toContain('0.69');
      // Attested: training and the obligations review are on record; the restore test is not.
      expect(sub(posture, 'C5.4')?.status).toBe('met');
      expect(sub(posture, 'C8.4')?.status).toBe('gap');
    });

    it('the fraud model is unsigned and its break-glass override is still under review', async () => {
      const { posture } = await modelPosture(h.runtime.registry, 'payments/fraud-screening');
      expect(sub(posture, 'C6.1')?.status).toBe('gap');
      expect(sub(posture, 'C5.2')?.status).toBe('gap');
      expect(sub(posture, 'C9.1')?.status).toBe('partial');
    });

    it('closes C1.2 when the DPIA and the FRIA are completed and approved independently', async () => {
      const ctx = h.runtime.registry;
      const dpia = (await import('../../src/compliance/index.js')).listAssessments;
      const draft = (await dpia(ctx, 'credit-risk')).find((a) => a.kind === 'dpia');
      expect(draft?.status).toBe('draft');
      await saveAnswers(ctx, maria, 'credit-risk', draft!.id, {
        answers: complete(loadAssessmentTemplate('dpia'), draft!.answers),
      });
      // The compliance officer adds the DPO's advice; having written part of it, she cannot
      // approve it, and the data scientist may not approve at all.
      const elena = DEMO_ACTORS.complianceOfficer;
      await saveAnswers(ctx, elena, 'credit-risk', draft!.id, {
        answers: { 'dpo-advice': 'Proceed; keep refer-to-human for every decline.' },
      });
      await submitAssessment(ctx, maria, 'credit-risk', draft!.id);
      await expect(
        decideAssessment(ctx, elena, 'credit-risk', draft!.id, {
          decision: 'approve',
          reason: 'x',
        }),
      ).rejects.toMatchObject({ code: 'SEPARATION_OF_DUTIES' });
      await expect(
        decideAssessment(ctx, maria, 'credit-risk', draft!.id, {
          decision: 'approve',
          reason: 'x',
        }),
      ).rejects.toMatchObject({ code: 'FORBIDDEN' });
      await decideAssessment(ctx, priya, 'credit-risk', draft!.id, {
        decision: 'approve',
        reason: 'DPO advice followed',
      });
      const fria = await startAssessment(ctx, maria, 'credit-risk', 'fria');
      await saveAnswers(ctx, maria, 'credit-risk', fria.id, {
        answers: complete(loadAssessmentTemplate('fria'), fria.answers),
      });
      await submitAssessment(ctx, maria, 'credit-risk', fria.id);
      await decideAssessment(ctx, priya, 'credit-risk', fria.id, {
        decision: 'approve',
        reason: 'ok',
      });
      let { posture } = await modelPosture(ctx, 'credit-risk');
      // The AIA was approved before 1.1.0 was registered: a reassessment is due.
      expect(sub(posture, 'C1.2')?.status).toBe('partial');
      expect(sub(posture, 'C1.2')?.detail).toMatch(/aia/i);
      const aia = await startAssessment(ctx, maria, 'credit-risk', 'aia');
      expect(aia.missing).toEqual([]);
      await submitAssessment(ctx, maria, 'credit-risk', aia.id);
      await decideAssessment(ctx, priya, 'credit-risk', aia.id, {
        decision: 'approve',
        reason: 'ok',
      });
      ({ posture } = await modelPosture(ctx, 'credit-risk'));
      expect(sub(posture, 'C1.2')?.status).toBe('met');
      expect(sub(posture, 'C1.2')?.evidence.map((e) => e.type)).toContain(
        'impact-assessment-approved',
      );
    });

    it('closes C6.1 when the fraud version is signed with a registered key', async () => {
      const ctx = h.runtime.registry;
      const { privateKey, publicKey } = generateSigningKeyPair('ecdsa-p256');
      await registerSigningKey(ctx, james, {
        name: 'payments-release',
        publicKeyPem: exportPublicKeyPem(publicKey),
        owner: james.name,
      });
      const version = await getVersion(ctx, 'payments/fraud-screening', '1.0.0');
      const bundle = await signModel(
        {
          files: version.files.map((f) => ({ path: f.path, digest: f.digest })),
          name: 'payments/fraud-screening@1.0.0',
        },
        privateKey,
      );
      await addModelSignature(ctx, james, 'payments/fraud-screening', '1.0.0', bundle);
      const { posture } = await modelPosture(ctx, 'payments/fraud-screening');
      expect(sub(posture, 'C6.1')?.status).toBe('met');
      expect(sub(posture, 'C6.1')?.evidence[0]?.type).toBe('model-version-signed');
    });

    it('produces the full report in one call and records its time', async () => {
      const elena = DEMO_ACTORS.complianceOfficer;
      const report = await produceModelReport(
        h.runtime.registry,
        h.runtime.ledger,
        elena,
        'credit-risk',
        {
          format: 'markdown',
        },
      );
      const text = report.body.toString('utf8');
      expect(text).toContain('Annex IV');
      expect(text).toContain('credit-risk');
      expect(report.durationMs).toBeGreaterThanOrEqual(0);
      expect(report.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
      const row = await h.runtime.database.db
        .selectFrom('compliance_reports')
        .selectAll()
        .orderBy('created_at', 'desc')
        .executeTakeFirstOrThrow();
      expect(row.digest).toBe(report.digest);
    });

    it(
      'exports an evidence bundle that verifies offline and fails after any byte changes',
      { timeout: 120_000 },
      async () => {
        const { text } = await exportComplianceBundle(
          h.runtime.registry,
          h.runtime.ledger,
          DEMO_ACTORS.auditor,
          'credit-risk',
        );
        const ok = verifyComplianceBundle(text, h.runtime.ledger.verifierKey);
        expect(ok.problems).toEqual([]);
        expect(ok.ok).toBe(true);
        expect(ok.entriesVerified).toBeGreaterThan(20);
        // Sixty bytes spread over the whole bundle, each changed to another character.
        let checked = 0;
        const step = Math.floor(text.length / 60);
        for (let i = 7; i < text.length; i += step) {
          const c = text[i] === 'a' ? 'b' : 'a';
          const tampered = text.slice(0, i) + c + text.slice(i + 1);
          const report = verifyComplianceBundle(tampered, h.runtime.ledger.verifierKey);
          expect({ at: i, ok: report.ok }).toEqual({ at: i, ok: false });
          checked += 1;
        }
        expect(checked).toBeGreaterThanOrEqual(60);
        // Another key is not trusted.
        const other =
          'other.example/verity+01234567+AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyAhIg==';
        expect(verifyComplianceBundle(text, other).ok).toBe(false);
      },
    );
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pdfRenderingAvailable } from '../../src/cards/render/index.js';
import type { AssessmentTemplate, VerityClient } from '../../src/client/index.js';
import {
  DEFAULT_SETTINGS,
  isComplianceBundle,
  publishShippedCatalogue,
  verifyComplianceBundle,
} from '../../src/compliance/index.js';
import { ENGINES } from '../support/engines.js';
import { errorOf, upload } from '../support/fixtures.js';
import { startHarness, type Harness } from '../support/harness.js';
import { CREDIT_RISK_EU_ANSWERS } from '../../src/demo/demo-compliance.js';

const DAY = 86_400_000;

/** Plain Annex III 5(b) credit scoring: the demo's answers without profiling; no derogation. */
const CREDIT_SCORING_ANSWERS = {
  ...CREDIT_RISK_EU_ANSWERS,
  profilesNaturalPersons: false,
  derogationCondition: 'none',
};

const SCOPE = {
  jurisdictions: ['EU' as const],
  sectors: ['banking' as const],
  area: 'essential-services' as const,
  flags: ['personal-data' as const],
};

/** A valid answer to every question of a template, by its type. */
function completeAnswers(template: AssessmentTemplate): Record<string, unknown> {
  const answers: Record<string, unknown> = {};
  for (const q of template.sections.flatMap((s) => s.questions)) {
    const option = q.options?.[0] ?? '';
    answers[q.id] =
      q.type === 'text'
        ? `answer to ${q.id}`
        : q.type === 'choice'
          ? option
          : q.type === 'multi-choice'
            ? [option]
            : q.type === 'boolean'
              ? true
              : q.type === 'number'
                ? 1
                : '2026-02-01';
  }
  return answers;
}

describe.each(ENGINES)('compliance routes on $name', (engine) => {
  let h: Harness;
  let admin: VerityClient;
  /** Owns `scorer` and holds compliance:approve (risk-officer). */
  let owner: VerityClient;
  /** Compliance officer, independent of `scorer`. */
  let officer: VerityClient;
  let viewer: VerityClient;

  beforeAll(async () => {
    if (engine.skip !== undefined) return;
    h = await startHarness(engine);
    await h.addUsers([
      { name: 'viewer', roles: [{ role: 'viewer' }] },
      { name: 'rita', roles: [{ role: 'risk-officer' }] },
      { name: 'officer', roles: [{ role: 'compliance-officer' }] },
      { name: 'credit-viewer', roles: [{ role: 'viewer', namespace: 'credit' }] },
    ]);
    // What the server does on first start: publish the catalogue shipped with this release.
    await publishShippedCatalogue(h.runtime.registry);
    admin = h.client();
    owner = h.client('rita');
    officer = h.client('officer');
    viewer = h.client('viewer');
    await admin.createModel({ name: 'scorer', owner: 'rita', riskTier: 'high' });
    await admin.registerVersion('scorer', {
      label: '1.0.0',
      format: 'other',
      files: [await upload(admin, 'model.bin', 'weights 1.0.0')],
    });
    await admin.createModel({ name: 'pd', namespace: 'credit' });
  });
  afterAll(async () => {
    await h?.close();
  });

  describe.skipIf(engine.skip !== undefined)('catalogue, frameworks and settings', () => {
    it('serves the controls and the frameworks in force', async () => {
      const catalogue = await viewer.compliance.catalogue();
      expect(catalogue.controls.map((c) => c.id)).toEqual([
        'C1',
        'C2',
        'C3',
        'C4',
        'C5',
        'C6',
        'C7',
        'C8',
        'C9',
        'C10',
        'C11',
        'C12',
      ]);
      expect(catalogue.frameworks.map((f) => f.id)).toContain('eu-ai-act');
      const versions = await viewer.compliance.frameworks();
      expect(versions.find((v) => v.id === 'eu-ai-act')?.origin).toBe('shipped');
      const framework = await viewer.compliance.framework('eu-ai-act');
      expect(framework.id).toBe('eu-ai-act');
      expect(framework.requirements.length).toBeGreaterThan(0);
    });

    it('answers NOT_FOUND for an unknown framework and VALIDATION_ERROR for a bad asOf', async () => {
      expect((await errorOf(() => viewer.compliance.framework('no-such-framework'))).code).toBe(
        'NOT_FOUND',
      );
      const bad = await errorOf(() => viewer.compliance.catalogue({ asOf: 'yesterday' }));
      expect([bad.code, bad.httpStatus]).toEqual(['VALIDATION_ERROR', 400]);
    });

    it('imports a framework with catalogue:write (201) and refuses a viewer with FORBIDDEN', async () => {
      const source = JSON.stringify({
        id: 'house-rules',
        name: 'House rules',
        version: '2026.1',
        kind: 'voluntary',
        voluntary: true,
        publisher: 'Risk office',
        asOf: '2026-02-01',
        status: 'in-force',
        appliesWhen: {},
        description: 'Our own rules for models.',
        requirements: [
          {
            id: 'HR-1',
            title: 'Sign every version',
            summary: 'Every version carries a signature.',
            controls: ['C6'],
            evidence: 'automatic',
            tag: 'P',
            status: 'in-force',
          },
        ],
      });
      const response = await h.app.inject({
        method: 'POST',
        url: '/api/v1/compliance/frameworks',
        headers: { authorization: `Bearer ${h.token('officer')}` },
        payload: { source, format: 'json' },
      });
      expect(response.statusCode).toBe(201);
      expect(response.json()).toMatchObject({ id: 'house-rules', origin: 'imported' });
      const refused = await errorOf(() => viewer.compliance.importFramework(source, 'json'));
      expect([refused.code, refused.httpStatus]).toEqual(['FORBIDDEN', 403]);
      const invalid = await errorOf(() => officer.compliance.importFramework('id: [', 'yaml'));
      expect(invalid.code).toBe('VALIDATION_ERROR');
    });

    it('reads and changes settings; the others keep their values', async () => {
      const before = await viewer.compliance.settings();
      expect(before.logRetentionDays).toBe(DEFAULT_SETTINGS.logRetentionDays);
      const after = await officer.compliance.putSettings({ logRetentionDays: 365 });
      expect(after).toMatchObject({
        logRetentionDays: 365,
        documentationRetentionYears: before.documentationRetentionYears,
        updatedBy: 'officer',
      });
      const bad = await errorOf(() => officer.compliance.putSettings({ logRetentionDays: -1 }));
      expect(bad.code).toBe('VALIDATION_ERROR');
      expect((await errorOf(() => owner.compliance.putSettings({}))).code).toBe('FORBIDDEN');
    });

    it('serves the EU AI Act questionnaire and the assessment templates', async () => {
      const questionnaire = await viewer.compliance.euAiActQuestionnaire();
      expect(questionnaire.questions.map((q) => q.id)).toContain('annexIIIArea');
      expect(questionnaire.version).toMatch(/^eu-ai-act-classification\//);
      const dpia = await viewer.compliance.assessmentTemplate('dpia');
      expect(dpia.kind).toBe('dpia');
      const unknown = await errorOf(() => viewer.compliance.assessmentTemplate('pia' as never));
      expect(unknown.code).toBe('VALIDATION_ERROR');
    });
  });

  describe.skipIf(engine.skip !== undefined)('scope and classification', () => {
    it('has no scope before one is recorded', async () => {
      expect(await viewer.compliance.scope('scorer')).toBeNull();
    });

    it('records a scope with the EU AI Act answers and classifies the model high-risk', async () => {
      const view = await admin.compliance.setScope('scorer', {
        ...SCOPE,
        euAnswers: CREDIT_SCORING_ANSWERS,
      });
      expect(view.revision).toBe(1);
      expect(view.euClassification?.tier).toBe('high');
      expect(view.euClassification?.annexIIIPoint).toBe('5(b)');
      const again = await admin.compliance.setScope('scorer', SCOPE);
      // Omitted answers keep the previous ones.
      expect([again.revision, again.euClassification?.tier]).toEqual([2, 'high']);
      const history = await viewer.compliance.scopeHistory('scorer');
      expect(history.map((s) => s.revision)).toEqual([2, 1]);
    });

    it('refuses a bad scope (400), an unknown model (404) and a viewer (403)', async () => {
      const bad = await errorOf(() =>
        admin.compliance.setScope('scorer', { ...SCOPE, area: 'astrology' as never }),
      );
      expect([bad.code, bad.httpStatus]).toEqual(['VALIDATION_ERROR', 400]);
      const missing = await errorOf(() => admin.compliance.setScope('no-such-model', SCOPE));
      expect([missing.code, missing.httpStatus]).toEqual(['NOT_FOUND', 404]);
      expect((await errorOf(() => viewer.compliance.scope('no-such-model'))).code).toBe(
        'NOT_FOUND',
      );
      const refused = await errorOf(() => viewer.compliance.setScope('scorer', SCOPE));
      expect([refused.code, refused.httpStatus]).toEqual(['FORBIDDEN', 403]);
    });

    it('keeps a viewer of one namespace out of another namespace’s scope', async () => {
      const other = h.client('credit-viewer');
      expect(await other.compliance.scope('credit/pd')).toBeNull();
      expect((await errorOf(() => other.compliance.scope('scorer'))).code).toBe('FORBIDDEN');
    });
  });

  describe.skipIf(engine.skip !== undefined)('risk register', () => {
    let riskId: string;

    it('adds, lists, reads and updates a risk', async () => {
      const risk = await admin.compliance.addRisk('scorer', {
        category: 'bias',
        title: 'Lower approval rate for young applicants',
        likelihood: 3,
        impact: 4,
        owner: 'rita',
        residualLikelihood: 2,
        residualImpact: 3,
      });
      riskId = risk.id;
      expect(risk).toMatchObject({ score: 12, level: 'high', status: 'open', model: 'scorer' });
      expect((await viewer.compliance.risks('scorer')).map((r) => r.id)).toEqual([riskId]);
      expect((await viewer.compliance.risk('scorer', riskId)).title).toMatch(/young/);
      const updated = await admin.compliance.updateRisk('scorer', riskId, { impact: 2 });
      expect([updated.score, updated.level]).toEqual([6, 'medium']);
    });

    it('refuses a bad risk (400), an unknown model or risk (404) and a viewer (403)', async () => {
      const bad = await errorOf(() =>
        admin.compliance.addRisk('scorer', {
          category: 'bias',
          title: 'x',
          likelihood: 9,
          impact: 1,
          owner: 'rita',
        }),
      );
      expect([bad.code, bad.httpStatus]).toEqual(['VALIDATION_ERROR', 400]);
      expect((await errorOf(() => admin.compliance.risks('no-such-model'))).httpStatus).toBe(404);
      expect(
        (
          await errorOf(() =>
            viewer.compliance.risk('scorer', '01890000-0000-7000-8000-000000000000'),
          )
        ).code,
      ).toBe('NOT_FOUND');
      const refused = await errorOf(() =>
        viewer.compliance.updateRisk('scorer', riskId, { impact: 5 }),
      );
      expect(refused.code).toBe('FORBIDDEN');
    });

    it('refuses acceptance by the model’s owner with SEPARATION_OF_DUTIES', async () => {
      const refused = await errorOf(() =>
        owner.compliance.acceptRisk('scorer', riskId, 'within appetite'),
      );
      expect([refused.code, refused.httpStatus]).toEqual(['SEPARATION_OF_DUTIES', 403]);
    });

    it('refuses acceptance by the author of a version with SEPARATION_OF_DUTIES', async () => {
      const refused = await errorOf(() =>
        admin.compliance.acceptRisk('scorer', riskId, 'within appetite'),
      );
      expect(refused.code).toBe('SEPARATION_OF_DUTIES');
    });

    it('lets an independent officer accept the residual risk', async () => {
      const accepted = await officer.compliance.acceptRisk('scorer', riskId, 'within appetite');
      expect(accepted).toMatchObject({
        status: 'accepted',
        acceptedBy: 'officer',
        acceptance: 'within appetite',
      });
      const empty = await errorOf(() => officer.compliance.acceptRisk('scorer', riskId, ''));
      expect(empty.code).toBe('VALIDATION_ERROR');
    });
  });

  describe.skipIf(engine.skip !== undefined)('impact assessments', () => {
    let id: string;

    it('starts a pre-filled assessment (201) and refuses a second open one (409)', async () => {
      const started = await admin.compliance.startAssessment('scorer', 'dpia');
      id = started.id;
      expect(started).toMatchObject({ kind: 'dpia', status: 'draft', authoredBy: 'alice' });
      expect(started.missing.length).toBeGreaterThan(0);
      const twice = await errorOf(() => admin.compliance.startAssessment('scorer', 'dpia'));
      expect([twice.code, twice.httpStatus]).toEqual(['CONFLICT', 409]);
      const badKind = await errorOf(() =>
        admin.compliance.startAssessment('scorer', 'pia' as never),
      );
      expect(badKind.code).toBe('VALIDATION_ERROR');
      expect((await viewer.compliance.assessments('scorer')).map((a) => a.id)).toEqual([id]);
    });

    it('refuses submitting an incomplete draft with every missing answer', async () => {
      const incomplete = await errorOf(() => admin.compliance.submitAssessment('scorer', id));
      expect(incomplete.code).toBe('VALIDATION_ERROR');
    });

    it('saves answers, submits, and lets an independent officer approve', async () => {
      const template = await viewer.compliance.assessmentTemplate('dpia');
      const unknown = await errorOf(() =>
        admin.compliance.saveAnswers('scorer', id, { 'not-a-question': 'x' }),
      );
      expect(unknown.code).toBe('VALIDATION_ERROR');
      const saved = await admin.compliance.saveAnswers('scorer', id, completeAnswers(template));
      expect(saved.missing).toEqual([]);
      const submitted = await admin.compliance.submitAssessment('scorer', id);
      expect(submitted.status).toBe('submitted');
      const byOwner = await errorOf(() =>
        owner.compliance.decideAssessment('scorer', id, 'approve', 'fine'),
      );
      expect(byOwner.code).toBe('SEPARATION_OF_DUTIES');
      const viewerDecides = await errorOf(() =>
        viewer.compliance.decideAssessment('scorer', id, 'approve', 'fine'),
      );
      expect(viewerDecides.code).toBe('FORBIDDEN');
      const approved = await officer.compliance.decideAssessment(
        'scorer',
        id,
        'approve',
        'complete and proportionate',
      );
      expect(approved).toMatchObject({ status: 'approved', decidedBy: 'officer' });
      expect((await viewer.compliance.assessment('scorer', id)).status).toBe('approved');
    });
  });

  describe.skipIf(engine.skip !== undefined)('attestations', () => {
    it('records an attestation of an attested sub-control (201) and lists it', async () => {
      const catalogue = await viewer.compliance.catalogue();
      const subs = catalogue.controls.flatMap((c) => c.subControls);
      const perModel = subs.find((s) => s.kind === 'attested' && s.scope === 'model');
      const automated = subs.find((s) => s.kind === 'automated');
      expect(perModel).toBeDefined();
      const response = await h.app.inject({
        method: 'POST',
        url: '/api/v1/compliance/attestations',
        headers: { authorization: `Bearer ${h.token('officer')}` },
        payload: {
          subControl: perModel!.id,
          model: 'scorer',
          statement: 'Reviewed with the model owner on 2026-02-27.',
        },
      });
      expect(response.statusCode).toBe(201);
      expect(response.json()).toMatchObject({ subControl: perModel!.id, model: 'scorer' });
      const listed = await viewer.compliance.attestations({ model: 'scorer' });
      expect(listed.map((a) => a.subControl)).toEqual([perModel!.id]);
      const decided = await errorOf(() =>
        officer.compliance.attest({
          subControl: automated!.id,
          model: 'scorer',
          statement: 'We say it is fine, honestly.',
        }),
      );
      expect(decided.code).toBe('VALIDATION_ERROR');
      const refused = await errorOf(() =>
        viewer.compliance.attest({
          subControl: perModel!.id,
          model: 'scorer',
          statement: 'A viewer cannot attest anything.',
        }),
      );
      expect(refused.code).toBe('FORBIDDEN');
      expect(
        (await errorOf(() => viewer.compliance.attestations({ model: 'no-such-model' }))).code,
      ).toBe('NOT_FOUND');
    });

    it('hides attestations of models a namespace viewer may not read', async () => {
      const other = h.client('credit-viewer');
      expect(await other.compliance.attestations()).toEqual([]);
      expect((await errorOf(() => other.compliance.attestations({ model: 'scorer' }))).code).toBe(
        'FORBIDDEN',
      );
    });
  });

  describe.skipIf(engine.skip !== undefined)('posture, snapshots and diffs', () => {
    it('computes the model’s posture per control', async () => {
      const posture = await viewer.compliance.posture('scorer');
      expect(posture.model.name).toBe('scorer');
      expect(posture.version?.label).toBe('1.0.0');
      expect(posture.controls).toHaveLength(12);
      expect(posture.scope?.euClassification?.tier).toBe('high');
      expect((await errorOf(() => viewer.compliance.posture('no-such-model'))).httpStatus).toBe(
        404,
      );
      expect(
        (await errorOf(() => viewer.compliance.posture('scorer', { version: '9.9.9' }))).code,
      ).toBe('NOT_FOUND');
    });

    it('computes the organisation’s posture over the namespaces the caller may read', async () => {
      const all = await viewer.compliance.organisationPosture();
      expect(all.models.map((m) => m.name).sort()).toEqual(['pd', 'scorer']);
      const credit = await h.client('credit-viewer').compliance.organisationPosture();
      expect(credit.models.map((m) => `${m.namespace}/${m.name}`)).toEqual(['credit/pd']);
    });

    it('records snapshots with audit:export and compares two dates', async () => {
      expect((await errorOf(() => viewer.compliance.snapshot())).code).toBe('FORBIDDEN');
      const first = await officer.compliance.snapshot();
      expect(first).toEqual({ models: 2, recorded: 2 });
      expect(await officer.compliance.snapshot()).toEqual({ models: 2, recorded: 0 });
      const firstDay = h.clock.now().toISOString().slice(0, 10);
      h.clock.advance(2 * DAY);
      await admin.compliance.setScope('scorer', { ...SCOPE, flags: [] });
      await officer.compliance.snapshot();
      const secondDay = h.clock.now().toISOString().slice(0, 10);
      const diff = await viewer.compliance.diff('scorer', {
        by: 'date',
        from: firstDay,
        to: secondDay,
      });
      expect(diff.from.label).toBe(firstDay);
      expect(diff.to.label).toBe(secondDay);
      const byVersion = await viewer.compliance.diff('scorer', {
        by: 'version',
        from: '1.0.0',
        to: '1.0.0',
      });
      expect(byVersion.changes).toEqual([]);
      const bad = await errorOf(() =>
        viewer.compliance.diff('scorer', { by: 'date', from: secondDay, to: firstDay }),
      );
      expect(bad.code).toBe('VALIDATION_ERROR');
    });
  });

  describe.skipIf(engine.skip !== undefined)('reports, OSCAL, bundles, KPIs and metrics', () => {
    it('produces a model report with its digest, duration and file name', async () => {
      const report = await officer.compliance.report({
        kind: 'model',
        model: 'scorer',
        format: 'markdown',
      });
      expect(report.contentType).toMatch(/^text\/markdown/);
      expect(report.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
      expect(Number.isInteger(report.durationMs)).toBe(true);
      expect(report.filename).toMatch(/\.md$/);
      expect(report.body.toString('utf8')).toContain('scorer');
    });

    it('produces framework and organisation reports', async () => {
      const framework = await officer.compliance.report({
        kind: 'framework',
        framework: 'eu-ai-act',
        format: 'html',
      });
      expect(framework.contentType).toMatch(/^text\/html/);
      const organisation = await officer.compliance.report({
        kind: 'organisation',
        format: 'json',
      });
      expect(organisation.contentType).toMatch(/^application\/json/);
      expect(JSON.parse(organisation.body.toString('utf8'))).toHaveProperty('posture');
      const unknown = await errorOf(() =>
        officer.compliance.report({ kind: 'framework', framework: 'nope-nope', format: 'html' }),
      );
      expect(unknown.code).toBe('NOT_FOUND');
    });

    it.skipIf(!pdfRenderingAvailable())('produces a PDF (needs Chromium)', async () => {
      const report = await officer.compliance.report({
        kind: 'model',
        model: 'scorer',
        format: 'pdf',
      });
      expect(report.contentType).toBe('application/pdf');
      expect(report.body.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      expect(report.filename).toMatch(/\.pdf$/);
    });

    it('refuses a report body without its subject (400) and a caller without audit:export (403)', async () => {
      const bad = await errorOf(() =>
        officer.compliance.report({ kind: 'model', format: 'html' } as never),
      );
      expect([bad.code, bad.httpStatus]).toEqual(['VALIDATION_ERROR', 400]);
      const missing = await errorOf(() =>
        officer.compliance.report({ kind: 'model', model: 'no-such-model', format: 'html' }),
      );
      expect(missing.code).toBe('NOT_FOUND');
      const refused = await errorOf(() =>
        viewer.compliance.report({ kind: 'organisation', format: 'html' }),
      );
      expect(refused.code).toBe('FORBIDDEN');
    });

    it('exports OSCAL assessment results', async () => {
      const oscal = await officer.compliance.oscal({ model: 'scorer' });
      expect(oscal).toHaveProperty('assessment-results');
    });

    it('exports a compliance bundle that verifies offline, byte for byte', async () => {
      const bundle = await officer.compliance.bundle('scorer');
      expect(bundle.filename).toMatch(/\.json$/);
      expect(isComplianceBundle(JSON.parse(bundle.text))).toBe(true);
      const report = verifyComplianceBundle(bundle.text);
      expect(report.problems).toEqual([]);
      expect(report.ok).toBe(true);
      expect((await errorOf(() => viewer.compliance.bundle('scorer'))).code).toBe('FORBIDDEN');
      expect((await errorOf(() => officer.compliance.bundle('no-such-model'))).code).toBe(
        'NOT_FOUND',
      );
    });

    it('serves the KPIs, with the audit cycle time of the last model report', async () => {
      const kpis = await viewer.compliance.kpis();
      expect(kpis.auditCycleMs).not.toBeNull();
      expect(kpis.sharePassing).toBeGreaterThanOrEqual(0);
      expect(kpis.sharePassing).toBeLessThanOrEqual(1);
    });

    it('serves Prometheus metrics at the server root to audit:read', async () => {
      const text = await officer.compliance.metrics();
      expect(text).toMatch(/^# HELP verity_models /m);
      expect(text).toMatch(/^verity_models 2$/m);
      const response = await h.app.inject({
        method: 'GET',
        url: '/metrics',
        headers: { authorization: `Bearer ${h.token('officer')}` },
      });
      expect(response.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
      expect((await h.app.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(401);
      const refused = await h.app.inject({
        method: 'GET',
        url: '/metrics',
        headers: { authorization: `Bearer ${h.token('viewer')}` },
      });
      expect(refused.statusCode).toBe(403);
    });
  });
});

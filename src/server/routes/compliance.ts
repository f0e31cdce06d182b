import { z } from 'zod';
import {
  acceptRisk,
  acceptRiskSchema,
  addRisk,
  ANNEX_III_POINTS,
  answersBodySchema,
  ASSESSMENT_KINDS,
  catalogueAsOf,
  complianceDiff,
  complianceKpis,
  decideAssessment,
  decisionBodySchema,
  DEROGATION_CONDITIONS,
  EU_AI_ACT_QUESTIONNAIRE_VERSION,
  EU_AI_ACT_QUESTIONS,
  EU_AI_ACT_SECTIONS,
  exportComplianceBundle,
  getAssessment,
  getComplianceSettings,
  getFrameworkVersion,
  getRisk,
  getScope,
  importFramework,
  listAssessments,
  listAttestations,
  listFrameworkVersions,
  listRisks,
  loadAssessmentTemplate,
  metricsText,
  modelPosture,
  organisationPostureOf,
  oscalExport,
  parseAsOf,
  type ProducedReport,
  produceFrameworkReport,
  produceModelReport,
  produceOrganisationReport,
  putComplianceSettings,
  recordAttestation,
  REPORT_FORMATS,
  riskInputSchema,
  riskPatchSchema,
  saveAnswers,
  scopeHistory,
  scopeInputSchema,
  setScope,
  snapshotPostures,
  startAssessment,
  submitAssessment,
  updateRisk,
} from '../../compliance/index.js';
import { NotFoundError, parseRef } from '../../lib/index.js';
import { findModel, modelNamespace } from '../../registry/index.js';
import { readableNamespaces } from '../access-hook.js';
import { actorOf } from '../actor.js';
import type { Runtime } from '../runtime.js';
import { packageVersion } from '../version.js';
import { errorResponses, modelParam, type Api } from './common.js';
import { stripUndefined } from './models.js';

const TAGS = ['compliance'];
const items = (item: z.ZodType) => z.object({ items: z.array(item) });
const modelItemParams = modelParam.extend({ id: z.string().min(1).max(64) });
const asOfQuery = z.string().min(1).max(40).optional().meta({
  description: 'a date (YYYY-MM-DD, the end of that day, UTC) or an ISO time; default now',
});
const versionQuery = z.string().min(1).max(128).optional();
const modelQuery = z.string().min(1).max(300).optional();
const frameworkId = z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'a lower-case slug');

const posture = z.unknown().meta({
  description:
    'the posture: per control and sub-control a status (met, partial, gap, not-applicable) with its detail, evidence (ledger indexes) and remedy; per framework and requirement the status; the scope and a summary',
});
const risk = z.unknown().meta({
  description:
    'a risk: category, title, likelihood × impact (score, level), owner, mitigations, residual scores, review date, status and acceptance',
});
const assessment = z.unknown().meta({
  description:
    'an impact assessment (DPIA, FRIA, AIA): its template version, status, answers, what is still missing, author and decision',
});
const scope = z.unknown().meta({
  description:
    'a revision of the model’s scope: jurisdictions, sectors, area, flags and the EU AI Act classification with its reasoning',
});
const document = z
  .string()
  .meta({ description: 'the document: application/pdf, text/html, text/markdown or JSON' });

const reportBodySchema = z
  .strictObject({
    kind: z.enum(['model', 'framework', 'organisation']),
    /** kind model: the model. */
    model: z.string().min(1).max(300).optional(),
    /** kind framework: the framework's id. */
    framework: frameworkId.optional(),
    /** kind model: the version assessed (default: the one deployed highest, else the latest). */
    version: z.string().min(1).max(128).optional(),
    asOf: asOfQuery,
    format: z.enum(REPORT_FORMATS),
  })
  .superRefine((body, ctx) => {
    if (body.kind === 'model' && body.model === undefined)
      ctx.addIssue({ code: 'custom', path: ['model'], message: 'a model report names its model' });
    if (body.kind === 'framework' && body.framework === undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['framework'],
        message: 'a framework report names its framework',
      });
    if (body.kind !== 'model' && (body.model !== undefined || body.version !== undefined))
      ctx.addIssue({
        code: 'custom',
        path: ['model'],
        message: `a ${body.kind} report covers every model the caller may read: give no model or version`,
      });
  });

/**
 * The compliance module over HTTP: the control catalogue and frameworks, settings, a model's
 * scope and EU AI Act classification, its risk register and impact assessments, attestations,
 * posture (per model and organisation-wide), diffs, reports, OSCAL, evidence bundles and KPIs.
 * Reads need governance:read (model routes in the model's namespace); exports need audit:export.
 */
export function complianceRoutes(app: Api, runtime: Runtime): void {
  const ctx = runtime.registry;
  const ledger = runtime.ledger;

  // ---- catalogue, frameworks, settings ----
  app.get(
    '/compliance/catalogue',
    {
      config: { access: 'governance:read' },
      schema: {
        tags: TAGS,
        summary: 'The control catalogue and the frameworks in force as of a date (default now)',
        querystring: z.object({ asOf: asOfQuery }),
        response: { 200: z.unknown(), ...errorResponses },
      },
    },
    async (request) => {
      const asOf = parseAsOf(request.query.asOf, runtime.clock.now());
      const catalogue = await catalogueAsOf(ctx.db, asOf);
      return {
        version: catalogue.version,
        asOf: asOf.toISOString(),
        controls: catalogue.controls,
        frameworks: catalogue.frameworks.map((f) => ({
          id: f.id,
          name: f.name,
          version: f.version,
          kind: f.kind,
          voluntary: f.voluntary,
          status: f.status,
          requirements: f.requirements.length,
        })),
      };
    },
  );
  app.get(
    '/compliance/frameworks',
    {
      config: { access: 'governance:read' },
      schema: {
        tags: TAGS,
        summary: 'Every published framework version, shipped and imported',
        response: { 200: items(z.unknown()), ...errorResponses },
      },
    },
    async () => ({ items: await listFrameworkVersions(ctx.db) }),
  );
  app.get(
    '/compliance/frameworks/:id',
    {
      config: { access: 'governance:read' },
      schema: {
        tags: TAGS,
        summary: 'A framework with its requirements (the latest version, or ?version)',
        params: z.object({ id: frameworkId }),
        querystring: z.object({ version: versionQuery }),
        response: { 200: z.unknown(), ...errorResponses },
      },
    },
    async (request) => {
      const { id } = request.params;
      const framework = await getFrameworkVersion(ctx.db, id, request.query.version);
      if (framework === undefined)
        throw new NotFoundError(
          'framework',
          request.query.version === undefined ? id : `${id}@${request.query.version}`,
        );
      return framework;
    },
  );
  app.post(
    '/compliance/frameworks',
    {
      config: { access: 'catalogue:write' },
      schema: {
        tags: TAGS,
        summary:
          'Import a framework (YAML or JSON in the catalogue format); a published version is never edited',
        body: z.strictObject({
          source: z
            .string()
            .min(1)
            .max(1024 * 1024),
          format: z.enum(['yaml', 'json']),
        }),
        response: { 201: z.unknown(), ...errorResponses },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          await importFramework(ctx, actorOf(request), request.body.source, request.body.format),
        ),
  );
  app.get(
    '/compliance/settings',
    {
      config: { access: 'governance:read' },
      schema: {
        tags: TAGS,
        summary:
          'Retention periods and adopted voluntary frameworks, with the basis of each default',
        response: { 200: z.unknown(), ...errorResponses },
      },
    },
    async () => getComplianceSettings(ctx.db),
  );
  app.put(
    '/compliance/settings',
    {
      config: { access: 'catalogue:write' },
      schema: {
        tags: TAGS,
        summary: 'Change some settings; the others keep their values',
        body: z.record(z.string(), z.unknown()).meta({
          description:
            'any of logRetentionDays, documentationRetentionYears, hipaaDocumentationRetentionYears, adoptedFrameworks',
        }),
        response: { 200: z.unknown(), ...errorResponses },
      },
    },
    async (request) => putComplianceSettings(ctx, actorOf(request), request.body),
  );

  // ---- questionnaires and templates ----
  app.get(
    '/compliance/questionnaires/eu-ai-act',
    {
      config: { access: 'governance:read' },
      schema: {
        tags: TAGS,
        summary:
          'The EU AI Act classification questionnaire: sections, questions with their citations and conditions, Annex III points, Art 6(3) conditions',
        response: { 200: z.unknown(), ...errorResponses },
      },
    },
    () => ({
      version: EU_AI_ACT_QUESTIONNAIRE_VERSION,
      sections: EU_AI_ACT_SECTIONS,
      questions: EU_AI_ACT_QUESTIONS,
      annexIIIPoints: ANNEX_III_POINTS,
      derogationConditions: DEROGATION_CONDITIONS,
    }),
  );
  app.get(
    '/compliance/assessment-templates/:kind',
    {
      config: { access: 'governance:read' },
      schema: {
        tags: TAGS,
        summary: 'The template of an impact assessment (dpia, fria, aia): sections and questions',
        params: z.object({ kind: z.enum(ASSESSMENT_KINDS) }),
        response: { 200: z.unknown(), ...errorResponses },
      },
    },
    (request) => loadAssessmentTemplate(request.params.kind),
  );

  // ---- scope ----
  app.get(
    '/models/:model/compliance/scope',
    {
      config: { access: 'governance:read' },
      schema: {
        tags: TAGS,
        summary: 'The model’s current scope and EU AI Act classification (null before it is set)',
        params: modelParam,
        response: { 200: scope, ...errorResponses },
      },
    },
    async (request) => getScope(ctx, request.params.model),
  );
  app.put(
    '/models/:model/compliance/scope',
    {
      config: { access: 'compliance:write' },
      schema: {
        tags: TAGS,
        summary:
          'Record a new revision of the scope; with euAnswers (or the previous ones) the EU AI Act tier is classified',
        params: modelParam,
        body: scopeInputSchema,
        response: { 200: scope, ...errorResponses },
      },
    },
    async (request) => setScope(ctx, actorOf(request), request.params.model, request.body),
  );
  app.get(
    '/models/:model/compliance/scope/history',
    {
      config: { access: 'governance:read' },
      schema: {
        tags: TAGS,
        summary: 'Every revision of the model’s scope, newest first',
        params: modelParam,
        response: { 200: items(scope), ...errorResponses },
      },
    },
    async (request) => ({ items: await scopeHistory(ctx, request.params.model) }),
  );

  // ---- risk register ----
  app.get(
    '/models/:model/risks',
    {
      config: { access: 'governance:read' },
      schema: {
        tags: TAGS,
        summary: 'The model’s risk register, oldest first',
        params: modelParam,
        response: { 200: items(risk), ...errorResponses },
      },
    },
    async (request) => ({ items: await listRisks(ctx, request.params.model) }),
  );
  app.post(
    '/models/:model/risks',
    {
      config: { access: 'compliance:write' },
      schema: {
        tags: TAGS,
        summary: 'Add a risk (likelihood and impact 1–5, owner, mitigations, residual scores)',
        params: modelParam,
        body: riskInputSchema,
        response: { 201: risk, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await addRisk(ctx, actorOf(request), request.params.model, request.body)),
  );
  app.get(
    '/models/:model/risks/:id',
    {
      config: { access: 'governance:read' },
      schema: {
        tags: TAGS,
        summary: 'One risk',
        params: modelItemParams,
        response: { 200: risk, ...errorResponses },
      },
    },
    async (request) => getRisk(ctx, request.params.model, request.params.id),
  );
  app.patch(
    '/models/:model/risks/:id',
    {
      config: { access: 'compliance:write' },
      schema: {
        tags: TAGS,
        summary:
          'Change a risk; changing its scores or mitigations voids an acceptance (the risk is open again)',
        params: modelItemParams,
        body: riskPatchSchema,
        response: { 200: risk, ...errorResponses },
      },
    },
    async (request) =>
      updateRisk(ctx, actorOf(request), request.params.model, request.params.id, request.body),
  );
  app.post(
    '/models/:model/risks/:id/accept',
    {
      config: { access: 'compliance:approve' },
      schema: {
        tags: TAGS,
        summary:
          'Accept the residual risk with a justification (never by the model’s owner or its versions’ authors)',
        params: modelItemParams,
        body: acceptRiskSchema,
        response: { 200: risk, ...errorResponses },
      },
    },
    async (request) =>
      acceptRisk(ctx, actorOf(request), request.params.model, request.params.id, request.body),
  );

  // ---- impact assessments ----
  app.get(
    '/models/:model/assessments',
    {
      config: { access: 'governance:read' },
      schema: {
        tags: TAGS,
        summary: 'The model’s impact assessments (DPIA, FRIA, AIA), oldest first',
        params: modelParam,
        response: { 200: items(assessment), ...errorResponses },
      },
    },
    async (request) => ({ items: await listAssessments(ctx, request.params.model) }),
  );
  app.post(
    '/models/:model/assessments',
    {
      config: { access: 'compliance:write' },
      schema: {
        tags: TAGS,
        summary:
          'Start an assessment, pre-filled from what Verity knows (or from the last approved one); one open per kind',
        params: modelParam,
        body: z.strictObject({ kind: z.enum(ASSESSMENT_KINDS) }),
        response: { 201: assessment, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          await startAssessment(ctx, actorOf(request), request.params.model, request.body.kind),
        ),
  );
  app.get(
    '/models/:model/assessments/:id',
    {
      config: { access: 'governance:read' },
      schema: {
        tags: TAGS,
        summary: 'One assessment with its answers and what is still missing',
        params: modelItemParams,
        response: { 200: assessment, ...errorResponses },
      },
    },
    async (request) => getAssessment(ctx, request.params.model, request.params.id),
  );
  app.put(
    '/models/:model/assessments/:id/answers',
    {
      config: { access: 'compliance:write' },
      schema: {
        tags: TAGS,
        summary:
          'Save answers to a draft or rejected assessment (merged by default; checked against the template)',
        params: modelItemParams,
        body: answersBodySchema,
        response: { 200: assessment, ...errorResponses },
      },
    },
    async (request) =>
      saveAnswers(ctx, actorOf(request), request.params.model, request.params.id, request.body),
  );
  app.post(
    '/models/:model/assessments/:id/submit',
    {
      config: { access: 'compliance:write' },
      schema: {
        tags: TAGS,
        summary: 'Submit a complete draft for a decision',
        params: modelItemParams,
        response: { 200: assessment, ...errorResponses },
      },
    },
    async (request) =>
      submitAssessment(ctx, actorOf(request), request.params.model, request.params.id),
  );
  app.post(
    '/models/:model/assessments/:id/decision',
    {
      config: { access: 'compliance:approve' },
      schema: {
        tags: TAGS,
        summary:
          'Approve or reject a submitted assessment with a reason (never by its authors, the model’s owner or its versions’ authors)',
        params: modelItemParams,
        body: decisionBodySchema,
        response: { 200: assessment, ...errorResponses },
      },
    },
    async (request) =>
      decideAssessment(
        ctx,
        actorOf(request),
        request.params.model,
        request.params.id,
        request.body,
      ),
  );

  // ---- attestations ----
  app.get(
    '/compliance/attestations',
    {
      config: { access: 'governance:read' },
      schema: {
        tags: TAGS,
        summary: 'Attestations, newest first (?model, ?subControl)',
        querystring: z.object({
          model: modelQuery,
          subControl: z.string().min(1).max(8).optional(),
        }),
        response: { 200: items(z.unknown()), ...errorResponses },
      },
    },
    async (request) => {
      const { model: ref, subControl } = request.query;
      // The model is named in the query, not the path, so its namespace is checked here, as the
      // access hook checks a path's (before looking the model up, so refusal says nothing more).
      if (ref !== undefined)
        await runtime.access.require(
          actorOf(request),
          'governance:read',
          await modelNamespace(ctx.db, ref),
        );
      const model = ref === undefined ? undefined : await findModel(ctx.db, ref);
      const within = await readableNamespaces(request, runtime.access);
      const found = await listAttestations(
        ctx.db,
        stripUndefined({ modelId: model?.id, subControl }),
      );
      return {
        items: found.filter(
          (a) =>
            a.model === null ||
            within === undefined ||
            within.includes(parseRef(a.model)?.namespace ?? ''),
        ),
      };
    },
  );
  app.post(
    '/compliance/attestations',
    {
      config: { access: 'compliance:write' },
      schema: {
        tags: TAGS,
        summary:
          'Record an attestation of an attested sub-control (per model or organisation-wide); it counts from when it was held',
        body: z.unknown().meta({
          description:
            'subControl, model (per-model sub-controls only), statement, reference?, heldAt?',
        }),
        response: { 201: z.unknown(), ...errorResponses },
      },
    },
    async (request, reply) => {
      const { controls } = await catalogueAsOf(ctx.db, runtime.clock.now());
      return reply
        .status(201)
        .send(await recordAttestation(ctx, actorOf(request), controls, request.body));
    },
  );

  // ---- posture ----
  app.get(
    '/models/:model/compliance/posture',
    {
      config: { access: 'governance:read' },
      schema: {
        tags: TAGS,
        summary:
          'The model’s compliance posture per control, sub-control, framework and requirement (?version, ?asOf)',
        params: modelParam,
        querystring: z.object({ version: versionQuery, asOf: asOfQuery }),
        response: { 200: posture, ...errorResponses },
      },
    },
    async (request) =>
      (await modelPosture(ctx, request.params.model, stripUndefined(request.query))).posture,
  );
  app.get(
    '/compliance/posture',
    {
      config: { access: 'governance:read' },
      schema: {
        tags: TAGS,
        summary:
          'The posture across the models the caller may read: per model, control effectiveness, frameworks',
        querystring: z.object({ asOf: asOfQuery }),
        response: { 200: z.unknown(), ...errorResponses },
      },
    },
    async (request) => {
      const within = await readableNamespaces(request, runtime.access);
      return organisationPostureOf(ctx, stripUndefined({ asOf: request.query.asOf, within }));
    },
  );
  app.post(
    '/compliance/posture/snapshots',
    {
      config: { access: 'audit:export' },
      schema: {
        tags: TAGS,
        summary:
          'Record every model’s posture now where it changed since its last snapshot (ledgered)',
        response: {
          200: z.object({ models: z.number(), recorded: z.number() }),
          ...errorResponses,
        },
      },
    },
    async () => snapshotPostures(ctx, 'request'),
  );
  app.get(
    '/models/:model/compliance/diff',
    {
      config: { access: 'governance:read' },
      schema: {
        tags: TAGS,
        summary:
          'What changed between two versions (both assessed now) or between the postures recorded at two dates',
        params: modelParam,
        querystring: z.object({
          by: z.enum(['version', 'date']),
          from: z.string().min(1).max(128),
          to: z.string().min(1).max(128),
        }),
        response: { 200: z.unknown(), ...errorResponses },
      },
    },
    async (request) => complianceDiff(ctx, request.params.model, request.query),
  );

  // ---- reports and exports ----
  app.post(
    '/compliance/reports',
    {
      config: { access: 'audit:export' },
      schema: {
        tags: TAGS,
        summary:
          'Produce a report (model, framework gap assessment, organisation) as PDF, HTML, Markdown or JSON; its digest and production time are ledgered',
        body: reportBodySchema,
        response: {
          200: document,
          ...errorResponses,
          503: errorResponses[400],
        },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const body = request.body;
      const options = {
        format: body.format,
        verityVersion: packageVersion(),
        ...(body.asOf === undefined ? {} : { asOf: body.asOf }),
      };
      let report: ProducedReport;
      if (body.kind === 'model') {
        report = await produceModelReport(
          ctx,
          ledger,
          actor,
          body.model as string,
          body.version === undefined ? options : { ...options, version: body.version },
        );
      } else {
        const within = await readableNamespaces(request, runtime.access);
        const scoped = within === undefined ? options : { ...options, within };
        report =
          body.kind === 'framework'
            ? await produceFrameworkReport(ctx, ledger, actor, body.framework as string, scoped)
            : await produceOrganisationReport(ctx, ledger, actor, scoped);
      }
      return (
        reply
          .type(report.contentType)
          .header('content-disposition', `attachment; filename="${report.filename}"`)
          .header('x-verity-report-digest', report.digest)
          .header('x-verity-report-duration-ms', String(report.durationMs))
          // A Buffer with its own content type is sent as it is, not serialised.
          .send(report.body as unknown as string)
      );
    },
  );
  app.get(
    '/compliance/oscal',
    {
      config: { access: 'audit:export' },
      schema: {
        tags: TAGS,
        summary:
          'The posture as OSCAL assessment results (one result per model; ?model, ?framework)',
        querystring: z.object({ model: modelQuery, framework: frameworkId.optional() }),
        response: { 200: z.record(z.string(), z.unknown()), ...errorResponses },
      },
    },
    async (request) => {
      const within =
        request.query.model === undefined
          ? await readableNamespaces(request, runtime.access)
          : undefined;
      return (await oscalExport(
        ctx,
        ledger,
        stripUndefined({
          ...request.query,
          within,
          actor: actorOf(request),
          verityVersion: packageVersion(),
        }),
      )) as Record<string, unknown>;
    },
  );
  app.get(
    '/models/:model/compliance/bundle',
    {
      config: { access: 'audit:export' },
      schema: {
        tags: TAGS,
        summary:
          'The compliance evidence bundle of a model version: report, posture, signatures and the audit-log entries behind every status with inclusion proofs (verify offline with `verity audit verify-bundle`)',
        params: modelParam,
        querystring: z.object({ version: versionQuery }),
        response: {
          200: z.string().meta({ description: 'one RFC 8785 canonical JSON text' }),
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const bundle = await exportComplianceBundle(
        ctx,
        ledger,
        actorOf(request),
        request.params.model,
        { ...stripUndefined(request.query), verityVersion: packageVersion() },
      );
      // Sent byte for byte: the bundle is canonical JSON and verification checks exactly that.
      return reply
        .type('application/json')
        .header('content-disposition', `attachment; filename="${bundle.filename}"`)
        .send(bundle.text);
    },
  );
  app.get(
    '/compliance/kpis',
    {
      config: { access: 'governance:read' },
      schema: {
        tags: TAGS,
        summary:
          'Compliance KPIs: audit cycle time, checks automated and passing, MTTD, MTTR, approval and deployment lead times, open gaps',
        response: { 200: z.unknown(), ...errorResponses },
      },
    },
    async (request) => {
      const within = await readableNamespaces(request, runtime.access);
      return complianceKpis(ctx, stripUndefined({ within }));
    },
  );
}

/** Prometheus metrics at the server root, where scrapers expect them (not under /api/v1). */
export function metricsRoutes(app: Api, runtime: Runtime): void {
  app.get(
    '/metrics',
    {
      config: { access: 'audit:read' },
      schema: {
        tags: ['health'],
        summary:
          'Prometheus text exposition (0.0.4): models, audit-log size, open incidents, compliance KPIs',
        response: { 200: z.string(), ...errorResponses },
      },
    },
    async (_request, reply) =>
      reply
        .type('text/plain; version=0.0.4; charset=utf-8')
        .send(await metricsText(runtime.registry, runtime.ledger)),
  );
}

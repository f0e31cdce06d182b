import { performance } from 'node:perf_hooks';
import type { Actor } from '../auth/index.js';
import { renderPdf } from '../cards/render/index.js';
import { kpis as incidentKpisOf } from '../incidents/index.js';
import type { Ledger } from '../ledger/index.js';
import { NotFoundError, sha256Hex, ValidationError } from '../lib/index.js';
import { findModel, iso, modelRefOf, newId, type RegistryContext } from '../registry/index.js';
import type { ModelFacts } from './checks/facts.js';
import type { ModelPosture } from './posture/types.js';
import { organisationPosture } from './posture/organisation-posture.js';
import {
  allPostures,
  modelPosture,
  organisationPostureOf,
  parseAsOf,
  recordedPosture,
} from './posture-service.js';
import {
  diffPostures,
  frameworkReportHtml,
  frameworkReportMarkdown,
  modelReportHtml,
  modelReportMarkdown,
  oscalAssessmentResults,
  organisationReportHtml,
  organisationReportMarkdown,
} from './report/index.js';
import type {
  AssessmentSummary,
  CardSummary,
  ComplianceKpis,
  ModelReportData,
  PostureDiff,
  ReportMeta,
} from './report/report-data.js';
import { listAssessments } from './assessments/assessment-store.js';
import { loadAssessmentTemplate } from './questionnaires/index.js';
import { catalogueAsOf } from './store/catalogue-store.js';

export const REPORT_FORMATS = ['markdown', 'html', 'pdf', 'json'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export interface ReportOptions {
  format: ReportFormat;
  version?: string;
  asOf?: string;
  within?: readonly string[];
  /** Verity's release, printed in the report header. */
  verityVersion?: string;
}

export interface ProducedReport {
  body: Buffer;
  contentType: string;
  filename: string;
  durationMs: number;
  digest: string;
}

const CONTENT_TYPES: Record<ReportFormat, string> = {
  markdown: 'text/markdown; charset=utf-8',
  html: 'text/html; charset=utf-8',
  pdf: 'application/pdf',
  json: 'application/json',
};
const EXTENSIONS: Record<ReportFormat, string> = {
  markdown: 'md',
  html: 'html',
  pdf: 'pdf',
  json: 'json',
};

async function reportMeta(
  ctx: RegistryContext,
  ledger: Ledger,
  actor: Actor,
  verityVersion: string | undefined,
): Promise<ReportMeta> {
  const head = await ledger.head();
  return {
    generatedAt: ctx.clock.now().toISOString(),
    generatedBy: actor.name,
    verityVersion: verityVersion ?? 'unknown',
    ledger: { origin: ledger.origin, size: head.size, rootHash: head.rootHash },
  };
}

/** Everything a model report shows: the posture and the register, assessments, evaluations... */
export async function modelReportData(
  ctx: RegistryContext,
  meta: ReportMeta,
  posture: ModelPosture,
  facts: ModelFacts,
): Promise<ModelReportData> {
  const versions = await ctx.db
    .selectFrom('model_versions')
    .select(['label', 'created_at', 'author'])
    .where('model_id', '=', posture.model.id)
    .orderBy('seq')
    .execute();
  const evaluations =
    posture.version === null
      ? []
      : await ctx.db
          .selectFrom('evaluations')
          .select(['name', 'kind', 'summary', 'created_at', 'created_by'])
          .where('version_id', '=', posture.version.id)
          .orderBy('created_at')
          .execute();
  const cardRow =
    posture.version === null
      ? undefined
      : await ctx.db
          .selectFrom('model_cards')
          .select(['authored', 'approved_at'])
          .where('version_id', '=', posture.version.id)
          .orderBy('revision', 'desc')
          .executeTakeFirst();
  const authored = (cardRow?.authored ?? {}) as Record<string, Record<string, unknown> | undefined>;
  const card: CardSummary | null =
    facts.card === null
      ? null
      : {
          revision: facts.card.revision,
          tier: facts.card.tier,
          complete: facts.card.complete,
          missing: facts.card.missing,
          approvedBy: facts.card.approvedBy,
          approvedAt:
            facts.card.approvedBy === null || cardRow?.approved_at == null
              ? null
              : iso(cardRow.approved_at),
          intendedUse:
            typeof authored.intendedUse?.purpose === 'string' ? authored.intendedUse.purpose : null,
          limitations: Array.isArray(authored.limitations?.known)
            ? (authored.limitations.known as unknown[]).map(String).join('; ')
            : null,
        };
  const assessments: AssessmentSummary[] = (await listAssessments(ctx, posture.model.id)).map(
    (a) => {
      const template = loadAssessmentTemplate(a.kind);
      const questions = template.sections.flatMap((s) => s.questions);
      const highlights = questions
        .filter((q) => q.required && a.answers[q.id] !== undefined && a.answers[q.id] !== '')
        .slice(0, 4)
        .map((q) => ({ question: q.text, answer: String(a.answers[q.id]).slice(0, 400) }));
      return {
        id: a.id,
        kind: a.kind,
        title: a.title,
        status: a.status,
        version: a.templateVersion,
        answered: a.answered,
        required: a.required,
        missing: a.missing,
        authoredBy: a.authoredBy,
        approvedBy: a.status === 'approved' ? a.decidedBy : null,
        approvedAt: a.status === 'approved' ? a.decidedAt : null,
        highlights,
      };
    },
  );
  const incidentRows = await ctx.db
    .selectFrom('incidents')
    .selectAll()
    .where('key', 'in', facts.incidents.length === 0 ? [''] : facts.incidents.map((i) => i.key))
    .orderBy('opened_at')
    .execute();
  const clocks =
    incidentRows.length === 0
      ? []
      : await ctx.db
          .selectFrom('incident_clocks')
          .selectAll()
          .where(
            'incident_id',
            'in',
            incidentRows.map((i) => i.id),
          )
          .execute();
  const now = new Date(posture.asOf);
  return {
    meta,
    posture,
    versions: versions.map((v) => ({
      label: v.label,
      createdAt: iso(v.created_at),
      author: v.author,
    })),
    deployments: facts.deployments.map((d) => ({
      environment: d.environment,
      version: d.versionLabel,
      deployedAt: d.deployedAt,
      kind: d.kind,
    })),
    card,
    evaluations: evaluations.map((e) => {
      const summary = e.summary as {
        metrics?: Record<string, number>;
        quality?: { name: string; value: number; lower: number | null; upper: number | null }[];
        fairness?: { metric: string; attribute: string; group: string; value: number }[];
      };
      const ratios = (summary.fairness ?? []).filter((f) => f.metric === 'impact_ratio');
      const worst = ratios.reduce<(typeof ratios)[number] | undefined>(
        (a, b) => (a === undefined || b.value < a.value ? b : a),
        undefined,
      );
      return {
        name: e.name,
        kind: e.kind,
        createdAt: iso(e.created_at),
        createdBy: e.created_by,
        metrics: (summary.quality ?? []).slice(0, 8),
        minImpactRatio: summary.metrics?.min_impact_ratio ?? worst?.value ?? null,
        worstGroup: worst === undefined ? null : `${worst.attribute}=${worst.group}`,
      };
    }),
    risks: facts.risks.map(({ evidence: _e, ...risk }) => risk),
    assessments,
    incidents: incidentRows.map((i) => ({
      key: i.key,
      severity: i.severity,
      status: i.status,
      title: i.title,
      openedAt: iso(i.opened_at),
      resolvedAt: i.resolved_at === null ? null : iso(i.resolved_at),
      clocks: clocks
        .filter((c) => c.incident_id === i.id)
        .map((c) => ({
          rule: c.rule_id,
          deadline: iso(c.due_at),
          status: c.submitted_at !== null ? 'submitted' : c.due_at < now ? 'overdue' : 'running',
        })),
    })),
  };
}

async function finish(
  ctx: RegistryContext,
  actor: Actor,
  kind: 'model' | 'framework' | 'organisation',
  subject: string,
  format: ReportFormat,
  render: () => Promise<string | Buffer>,
  started: number,
): Promise<ProducedReport> {
  const rendered = await render();
  const body = typeof rendered === 'string' ? Buffer.from(rendered, 'utf8') : rendered;
  const durationMs = Math.round(performance.now() - started);
  const digest = `sha256:${sha256Hex(body)}`;
  await ctx.committer.commit(actor, 'compliance-report.record', async (tx, now) => {
    const id = newId(ctx);
    await tx
      .insertInto('compliance_reports')
      .values({
        id,
        kind,
        subject,
        format,
        digest,
        duration_ms: durationMs,
        created_at: now,
        created_by: actor.name,
      })
      .execute();
    return {
      result: null,
      events: [
        {
          type: 'compliance-report-produced',
          subject: { kind: 'compliance-report', id, ref: `${kind}/${subject}` },
          payload: { kind, subject, format, digest, durationMs, bytes: body.length },
        },
      ],
    };
  });
  const stamp = ctx.clock.now().toISOString().slice(0, 10);
  const safe = subject.replace(/[^A-Za-z0-9._-]+/g, '-');
  return {
    body,
    contentType: CONTENT_TYPES[format],
    filename: `verity-${kind}-report-${safe}-${stamp}.${EXTENSIONS[format]}`,
    durationMs,
    digest,
  };
}

function renderAs(
  format: ReportFormat,
  markdown: () => string,
  html: () => string,
  data: unknown,
): () => Promise<string | Buffer> {
  return async () => {
    if (format === 'markdown') return markdown();
    if (format === 'html') return html();
    if (format === 'json') return `${JSON.stringify(data, null, 2)}\n`;
    return renderPdf(html());
  };
}

/**
 * The full report of one model (Annex IV technical documentation and the model risk report), in
 * one call. Its production time, from reading the evidence to the rendered document, is recorded
 * and ledgered: it is the audit-cycle KPI.
 */
export async function produceModelReport(
  ctx: RegistryContext,
  ledger: Ledger,
  actor: Actor,
  modelRef: string,
  options: ReportOptions,
): Promise<ProducedReport> {
  const started = performance.now();
  const model = await findModel(ctx.db, modelRef);
  const { posture, facts } = await modelPosture(ctx, model, {
    ...(options.version === undefined ? {} : { version: options.version }),
    ...(options.asOf === undefined ? {} : { asOf: options.asOf }),
  });
  const meta = await reportMeta(ctx, ledger, actor, options.verityVersion);
  const data = await modelReportData(ctx, meta, posture, facts);
  return finish(
    ctx,
    actor,
    'model',
    modelRefOf(model),
    options.format,
    renderAs(
      options.format,
      () => modelReportMarkdown(data),
      () => modelReportHtml(data),
      data,
    ),
    started,
  );
}

/** The gap assessment of one framework over every model the caller may read. */
export async function produceFrameworkReport(
  ctx: RegistryContext,
  ledger: Ledger,
  actor: Actor,
  frameworkId: string,
  options: ReportOptions,
): Promise<ProducedReport> {
  const started = performance.now();
  const asOf = parseAsOf(options.asOf, ctx.clock.now());
  const catalogue = await catalogueAsOf(ctx.db, asOf);
  if (!catalogue.frameworks.some((f) => f.id === frameworkId))
    throw new NotFoundError('framework', frameworkId);
  const postures = await allPostures(ctx, {
    ...(options.asOf === undefined ? {} : { asOf: options.asOf }),
    ...(options.within === undefined ? {} : { within: options.within }),
  });
  const meta = await reportMeta(ctx, ledger, actor, options.verityVersion);
  const data = { meta, frameworkId, postures };
  return finish(
    ctx,
    actor,
    'framework',
    frameworkId,
    options.format,
    renderAs(
      options.format,
      () => frameworkReportMarkdown(data),
      () => frameworkReportHtml(data),
      data,
    ),
    started,
  );
}

/** Control effectiveness across the organisation, with the KPIs. */
export async function produceOrganisationReport(
  ctx: RegistryContext,
  ledger: Ledger,
  actor: Actor,
  options: ReportOptions,
): Promise<ProducedReport> {
  const started = performance.now();
  const scope = {
    ...(options.asOf === undefined ? {} : { asOf: options.asOf }),
    ...(options.within === undefined ? {} : { within: options.within }),
  };
  const postures = await allPostures(ctx, scope);
  const asOf = parseAsOf(options.asOf, ctx.clock.now());
  const catalogue = await catalogueAsOf(ctx.db, asOf);
  const posture = organisationPosture(
    postures,
    catalogue.controls,
    asOf.toISOString(),
    catalogue.version,
  );
  const meta = await reportMeta(ctx, ledger, actor, options.verityVersion);
  const kpis = await complianceKpis(ctx, {
    ...(options.within === undefined ? {} : { within: options.within }),
  });
  const data = { meta, posture, postures, kpis };
  return finish(
    ctx,
    actor,
    'organisation',
    'organisation',
    options.format,
    renderAs(
      options.format,
      () => organisationReportMarkdown(data),
      () => organisationReportHtml(data),
      data,
    ),
    started,
  );
}

/**
 * What changed between two versions of a model (both assessed now), or between the postures
 * recorded at two dates (the snapshots the compliance job keeps).
 */
export async function complianceDiff(
  ctx: RegistryContext,
  modelRef: string,
  options: { from: string; to: string; by: 'version' | 'date' },
): Promise<PostureDiff> {
  if (options.by === 'version') {
    const from = (await modelPosture(ctx, modelRef, { version: options.from })).posture;
    const to = (await modelPosture(ctx, modelRef, { version: options.to })).posture;
    return diffPostures(from, to, { from: options.from, to: options.to });
  }
  const now = ctx.clock.now();
  const fromAt = parseAsOf(options.from, now);
  const toAt = parseAsOf(options.to, now);
  if (fromAt > toAt) throw new ValidationError('from is after to');
  const from = await recordedPosture(ctx, modelRef, fromAt);
  const to = await recordedPosture(ctx, modelRef, toAt);
  return diffPostures(from, to, { from: options.from, to: options.to });
}

/** The posture as OSCAL assessment results (one result per model). */
export async function oscalExport(
  ctx: RegistryContext,
  ledger: Ledger,
  options: {
    model?: string;
    framework?: string;
    within?: readonly string[];
    actor?: Actor;
    verityVersion?: string;
  },
): Promise<object> {
  const postures =
    options.model === undefined
      ? await allPostures(ctx, options.within === undefined ? {} : { within: options.within })
      : [(await modelPosture(ctx, options.model)).posture];
  const head = await ledger.head();
  const meta: ReportMeta = {
    generatedAt: ctx.clock.now().toISOString(),
    generatedBy: options.actor?.name ?? 'verity',
    verityVersion: options.verityVersion ?? 'unknown',
    ledger: { origin: ledger.origin, size: head.size, rootHash: head.rootHash },
  };
  return oscalAssessmentResults(
    postures,
    meta,
    options.framework === undefined ? {} : { frameworkId: options.framework },
  );
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/**
 * The compliance KPIs: audit cycle time (the last full model report's production time), share
 * of checks automated and passing, MTTD and MTTR from incidents, approval and deployment lead
 * times (medians, minutes).
 */
export async function complianceKpis(
  ctx: RegistryContext,
  options: { within?: readonly string[] } = {},
): Promise<ComplianceKpis> {
  const posture = await organisationPostureOf(ctx, options);
  const report = await ctx.db
    .selectFrom('compliance_reports')
    .select(['duration_ms', 'created_at'])
    .where('kind', '=', 'model')
    .orderBy('created_at', 'desc')
    .executeTakeFirst();
  const incidents = await incidentKpisOf(ctx.db);
  const promotions = await ctx.db
    .selectFrom('promotions')
    .select(['requested_at', 'approved_at'])
    .where('approved_at', 'is not', null)
    .execute();
  const top = await ctx.db
    .selectFrom('environments')
    .select('name')
    .orderBy('rank', 'desc')
    .executeTakeFirst();
  const leads =
    top === undefined
      ? []
      : await ctx.db
          .selectFrom('deployments as d')
          .innerJoin('model_versions as v', 'v.id', 'd.version_id')
          .select(['v.created_at', (eb) => eb.fn.min('d.deployed_at').as('first')])
          .where('d.environment', '=', top.name)
          .where('d.kind', '=', 'deploy')
          .groupBy(['v.id', 'v.created_at'])
          .execute();
  const minutes = (from: Date, to: Date) => (to.getTime() - from.getTime()) / 60_000;
  return {
    auditCycleMs: report?.duration_ms ?? null,
    auditCycleAt: report === undefined ? null : iso(report.created_at),
    shareAutomated: posture.summary.shareAutomated,
    sharePassing: posture.summary.sharePassing,
    mttdMinutes: incidents.overall.timeToDetect.mean,
    mttrMinutes: incidents.overall.timeToResolve.mean,
    approvalLeadMinutes: median(
      promotions.map((p) => minutes(p.requested_at, p.approved_at as Date)),
    ),
    deploymentLeadMinutes: median(
      leads.map((l) => minutes(l.created_at, new Date(l.first as unknown as string))),
    ),
    openGaps: posture.summary.gap,
  };
}

/** Prometheus text exposition (version 0.0.4) of the compliance and audit-log figures. */
export async function metricsText(ctx: RegistryContext, ledger: Ledger): Promise<string> {
  const k = await complianceKpis(ctx);
  const head = await ledger.head();
  const models = await ctx.db
    .selectFrom('models')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirst();
  const openIncidents = await ctx.db
    .selectFrom('incidents')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('status', 'not in', ['resolved', 'closed'])
    .where('drill', '=', false)
    .executeTakeFirst();
  const lines: string[] = [];
  const gauge = (name: string, help: string, value: number | null) => {
    lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} gauge`);
    if (value !== null && Number.isFinite(value)) lines.push(`${name} ${value}`);
  };
  gauge('verity_models', 'Models in the registry.', Number(models?.n ?? 0));
  gauge('verity_ledger_entries', 'Entries in the audit log.', head.size);
  gauge(
    'verity_incidents_open',
    'Open incidents (drills excluded).',
    Number(openIncidents?.n ?? 0),
  );
  gauge(
    'verity_compliance_checks_automated_ratio',
    'Share of applicable checks decided automatically.',
    k.shareAutomated,
  );
  gauge(
    'verity_compliance_checks_passing_ratio',
    'Share of applicable checks met.',
    k.sharePassing,
  );
  gauge('verity_compliance_open_gaps', 'Sub-control gaps across all models.', k.openGaps);
  gauge(
    'verity_compliance_audit_cycle_seconds',
    'Time to produce the last full model report.',
    k.auditCycleMs === null ? null : k.auditCycleMs / 1000,
  );
  gauge('verity_incident_mttd_minutes', 'Mean time to detect (onset to detection).', k.mttdMinutes);
  gauge(
    'verity_incident_mttr_minutes',
    'Mean time to resolve (opened to resolved).',
    k.mttrMinutes,
  );
  gauge(
    'verity_approval_lead_minutes',
    'Median promotion request to approval.',
    k.approvalLeadMinutes,
  );
  gauge(
    'verity_deployment_lead_minutes',
    'Median version registration to first production deployment.',
    k.deploymentLeadMinutes,
  );
  return `${lines.join('\n')}\n`;
}

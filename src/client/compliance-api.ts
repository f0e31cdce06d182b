import type { z } from 'zod';
import type {
  ANNEX_III_POINTS,
  AssessmentKind,
  AssessmentTemplate,
  AssessmentView,
  attestationInputSchema,
  AttestationView,
  ComplianceKpis,
  ComplianceSettings,
  Control,
  DEROGATION_CONDITIONS,
  EuAiActQuestion,
  EuAiActSection,
  Framework,
  FrameworkVersionView,
  ModelPosture,
  OrganisationPosture,
  PostureDiff,
  ReportFormat,
  RiskInput,
  riskPatchSchema,
  RiskView,
  ScopeInput,
  ScopeView,
  SettingsView,
} from '../compliance/index.js';
import { qs, seg, type HttpTransport } from './http-transport.js';

export type {
  AssessmentKind,
  AssessmentTemplate,
  AssessmentView,
  AttestationView as ComplianceAttestationView,
  ComplianceKpis,
  ComplianceSettings,
  FrameworkVersionView,
  ModelPosture,
  OrganisationPosture,
  PostureDiff,
  ReportFormat,
  RiskInput,
  RiskView,
  ScopeInput,
  ScopeView,
  SettingsView,
};

export type RiskPatch = z.input<typeof riskPatchSchema>;
export type AttestationInput = z.input<typeof attestationInputSchema>;

/** The catalogue as of a date: its controls, and the frameworks in it (without requirements). */
export interface CatalogueSummary {
  version: string;
  asOf: string;
  controls: Control[];
  frameworks: {
    id: string;
    name: string;
    version: string;
    kind: Framework['kind'];
    voluntary: boolean;
    status: Framework['status'];
    requirements: number;
  }[];
}

export interface EuAiActQuestionnaireView {
  version: string;
  sections: EuAiActSection[];
  questions: EuAiActQuestion[];
  annexIIIPoints: typeof ANNEX_III_POINTS;
  derogationConditions: typeof DEROGATION_CONDITIONS;
}

export type ReportRequest =
  | { kind: 'model'; model: string; version?: string; asOf?: string; format: ReportFormat }
  | { kind: 'framework'; framework: string; asOf?: string; format: ReportFormat }
  | { kind: 'organisation'; asOf?: string; format: ReportFormat };

/** A produced report: the document's bytes and what the server said about it. */
export interface ReportDocument {
  body: Buffer;
  contentType: string;
  filename: string;
  /** `sha256:<hex>` of the body, as ledgered. */
  digest: string;
  /** The production time, as ledgered (the audit-cycle KPI). */
  durationMs: number;
}

/**
 * The compliance module (server side: src/server/routes/compliance.ts): catalogue, scope and
 * EU AI Act classification, risks, impact assessments, attestations, posture, reports, OSCAL,
 * evidence bundles, KPIs. Reached as `client.compliance`.
 */
export class ComplianceApi {
  constructor(private readonly http: HttpTransport) {}

  private model(model: string, rest: string): string {
    return `/models/${seg(model)}${rest}`;
  }

  // ---- catalogue, frameworks, settings ----
  catalogue(options: { asOf?: string } = {}): Promise<CatalogueSummary> {
    return this.http.json('GET', `/compliance/catalogue${qs(options)}`);
  }
  async frameworks(): Promise<FrameworkVersionView[]> {
    return (
      await this.http.json<{ items: FrameworkVersionView[] }>('GET', '/compliance/frameworks')
    ).items;
  }
  framework(
    id: string,
    options: { version?: string } = {},
  ): Promise<Framework & { origin: string; publishedAt: string }> {
    return this.http.json('GET', `/compliance/frameworks/${seg(id)}${qs(options)}`);
  }
  importFramework(source: string, format: 'yaml' | 'json'): Promise<FrameworkVersionView> {
    return this.http.json('POST', '/compliance/frameworks', { source, format });
  }
  settings(): Promise<SettingsView> {
    return this.http.json('GET', '/compliance/settings');
  }
  /** Changes the given settings; the others keep their values. */
  putSettings(changes: Partial<ComplianceSettings>): Promise<SettingsView> {
    return this.http.json('PUT', '/compliance/settings', changes);
  }

  // ---- questionnaires ----
  euAiActQuestionnaire(): Promise<EuAiActQuestionnaireView> {
    return this.http.json('GET', '/compliance/questionnaires/eu-ai-act');
  }
  assessmentTemplate(kind: AssessmentKind): Promise<AssessmentTemplate> {
    return this.http.json('GET', `/compliance/assessment-templates/${seg(kind)}`);
  }

  // ---- scope ----
  /** The current scope, or null before one is recorded. */
  scope(model: string): Promise<ScopeView | null> {
    return this.http.json('GET', this.model(model, '/compliance/scope'));
  }
  setScope(model: string, input: ScopeInput): Promise<ScopeView> {
    return this.http.json('PUT', this.model(model, '/compliance/scope'), input);
  }
  async scopeHistory(model: string): Promise<ScopeView[]> {
    return (
      await this.http.json<{ items: ScopeView[] }>(
        'GET',
        this.model(model, '/compliance/scope/history'),
      )
    ).items;
  }

  // ---- risk register ----
  async risks(model: string): Promise<RiskView[]> {
    return (await this.http.json<{ items: RiskView[] }>('GET', this.model(model, '/risks'))).items;
  }
  risk(model: string, id: string): Promise<RiskView> {
    return this.http.json('GET', this.model(model, `/risks/${seg(id)}`));
  }
  addRisk(model: string, input: RiskInput): Promise<RiskView> {
    return this.http.json('POST', this.model(model, '/risks'), input);
  }
  updateRisk(model: string, id: string, patch: RiskPatch): Promise<RiskView> {
    return this.http.json('PATCH', this.model(model, `/risks/${seg(id)}`), patch);
  }
  acceptRisk(model: string, id: string, justification: string): Promise<RiskView> {
    return this.http.json('POST', this.model(model, `/risks/${seg(id)}/accept`), {
      justification,
    });
  }

  // ---- impact assessments ----
  async assessments(model: string): Promise<AssessmentView[]> {
    return (
      await this.http.json<{ items: AssessmentView[] }>('GET', this.model(model, '/assessments'))
    ).items;
  }
  assessment(model: string, id: string): Promise<AssessmentView> {
    return this.http.json('GET', this.model(model, `/assessments/${seg(id)}`));
  }
  startAssessment(model: string, kind: AssessmentKind): Promise<AssessmentView> {
    return this.http.json('POST', this.model(model, '/assessments'), { kind });
  }
  /** Saves answers; merged into the current ones unless `merge` is false. */
  saveAnswers(
    model: string,
    id: string,
    answers: Record<string, unknown>,
    options: { merge?: boolean } = {},
  ): Promise<AssessmentView> {
    return this.http.json('PUT', this.model(model, `/assessments/${seg(id)}/answers`), {
      answers,
      ...options,
    });
  }
  submitAssessment(model: string, id: string): Promise<AssessmentView> {
    return this.http.json(
      'POST',
      this.model(model, `/assessments/${seg(id)}/submit`),
      undefined,
      true,
    );
  }
  decideAssessment(
    model: string,
    id: string,
    decision: 'approve' | 'reject',
    reason: string,
  ): Promise<AssessmentView> {
    return this.http.json('POST', this.model(model, `/assessments/${seg(id)}/decision`), {
      decision,
      reason,
    });
  }

  // ---- attestations ----
  async attestations(
    filter: { model?: string; subControl?: string } = {},
  ): Promise<AttestationView[]> {
    return (
      await this.http.json<{ items: AttestationView[] }>(
        'GET',
        `/compliance/attestations${qs(filter)}`,
      )
    ).items;
  }
  attest(input: AttestationInput): Promise<AttestationView> {
    return this.http.json('POST', '/compliance/attestations', input);
  }

  // ---- posture ----
  posture(model: string, options: { version?: string; asOf?: string } = {}): Promise<ModelPosture> {
    return this.http.json('GET', this.model(model, `/compliance/posture${qs(options)}`));
  }
  organisationPosture(options: { asOf?: string } = {}): Promise<OrganisationPosture> {
    return this.http.json('GET', `/compliance/posture${qs(options)}`);
  }
  /** Records every model's posture now where it changed since its last snapshot. */
  snapshot(): Promise<{ models: number; recorded: number }> {
    return this.http.json('POST', '/compliance/posture/snapshots', undefined, true);
  }
  diff(
    model: string,
    options: { by: 'version' | 'date'; from: string; to: string },
  ): Promise<PostureDiff> {
    return this.http.json('GET', this.model(model, `/compliance/diff${qs(options)}`));
  }

  // ---- reports and exports ----
  /** Produces a report; the answer carries the document and its ledgered digest and time. */
  async report(request: ReportRequest): Promise<ReportDocument> {
    const response = await this.http.send('POST', '/compliance/reports', { body: request });
    return {
      body: Buffer.from(await response.arrayBuffer()),
      contentType: response.headers.get('content-type') ?? 'application/octet-stream',
      filename: filenameOf(response, 'verity-report'),
      digest: response.headers.get('x-verity-report-digest') ?? '',
      durationMs: Number(response.headers.get('x-verity-report-duration-ms') ?? Number.NaN),
    };
  }
  oscal(options: { model?: string; framework?: string } = {}): Promise<Record<string, unknown>> {
    return this.http.json('GET', `/compliance/oscal${qs(options)}`);
  }
  /** The evidence bundle, byte for byte as served (canonical JSON: do not re-serialise it). */
  async bundle(
    model: string,
    options: { version?: string } = {},
  ): Promise<{ text: string; filename: string }> {
    const response = await this.http.raw(
      'GET',
      this.model(model, `/compliance/bundle${qs(options)}`),
    );
    return { text: await response.text(), filename: filenameOf(response, 'verity-bundle.json') };
  }
  kpis(): Promise<ComplianceKpis> {
    return this.http.json('GET', '/compliance/kpis');
  }
  /** The Prometheus text exposition served at the server root (`/metrics`). */
  async metrics(): Promise<string> {
    const response = await this.http.send('GET', '/metrics', { prefix: '' });
    return response.text();
  }
}

function filenameOf(response: Response, fallback: string): string {
  const disposition = response.headers.get('content-disposition') ?? '';
  return /filename="([^"]+)"/.exec(disposition)?.[1] ?? fallback;
}

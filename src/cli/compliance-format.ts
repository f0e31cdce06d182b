import type {
  AssessmentTemplate,
  AssessmentView,
  CatalogueSummary,
  ComplianceAttestationView,
  ComplianceKpis,
  EuAiActQuestionnaireView,
  FrameworkVersionView,
  ModelPosture,
  OrganisationPosture,
  PostureDiff,
  RiskView,
  ScopeView,
  SettingsView,
} from '../client/index.js';
import type { BundleReport } from '../compliance/index.js';
import { fields, formatTime, table } from './output.js';

type Status = 'met' | 'partial' | 'gap' | 'not-applicable';

/** Gaps in capitals so they stand out in a column of `met`. */
export function statusText(status: Status | 'absent'): string {
  if (status === 'gap') return 'GAP';
  if (status === 'not-applicable') return 'n/a';
  return status;
}

/** `name` in the default namespace, else `namespace/name`, as references are written. */
const refOf = (m: { namespace: string; name: string }) =>
  m.namespace === 'default' ? m.name : `${m.namespace}/${m.name}`;
const percent = (share: number | null) => (share === null ? '-' : `${Math.round(share * 100)}%`);
const orDash = (value: string | number | null | undefined) =>
  value === null || value === undefined || value === '' ? '-' : String(value);

export function catalogueText(c: CatalogueSummary): string {
  return [
    `control catalogue ${c.version} as of ${formatTime(c.asOf)}`,
    '',
    table(
      ['control', 'title', 'automated', 'attested'],
      c.controls.map((control) => [
        control.id,
        control.title,
        String(control.subControls.filter((s) => s.kind === 'automated').length),
        String(control.subControls.filter((s) => s.kind === 'attested').length),
      ]),
    ),
    '',
    table(
      ['framework', 'version', 'kind', 'status', 'requirements', 'name'],
      c.frameworks.map((f) => [
        f.id,
        f.version,
        f.voluntary && f.kind !== 'voluntary' ? `${f.kind} (voluntary)` : f.kind,
        f.status,
        String(f.requirements),
        f.name,
      ]),
    ),
  ].join('\n');
}

export function frameworksTable(items: readonly FrameworkVersionView[]): string {
  return table(
    ['framework', 'version', 'origin', 'status', 'requirements', 'published', 'name'],
    items.map((f) => [
      f.id,
      f.version,
      f.origin,
      f.status,
      String(f.requirements),
      formatTime(f.publishedAt),
      f.name,
    ]),
  );
}

export function frameworkText(f: {
  id: string;
  name: string;
  version: string;
  kind: string;
  status: string;
  voluntary: boolean;
  publisher: string;
  origin: string;
  description: string;
  requirements: readonly {
    id: string;
    title: string;
    controls: readonly string[];
    status: string;
    tag: string;
  }[];
}): string {
  return [
    fields([
      ['framework', `${f.id} ${f.version}: ${f.name}`],
      ['kind', f.voluntary ? `${f.kind} (voluntary: applies where adopted)` : f.kind],
      ['status', f.status],
      ['publisher', f.publisher],
      ['origin', f.origin],
    ]),
    '',
    f.description,
    '',
    table(
      ['requirement', 'status', 'tag', 'controls', 'title'],
      f.requirements.map((r) => [
        r.id,
        r.status,
        r.tag,
        r.controls.join(',') || '(uncovered)',
        r.title,
      ]),
    ),
  ].join('\n');
}

export function settingsText(s: SettingsView): string {
  const basis = (key: string) => (s.basis[key] === undefined ? '' : `  (${s.basis[key]})`);
  return fields([
    ['logRetentionDays', `${s.logRetentionDays}${basis('logRetentionDays')}`],
    [
      'documentationRetentionYears',
      `${s.documentationRetentionYears}${basis('documentationRetentionYears')}`,
    ],
    [
      'hipaaDocumentationRetentionYears',
      `${s.hipaaDocumentationRetentionYears}${basis('hipaaDocumentationRetentionYears')}`,
    ],
    ['adoptedFrameworks', `${s.adoptedFrameworks.join(', ') || '-'}${basis('adoptedFrameworks')}`],
    [
      'updated',
      s.updatedAt === null ? 'never (defaults)' : `${formatTime(s.updatedAt)} by ${s.updatedBy}`,
    ],
  ]);
}

/** The EU AI Act tier with its reasoning, one step per line. */
export function classificationText(scope: ScopeView): string {
  const c = scope.euClassification;
  if (c === null)
    return 'EU AI Act  not classified (answer the questionnaire: `compliance classify`)';
  return [
    fields([
      ['EU AI Act tier', c.tier.toUpperCase()],
      ['Annex III point', orDash(c.annexIIIPoint)],
      ['transparency', c.transparencyDuties.join('; ') || '-'],
      ['questionnaire', c.questionnaireVersion],
    ]),
    '',
    ...c.reasoning.map((step, i) => `${i + 1}. ${step}`),
  ].join('\n');
}

export function scopeText(scope: ScopeView | null, model: string): string {
  if (scope === null) return `${model} has no recorded scope (set one: \`compliance scope set\`).`;
  return [
    fields([
      ['model', scope.model],
      ['revision', `${scope.revision}, ${formatTime(scope.recordedAt)} by ${scope.recordedBy}`],
      ['jurisdictions', scope.jurisdictions.join(', ')],
      ['sectors', scope.sectors.join(', ')],
      ['area', scope.area],
      ['flags', scope.flags.join(', ') || '-'],
    ]),
    '',
    classificationText(scope),
  ].join('\n');
}

export function scopeHistoryTable(items: readonly ScopeView[]): string {
  return table(
    ['revision', 'recorded', 'by', 'jurisdictions', 'sectors', 'area', 'EU tier'],
    items.map((s) => [
      String(s.revision),
      formatTime(s.recordedAt),
      s.recordedBy,
      s.jurisdictions.join(','),
      s.sectors.join(','),
      s.area,
      s.euClassification?.tier ?? '-',
    ]),
  );
}

export function risksTable(items: readonly RiskView[]): string {
  return table(
    ['id', 'category', 'score', 'level', 'residual', 'status', 'owner', 'review', 'title'],
    items.map((r) => [
      r.id,
      r.category,
      `${r.likelihood}×${r.impact}=${r.score}`,
      r.level,
      r.residualScore === null ? '-' : `${r.residualScore} ${r.residualLevel ?? ''}`,
      r.status,
      r.owner,
      orDash(r.reviewDue),
      r.title,
    ]),
  );
}

export function riskText(r: RiskView): string {
  const out = [
    fields([
      ['risk', `${r.id}: ${r.title}`],
      ['model', r.model],
      ['category', r.category],
      ['inherent', `likelihood ${r.likelihood} × impact ${r.impact} = ${r.score} (${r.level})`],
      [
        'residual',
        r.residualScore === null
          ? '-'
          : `likelihood ${r.residualLikelihood} × impact ${r.residualImpact} = ${r.residualScore} (${r.residualLevel})`,
      ],
      ['owner', r.owner],
      ['status', r.status],
      ['review due', orDash(r.reviewDue)],
      [
        'accepted',
        r.acceptedBy === null
          ? 'no'
          : `${formatTime(r.acceptedAt)} by ${r.acceptedBy}: ${r.acceptance ?? ''}`,
      ],
    ]),
  ];
  if (r.description !== '') out.push('', r.description);
  if (r.mitigations.length > 0) {
    out.push(
      '',
      table(
        ['mitigation', 'status', 'controls'],
        r.mitigations.map((m) => [m.description, m.status, m.controls.join(',') || '-']),
      ),
    );
  }
  return out.join('\n');
}

export function assessmentsTable(items: readonly AssessmentView[]): string {
  return table(
    ['id', 'kind', 'status', 'answered', 'missing', 'author', 'decided', 'updated'],
    items.map((a) => [
      a.id,
      a.kind,
      a.status,
      `${a.answered}`,
      String(a.missing.length),
      a.authoredBy,
      a.decidedBy === null ? '-' : `${a.decidedBy} ${formatTime(a.decidedAt)}`,
      formatTime(a.updatedAt),
    ]),
  );
}

export function assessmentText(a: AssessmentView, template?: AssessmentTemplate): string {
  const out = [
    fields([
      ['assessment', `${a.id}: ${a.title}`],
      ['model', a.model],
      ['kind', `${a.kind} (template ${a.templateVersion})`],
      ['status', `${a.status}, revision ${a.revision}`],
      ['answered', `${a.answered}; ${a.missing.length} of ${a.required} required still missing`],
      ['author', a.authoredBy],
      [
        'decision',
        a.decidedBy === null
          ? '-'
          : `${a.status} by ${a.decidedBy} ${formatTime(a.decidedAt)}: ${a.decisionReason ?? ''}`,
      ],
    ]),
  ];
  if (a.missing.length > 0) out.push('', `missing: ${a.missing.join(', ')}`);
  if (template !== undefined) {
    for (const section of template.sections) {
      out.push('', `## ${section.title}`);
      for (const q of section.questions) {
        const answer = a.answers[q.id];
        const text = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));
        const shown =
          answer === undefined
            ? '(unanswered)'
            : Array.isArray(answer)
              ? answer.map(text).join(', ')
              : text(answer);
        out.push(`${q.required ? '*' : ' '} ${q.id}: ${shown}`);
      }
    }
  }
  return out.join('\n');
}

export function templateText(t: AssessmentTemplate): string {
  const out = [`${t.title} (${t.kind}, version ${t.version}); * = required`];
  for (const section of t.sections) {
    out.push(
      '',
      `## ${section.title}${section.citation === undefined ? '' : ` (${section.citation})`}`,
    );
    for (const q of section.questions) {
      const options = q.options === undefined ? '' : ` [${q.options.join('|')}]`;
      out.push(`${q.required ? '*' : ' '} ${q.id} (${q.type}${options}): ${q.text}`);
    }
  }
  return out.join('\n');
}

export function questionnaireText(q: EuAiActQuestionnaireView): string {
  const out = [`EU AI Act classification questionnaire ${q.version}`];
  for (const section of q.sections) {
    out.push('', `## ${section}`);
    for (const question of q.questions.filter((x) => x.section === section)) {
      const options = question.options === undefined ? '' : ` [${question.options.join('|')}]`;
      out.push(
        `${question.id} (${question.type}${options}, ${question.citation}): ${question.text}`,
      );
    }
  }
  return out.join('\n');
}

export function attestationsTable(items: readonly ComplianceAttestationView[]): string {
  return table(
    ['sub-control', 'model', 'held', 'valid until', 'by', 'statement'],
    items.map((a) => [
      a.subControl,
      a.model ?? '(organisation)',
      formatTime(a.attestedAt),
      formatTime(a.validUntil),
      a.attestedBy,
      a.statement,
    ]),
  );
}

/**
 * A model's posture for people: one line per control, then the detail and the next step of
 * every sub-control that is not met, then the frameworks that apply.
 */
export function postureText(p: ModelPosture): string {
  const version = p.version === null ? 'no version' : `${p.version.label} (${p.versionBasis})`;
  const s = p.summary;
  const out = [
    fields([
      ['model', `${refOf(p.model)} @ ${version}`],
      ['as of', `${formatTime(p.asOf)} (catalogue ${p.catalogueVersion})`],
      [
        'EU AI Act',
        p.scope?.euClassification?.tier ??
          (p.scope === null ? 'no scope recorded' : 'not classified'),
      ],
      [
        'sub-controls',
        `${s.met} met, ${s.partial} partial, ${s.gap} gap of ${s.applicable} applicable (${percent(s.sharePassing)} passing, ${percent(s.shareAutomated)} automated)`,
      ],
    ]),
    '',
    table(
      ['control', 'status', 'met', 'title'],
      p.controls.map((c) => {
        const applicable = c.subControls.filter((x) => x.status !== 'not-applicable');
        return [
          c.id,
          statusText(c.status),
          `${applicable.filter((x) => x.status === 'met').length}/${applicable.length}`,
          c.title,
        ];
      }),
    ),
  ];
  const shortfalls = p.controls
    .flatMap((c) => c.subControls)
    .filter((x) => x.status === 'gap' || x.status === 'partial');
  if (shortfalls.length > 0) {
    out.push('', 'gaps and partials:');
    for (const x of shortfalls) {
      out.push(`  ${x.id} ${statusText(x.status)} ${x.title} (${x.kind})`);
      out.push(`      why:  ${x.detail}`);
      out.push(`      next: ${x.remedy}`);
    }
  }
  const applying = p.frameworks.filter((f) => f.applies);
  if (applying.length > 0) {
    out.push(
      '',
      table(
        ['framework', 'version', 'status', 'met', 'partial', 'gap'],
        applying.map((f) => [
          f.id,
          f.version,
          statusText(f.status),
          String(f.counts.met),
          String(f.counts.partial),
          String(f.counts.gap),
        ]),
      ),
    );
  }
  return out.join('\n');
}

/** The organisation's posture: a model × control grid, then control effectiveness. */
export function organisationPostureText(o: OrganisationPosture): string {
  const ids = o.controls.map((c) => c.id);
  const s = o.summary;
  const out = [
    fields([
      ['as of', `${formatTime(o.asOf)} (catalogue ${o.catalogueVersion})`],
      ['models', String(o.models.length)],
      [
        'sub-controls',
        `${s.met} met, ${s.partial} partial, ${s.gap} gap of ${s.applicable} applicable (${percent(s.sharePassing)} passing, ${percent(s.shareAutomated)} automated)`,
      ],
    ]),
  ];
  if (o.models.length === 0) return [...out, '', 'No models.'].join('\n');
  out.push(
    '',
    table(
      ['model', 'version', ...ids, 'passing'],
      o.models.map((m) => [
        refOf(m),
        m.version ?? '-',
        ...ids.map((id) => statusText(m.controls[id])),
        percent(m.summary.sharePassing),
      ]),
    ),
    '',
    table(
      ['control', 'effectiveness', 'met', 'partial', 'gap', 'title'],
      o.controls.map((c) => [
        c.id,
        percent(c.effectiveness),
        String(c.counts.met),
        String(c.counts.partial),
        String(c.counts.gap),
        c.title,
      ]),
    ),
  );
  return out.join('\n');
}

export function postureDiffText(d: PostureDiff): string {
  const side = (x: PostureDiff['from']) =>
    `${x.label}${x.version === null ? '' : ` (version ${x.version})`}`;
  const out = [`${side(d.from)} → ${side(d.to)}: ${d.improved} improved, ${d.regressed} regressed`];
  if (d.changes.length === 0) return [...out, 'No changes.'].join('\n');
  out.push(
    '',
    table(
      ['item', 'kind', 'from', 'to', 'title', 'detail'],
      d.changes.map((c) => [
        c.item,
        c.kind,
        statusText(c.from),
        statusText(c.to),
        c.title,
        c.detail,
      ]),
    ),
  );
  return out.join('\n');
}

export function kpisText(k: ComplianceKpis): string {
  const minutes = (m: number | null) => (m === null ? '-' : `${m.toFixed(0)} min`);
  return fields([
    [
      'audit cycle',
      k.auditCycleMs === null
        ? '- (no model report yet)'
        : `${(k.auditCycleMs / 1000).toFixed(1)} s (last model report, ${formatTime(k.auditCycleAt)})`,
    ],
    ['checks automated', percent(k.shareAutomated)],
    ['checks passing', percent(k.sharePassing)],
    ['open gaps', String(k.openGaps)],
    ['MTTD', minutes(k.mttdMinutes)],
    ['MTTR', minutes(k.mttrMinutes)],
    ['approval lead', minutes(k.approvalLeadMinutes)],
    ['deployment lead', minutes(k.deploymentLeadMinutes)],
  ]);
}

const SHOWN_PROBLEMS = 20;

/** The summary of `audit verify-bundle` for a compliance bundle. */
export function complianceBundleReportText(report: BundleReport, file: string): string {
  const subject = report.subject;
  const lines = [
    fields([
      ['bundle', `${file} (compliance bundle)`],
      [
        'subject',
        subject === null
          ? '-'
          : `${subject.model}${subject.version === null ? '' : `@${subject.version}`} (${subject.modelId})`,
      ],
      [
        'checkpoint',
        report.checkpointSize === null ? '-' : `size ${report.checkpointSize}, signature verified`,
      ],
      ['files', `${report.files} in the manifest`],
      ['entries', `${report.entriesVerified} verified`],
    ]),
    '',
  ];
  if (report.ok) {
    lines.push(
      'OK: every file matches the manifest the export entry logged, and every entry is in the signed log, unchanged',
    );
  } else {
    lines.push('FAILED: the compliance bundle does not verify');
    for (const problem of report.problems.slice(0, SHOWN_PROBLEMS)) {
      lines.push(
        `  ${problem.code}${problem.index === undefined || problem.index === null ? '' : ` at ${problem.index}`}: ${problem.message}`,
      );
    }
    if (report.problems.length > SHOWN_PROBLEMS) {
      lines.push(`  ... and ${report.problems.length - SHOWN_PROBLEMS} more (see --json)`);
    }
  }
  return lines.join('\n');
}

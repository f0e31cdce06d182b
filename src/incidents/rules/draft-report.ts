/**
 * First drafts of regulatory reports: each field the authority asks for, prefilled from what the
 * incident record already knows, and the list of what a person still has to write.
 */
import type { Issue } from '../../lib/index.js';
import type { ClockRule, PrefillSource } from './regulatory-clocks.js';
import { isIncidentType, isSeverity } from './severity.js';
import type { IncidentType, Severity } from './severity.js';
import { readInstant, throwIfIssues } from './time.js';
import type { Instant } from './time.js';

/** A model version involved in the incident. */
export interface IncidentModel {
  model: string;
  version?: string;
  environment?: string;
}

/** What the incident record knows when a report is drafted. */
export interface IncidentFacts {
  incidentKey: string;
  title: string;
  summary: string;
  type: IncidentType;
  severity: Severity;
  /** Awareness (or, for discovery-based rules, discovery) time: the clock start. */
  awareAt: Instant;
  /** When the incident began, if known. */
  onsetAt?: Instant | null;
  models: readonly IncidentModel[];
  /** Corrective actions taken or planned, one sentence each. */
  actions: readonly string[];
}

export interface DraftField {
  name: string;
  label: string;
  required: boolean;
  /** Prefilled text, or null when only a person can answer. */
  value: string | null;
}

export interface DraftReport {
  ruleId: string;
  /** In the rule's order. */
  fields: DraftField[];
  /** Names of every field still null (required or not), in form order. */
  missing: string[];
}

/**
 * The rule's report with what `facts` can answer filled in: the incident key, title and summary
 * as the description, awareness and onset times (ISO 8601, UTC), the models as
 * `name@version (environment)`, actions one per line. `type` and `severity` are validated but not
 * copied: authorities classify by their own criteria (e.g. Art 3(49)), not by ours.
 */
export function draftReport(rule: ClockRule, facts: IncidentFacts): DraftReport {
  const issues: Issue[] = [];
  const text = (value: unknown, path: string) => {
    if (typeof value !== 'string' || value.trim() === '') {
      issues.push({
        code: 'required',
        path: [path],
        message: `${path} must be a non-empty string`,
      });
    }
  };
  text(facts.incidentKey, 'incidentKey');
  text(facts.title, 'title');
  if (typeof facts.summary !== 'string') {
    issues.push({ code: 'invalid_type', path: ['summary'], message: 'summary must be a string' });
  }
  if (!isIncidentType(facts.type)) {
    issues.push({
      code: 'unknown_type',
      path: ['type'],
      message: `type: '${String(facts.type)}' is not an incident type`,
    });
  }
  if (!isSeverity(facts.severity)) {
    issues.push({
      code: 'unknown_severity',
      path: ['severity'],
      message: `severity: '${String(facts.severity)}' is not a severity`,
    });
  }
  const aware = readInstant(facts.awareAt, ['awareAt'], issues);
  const onset =
    facts.onsetAt === undefined || facts.onsetAt === null
      ? null
      : readInstant(facts.onsetAt, ['onsetAt'], issues);
  if (aware !== null && onset !== null && onset > aware) {
    issues.push({
      code: 'onset_after_awareness',
      path: ['onsetAt'],
      message: 'onsetAt is after awareAt: an incident cannot be known before it begins',
    });
  }
  const models: unknown = facts.models;
  if (!Array.isArray(models)) {
    issues.push({ code: 'invalid_type', path: ['models'], message: 'models must be an array' });
  } else {
    (models as unknown[]).forEach((m, i) => {
      const name: unknown = (m as Partial<IncidentModel> | null)?.model;
      if (typeof name !== 'string' || name.trim() === '') {
        issues.push({
          code: 'required',
          path: ['models', i, 'model'],
          message: `models.${i}.model must be a non-empty string`,
        });
      }
    });
  }
  if (!Array.isArray(facts.actions) || facts.actions.some((a) => typeof a !== 'string')) {
    issues.push({
      code: 'invalid_type',
      path: ['actions'],
      message: 'actions must be an array of strings',
    });
  }
  throwIfIssues('cannot draft the report', issues);

  const known: Record<PrefillSource, string | null> = {
    reference: facts.incidentKey.trim(),
    description: describe(facts.title, facts.summary),
    awareAt: aware === null ? null : new Date(aware).toISOString(),
    onsetAt: onset === null ? null : new Date(onset).toISOString(),
    models: nonEmpty(facts.models.map(formatModel).join(', ')),
    actions: nonEmpty(
      facts.actions
        .map((a) => a.trim())
        .filter((a) => a !== '')
        .map((a) => `- ${a}`)
        .join('\n'),
    ),
  };
  const fields = rule.reportFields.map((f): DraftField => ({
    name: f.name,
    label: f.label,
    required: f.required,
    value: f.prefill === undefined ? null : known[f.prefill],
  }));
  return {
    ruleId: rule.id,
    fields,
    missing: fields.filter((f) => f.value === null).map((f) => f.name),
  };
}

function describe(title: string, summary: string): string {
  const body = summary.trim();
  return body === '' ? title.trim() : `${title.trim()}\n\n${body}`;
}

function formatModel(m: IncidentModel): string {
  const version = m.version === undefined || m.version === '' ? '' : `@${m.version}`;
  const environment =
    m.environment === undefined || m.environment === '' ? '' : ` (${m.environment})`;
  return `${m.model.trim()}${version}${environment}`;
}

function nonEmpty(value: string): string | null {
  return value === '' ? null : value;
}

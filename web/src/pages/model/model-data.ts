import type {
  Deployment,
  GateDecision,
  Me,
  Model,
  ModelSignature,
  ModelVersion,
  Run,
  SigningKey,
} from '../../../../src/client/index.js';

/*
 * Pure data shaping for the model version page: no React, no DOM, so it is unit-tested
 * (test/web/model-data.test.ts).
 */

/** Whether the user holds a permission in a namespace (bound there or globally). */
export function holdsIn(me: Me, permission: string, namespace: string): boolean {
  const where = me.permissions[permission];
  return where !== undefined && (where.includes('*') || where.includes(namespace));
}

/** The roles the user holds in a namespace, narrowed by a token's scopes (as the server counts a quorum). */
export function heldRoles(me: Me, namespace: string): string[] {
  const applies = (ns: string) => ns === '*' || ns === namespace;
  const own = me.bindings.filter((b) => applies(b.namespace)).map((b) => b.role);
  const scopes = me.tokenScopes;
  const kept =
    scopes === null || scopes.length === 0
      ? own
      : own.filter((r) => scopes.some((s) => s.role === r && applies(s.namespace)));
  return [...new Set(kept)].sort();
}

// ---- versions ---------------------------------------------------------------------------------

export interface VersionOption {
  label: string;
  seq: number;
  aliases: string[];
  latest: boolean;
}

/** Every version for the switcher, newest first, with the aliases pointing at it. */
export function versionOptions(
  versions: Pick<ModelVersion, 'label' | 'seq'>[],
  model: Pick<Model, 'aliases' | 'latestVersion'>,
): VersionOption[] {
  return [...versions]
    .sort((a, b) => b.seq - a.seq)
    .map((v) => ({
      label: v.label,
      seq: v.seq,
      aliases: Object.entries(model.aliases)
        .filter(([, seq]) => seq === v.seq)
        .map(([alias]) => alias)
        .sort(),
      latest: model.latestVersion?.seq === v.seq,
    }));
}

/** `1.1.0 (champion, latest)` */
export function optionText(option: VersionOption): string {
  const notes = [...option.aliases, ...(option.latest ? ['latest'] : [])];
  return notes.length === 0 ? option.label : `${option.label} (${notes.join(', ')})`;
}

export interface Serving {
  environment: string;
  label: string;
  versionId: string;
  deployedAt: string;
  actor: string;
  kind: Deployment['kind'];
  reason: string;
  /** This page's version is the one serving there. */
  current: boolean;
}

/** What each environment runs of this model, marking where the shown version serves. */
export function servingOf(
  deployments: Deployment[],
  modelId: string,
  versionId: string,
  environmentOrder: string[] = [],
): Serving[] {
  const rank = (env: string) => {
    const i = environmentOrder.indexOf(env);
    return i === -1 ? Number.MAX_SAFE_INTEGER : i;
  };
  return deployments
    .filter((d) => d.modelId === modelId)
    .map((d) => ({
      environment: d.environment,
      label: d.version.label,
      versionId: d.versionId,
      deployedAt: d.deployedAt,
      actor: d.actor,
      kind: d.kind,
      reason: d.reason,
      current: d.versionId === versionId,
    }))
    .sort(
      (a, b) =>
        rank(a.environment) - rank(b.environment) || a.environment.localeCompare(b.environment),
    );
}

// ---- metrics and parameters -------------------------------------------------------------------

export interface MetricRow {
  name: string;
  /** As registered with the version. */
  version: number | undefined;
  /** The run's value at its last step. */
  run: number | undefined;
  /** How many steps the run logged (more than one: a curve). */
  steps: number;
}

/** Version metrics beside the run's final values, by name. */
export function metricRows(
  version: Pick<ModelVersion, 'metrics'>,
  run: Pick<Run, 'metrics'> | null,
): MetricRow[] {
  const last = new Map<string, { step: number; value: number; steps: number }>();
  for (const point of run?.metrics ?? []) {
    const seen = last.get(point.key);
    if (seen === undefined) {
      last.set(point.key, { step: point.step, value: point.value, steps: 1 });
    } else {
      seen.steps += 1;
      if (point.step >= seen.step) {
        seen.step = point.step;
        seen.value = point.value;
      }
    }
  }
  const names = new Set([...Object.keys(version.metrics), ...last.keys()]);
  return [...names].sort().map((name) => ({
    name,
    version: version.metrics[name],
    run: last.get(name)?.value,
    steps: last.get(name)?.steps ?? 0,
  }));
}

export interface Curve {
  key: string;
  points: { step: number; value: number }[];
}

/** Metrics the run logged at more than one step (training and validation loss), as curves. */
export function curvesOf(run: Pick<Run, 'metrics'> | null): Curve[] {
  const byKey = new Map<string, { step: number; value: number }[]>();
  for (const p of run?.metrics ?? []) {
    const list = byKey.get(p.key) ?? [];
    list.push({ step: p.step, value: p.value });
    byKey.set(p.key, list);
  }
  return [...byKey.entries()]
    .filter(([, points]) => points.length > 1)
    .map(([key, points]) => ({ key, points: points.sort((a, b) => a.step - b.step) }))
    .sort((a, b) => a.key.localeCompare(b.key));
}

export interface ParamRow {
  name: string;
  version: unknown;
  run: unknown;
  inVersion: boolean;
  inRun: boolean;
}

export function paramRows(
  versionParams: Record<string, unknown>,
  runParams: Record<string, unknown> | undefined,
): ParamRow[] {
  const names = new Set([...Object.keys(versionParams), ...Object.keys(runParams ?? {})]);
  return [...names].sort().map((name) => ({
    name,
    version: versionParams[name],
    run: runParams?.[name],
    inVersion: Object.hasOwn(versionParams, name),
    inRun: runParams !== undefined && Object.hasOwn(runParams, name),
  }));
}

/** A parameter value as text: strings as they are, numbers in full, the rest as JSON. */
export function formatParam(value: unknown): string {
  if (value === undefined) return '—';
  if (value === null) return 'null';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

// ---- signatures -------------------------------------------------------------------------------

export interface SignatureRow {
  signature: ModelSignature;
  /** The signing key, when the caller can see the key list and it is still registered. */
  key: SigningKey | undefined;
  /** `valid`: verified and the key is in force; `revoked`: the key was revoked since. */
  state: 'valid' | 'revoked';
}

export function signatureRows(signatures: ModelSignature[], keys: SigningKey[]): SignatureRow[] {
  return [...signatures]
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
    .map((signature) => {
      const key = keys.find((k) => k.name === signature.keyName);
      const revoked = signature.status === 'key-revoked' || (key?.revokedAt ?? null) !== null;
      return { signature, key, state: revoked ? 'revoked' : 'valid' };
    });
}

// ---- gate decisions ---------------------------------------------------------------------------

type RuleResult = GateDecision['results'][number];

/** Failed and errored rules first, then warnings, skipped and passed ones. */
const RULE_ORDER: Record<string, number> = { fail: 0, error: 1, warn: 2, skip: 3, pass: 4 };

export function sortResults(results: RuleResult[]): RuleResult[] {
  return [...results].sort(
    (a, b) =>
      (RULE_ORDER[a.status] ?? 5) - (RULE_ORDER[b.status] ?? 5) ||
      a.pack.localeCompare(b.pack) ||
      a.rule.localeCompare(b.rule),
  );
}

export interface RuleCounts {
  pass: number;
  fail: number;
  error: number;
  warn: number;
  skip: number;
  total: number;
}

export function ruleCounts(results: Pick<RuleResult, 'status'>[]): RuleCounts {
  const counts: RuleCounts = { pass: 0, fail: 0, error: 0, warn: 0, skip: 0, total: 0 };
  for (const r of results) {
    counts.total += 1;
    if (r.status in counts && r.status !== 'total') counts[r.status as keyof RuleCounts] += 1;
  }
  return counts;
}

/** "7 of 7 rules passed" or "2 rules failed, 1 warning". */
export function decisionHeadline(results: Pick<RuleResult, 'status'>[]): string {
  const c = ruleCounts(results);
  const problems = [
    c.fail > 0 ? `${c.fail} ${c.fail === 1 ? 'rule' : 'rules'} failed` : '',
    c.error > 0 ? `${c.error} ${c.error === 1 ? 'rule' : 'rules'} could not be evaluated` : '',
    c.warn > 0 ? `${c.warn} ${c.warn === 1 ? 'warning' : 'warnings'}` : '',
  ].filter((s) => s !== '');
  if (problems.length > 0) return problems.join(', ');
  const judged = c.total - c.skip;
  const skipped = c.skip > 0 ? ` (${c.skip} not applicable)` : '';
  return `${c.pass} of ${judged} ${judged === 1 ? 'rule' : 'rules'} passed${skipped}`;
}

/** Gate decisions newest first; the newest per environment is the one that counts now. */
export function latestPerEnvironment(decisions: GateDecision[]): Map<string, GateDecision> {
  const latest = new Map<string, GateDecision>();
  for (const d of [...decisions].sort((a, b) => b.evaluatedAt.localeCompare(a.evaluatedAt))) {
    if (!latest.has(d.environment)) latest.set(d.environment, d);
  }
  return latest;
}

// ---- the model card ---------------------------------------------------------------------------

export type CardValue =
  | { kind: 'text'; text: string }
  | { kind: 'list'; items: string[] }
  | { kind: 'records'; rows: { name: string; detail: string }[] };

export interface CardField {
  key: string;
  title: string;
  value: CardValue;
}

export interface CardSection {
  id: string;
  title: string;
  fields: CardField[];
}

/** Section order and headings, as the rendered card document uses them. */
const SECTIONS: [string, string][] = [
  ['details', 'Model details'],
  ['intendedUse', 'Intended use'],
  ['risk', 'Risk classification'],
  ['trainingData', 'Training data'],
  ['evaluation', 'Evaluation'],
  ['fairness', 'Fairness'],
  ['explainability', 'Explainability'],
  ['robustness', 'Accuracy, robustness and cybersecurity'],
  ['humanOversight', 'Human oversight'],
  ['limitations', 'Limitations and risks'],
  ['ethics', 'Ethical considerations'],
  ['compute', 'Compute and environmental impact'],
  ['monitoring', 'Post-market monitoring'],
  ['lifecycle', 'Lifecycle'],
];

/** Field headings the plain words of the key do not give. */
const FIELD_TITLES: Record<string, string> = {
  'details.type': 'Model type',
  'details.licence': 'Licence',
  'intendedUse.purpose': 'Intended purpose',
  'intendedUse.intendedUsers': 'Intended users (deployers)',
  'risk.tier': 'EU AI Act risk tier',
  'risk.annexIIIArea': 'Annex III area',
  'risk.riskManagement': 'Risk management (Art 9)',
  'trainingData.provenance': 'Data provenance',
  'trainingData.preparation': 'Data preparation',
  'trainingData.knownBiases': 'Known data biases',
  'evaluation.procedure': 'Validation and testing procedure',
  'evaluation.metricRationale': 'Appropriateness of the metrics',
  'fairness.analysis': 'Fairness analysis',
  'fairness.mitigations': 'Bias mitigations',
  'explainability.approach': 'Explainability approach',
  'robustness.robustness': 'Accuracy and robustness',
  'robustness.cybersecurity': 'Cybersecurity measures',
  'humanOversight.measures': 'Human oversight measures',
  'limitations.known': 'Known limitations',
  'limitations.risks': 'Foreseeable risks and unintended outcomes',
  'limitations.mitigations': 'Risk mitigations',
  'compute.energyKwh': 'Training energy (kWh)',
  'compute.co2Tonnes': 'Training emissions (tCO2eq)',
  'compute.notes': 'Compute notes',
  'monitoring.plan': 'Post-market monitoring plan',
  'lifecycle.predeterminedChanges': 'Pre-determined changes',
  'lifecycle.declarationOfConformity': 'EU declaration of conformity',
};

/** `designChoices` → `Design choices`. */
export function humanize(key: string): string {
  const words = key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function valueOf(value: unknown): CardValue | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string')
    return value.trim() === '' ? undefined : { kind: 'text', text: value };
  if (typeof value === 'number' || typeof value === 'boolean') {
    return { kind: 'text', text: String(value) };
  }
  if (Array.isArray(value)) {
    if (value.length === 0) return undefined;
    if (value.every((v) => typeof v === 'string')) return { kind: 'list', items: value };
    return {
      kind: 'records',
      rows: value.map((v) => {
        const record = (v ?? {}) as Record<string, unknown>;
        const name = typeof record.name === 'string' ? record.name : JSON.stringify(v);
        const rest = Object.entries(record)
          .filter(([k]) => k !== 'name')
          .map(([, x]) => (typeof x === 'string' ? x : JSON.stringify(x)))
          .join('; ');
        return { name, detail: rest };
      }),
    };
  }
  return { kind: 'text', text: JSON.stringify(value) };
}

/** What people wrote on the card, as titled sections of titled fields; empty ones are left out. */
export function cardSections(authored: Record<string, unknown>): CardSection[] {
  const known = new Set(SECTIONS.map(([id]) => id));
  const order: [string, string][] = [
    ...SECTIONS,
    ...Object.keys(authored)
      .filter((k) => !known.has(k))
      .sort()
      .map((k): [string, string] => [k, humanize(k)]),
  ];
  const sections: CardSection[] = [];
  for (const [id, title] of order) {
    const content = authored[id];
    if (content === undefined || content === null) continue;
    const fields: CardField[] = [];
    if (Array.isArray(content) || typeof content !== 'object') {
      const value = valueOf(content);
      if (value !== undefined) fields.push({ key: id, title, value });
    } else {
      for (const [key, raw] of Object.entries(content as Record<string, unknown>)) {
        const value = valueOf(raw);
        if (value === undefined) continue;
        fields.push({ key, title: FIELD_TITLES[`${id}.${key}`] ?? humanize(key), value });
      }
    }
    if (fields.length > 0) sections.push({ id, title, fields });
  }
  return sections;
}

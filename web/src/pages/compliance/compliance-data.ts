import type {
  CatalogueSummary,
  ModelPosture,
  OrganisationPosture,
} from '../../../../src/client/index.js';
import { modelRef } from '../../lib/models.js';

/*
 * Pure shaping of what the compliance API returns: grouping postures into the controls ×
 * frameworks heat map (as src/compliance/report/heat-map.ts does for reports), the drill-down of
 * one cell, and the words and numbers the page prints. No status is decided here: every status
 * comes from the server's posture; this file only picks the worst of several, as the server does.
 */

export type PostureStatus = 'met' | 'partial' | 'gap' | 'not-applicable';
export type FrameworkResult = ModelPosture['frameworks'][number];
export type RequirementResult = FrameworkResult['requirements'][number];
export type ControlResult = ModelPosture['controls'][number];
export type SubControlResult = ControlResult['subControls'][number];
export type EvidenceItem = SubControlResult['evidence'][number];

const RANK: Record<PostureStatus, number | null> = {
  gap: 0,
  partial: 1,
  met: 2,
  'not-applicable': null,
};

/**
 * The worst of several statuses, as the server ranks them (src/compliance/report/status-order):
 * null for none, not-applicable when every one is, else the lowest of gap < partial < met.
 */
export function worstStatus(statuses: readonly PostureStatus[]): PostureStatus | null {
  let worst: PostureStatus | null = null;
  for (const s of statuses) {
    if (s === 'not-applicable') {
      worst ??= s;
      continue;
    }
    const current = worst === null ? null : RANK[worst];
    if (current === null || RANK[s]! < current) worst = s;
  }
  return worst;
}

const SHORT_NAMES: Record<string, string> = {
  'eu-ai-act': 'EU AI Act',
  gdpr: 'GDPR',
  'hipaa-security': 'HIPAA Security',
  'nist-ai-rmf': 'NIST AI RMF',
  'iso-42001': 'ISO/IEC 42001',
  'sr-11-7': 'SR 11-7',
  'sr-26-2': 'SR 26-2',
  'nyc-ll144': 'NYC LL 144',
  'colorado-sb-24-205': 'Colorado SB 24-205',
  'colorado-sb-26-189': 'Colorado SB 26-189',
  'ai-verify': 'AI Verify',
};

/**
 * A framework's name short enough for a column header: the usual abbreviation for the shipped
 * frameworks, otherwise the name before its first parenthesis or slash.
 */
export function shortFrameworkName(id: string, name: string): string {
  return SHORT_NAMES[id] ?? (name.split(/ \(| \/ /)[0]?.trim() || name);
}

export interface HeatColumn {
  id: string;
  name: string;
  shortName: string;
  version: string;
  /** The catalogue's legal status of the framework (in-force, superseded, scheduled...). */
  legalStatus: string | null;
  voluntary: boolean;
  /** Models the framework applies to. */
  models: number;
  /** Why it applies to no model (the first model's reason), when it applies to none. */
  reason: string | null;
}

export interface HeatCell {
  framework: string;
  control: string;
  /** Worst requirement status; null when no requirement of the framework maps the control. */
  status: PostureStatus | null;
  /** Requirement results (per model the framework applies to) that map the control. */
  results: number;
  /** Of those, how many are met, partial, gap, not applicable. */
  counts: Record<PostureStatus, number>;
  /** Requirements of the framework that map the control (whether or not it applies). */
  requirements: number;
}

export interface HeatRow {
  control: string;
  title: string;
  /** Models meeting the control / models where it applies; null where it applies to none. */
  effectiveness: number | null;
  counts: Record<PostureStatus, number>;
  cells: HeatCell[];
}

export interface HeatMap {
  columns: HeatColumn[];
  rows: HeatRow[];
}

function emptyCounts(): Record<PostureStatus, number> {
  return { met: 0, partial: 0, gap: 0, 'not-applicable': 0 };
}

/**
 * Controls × frameworks. A cell is the worst status among the framework's requirements that map
 * to the control, over every model the framework applies to (the server's report heat map). A
 * framework that applies to no model keeps its column, its mapped cells not applicable, so the
 * organisation sees it was considered. Columns: frameworks that apply first, in catalogue order.
 */
export function buildHeatMap(
  postures: readonly ModelPosture[],
  organisation: OrganisationPosture,
  catalogue: Pick<CatalogueSummary, 'frameworks' | 'controls'>,
): HeatMap {
  const order = new Map(catalogue.frameworks.map((f, i) => [f.id, i]));
  const seen = new Map<string, FrameworkResult[]>();
  for (const p of postures) {
    for (const f of p.frameworks) seen.set(f.id, [...(seen.get(f.id) ?? []), f]);
  }
  const columns: HeatColumn[] = [...seen.entries()].map(([id, results]) => {
    const first = results[0]!;
    const meta = catalogue.frameworks.find((f) => f.id === id);
    const applying = results.filter((r) => r.applies).length;
    return {
      id,
      name: first.name,
      shortName: shortFrameworkName(id, first.name),
      version: first.version,
      legalStatus: meta?.status ?? null,
      voluntary: first.voluntary,
      models: applying,
      reason: applying === 0 ? first.reason : null,
    };
  });
  columns.sort(
    (a, b) =>
      Number(b.models > 0) - Number(a.models > 0) ||
      (order.get(a.id) ?? 999) - (order.get(b.id) ?? 999) ||
      a.id.localeCompare(b.id),
  );

  const titles = new Map<string, string>(catalogue.controls.map((c) => [c.id, c.title]));
  const controlIds = catalogue.controls.map((c) => c.id);
  const rows = controlIds.map((control) => {
    const effect = organisation.controls.find((c) => c.id === control);
    const cells = columns.map((column): HeatCell => {
      const results = seen.get(column.id) ?? [];
      const mapped = (f: FrameworkResult) =>
        f.requirements.filter((r) => r.controls.includes(control));
      const applying = results.filter((f) => f.applies).flatMap(mapped);
      const counts = emptyCounts();
      for (const r of applying) counts[r.status] += 1;
      const requirements = results[0] === undefined ? 0 : mapped(results[0]).length;
      const status =
        column.models > 0
          ? worstStatus(applying.map((r) => r.status))
          : requirements > 0
            ? 'not-applicable'
            : null;
      return {
        framework: column.id,
        control,
        status,
        results: applying.length,
        counts,
        requirements,
      };
    });
    return {
      control,
      title: titles.get(control) ?? effect?.title ?? control,
      effectiveness: effect?.effectiveness ?? null,
      counts: effect?.counts ?? emptyCounts(),
      cells,
    };
  });
  return { columns, rows };
}

type RequirementControl = RequirementResult['controls'][number];

/** The words inside a cell: its status, and how many of its requirement results are met. */
export function cellText(cell: HeatCell): { status: string; detail: string } {
  if (cell.status === null) return { status: '—', detail: 'not mapped' };
  if (cell.status === 'not-applicable') return { status: 'n/a', detail: '' };
  const applicable = cell.results - cell.counts['not-applicable'];
  return { status: cell.status, detail: `${cell.counts.met}/${applicable} met` };
}

/** The cell in a sentence, for screen readers and tooltips. */
export function cellDescription(cell: HeatCell, row: HeatRow, column: HeatColumn): string {
  const where = `${row.control} ${row.title} under ${column.shortName}`;
  if (cell.status === null) return `${where}: no requirement maps this control`;
  if (cell.status === 'not-applicable') {
    return column.models === 0
      ? `${where}: not applicable, the framework applies to no model`
      : `${where}: not applicable on this date`;
  }
  const applicable = cell.results - cell.counts['not-applicable'];
  return `${where}: ${cell.status}, ${cell.counts.met} of ${applicable} requirement results met, ${cell.counts.partial} partial, ${cell.counts.gap} gap`;
}

export interface DrillRequirement {
  id: string;
  title: string;
  summary: string;
  /** The status per model the framework applies to, in the order of `models`. */
  byModel: { model: string; status: PostureStatus; reason: string }[];
}

export interface DrillModel {
  ref: string;
  name: string;
  namespace: string;
  version: string | null;
  control: ControlResult;
}

export interface DrillDown {
  control: string;
  title: string;
  framework: { id: string; name: string; shortName: string } | null;
  requirements: DrillRequirement[];
  models: DrillModel[];
  /** Sub-control gaps and partials over the models shown. */
  open: { gap: number; partial: number };
}

/**
 * What one cell (control × framework) or one control rests on: the framework's requirements that
 * map the control with each model's status, and each model's sub-controls of the control.
 * With a framework, only the models it applies to are shown.
 */
export function drillDown(
  postures: readonly ModelPosture[],
  control: string,
  framework?: string,
): DrillDown | undefined {
  const relevant =
    framework === undefined
      ? postures
      : postures.filter((p) => p.frameworks.some((f) => f.id === framework && f.applies));
  const models: DrillModel[] = relevant.flatMap((p) => {
    const c = p.controls.find((x) => x.id === control);
    return c === undefined
      ? []
      : [
          {
            ref: modelRef(p.model),
            name: p.model.name,
            namespace: p.model.namespace,
            version: p.version?.label ?? null,
            control: c,
          },
        ];
  });
  const title =
    postures.flatMap((p) => p.controls).find((c) => c.id === control)?.title ?? undefined;
  if (title === undefined) return undefined;

  let frameworkInfo: DrillDown['framework'] = null;
  const requirements: DrillRequirement[] = [];
  if (framework !== undefined) {
    const results = postures.flatMap((p) =>
      p.frameworks.filter((f) => f.id === framework).map((f) => ({ p, f })),
    );
    const first = results[0]?.f;
    if (first === undefined) return undefined;
    frameworkInfo = {
      id: first.id,
      name: first.name,
      shortName: shortFrameworkName(first.id, first.name),
    };
    for (const r of first.requirements) {
      if (!r.controls.includes(control as RequirementControl)) continue;
      requirements.push({
        id: r.id,
        title: r.title,
        summary: r.summary,
        byModel: results
          .filter(({ f }) => f.applies)
          .map(({ p, f }) => {
            const mine = f.requirements.find((x) => x.id === r.id);
            return {
              model: modelRef(p.model),
              status: mine?.status ?? 'not-applicable',
              reason: mine?.reason ?? '',
            };
          }),
      });
    }
  }
  const subs = models.flatMap((m) => m.control.subControls);
  return {
    control,
    title,
    framework: frameworkInfo,
    requirements,
    models,
    open: {
      gap: subs.filter((s) => s.status === 'gap').length,
      partial: subs.filter((s) => s.status === 'partial').length,
    },
  };
}

/** Sub-controls that need work first (gap, partial), then met, then not applicable. */
export function sortSubControls(subs: readonly SubControlResult[]): SubControlResult[] {
  const weight: Record<PostureStatus, number> = {
    gap: 0,
    partial: 1,
    met: 2,
    'not-applicable': 3,
  };
  return [...subs].sort(
    (a, b) =>
      weight[a.status] - weight[b.status] || a.id.localeCompare(b.id, 'en', { numeric: true }),
  );
}

/** Text with `inline code` (as remedies name CLI commands) split into plain and code parts. */
export function codeSegments(text: string): { code: boolean; text: string }[] {
  const parts = text.split('`');
  // An unmatched backtick is kept as a character of the plain text before it.
  if (parts.length % 2 === 0) {
    const tail = parts.pop()!;
    parts[parts.length - 1] += '`' + tail;
  }
  return parts.map((part, i) => ({ code: i % 2 === 1, text: part })).filter((p) => p.text !== '');
}

/** Minutes as "45 min", "3 h 20 min", "8 d 9 h". */
export function formatMinutes(minutes: number | null | undefined): string {
  if (minutes === null || minutes === undefined || !Number.isFinite(minutes)) return '—';
  const m = Math.round(minutes);
  if (m < 60) return `${m} min`;
  if (m < 24 * 60) {
    const rest = m % 60;
    return rest === 0 ? `${Math.floor(m / 60)} h` : `${Math.floor(m / 60)} h ${rest} min`;
  }
  const days = Math.floor(m / 1440);
  const hours = Math.round((m % 1440) / 60);
  return hours === 0 ? `${days} d` : `${days} d ${hours} h`;
}

/** Milliseconds as "850 ms" or "2.4 s". */
export function formatMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '—';
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** The basis on which the posture picked its version, in words. */
export function versionBasisText(basis: ModelPosture['versionBasis']): string {
  switch (basis) {
    case 'explicit':
      return 'the version asked for';
    case 'deployed':
      return 'the version deployed in the highest environment';
    case 'latest':
      return 'the latest version (none is deployed)';
    default:
      return 'no version is registered';
  }
}

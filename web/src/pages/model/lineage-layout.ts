import type { VersionLineage } from '../../../../src/client/index.js';

/*
 * The lineage graph's layout, left to right: what went into the training run (dataset versions,
 * the code commit, the container image), the run, and the model version it produced. Pure
 * (test/web/model-lineage.test.ts); the component only draws what this returns.
 */

export type LineageKind = 'dataset' | 'code' | 'image' | 'run' | 'version';

export const KIND_LABELS: Record<LineageKind, string> = {
  dataset: 'Dataset version',
  code: 'Code commit',
  image: 'Container image',
  run: 'Training run',
  version: 'Model version',
};

export interface LineageNode {
  id: string;
  kind: LineageKind;
  /** Full text, for the accessible name and the details. */
  title: string;
  subtitle: string;
  /** The same, shortened to fit the box. */
  shortTitle: string;
  shortSubtitle: string;
  column: number;
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface LineageEdge {
  from: string;
  to: string;
  path: string;
}

export interface LineageLayout {
  nodes: LineageNode[];
  edges: LineageEdge[];
  width: number;
  height: number;
}

export const NODE_WIDTH = 260;
export const NODE_HEIGHT = 70;
const COLUMN_GAP = 80;
const ROW_GAP = 18;
const PAD = 6;
/** Characters that fit on one line of a box at the graph's font size. */
const TITLE_CHARS = 28;
const SUBTITLE_CHARS = 34;

/** Shortens text to `max` characters with an ellipsis. */
export function fit(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(1, max - 1))}…`;
}

/** `https://github.com/org/credit-risk-models` → `credit-risk-models`. */
export function repositoryName(url: string): string {
  const trimmed = url.replace(/\.git$/, '').replace(/\/+$/, '');
  return trimmed.slice(trimmed.lastIndexOf('/') + 1) || url;
}

/** A browsable page of a commit on the common forges; undefined for other hosts. */
export function commitUrl(repository: string, commit: string): string | undefined {
  const base = repository.replace(/\.git$/, '').replace(/\/+$/, '');
  if (!/^https:\/\//.test(base)) return undefined;
  if (/^https:\/\/(github\.com|gitlab\.com|bitbucket\.org)\//.test(base)) {
    return base.includes('gitlab.com') ? `${base}/-/commit/${commit}` : `${base}/commit/${commit}`;
  }
  return undefined;
}

function shortDigest(digest: string): string {
  const [algorithm, hex] = digest.includes(':') ? digest.split(':', 2) : ['', digest];
  return `${algorithm === '' ? '' : `${algorithm}:`}${(hex ?? '').slice(0, 12)}…`;
}

function node(
  id: string,
  kind: LineageKind,
  title: string,
  subtitle: string,
  column: number,
): LineageNode {
  return {
    id,
    kind,
    title,
    subtitle,
    shortTitle: fit(title, TITLE_CHARS),
    shortSubtitle: fit(subtitle, SUBTITLE_CHARS),
    column,
    x: 0,
    y: 0,
    width: NODE_WIDTH,
    height: NODE_HEIGHT,
  };
}

function edgePath(from: LineageNode, to: LineageNode): string {
  const x1 = from.x + from.width;
  const y1 = from.y + from.height / 2;
  const x2 = to.x;
  const y2 = to.y + to.height / 2;
  const bend = (x2 - x1) / 2;
  return `M${x1} ${y1} C${x1 + bend} ${y1}, ${x2 - bend} ${y2}, ${x2} ${y2}`;
}

export function lineageLayout(
  lineage: VersionLineage,
  version: { label: string; format: string; aliases: string[] },
): LineageLayout {
  const inputs: LineageNode[] = [];
  for (const d of lineage.datasets) {
    const rows =
      d.rowCount === null ? 'rows not recorded' : `${d.rowCount.toLocaleString('en-GB')} rows`;
    inputs.push(node(`dataset:${d.id}`, 'dataset', `${d.dataset}@${d.label}`, rows, 0));
  }
  if (lineage.code !== null) {
    inputs.push(
      node(
        'code',
        'code',
        repositoryName(lineage.code.repository),
        `commit ${lineage.code.commit.slice(0, 12)}`,
        0,
      ),
    );
  }
  if (lineage.image !== null) {
    inputs.push(node('image', 'image', shortDigest(lineage.image), 'training environment', 0));
  }
  const run = lineage.run;
  const runNode =
    run === null
      ? undefined
      : node(
          'run',
          'run',
          run.name,
          [run.status, run.endedAt?.slice(0, 10)].filter(Boolean).join(' · '),
          1,
        );
  const aliases = version.aliases.length === 0 ? '' : ` · ${version.aliases.join(', ')}`;
  const versionNode = node(
    'version',
    'version',
    lineage.version.ref,
    `${version.format}${aliases}`,
    runNode === undefined ? (inputs.length > 0 ? 1 : 0) : 2,
  );

  const columns: LineageNode[][] = [];
  for (const n of [...inputs, ...(runNode === undefined ? [] : [runNode]), versionNode]) {
    (columns[n.column] ??= []).push(n);
  }
  const tallest = Math.max(...columns.map((c) => c.length));
  const height = PAD * 2 + tallest * NODE_HEIGHT + (tallest - 1) * ROW_GAP;
  for (const [index, column] of columns.entries()) {
    const span = column.length * NODE_HEIGHT + (column.length - 1) * ROW_GAP;
    let y = (height - span) / 2;
    for (const n of column) {
      n.x = PAD + index * (NODE_WIDTH + COLUMN_GAP);
      n.y = y;
      y += NODE_HEIGHT + ROW_GAP;
    }
  }
  const width = PAD * 2 + columns.length * NODE_WIDTH + (columns.length - 1) * COLUMN_GAP;

  const edges: LineageEdge[] = [];
  const target = runNode ?? versionNode;
  for (const input of inputs) {
    edges.push({ from: input.id, to: target.id, path: edgePath(input, target) });
  }
  if (runNode !== undefined) {
    edges.push({ from: runNode.id, to: versionNode.id, path: edgePath(runNode, versionNode) });
  }
  const nodes = [...inputs, ...(runNode === undefined ? [] : [runNode]), versionNode];
  return { nodes, edges, width, height };
}

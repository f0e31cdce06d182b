/**
 * Human output helpers. Every command prints either the API's JSON (`--json`, for programs) or
 * the compact text built here (for people); the text is not a stable format, the JSON is.
 */

/** Where a command writes; injected so output can be captured in tests. */
export interface Output {
  readonly json: boolean;
  /** Writes one result to stdout: the value as JSON with `--json`, else `human()`. */
  result(value: unknown, human: () => string): void;
  /** Writes a line for people to stderr (hints, notices); silent with `--json`. */
  note(text: string): void;
}

export function createOutput(
  json: boolean,
  stdout: NodeJS.WritableStream = process.stdout,
  stderr: NodeJS.WritableStream = process.stderr,
): Output {
  return {
    json,
    result(value, human) {
      const text = json ? JSON.stringify(value, null, 2) : human();
      if (text !== '') stdout.write(text.endsWith('\n') ? text : `${text}\n`);
    },
    note(text) {
      if (!json) stderr.write(`${text}\n`);
    },
  };
}

/**
 * Aligned columns separated by two spaces, headers in capitals, no borders: readable in a
 * terminal and still easy to `grep`/`awk`. The last column is not padded.
 */
export function table(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const all = [headers.map((h) => h.toUpperCase()), ...rows.map((r) => r.map(oneLine))];
  const widths = headers.map((_, col) => Math.max(...all.map((row) => width(row[col] ?? ''))));
  return all
    .map((row) =>
      row
        .map((cell, col) =>
          col === row.length - 1 ? cell : cell + ' '.repeat((widths[col] ?? 0) - width(cell)),
        )
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** `key  value` lines with keys aligned, for showing one record. */
export function fields(entries: readonly (readonly [string, string])[]): string {
  const keyWidth = Math.max(0, ...entries.map(([k]) => k.length));
  return entries.map(([key, value]) => `${key.padEnd(keyWidth)}  ${value}`.trimEnd()).join('\n');
}

/** 1536 -> "1.5 KiB"; exact bytes below 1 KiB. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${bytes} B` : `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

/** Drops milliseconds from an ISO instant: `2026-03-01T09:00:00Z`. */
export function formatTime(iso: string | null | undefined): string {
  if (iso === null || iso === undefined) return '-';
  return iso.replace(/\.\d+(?=Z|[+-]\d{2}:?\d{2}$)/, '');
}

/** `sha256:0123456789ab…` for tables; the full digest is in `show` and `--json`. */
export function shortDigest(digest: string): string {
  return digest.length > 19 ? `${digest.slice(0, 19)}…` : digest;
}

/** `a=1, b=2` for tags, params and metrics; `-` when empty. */
export function formatMap(map: Record<string, unknown>): string {
  const entries = Object.entries(map);
  if (entries.length === 0) return '-';
  return entries
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(', ');
}

/** A tree node for `lineage show`: a label and children, drawn with box characters. */
export interface TreeNode {
  label: string;
  children?: TreeNode[];
}

export function renderTree(root: TreeNode): string {
  const lines = [root.label];
  const walk = (nodes: TreeNode[], prefix: string) => {
    nodes.forEach((node, index) => {
      const last = index === nodes.length - 1;
      lines.push(`${prefix}${last ? '└── ' : '├── '}${node.label}`);
      walk(node.children ?? [], `${prefix}${last ? '    ' : '│   '}`);
    });
  };
  walk(root.children ?? [], '');
  return lines.join('\n');
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ');
}

function width(text: string): number {
  return [...text].length;
}

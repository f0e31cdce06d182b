/**
 * RFC 8785 JSON Canonicalization Scheme (JCS). Ledger leaves and payload digests are computed
 * over these bytes, so an outside verifier can recompute them with any conformant library.
 *
 * - object members sorted by UTF-16 code units of their names (RFC 8785 §3.2.3);
 * - numbers serialised as ECMAScript Number.prototype.toString (§3.2.2.3), which is what
 *   JSON.stringify does for finite numbers;
 * - strings escaped as JSON.stringify does (§3.2.2.2);
 * - no whitespace.
 */
export function canonicalJson(value: unknown): string {
  return serialise(value, new Set());
}

function serialise(value: unknown, seen: Set<object>): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value))
        throw new TypeError('RFC 8785: non-finite numbers have no JSON form');
      return JSON.stringify(value);
    case 'string':
      return JSON.stringify(value);
    case 'object':
      break;
    default:
      throw new TypeError(`RFC 8785: cannot canonicalise a value of type ${typeof value}`);
  }
  const obj = value;
  if (seen.has(obj)) throw new TypeError('RFC 8785: cyclic structure');
  seen.add(obj);
  try {
    if (Array.isArray(obj)) {
      return `[${obj.map((item: unknown) => serialise(item === undefined ? null : item, seen)).join(',')}]`;
    }
    if (obj instanceof Date) return JSON.stringify(obj.toISOString());
    const record = obj as Record<string, unknown>;
    const keys = Object.keys(record)
      .filter((k) => record[k] !== undefined)
      .sort(compareUtf16);
    return `{${keys.map((k) => `${JSON.stringify(k)}:${serialise(record[k], seen)}`).join(',')}}`;
  } finally {
    seen.delete(obj);
  }
}

/** Default JS string comparison already orders by UTF-16 code units; named for the reader. */
function compareUtf16(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

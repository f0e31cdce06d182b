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
  return serialise(value, 0, undefined);
}

/**
 * The canonical text of `value` in pieces, in order, for a consumer that takes them one by one
 * (a hash): an array's items, or an object's members, each as one piece. Joined, the pieces are
 * exactly `canonicalJson(value)`. A batch of thousands of records is never built as one string,
 * which would cost as much again to flatten before hashing as to serialise.
 */
export function canonicalJsonPieces(value: unknown, take: (piece: string) => void): void {
  if (value === null || typeof value !== 'object' || value instanceof Date) {
    take(serialise(value, 0, undefined));
    return;
  }
  if (Array.isArray(value)) {
    if (value.length === 0) {
      take('[]');
      return;
    }
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      const text = serialise(item === undefined ? null : item, 1, undefined);
      take(i === 0 ? `[${text}` : `,${text}`);
    }
    take(']');
    return;
  }
  const record = value as Record<string, unknown>;
  const keys = canonicalOrder(Object.keys(record));
  let first = true;
  for (const key of keys) {
    const member = record[key];
    if (member === undefined) continue;
    take(`${first ? '{' : ','}${quotedName(key)}:${serialise(member, 1, undefined)}`);
    first = false;
  }
  take(first ? '{}' : '}');
}

/**
 * Nesting depth from which objects are tracked to detect a cycle: below it a cycle cannot hide
 * for long (it shows as ever deeper nesting), and tracking every object would cost a set
 * operation per object for structures that, parsed from JSON, can never be cyclic.
 */
const TRACK_FROM_DEPTH = 64;

/** Quoted member names seen recently: records of one batch repeat the same few names. */
const quotedNames = new Map<string, string>();
const QUOTED_NAMES_MAX = 4096;

function quotedName(name: string): string {
  let quoted = quotedNames.get(name);
  if (quoted === undefined) {
    quoted = JSON.stringify(name);
    if (quotedNames.size >= QUOTED_NAMES_MAX) quotedNames.clear();
    quotedNames.set(name, quoted);
  }
  return quoted;
}

function serialise(value: unknown, depth: number, seen: Set<object> | undefined): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value))
        throw new TypeError('RFC 8785: non-finite numbers have no JSON form');
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      break;
    default:
      throw new TypeError(`RFC 8785: cannot canonicalise a value of type ${typeof value}`);
  }
  const obj = value;
  let tracked = seen;
  if (depth >= TRACK_FROM_DEPTH) {
    tracked ??= new Set();
    if (tracked.has(obj)) throw new TypeError('RFC 8785: cyclic structure');
    tracked.add(obj);
  }
  try {
    if (Array.isArray(obj)) {
      let out = '[';
      for (let i = 0; i < obj.length; i++) {
        const item: unknown = obj[i];
        if (i > 0) out += ',';
        out += serialise(item === undefined ? null : item, depth + 1, tracked);
      }
      return `${out}]`;
    }
    if (obj instanceof Date) return JSON.stringify(obj.toISOString());
    const record = obj as Record<string, unknown>;
    const keys = canonicalOrder(Object.keys(record));
    let out = '{';
    let first = true;
    for (const key of keys) {
      const member = record[key];
      if (member === undefined) continue;
      out += `${first ? '' : ','}${quotedName(key)}:${serialise(member, depth + 1, tracked)}`;
      first = false;
    }
    return `${out}}`;
  } finally {
    if (tracked !== undefined && depth >= TRACK_FROM_DEPTH) tracked.delete(obj);
  }
}

/** An object's member names as enumerated, and the same names in canonical order. */
interface MemberOrder {
  names: readonly string[];
  sorted: readonly string[];
}

/**
 * Canonical orders of recently seen objects, by first member name. The records of a batch share
 * a few shapes (a prediction, its features, its segments), so most objects find their order here
 * after a check that their names are the same, instead of being sorted again.
 */
const memberOrders = new Map<string, MemberOrder>();
const MEMBER_ORDERS_MAX = 256;

/** `names` sorted by UTF-16 code units (a cached array: the caller must not change it). */
function canonicalOrder(names: string[]): readonly string[] {
  if (names.length < 2) return names;
  const first = names[0] as string;
  const known = memberOrders.get(first);
  if (known !== undefined && known.names.length === names.length) {
    let same = true;
    for (let i = 1; i < names.length; i++) {
      if (known.names[i] !== names[i]) {
        same = false;
        break;
      }
    }
    if (same) return known.sorted;
  }
  const sorted = inUtf16Order(names) ? names : [...names].sort(compareUtf16);
  if (memberOrders.size >= MEMBER_ORDERS_MAX) memberOrders.clear();
  memberOrders.set(first, { names, sorted });
  return sorted;
}

function inUtf16Order(keys: readonly string[]): boolean {
  for (let i = 1; i < keys.length; i++) {
    if (!((keys[i - 1] as string) < (keys[i] as string))) return false;
  }
  return true;
}

/** Default JS string comparison already orders by UTF-16 code units; named for the reader. */
function compareUtf16(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

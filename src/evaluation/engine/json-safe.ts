/**
 * Makes a result plain JSON: every non-finite number (an undefined metric, NaN) becomes null
 * and its path is recorded. Values that are null by design (a flip distance that does not exist,
 * an LL144 ratio of an excluded category) are already null and are not listed.
 */

/** A readable path segment for an array element: its kind/name/group/feature/scale, or index. */
function segmentOf(element: unknown, index: number): string {
  if (typeof element !== 'object' || element === null) return `[${index}]`;
  const e = element as Record<string, unknown>;
  const parts = [e.kind, e.name ?? e.group ?? e.feature, e.scale].filter(
    (p) => typeof p === 'string' || (typeof p === 'number' && Number.isFinite(p)),
  );
  return parts.length === 0 ? `[${index}]` : `[${parts.join(':')}]`;
}

function clean(value: unknown, path: string, undefinedPaths: string[]): unknown {
  if (typeof value === 'number') {
    if (Number.isFinite(value)) return value;
    undefinedPaths.push(path);
    return null;
  }
  if (Array.isArray(value)) {
    return value.map((v: unknown, i) => clean(v, `${path}${segmentOf(v, i)}`, undefinedPaths));
  }
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) {
      out[key] = clean(v, path === '' ? key : `${path}.${key}`, undefinedPaths);
    }
    return out;
  }
  return value;
}

/**
 * `value` with non-finite numbers replaced by null, and the paths replaced, in document order
 * (e.g. `quality.metrics.roc_auc.value`, `fairness.slices[sex].groups[F].tpr`).
 */
export function toJsonSafe<T>(value: T, root = ''): { value: T; undefinedPaths: string[] } {
  const undefinedPaths: string[] = [];
  return { value: clean(value, root, undefinedPaths) as T, undefinedPaths };
}

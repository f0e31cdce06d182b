import type { CelType } from '@bufbuild/cel';

/**
 * The static types the policy checker reasons about. CEL proper has no anonymous record types;
 * `record` is a checker-only notion for the fixed-shape objects of the gate context (at run time
 * they are CEL maps), so a misspelt field is caught when a pack loads, not when a gate runs.
 *
 * `free` is the element type of an empty list or map literal: it behaves like `dyn` and gives way
 * to the first concrete type it is joined with, so `[].map(...)` accumulators get precise types.
 */
export type PolicyType =
  | { kind: ScalarKind }
  | { kind: 'list'; element: PolicyType }
  | { kind: 'map'; key: PolicyType; value: PolicyType }
  | { kind: 'record'; name: string; fields: Readonly<Record<string, PolicyType>> };

export type ScalarKind =
  | 'int'
  | 'uint'
  | 'double'
  | 'bool'
  | 'string'
  | 'bytes'
  | 'null'
  | 'timestamp'
  | 'duration'
  | 'type'
  | 'dyn'
  | 'free';

const scalars = new Map<ScalarKind, PolicyType>();
function scalar(kind: ScalarKind): PolicyType {
  let type = scalars.get(kind);
  if (type === undefined) {
    type = { kind };
    scalars.set(kind, type);
  }
  return type;
}

export const T = {
  int: scalar('int'),
  uint: scalar('uint'),
  double: scalar('double'),
  bool: scalar('bool'),
  string: scalar('string'),
  bytes: scalar('bytes'),
  null: scalar('null'),
  timestamp: scalar('timestamp'),
  duration: scalar('duration'),
  type: scalar('type'),
  dyn: scalar('dyn'),
  free: scalar('free'),
  list: (element: PolicyType): PolicyType => ({ kind: 'list', element }),
  map: (key: PolicyType, value: PolicyType): PolicyType => ({ kind: 'map', key, value }),
  record: (name: string, fields: Record<string, PolicyType>): PolicyType => ({
    kind: 'record',
    name,
    fields,
  }),
} as const;

/** `dyn` and `free` accept anything and are accepted anywhere. */
export function isDynamic(type: PolicyType): boolean {
  return type.kind === 'dyn' || type.kind === 'free';
}

export function isNumeric(type: PolicyType): boolean {
  return type.kind === 'int' || type.kind === 'uint' || type.kind === 'double';
}

/** How a type is written in problem messages (CEL spelling; records by their context path). */
export function formatType(type: PolicyType): string {
  switch (type.kind) {
    case 'list':
      return `list(${formatType(type.element)})`;
    case 'map':
      return `map(${formatType(type.key)}, ${formatType(type.value)})`;
    case 'record':
      return type.name;
    case 'free':
      return 'dyn';
    case 'null':
      return 'null_type';
    case 'timestamp':
      return 'google.protobuf.Timestamp';
    case 'duration':
      return 'google.protobuf.Duration';
    default:
      return type.kind;
  }
}

/** May a value of type `actual` be passed where `expected` is declared? */
export function isAssignable(expected: PolicyType, actual: PolicyType): boolean {
  if (isDynamic(expected) || isDynamic(actual)) return true;
  switch (expected.kind) {
    case 'list':
      return actual.kind === 'list' && isAssignable(expected.element, actual.element);
    case 'map':
      if (actual.kind === 'record') {
        return isAssignable(expected.key, T.string) && isDynamic(expected.value);
      }
      return (
        actual.kind === 'map' &&
        isAssignable(expected.key, actual.key) &&
        isAssignable(expected.value, actual.value)
      );
    case 'record':
      return actual.kind === 'record' && actual.name === expected.name;
    default:
      return actual.kind === expected.kind;
  }
}

/**
 * May `a == b` be asked? CEL equality is heterogeneous at run time (`1 == 1.0` is true), so any
 * two numbers compare; otherwise the types must agree, or one side be dynamic or null.
 */
export function isComparable(a: PolicyType, b: PolicyType): boolean {
  if (isDynamic(a) || isDynamic(b)) return true;
  if (a.kind === 'null' || b.kind === 'null') return true;
  if (isNumeric(a) && isNumeric(b)) return true;
  if (a.kind === 'list' && b.kind === 'list') return isComparable(a.element, b.element);
  const mapLike = (t: PolicyType): boolean => t.kind === 'map' || t.kind === 'record';
  if (mapLike(a) && mapLike(b)) return true;
  return a.kind === b.kind;
}

/** The type of a value that is either `a` or `b` (list elements, conditional branches). */
export function join(a: PolicyType, b: PolicyType): PolicyType | undefined {
  if (a.kind === 'free') return b;
  if (b.kind === 'free') return a;
  if (a.kind === 'dyn' || b.kind === 'dyn') return T.dyn;
  if (a.kind === 'null') return b;
  if (b.kind === 'null') return a;
  if (a.kind === 'list' && b.kind === 'list') {
    const element = join(a.element, b.element);
    return element === undefined ? undefined : T.list(element);
  }
  if (a.kind === 'map' && b.kind === 'map') {
    const key = join(a.key, b.key);
    const value = join(a.value, b.value);
    return key === undefined || value === undefined ? undefined : T.map(key, value);
  }
  if (a.kind === 'record' && b.kind === 'record') return a.name === b.name ? a : T.dyn;
  return a.kind === b.kind ? a : undefined;
}

/** Translates the declared signature types of @bufbuild/cel functions. */
export function fromCelType(type: CelType): PolicyType {
  switch (type.kind) {
    case 'list':
      return T.list(fromCelType(type.element));
    case 'map':
      return T.map(fromCelType(type.key), fromCelType(type.value));
    case 'object':
      if (type.name === 'google.protobuf.Timestamp') return T.timestamp;
      if (type.name === 'google.protobuf.Duration') return T.duration;
      return T.dyn;
    case 'scalar':
      switch (type.scalar) {
        case 'null_type':
          return T.null;
        default:
          return scalar(type.scalar);
      }
  }
}

import type { CelInput } from '@bufbuild/cel';
import type { GateContext } from './gate-context.js';
import { GATE_CONTEXT_VARIABLES } from './gate-context-type.js';
import type { PolicyType } from './policy-type.js';

/** The context does not match its declared shape; `path` says where (never the value). */
export class ContextShapeError extends Error {
  constructor(
    readonly path: string,
    readonly expected: string,
  ) {
    super(`gate context: ${path || '(root)'} must be ${expected}`);
    this.name = 'ContextShapeError';
  }
}

/** JSON nesting allowed inside free-form values (`version.params`). */
const MAX_DYN_DEPTH = 32;

/**
 * Converts a gate context into CEL variable bindings, following the declared types: CEL `int`
 * fields become bigint (and must be safe integers), records and maps become `Map`s (so keys such
 * as `constructor` or `__proto__` are plain data), free-form values become CEL JSON values.
 * Throws ContextShapeError rather than letting a wrong value reach a rule, where it would show up
 * as a confusing per-rule failure.
 */
export function toCelBindings(context: GateContext): Record<string, CelInput> {
  const root = context as unknown as Record<string, unknown>;
  if (!isPlainObject(root)) throw new ContextShapeError('', 'an object');
  const bindings: Record<string, CelInput> = {};
  for (const [name, type] of Object.entries(GATE_CONTEXT_VARIABLES)) {
    bindings[name] = convert(root[name], type, name);
  }
  return bindings;
}

function convert(value: unknown, type: PolicyType, path: string): CelInput {
  switch (type.kind) {
    case 'int':
      if (typeof value === 'number' && Number.isSafeInteger(value)) return BigInt(value);
      throw new ContextShapeError(path, 'an integer');
    case 'double':
      if (typeof value === 'number' && Number.isFinite(value)) return value;
      throw new ContextShapeError(path, 'a finite number');
    case 'string':
      if (typeof value === 'string') return value;
      throw new ContextShapeError(path, 'a string');
    case 'bool':
      if (typeof value === 'boolean') return value;
      throw new ContextShapeError(path, 'a boolean');
    case 'list':
      if (!Array.isArray(value)) throw new ContextShapeError(path, 'an array');
      return value.map((item, i) => convert(item, type.element, `${path}[${i}]`));
    case 'map': {
      if (!isPlainObject(value)) throw new ContextShapeError(path, 'an object');
      const map = new Map<string, CelInput>();
      for (const [key, item] of Object.entries(value)) {
        map.set(key, convert(item, type.value, `${path}[${JSON.stringify(key)}]`));
      }
      return map;
    }
    case 'record': {
      if (!isPlainObject(value)) throw new ContextShapeError(path, 'an object');
      const map = new Map<string, CelInput>();
      for (const [field, fieldType] of Object.entries(type.fields)) {
        if (!Object.hasOwn(value, field))
          throw new ContextShapeError(`${path}.${field}`, 'present');
        map.set(field, convert(value[field], fieldType, `${path}.${field}`));
      }
      return map;
    }
    default:
      return json(value, path, 0);
  }
}

/** A free-form JSON value: numbers are CEL doubles, as for google.protobuf.Value. */
function json(value: unknown, path: string, depth: number): CelInput {
  if (depth > MAX_DYN_DEPTH)
    throw new ContextShapeError(path, `nested at most ${MAX_DYN_DEPTH} deep`);
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') {
    if (Number.isFinite(value)) return value;
    throw new ContextShapeError(path, 'a finite number');
  }
  if (Array.isArray(value)) return value.map((item, i) => json(item, `${path}[${i}]`, depth + 1));
  if (isPlainObject(value)) {
    const map = new Map<string, CelInput>();
    for (const [key, item] of Object.entries(value)) {
      map.set(key, json(item, `${path}[${JSON.stringify(key)}]`, depth + 1));
    }
    return map;
  }
  throw new ContextShapeError(path, 'a JSON value');
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

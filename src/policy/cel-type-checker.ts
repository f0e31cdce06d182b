import type { parse } from '@bufbuild/cel';
import { OPERATOR_NAMES, OVERLOADS, TYPE_NAMES } from './cel-overloads.js';
import {
  formatType,
  isAssignable,
  isComparable,
  isDynamic,
  join,
  T,
  type PolicyType,
} from './policy-type.js';
import { suggest } from '../lib/suggest-name.js';

/*
 * A static type checker for policy expressions. @bufbuild/cel 0.6.1 ships `check()` only for
 * constants and identifiers, so this walks the parsed AST itself: variables come from the gate
 * context declaration, function signatures from the overloads registered in the CEL environment
 * (so the checker and the evaluator cannot disagree on what exists), and macros are checked in
 * their expanded comprehension form.
 */

export type Expr = ReturnType<typeof parse>['expr'];
type Kind<C extends string> = Extract<Expr['exprKind'], { case: C }>['value'];
type Call = Kind<'callExpr'>;
type Comprehension = Kind<'comprehensionExpr'>;
type Constant = Kind<'constExpr'>;
type Select = Kind<'selectExpr'>;
type Struct = Kind<'structExpr'>;

/** Comprehensions nested deeper than this multiply cost too fast to allow. */
export const MAX_COMPREHENSION_NESTING = 2;

export interface CheckIssue {
  kind: 'type' | 'cost';
  exprId: bigint;
  message: string;
}

export interface CheckResult {
  type: PolicyType;
  issues: CheckIssue[];
}

export function checkExpression(
  expr: Expr,
  variables: Readonly<Record<string, PolicyType>>,
): CheckResult {
  const checker = new Checker(variables);
  const type = checker.check(expr, 0);
  return { type, issues: checker.issues };
}

class Checker {
  readonly issues: CheckIssue[] = [];
  private scopes: Map<string, PolicyType>[] = [];
  private reportedCost = false;

  constructor(private readonly variables: Readonly<Record<string, PolicyType>>) {}

  check(expr: Expr, depth: number): PolicyType {
    const kind = expr.exprKind;
    switch (kind.case) {
      case 'constExpr':
        return this.constant(expr.id, kind.value);
      case 'identExpr':
        return this.ident(expr.id, kind.value.name);
      case 'selectExpr':
        return this.select(expr.id, kind.value, depth);
      case 'callExpr':
        return this.call(expr.id, kind.value, depth);
      case 'listExpr': {
        let element: PolicyType = T.free;
        for (const item of kind.value.elements) {
          element = join(element, this.check(item, depth)) ?? T.dyn;
        }
        return T.list(element);
      }
      case 'structExpr':
        return this.struct(expr.id, kind.value, depth);
      case 'comprehensionExpr':
        return this.comprehension(expr.id, kind.value, depth);
      default:
        return this.fail(expr.id, 'unsupported expression');
    }
  }

  private fail(exprId: bigint, message: string): PolicyType {
    this.issues.push({ kind: 'type', exprId, message });
    // An erroneous sub-expression is dynamic from here on, so one mistake is reported once.
    return T.dyn;
  }

  private constant(id: bigint, constant: Constant): PolicyType {
    switch (constant.constantKind.case) {
      case 'boolValue':
        return T.bool;
      case 'int64Value':
        return T.int;
      case 'uint64Value':
        return T.uint;
      case 'doubleValue':
        return T.double;
      case 'stringValue':
        return T.string;
      case 'bytesValue':
        return T.bytes;
      case 'nullValue':
        return T.null;
      default:
        return this.fail(id, 'unsupported literal');
    }
  }

  private lookup(name: string): PolicyType | undefined {
    for (let i = this.scopes.length - 1; i >= 0; i--) {
      const type = this.scopes[i]?.get(name);
      if (type !== undefined) return type;
    }
    return Object.hasOwn(this.variables, name) ? this.variables[name] : undefined;
  }

  private ident(id: bigint, name: string): PolicyType {
    const type = this.lookup(name);
    if (type !== undefined) return type;
    if (TYPE_NAMES.has(name)) return T.type;
    const hint = suggest(name, [
      ...Object.keys(this.variables),
      ...this.scopes.flatMap((s) => [...s.keys()]),
    ]);
    return this.fail(id, `undeclared reference to '${name}'${hint}`);
  }

  private select(id: bigint, select: Select, depth: number): PolicyType {
    if (select.operand === undefined) return this.fail(id, 'invalid field selection');
    const operand = this.check(select.operand, depth);
    const field = this.field(id, operand, select.field);
    return select.testOnly ? T.bool : field;
  }

  private field(id: bigint, operand: PolicyType, name: string): PolicyType {
    switch (operand.kind) {
      case 'record': {
        const type = Object.hasOwn(operand.fields, name) ? operand.fields[name] : undefined;
        if (type !== undefined) return type;
        const hint = suggest(name, Object.keys(operand.fields));
        return this.fail(id, `undefined field '${name}' on ${operand.name}${hint}`);
      }
      case 'map':
        if (isAssignable(operand.key, T.string)) return operand.value;
        return this.fail(id, `${formatType(operand)} has no string keys to select '${name}'`);
      case 'dyn':
      case 'free':
        return T.dyn;
      default:
        return this.fail(id, `type ${formatType(operand)} has no field '${name}'`);
    }
  }

  private struct(id: bigint, struct: Struct, depth: number): PolicyType {
    if (struct.messageName !== '') {
      return this.fail(id, `message construction (${struct.messageName}{...}) is not supported`);
    }
    let key: PolicyType = T.free;
    let value: PolicyType = T.free;
    for (const entry of struct.entries) {
      if (entry.keyKind.case !== 'mapKey' || entry.value === undefined) {
        return this.fail(id, 'invalid map literal');
      }
      const k = this.check(entry.keyKind.value, depth);
      if (!['int', 'uint', 'bool', 'string', 'dyn', 'free'].includes(k.kind)) {
        this.fail(
          entry.keyKind.value.id,
          `map keys must be int, uint, bool or string, found ${formatType(k)}`,
        );
      }
      key = join(key, k) ?? T.dyn;
      value = join(value, this.check(entry.value, depth)) ?? T.dyn;
    }
    return T.map(key, value);
  }

  private comprehension(id: bigint, c: Comprehension, depth: number): PolicyType {
    if (
      c.iterRange === undefined ||
      c.accuInit === undefined ||
      c.loopCondition === undefined ||
      c.loopStep === undefined ||
      c.result === undefined
    ) {
      return this.fail(id, 'invalid comprehension');
    }
    const range = this.check(c.iterRange, depth);
    let first: PolicyType;
    let second: PolicyType;
    switch (range.kind) {
      case 'list':
        [first, second] = c.iterVar2 === '' ? [range.element, T.dyn] : [T.int, range.element];
        break;
      case 'map':
        [first, second] = [range.key, range.value];
        break;
      case 'record':
        [first, second] = [T.string, T.dyn];
        break;
      case 'dyn':
      case 'free':
        [first, second] = [T.dyn, T.dyn];
        break;
      default:
        this.fail(c.iterRange.id, `cannot iterate over ${formatType(range)}`);
        [first, second] = [T.dyn, T.dyn];
    }
    const init = this.check(c.accuInit, depth);
    if (depth + 1 > MAX_COMPREHENSION_NESTING && !this.reportedCost) {
      this.reportedCost = true;
      this.issues.push({
        kind: 'cost',
        exprId: id,
        message: `comprehensions (all, exists, exists_one, map, filter) are nested ${depth + 1} deep; at most ${MAX_COMPREHENSION_NESTING} are allowed`,
      });
    }
    const body = new Map<string, PolicyType>([
      [c.accuVar, init],
      [c.iterVar, first],
    ]);
    if (c.iterVar2 !== '') body.set(c.iterVar2, second);
    this.scopes.push(body);
    this.expectBool(c.loopCondition, this.check(c.loopCondition, depth + 1));
    const step = this.check(c.loopStep, depth + 1);
    this.scopes.pop();
    this.scopes.push(new Map([[c.accuVar, join(init, step) ?? T.dyn]]));
    const result = this.check(c.result, depth);
    this.scopes.pop();
    return result;
  }

  private expectBool(expr: Expr, type: PolicyType): void {
    if (type.kind !== 'bool' && !isDynamic(type)) {
      this.fail(expr.id, `expected bool, found ${formatType(type)}`);
    }
  }

  private call(id: bigint, call: Call, depth: number): PolicyType {
    const name = call.function;
    const qualified = call.target === undefined ? undefined : this.qualifiedName(call.target);
    if (qualified !== undefined && OVERLOADS.has(`${qualified}.${name}`)) {
      const args = call.args.map((a) => this.check(a, depth));
      return this.overload(id, `${qualified}.${name}`, undefined, args);
    }
    const target = call.target === undefined ? undefined : this.check(call.target, depth);
    const args = call.args.map((a) => this.check(a, depth));
    const [a, b, c] = args;
    switch (name) {
      case '_&&_':
      case '_||_':
        call.args.forEach((arg, i) => this.expectBool(arg, args[i] ?? T.dyn));
        return T.bool;
      case '@not_strictly_false':
        return T.bool;
      case '_?_:_': {
        const [condition] = call.args;
        if (condition === undefined || b === undefined || c === undefined) {
          return this.fail(id, 'invalid conditional');
        }
        this.expectBool(condition, a ?? T.dyn);
        const joined = join(b, c);
        if (joined !== undefined) return joined;
        return this.fail(
          id,
          `conditional branches have different types: ${formatType(b)} and ${formatType(c)}`,
        );
      }
      case '_==_':
      case '_!=_':
        if (a !== undefined && b !== undefined && !isComparable(a, b)) {
          return this.noOverload(id, name, undefined, args);
        }
        return T.bool;
      case '@in':
        return this.membership(id, args);
      case '_[_]':
        return this.index(id, call, args);
      default: {
        const result = this.overload(id, name, target, args);
        if (name === '_+_' && a?.kind === 'list' && b?.kind === 'list') {
          return T.list(join(a.element, b.element) ?? T.dyn);
        }
        return result;
      }
    }
  }

  /** `strings.quote(x)`: a dotted target that is not a variable names a qualified function. */
  private qualifiedName(expr: Expr): string | undefined {
    const kind = expr.exprKind;
    if (kind.case === 'identExpr') {
      return this.lookup(kind.value.name) === undefined ? kind.value.name : undefined;
    }
    if (kind.case === 'selectExpr' && kind.value.operand !== undefined && !kind.value.testOnly) {
      const prefix = this.qualifiedName(kind.value.operand);
      return prefix === undefined ? undefined : `${prefix}.${kind.value.field}`;
    }
    return undefined;
  }

  private membership(id: bigint, args: PolicyType[]): PolicyType {
    const [item, collection] = args;
    if (item === undefined || collection === undefined) return this.fail(id, 'invalid in');
    const ok =
      isDynamic(collection) ||
      (collection.kind === 'list' && isComparable(item, collection.element)) ||
      (collection.kind === 'map' && isComparable(item, collection.key)) ||
      (collection.kind === 'record' && isAssignable(T.string, item));
    return ok ? T.bool : this.noOverload(id, '@in', undefined, args);
  }

  private index(id: bigint, call: Call, args: PolicyType[]): PolicyType {
    const [operand, key] = args;
    if (operand === undefined || key === undefined) return this.fail(id, 'invalid index');
    switch (operand.kind) {
      case 'list':
        if (key.kind === 'int' || key.kind === 'uint' || isDynamic(key)) return operand.element;
        return this.fail(id, `list index must be int, found ${formatType(key)}`);
      case 'map':
        if (isComparable(operand.key, key) && key.kind !== 'null') return operand.value;
        return this.fail(
          id,
          `map key must be ${formatType(operand.key)}, found ${formatType(key)}`,
        );
      case 'record': {
        const literal = call.args[1]?.exprKind;
        if (literal?.case === 'constExpr' && literal.value.constantKind.case === 'stringValue') {
          return this.field(id, operand, literal.value.constantKind.value);
        }
        if (isAssignable(T.string, key)) return T.dyn;
        return this.fail(id, `${operand.name} must be indexed by string, found ${formatType(key)}`);
      }
      case 'dyn':
      case 'free':
        return T.dyn;
      default:
        return this.fail(id, `type ${formatType(operand)} cannot be indexed`);
    }
  }

  private overload(
    id: bigint,
    name: string,
    target: PolicyType | undefined,
    args: PolicyType[],
  ): PolicyType {
    const candidates = OVERLOADS.get(name);
    if (candidates === undefined) {
      const hint = suggest(name, [...OVERLOADS.keys()]);
      return this.fail(id, `undeclared function '${name}'${hint}`);
    }
    const matches = candidates.filter(
      (o) =>
        (o.target === undefined) === (target === undefined) &&
        (o.target === undefined || target === undefined || isAssignable(o.target, target)) &&
        o.args.length === args.length &&
        o.args.every((p, i) => isAssignable(p, args[i] ?? T.dyn)),
    );
    const [first, ...rest] = matches;
    if (first === undefined) return this.noOverload(id, name, target, args);
    return rest.every((o) => sameType(o.result, first.result)) ? first.result : T.dyn;
  }

  private noOverload(
    id: bigint,
    name: string,
    target: PolicyType | undefined,
    args: PolicyType[],
  ): PolicyType {
    const shown = OPERATOR_NAMES[name] ?? name;
    const receiver = target === undefined ? '' : `${formatType(target)}.`;
    return this.fail(
      id,
      `no matching overload for '${shown}' applied to ${receiver}(${args.map(formatType).join(', ')})`,
    );
  }
}

function sameType(a: PolicyType, b: PolicyType): boolean {
  return formatType(a) === formatType(b);
}

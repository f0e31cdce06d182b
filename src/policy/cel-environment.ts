import {
  celEnv,
  celFunc,
  celList,
  celMethod,
  CelScalar,
  isCelError,
  isCelList,
  isCelMap,
  listType,
  type CelFunc,
  type CelInput,
  type CelList,
  type CelValue,
} from '@bufbuild/cel';
import { strings } from '@bufbuild/cel/ext';
import { COST_PER_UNIT, evaluationBudget } from './evaluation-budget.js';

/**
 * Internal functions the compiler inserts into planned expressions. Their names start with `@`,
 * which the CEL grammar does not allow in identifiers, so a rule cannot call them.
 */
export const BUDGET_FUNCTION = '@verity_budget';
export const APPEND_FUNCTION = '@verity_append';

const LIST = listType(CelScalar.DYN);

/** Passes the loop condition through, charging one iteration to the evaluation budget. */
const budgetTick = celFunc(BUDGET_FUNCTION, [CelScalar.DYN], CelScalar.DYN, (condition) => {
  evaluationBudget.charge(1);
  return condition;
});

/*
 * `map` and `filter` accumulate with `@result + [x]`. In @bufbuild/cel 0.6.1 that builds a
 * chain of lazily concatenated lists one level deeper per element, so iterating a mapped list of
 * a few thousand elements overflows the stack (and costs quadratic time). The compiler rewrites
 * those accumulator appends to this function, which appends in place to an array it owns. That
 * is safe because only the comprehension's own accumulator variable ever refers to that array
 * while the comprehension runs: macro accumulators start from a fresh `[]` and are unreachable
 * from rule text.
 */
const owned = new WeakMap<object, CelValue[]>();
const appendToAccumulator = celFunc(APPEND_FUNCTION, [LIST, LIST], LIST, (accumulator, items) => {
  let array = owned.get(accumulator);
  let list: CelList = accumulator;
  if (array === undefined) {
    array = [...accumulator];
    list = celList(array);
    owned.set(list, array);
  }
  for (const item of items) array.push(item);
  return list;
});

function sizeOf(value: CelValue | undefined): number {
  if (typeof value === 'string' || value instanceof Uint8Array) return value.length;
  if (typeof value === 'object' && value !== null && (isCelList(value) || isCelMap(value))) {
    return value.size;
  }
  return 0;
}

/**
 * The same function, charging the budget before it runs: one unit, plus one per COST_PER_UNIT
 * elements or characters of its receiver and arguments. Registered under the same signature, it
 * replaces the original in the environment.
 */
function metered(fn: CelFunc): CelFunc {
  function impl(this: CelValue | undefined, ...args: CelValue[]): CelInput {
    let size = sizeOf(this);
    for (const arg of args) size += sizeOf(arg);
    evaluationBudget.charge(1 + Math.ceil(size / COST_PER_UNIT));
    const result = fn.call(0, this, args);
    if (result === undefined) throw new Error(`no matching overload for '${fn.name}'`);
    if (isCelError(result)) throw result;
    return result;
  }
  return fn.target === undefined
    ? celFunc(fn.name, fn.arguments, fn.result, impl)
    : celMethod(fn.name, fn.target, fn.arguments, fn.result, impl);
}

const standard = [...celEnv({ funcs: strings }).funcs].map(metered);

/**
 * The CEL environment every policy expression is planned in: the standard library and the
 * strings extension, metered, plus the compiler's internal functions.
 */
export const POLICY_CEL_ENV = celEnv({
  funcs: [...standard, budgetTick, appendToAccumulator],
});

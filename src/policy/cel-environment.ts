import {
  celEnv,
  celFunc,
  celList,
  CelScalar,
  listType,
  type CelList,
  type CelValue,
} from '@bufbuild/cel';
import { strings } from '@bufbuild/cel/ext';
import { evaluationBudget } from './evaluation-budget.js';

/**
 * Internal functions the compiler inserts into planned expressions. Their names start with `@`,
 * which the CEL grammar does not allow in identifiers, so a rule cannot call them.
 */
export const BUDGET_FUNCTION = '@verity_budget';
export const APPEND_FUNCTION = '@verity_append';

const LIST = listType(CelScalar.DYN);

/** Passes the loop condition through, charging one iteration to the evaluation budget. */
const budgetTick = celFunc(BUDGET_FUNCTION, [CelScalar.DYN], CelScalar.DYN, (condition) => {
  evaluationBudget.tick();
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

/** The CEL environment every policy expression is planned in: the standard library + strings. */
export const POLICY_CEL_ENV = celEnv({ funcs: [...strings, budgetTick, appendToAccumulator] });

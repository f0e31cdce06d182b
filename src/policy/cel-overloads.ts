import { POLICY_CEL_ENV } from './cel-environment.js';
import { fromCelType, type PolicyType } from './policy-type.js';

/** The signatures the checker resolves calls against, taken from the evaluation environment. */
export interface Overload {
  target: PolicyType | undefined;
  args: PolicyType[];
  result: PolicyType;
}

export const OVERLOADS: ReadonlyMap<string, readonly Overload[]> = (() => {
  const byName = new Map<string, Overload[]>();
  for (const fn of POLICY_CEL_ENV.funcs) {
    if (fn.name.startsWith('@')) continue;
    const list = byName.get(fn.name) ?? [];
    list.push({
      target: fn.target === undefined ? undefined : fromCelType(fn.target),
      args: fn.arguments.map(fromCelType),
      result: fromCelType(fn.result),
    });
    byName.set(fn.name, list);
  }
  return byName;
})();

export const TYPE_NAMES = new Set([
  'int',
  'uint',
  'double',
  'bool',
  'string',
  'bytes',
  'list',
  'map',
  'null_type',
  'type',
  'dyn',
]);

export const OPERATOR_NAMES: Readonly<Record<string, string>> = {
  '_==_': '==',
  '_!=_': '!=',
  '_<_': '<',
  '_<=_': '<=',
  '_>_': '>',
  '_>=_': '>=',
  '_+_': '+',
  '_-_': '-',
  '_*_': '*',
  '_/_': '/',
  '_%_': '%',
  '!_': '!',
  '-_': '-',
  '@in': 'in',
  '_[_]': '[]',
  '_?_:_': '?:',
  '_&&_': '&&',
  '_||_': '||',
};

import type { CelError } from '@bufbuild/cel';

/** Longest evaluator message passed through, so no error can carry a large piece of context. */
const MAX_DETAIL = 160;

/**
 * Turns an evaluator error into a message that is safe to store and log. Known failures get a
 * fixed wording; anything else is cut short, because evaluator messages may quote a value from
 * the context (`Cannot convert <value> to a BigInt`).
 */
export function describeRuntimeError(error: CelError): string {
  const raw = error.message;
  const key = /^field not found: (.*)$/s.exec(raw);
  if (key) return `no such key: ${truncate(key[1] ?? '', 64)}`;
  if (/divide by zero|modulus by zero/.test(raw)) return 'division by zero';
  if (/overflow/.test(raw)) return truncate(raw, 64);
  if (/out of bounds/.test(raw)) return 'list index out of bounds';
  if (/Maximum call stack size exceeded/.test(raw)) return 'expression recursed too deeply';
  return truncate(raw, MAX_DETAIL);
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

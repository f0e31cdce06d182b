/**
 * How an untyped text cell (a CSV field) becomes a value. The file profiler classifies raw bytes
 * with the same rules (`profile-file/field-bytes.ts`); a test checks that both agree.
 *
 * - missing: the empty string, or one of `missingTokens` (default: NaN, nan, NULL, null)
 * - number: `[+-]?(digits[.digits?] | .digits)([eE][+-]?digits)?`, parsed with correct rounding;
 *   `[+-]?inf` and `[+-]?infinity` in any case are ±∞. No surrounding spaces, no hex, no `_`.
 * - boolean: true / false in any case
 * - otherwise a string, kept as it is
 */

export const DEFAULT_MISSING_TOKENS: readonly string[] = ['NaN', 'nan', 'NULL', 'null'];

export type TextValue =
  | { kind: 'missing' }
  | { kind: 'number'; value: number }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'string'; value: string };

const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const INFINITY = /^([+-]?)inf(?:inity)?$/i;

const MISSING: TextValue = { kind: 'missing' };

export function classifyText(text: string, missingTokens: ReadonlySet<string>): TextValue {
  if (text.length === 0 || missingTokens.has(text)) return MISSING;
  if (NUMBER.test(text)) return { kind: 'number', value: Number(text) };
  const infinity = INFINITY.exec(text);
  if (infinity !== null) {
    return { kind: 'number', value: infinity[1] === '-' ? -Infinity : Infinity };
  }
  if (text.length === 4 && text.toLowerCase() === 'true') return { kind: 'boolean', value: true };
  if (text.length === 5 && text.toLowerCase() === 'false') return { kind: 'boolean', value: false };
  return { kind: 'string', value: text };
}

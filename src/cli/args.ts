import { InvalidArgumentError } from 'commander';
import { formatRef, parseRef, UUID_PATTERN } from '../lib/index.js';
import { CliError } from './errors.js';

/**
 * Parsers for the small argument languages of the CLI (`k=v`, `name:type,...`, `model@ref`).
 * They are pure and throw CliError(VALIDATION_ERROR) so they can be tested without a server
 * and report the same code the API would for bad input.
 */

/** Commander's repeatable-option collector: `--tag a=1 --tag b=2` gives ['a=1', 'b=2']. */
export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** Splits `key=value` pairs at the first `=`; a key given twice is an error, not "last wins". */
export function parseKeyValues(pairs: readonly string[], what: string): [string, string][] {
  const seen = new Set<string>();
  const result: [string, string][] = [];
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) {
      throw new CliError('VALIDATION_ERROR', `${what} '${pair}' must be written key=value`, {
        argument: pair,
      });
    }
    const key = pair.slice(0, eq);
    if (seen.has(key)) {
      throw new CliError('VALIDATION_ERROR', `${what} '${key}' is given more than once`, {
        key,
      });
    }
    seen.add(key);
    result.push([key, pair.slice(eq + 1)]);
  }
  return result;
}

/** Tags are string to string, exactly as typed. */
export function parseTags(pairs: readonly string[]): Record<string, string> {
  return Object.fromEntries(parseKeyValues(pairs, 'tag'));
}

/** Metrics must be finite numbers; `auc=high` is refused here rather than sent. */
export function parseMetrics(pairs: readonly string[]): Record<string, number> {
  return Object.fromEntries(
    parseKeyValues(pairs, 'metric').map(([key, raw]) => {
      const value = raw.trim() === '' ? Number.NaN : Number(raw);
      if (!Number.isFinite(value)) {
        throw new CliError(
          'VALIDATION_ERROR',
          `metric '${key}' must be a finite number, not '${raw}'`,
          { key, value: raw },
        );
      }
      return [key, value];
    }),
  );
}

const NUMBER_LITERAL = /^-?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?$/;

export type ParamValue = string | number | boolean | null;

/**
 * Parameter values are typed the way a YAML or JSON reader would type them (`0.1` is a number,
 * `true` a boolean, `null` null), so the same run logged from YAML or flags records the same
 * values. Wrap a value in double quotes to keep it a string (`--param 'version="1.0"'`).
 */
export function parseParamValue(raw: string): ParamValue {
  if (raw.length >= 2 && raw.startsWith('"') && raw.endsWith('"')) return raw.slice(1, -1);
  if (raw === 'true') return true;
  if (raw === 'false') return false;
  if (raw === 'null') return null;
  if (NUMBER_LITERAL.test(raw)) {
    const value = Number(raw);
    if (Number.isFinite(value)) return value;
  }
  return raw;
}

export function parseParams(pairs: readonly string[]): Record<string, ParamValue> {
  return Object.fromEntries(
    parseKeyValues(pairs, 'param').map(([key, raw]) => [key, parseParamValue(raw)]),
  );
}

/** `name:type,name:type`; the last `:` splits, so a column may be called `a:b`. */
export function parseColumns(text: string): { name: string; type: string }[] {
  const columns: { name: string; type: string }[] = [];
  const seen = new Set<string>();
  for (const part of text.split(',')) {
    const entry = part.trim();
    const colon = entry.lastIndexOf(':');
    const name = colon === -1 ? '' : entry.slice(0, colon).trim();
    const type = colon === -1 ? '' : entry.slice(colon + 1).trim();
    if (name === '' || type === '') {
      throw new CliError(
        'VALIDATION_ERROR',
        `column '${entry}' must be written name:type (for example --columns id:int64,amount:float64)`,
        { column: entry },
      );
    }
    if (seen.has(name)) {
      throw new CliError('VALIDATION_ERROR', `column '${name}' is listed more than once`, {
        column: name,
      });
    }
    seen.add(name);
    columns.push({ name, type });
  }
  return columns;
}

/** A parsed `[namespace/]name[@ref]`, with the name part ready to pass to the client. */
export interface RefArg {
  /** `name` or `namespace/name`, as the API accepts it. */
  name: string;
  ref: string | undefined;
}

/**
 * Parses `[namespace/]name[@ref]`. `ref` may be a sequence number, a semantic version, an
 * alias or `latest` (the server resolves it); `requireRef` is for commands where an implicit
 * "latest" could silently pick a different version than the user meant.
 */
export function parseRefArg(
  text: string,
  options: { kind: 'model' | 'dataset'; ref: 'required' | 'optional' | 'forbidden' },
): RefArg {
  const parsed = parseRef(text);
  const grammar =
    options.ref === 'forbidden'
      ? '[namespace/]name'
      : options.ref === 'required'
        ? '[namespace/]name@ref'
        : '[namespace/]name[@ref]';
  if (
    parsed === undefined ||
    (options.ref === 'required' && parsed.ref === undefined) ||
    (options.ref === 'forbidden' && parsed.ref !== undefined)
  ) {
    const refHelp =
      options.ref === 'forbidden'
        ? ''
        : ', where ref is a sequence number, a semantic version, an alias or latest';
    throw new CliError(
      'VALIDATION_ERROR',
      `'${text}' is not a ${options.kind} reference: expected ${grammar}${refHelp}`,
      { argument: text },
    );
  }
  return { name: formatRef(parsed.namespace, parsed.name), ref: parsed.ref };
}

/**
 * A model or dataset argument without a version: `[namespace/]name`, or an id, which is passed
 * through as is (the server resolves both).
 */
export function nameArg(text: string, kind: 'model' | 'dataset'): string {
  return UUID_PATTERN.test(text) ? text : parseRefArg(text, { kind, ref: 'forbidden' }).name;
}

/** Commander argument parser for bounded integers (`--limit`, `--port`, `--rows`). */
export function intOption(min: number, max: number): (value: string) => number {
  return (value: string) => {
    const n = /^-?\d+$/.test(value.trim()) ? Number(value) : Number.NaN;
    if (!Number.isSafeInteger(n) || n < min || n > max) {
      throw new InvalidArgumentError(`must be an integer from ${min} to ${max}.`);
    }
    return n;
  };
}

/** Commander argument parser for an ISO 8601 instant with an offset (`--at`). */
export function isoInstantOption(value: string): string {
  if (
    !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(value) ||
    Number.isNaN(Date.parse(value))
  ) {
    throw new InvalidArgumentError('must be an ISO 8601 instant such as 2026-03-01T09:00:00Z.');
  }
  return value;
}

import { readFileSync } from 'node:fs';
import type { CardChanges } from '../cards/card-edit.js';
import { AUTHOR_FIELD_PATHS, cardField } from '../cards/templates.js';
import { suggest } from '../lib/index.js';
import { CliError } from './errors.js';

/*
 * `verity card set` assignments, typed by the field they name:
 *   path=value     set (lists: a one-item list; numbers: parsed; records: JSON)
 *   path=[json]    set a list or records field from a JSON array
 *   path+=item     append one item to a list field
 *   path=@file     set from a file's contents (prose written in an editor)
 *   path=          clear the field
 */

const ASSIGNMENT = /^([A-Za-z][A-Za-z0-9.]*)(\+?=)([\s\S]*)$/;

function usage(message: string, argument: string): CliError {
  return new CliError('VALIDATION_ERROR', message, { argument });
}

function valueText(raw: string, argument: string, readFile: (path: string) => string): string {
  if (!raw.startsWith('@')) return raw;
  const path = raw.slice(1);
  if (path === '') throw usage(`'${argument}': '@' must be followed by a file name`, argument);
  return readFile(path).replace(/\r\n?/g, '\n').trim();
}

function typed(path: string, text: string, argument: string): unknown {
  const kind = cardField(path)?.kind;
  if (kind === 'number') {
    const value = Number(text);
    if (text.trim() === '' || !Number.isFinite(value)) {
      throw usage(`'${path}' takes a number, not '${text}'`, argument);
    }
    return value;
  }
  if (kind === 'list' || kind === 'records') {
    if (text.trimStart().startsWith('[')) {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        throw usage(`'${path}': '${text}' is not a JSON array`, argument);
      }
    }
    if (kind === 'records') {
      throw usage(
        `'${path}' takes a JSON array, e.g. [{"name":"...","mitigation":"..."}]`,
        argument,
      );
    }
    return [text];
  }
  return text;
}

/** Turns `card set` arguments into one change; unknown fields are named with a suggestion. */
export function parseCardAssignments(
  args: readonly string[],
  readFile: (path: string) => string = (path) => readFileSync(path, 'utf8'),
): CardChanges {
  if (args.length === 0) throw usage('give at least one field=value', '');
  const set: Record<string, unknown> = {};
  const append: Record<string, string[]> = {};
  const unset: string[] = [];
  for (const argument of args) {
    const match = ASSIGNMENT.exec(argument);
    if (match === null) {
      throw usage(
        `'${argument}' is not an assignment: expected field=value, field+=item or field=`,
        argument,
      );
    }
    const [, path = '', operator, raw = ''] = match;
    if (!AUTHOR_FIELD_PATHS.includes(path)) {
      const evidence = cardField(path)?.source === 'evidence';
      throw usage(
        evidence
          ? `'${path}' is filled by Verity from its evidence and cannot be set`
          : `'${path}' is not a card field${suggest(path, [...AUTHOR_FIELD_PATHS])}; see docs/model-cards.md`,
        argument,
      );
    }
    const text = valueText(raw, argument, readFile);
    if (operator === '+=') {
      if (cardField(path)?.kind !== 'list')
        throw usage(`'${path}' is not a list: use ${path}=value`, argument);
      (append[path] ??= []).push(text);
    } else if (text === '') {
      unset.push(path);
    } else {
      set[path] = typed(path, text, argument);
    }
  }
  return {
    ...(Object.keys(set).length > 0 ? { set } : {}),
    ...(Object.keys(append).length > 0 ? { append } : {}),
    ...(unset.length > 0 ? { unset } : {}),
  };
}

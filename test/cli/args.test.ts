import { InvalidArgumentError } from 'commander';
import { describe, expect, it } from 'vitest';
import {
  intOption,
  isoInstantOption,
  nameArg,
  parseColumns,
  parseMetrics,
  parseParams,
  parseParamValue,
  parseRefArg,
  parseTags,
} from '../../src/cli/args.js';
import { CliError } from '../../src/cli/errors.js';

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (error instanceof CliError) return error.code;
    throw error;
  }
  throw new Error('expected a CliError');
}

describe('k=v arguments', () => {
  it('splits at the first = and keeps the rest of the value, including = and empty values', () => {
    expect(parseTags(['team=risk', 'query=a=b', 'empty='])).toEqual({
      team: 'risk',
      query: 'a=b',
      empty: '',
    });
  });

  it('refuses a pair without a key or without =, with VALIDATION_ERROR', () => {
    expect(codeOf(() => parseTags(['team']))).toBe('VALIDATION_ERROR');
    expect(codeOf(() => parseTags(['=risk']))).toBe('VALIDATION_ERROR');
  });

  it('refuses a key given twice instead of silently keeping the last', () => {
    expect(() => parseTags(['a=1', 'a=2'])).toThrow("tag 'a' is given more than once");
  });

  it('reads metrics as finite numbers and refuses anything else', () => {
    expect(parseMetrics(['auc=0.81', 'n=1e3', 'neg=-2'])).toEqual({ auc: 0.81, n: 1000, neg: -2 });
    for (const bad of ['auc=high', 'auc=', 'auc= ', 'auc=Infinity', 'auc=NaN']) {
      expect(codeOf(() => parseMetrics([bad]))).toBe('VALIDATION_ERROR');
    }
  });

  it('types parameter values the way YAML would, with quotes to keep a string', () => {
    expect(
      parseParams(['C=1.0', 'penalty=l2', 'fit=true', 'none=null', 'v="1.0"', 'hex=0x10']),
    ).toEqual({
      C: 1,
      penalty: 'l2',
      fit: true,
      none: null,
      v: '1.0',
      hex: '0x10',
    });
    expect(parseParamValue('-.5')).toBe(-0.5);
    expect(parseParamValue('1e400')).toBe('1e400');
    expect(parseParamValue('"')).toBe('"');
  });
});

describe('--columns', () => {
  it('parses name:type pairs, trimming spaces and splitting at the last colon', () => {
    expect(parseColumns('id:int64, amount : float64,ns:col:string')).toEqual([
      { name: 'id', type: 'int64' },
      { name: 'amount', type: 'float64' },
      { name: 'ns:col', type: 'string' },
    ]);
  });

  it('refuses missing names or types, empty entries and duplicate columns', () => {
    for (const bad of ['id', 'id:', ':int64', 'id:int64,,x:int', 'a:int,a:float']) {
      expect(codeOf(() => parseColumns(bad))).toBe('VALIDATION_ERROR');
    }
  });
});

describe('model@ref arguments', () => {
  it('accepts namespace/name@ref and passes the name in the form the API takes', () => {
    expect(parseRefArg('fraud/scorer@1.2.0', { kind: 'model', ref: 'required' })).toEqual({
      name: 'fraud/scorer',
      ref: '1.2.0',
    });
    expect(parseRefArg('default/scorer@champion', { kind: 'model', ref: 'optional' })).toEqual({
      name: 'scorer',
      ref: 'champion',
    });
    expect(parseRefArg('scorer', { kind: 'model', ref: 'optional' })).toEqual({
      name: 'scorer',
      ref: undefined,
    });
  });

  it('refuses a missing ref where one is required, and a ref where none belongs', () => {
    expect(() => parseRefArg('scorer', { kind: 'model', ref: 'required' })).toThrow(
      "'scorer' is not a model reference: expected [namespace/]name@ref",
    );
    expect(codeOf(() => nameArg('scorer@3', 'model'))).toBe('VALIDATION_ERROR');
    expect(codeOf(() => parseRefArg('../x@1', { kind: 'dataset', ref: 'optional' }))).toBe(
      'VALIDATION_ERROR',
    );
  });

  it('passes ids through untouched', () => {
    const id = '01a22e54-c7f8-7831-a320-cbbfeb0b0576';
    expect(nameArg(id, 'model')).toBe(id);
  });
});

describe('option parsers', () => {
  it('bounds integers and reports a commander usage error otherwise', () => {
    const limit = intOption(1, 500);
    expect(limit('20')).toBe(20);
    for (const bad of ['0', '501', '1.5', 'ten', '']) {
      expect(() => limit(bad)).toThrow(InvalidArgumentError);
    }
  });

  it('accepts ISO instants with an offset only', () => {
    expect(isoInstantOption('2026-03-01T09:00:00Z')).toBe('2026-03-01T09:00:00Z');
    expect(isoInstantOption('2026-03-01T09:00:00.5+01:00')).toBe('2026-03-01T09:00:00.5+01:00');
    for (const bad of ['2026-03-01', '2026-03-01T09:00:00', 'yesterday', '2026-13-01T00:00Z']) {
      expect(() => isoInstantOption(bad)).toThrow(InvalidArgumentError);
    }
  });
});

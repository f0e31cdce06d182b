import { describe, expect, it } from 'vitest';
import { classifyText, DEFAULT_MISSING_TOKENS } from './text-value.js';

const missing = new Set(DEFAULT_MISSING_TOKENS);

describe('classifyText', () => {
  it.each([
    ['', { kind: 'missing' }],
    ['NaN', { kind: 'missing' }],
    ['null', { kind: 'missing' }],
    ['0', { kind: 'number', value: 0 }],
    ['-0', { kind: 'number', value: -0 }],
    ['+1.5', { kind: 'number', value: 1.5 }],
    ['1.', { kind: 'number', value: 1 }],
    ['.25', { kind: 'number', value: 0.25 }],
    ['6.02E+23', { kind: 'number', value: 6.02e23 }],
    ['1e999', { kind: 'number', value: Infinity }],
    ['-Infinity', { kind: 'number', value: -Infinity }],
    ['INF', { kind: 'number', value: Infinity }],
    ['True', { kind: 'boolean', value: true }],
    ['FALSE', { kind: 'boolean', value: false }],
    [' 1', { kind: 'string', value: ' 1' }],
    ['0x10', { kind: 'string', value: '0x10' }],
    ['1_000', { kind: 'string', value: '1_000' }],
    ['1e', { kind: 'string', value: '1e' }],
    ['.', { kind: 'string', value: '.' }],
    ['-', { kind: 'string', value: '-' }],
    ['NA', { kind: 'string', value: 'NA' }],
    ['truth', { kind: 'string', value: 'truth' }],
  ])('reads %j as %j', (text, expected) => {
    expect(classifyText(text, missing)).toEqual(expected);
  });

  it('checks missing tokens before numbers', () => {
    expect(classifyText('-999', new Set(['-999']))).toEqual({ kind: 'missing' });
  });
});

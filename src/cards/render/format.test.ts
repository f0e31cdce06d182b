import { describe, expect, it } from 'vitest';
import {
  decimalsOf,
  formatAligned,
  formatDay,
  formatInstant,
  formatNumber,
  formatParam,
  formatPercent,
  groupThousands,
  shortDigest,
} from './format.js';

describe('formatNumber', () => {
  it.each([
    [48213, '48,213'],
    [-1234567, '-1,234,567'],
    [0.8123, '0.8123'],
    [0.81234567, '0.8123'],
    [0.07, '0.07'],
    [0.0002, '0.0002'],
    [0.000012345, '0.00001234'],
    [1234.56789, '1,234.5679'],
    [Number.NaN, 'NaN'],
  ])('writes %s as %s', (value, expected) => {
    expect(formatNumber(value)).toBe(expected);
  });
});

describe('formatAligned', () => {
  it('gives numbers read together the same number of decimals', () => {
    expect(formatAligned([0.8123, 0.801, 0.8231])).toEqual(['0.8123', '0.8010', '0.8231']);
    expect(formatAligned([0.061, 0.07])).toEqual(['0.061', '0.070']);
    expect(formatAligned([12000.5, 3])).toEqual(['12,000.5', '3.0']);
  });

  it('caps the decimals', () => {
    expect(decimalsOf(0.123456)).toBe(4);
    expect(decimalsOf(5)).toBe(0);
  });
});

describe('dates', () => {
  it('writes ISO instants in UTC without seconds, whatever the host time zone', () => {
    expect(formatInstant('2025-10-09T09:12:00.000Z')).toBe('2025-10-09 09:12 UTC');
    expect(formatInstant('2025-10-09T09:12:30+02:00')).toBe('2025-10-09 09:12 UTC+02:00');
    expect(formatDay('2025-10-09T09:12:00.000Z')).toBe('2025-10-09');
  });

  it('shows anything that is not an ISO instant as given', () => {
    expect(formatInstant('yesterday')).toBe('yesterday');
  });
});

describe('shortDigest', () => {
  it('keeps the algorithm and the first 12 hex digits', () => {
    expect(shortDigest(`sha256:${'ab'.repeat(32)}`)).toBe('sha256:abababababab…');
    expect(shortDigest('c3'.repeat(32))).toBe('c3c3c3c3c3c3…');
  });

  it('leaves short values alone', () => {
    expect(shortDigest('sha256:abcd')).toBe('sha256:abcd');
  });
});

describe('other formats', () => {
  it('groups thousands and writes percentages and parameters deterministically', () => {
    expect(groupThousands(1024.5)).toBe('1,024.5');
    expect(formatPercent(0.9412)).toBe('94.1%');
    expect(formatPercent(1)).toBe('100.0%');
    expect(formatParam({ b: 1, a: [2, 'x'] })).toBe('{"a":[2,"x"],"b":1}');
    expect(formatParam('text')).toBe('text');
    expect(formatParam(0.05)).toBe('0.05');
  });
});

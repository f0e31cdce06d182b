import { describe, expect, it } from 'vitest';
import { findNulCharacter } from './nul-character.js';

describe('findNulCharacter', () => {
  it('gives the path to the first string or member name holding U+0000', () => {
    expect(findNulCharacter('a\u0000')).toEqual([]);
    expect(findNulCharacter({ a: [1, 'x', { b: 'y\u0000' }] })).toEqual(['a', 2, 'b']);
    expect(findNulCharacter({ ok: 'z', ['k\u0000']: 1 })).toEqual(['k\u0000']);
    expect(findNulCharacter([{ id: 'a' }, { id: '\u0000' }, { id: '\u0000' }])).toEqual([1, 'id']);
  });

  it('finds nothing in text without it, however nested', () => {
    expect(findNulCharacter(undefined)).toBeUndefined();
    expect(findNulCharacter(null)).toBeUndefined();
    expect(findNulCharacter({ a: [1, true, null, { b: '\\u0000', c: '\u0001' }] })).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import { toJsonSafe } from './json-safe.js';

describe('toJsonSafe', () => {
  it('replaces non-finite numbers with null and lists their readable paths', () => {
    const { value, undefinedPaths } = toJsonSafe({
      a: Number.NaN,
      b: { c: [1, Number.POSITIVE_INFINITY] },
      groups: [
        { group: 'F', tpr: Number.NaN },
        { group: 'M', tpr: 0.5 },
      ],
      perturbations: [{ kind: 'gaussian-noise', scale: 0.1, value: Number.NaN }],
      kept: null,
      text: 'x',
    });
    expect(value).toEqual({
      a: null,
      b: { c: [1, null] },
      groups: [
        { group: 'F', tpr: null },
        { group: 'M', tpr: 0.5 },
      ],
      perturbations: [{ kind: 'gaussian-noise', scale: 0.1, value: null }],
      kept: null,
      text: 'x',
    });
    expect(undefinedPaths).toEqual([
      'a',
      'b.c[1]',
      'groups[F].tpr',
      'perturbations[gaussian-noise:0.1].value',
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import { expectClose } from './__fixtures__/expect-close.js';
import { BESSEL_K_QUARTER, CVM_LIMIT_CDF } from './__fixtures__/scipy-vectors.js';
import {
  besselK,
  cramerVonMisesLimitCdf,
  polyfit,
  polyval,
  symmetricPseudoInverse,
} from './index.js';

describe('besselK', () => {
  it.each(BESSEL_K_QUARTER)('K_1/4(%d) is within 5e-15 of mpmath', (x, expected) => {
    expectClose(besselK(0.25, x), expected, 5e-15);
  });

  it('has the closed form √(π/2x)·e^(−x) at ν = ½', () => {
    for (const x of [0.2, 1, 7]) {
      expectClose(besselK(0.5, x), Math.sqrt(Math.PI / (2 * x)) * Math.exp(-x), 1e-14);
    }
  });
});

describe('cramerVonMisesLimitCdf', () => {
  it.each(CVM_LIMIT_CDF)('matches scipy _cdf_cvm_inf(%d), truncation included', (x, expected) => {
    expectClose(cramerVonMisesLimitCdf(x), expected, 1e-13);
  });
});

describe('linear algebra', () => {
  it('fits an exact quadratic and evaluates it back', () => {
    const x = [0.5, 1, 1.5, 2, 3];
    const coefficients = polyfit(
      x,
      x.map((v) => 2 * v * v - 3 * v + 0.25),
      2,
    );
    coefficients.forEach((c, i) => expectClose(c, [2, -3, 0.25][i]!, 1e-12));
    expectClose(polyval(coefficients, 4), 20.25, 1e-12);
  });

  it('inverts a full-rank symmetric matrix and reports its rank', () => {
    const matrix = [
      [4, 1, 0],
      [1, 3, 1],
      [0, 1, 2],
    ];
    const { inverse, rank } = symmetricPseudoInverse(matrix);
    expect(rank).toBe(3);
    for (let i = 0; i < 3; i++) {
      for (let j = 0; j < 3; j++) {
        let sum = 0;
        for (let k = 0; k < 3; k++) sum += matrix[i]![k]! * inverse[k]![j]!;
        expectClose(sum, i === j ? 1 : 0, 1e-14);
      }
    }
  });

  it('drops null directions of a singular matrix', () => {
    const { rank } = symmetricPseudoInverse([
      [1, 1],
      [1, 1],
    ]);
    expect(rank).toBe(1);
  });
});

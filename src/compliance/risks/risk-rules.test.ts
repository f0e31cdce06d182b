import { describe, expect, it } from 'vitest';
import { riskInputSchema, riskLevel } from './risk-rules.js';

describe('riskLevel', () => {
  it('bands the 5 × 5 matrix at 5, 10 and 20', () => {
    expect(riskLevel(1, 4)).toBe('low');
    expect(riskLevel(1, 5)).toBe('medium');
    expect(riskLevel(3, 3)).toBe('medium');
    expect(riskLevel(2, 5)).toBe('high');
    expect(riskLevel(4, 4)).toBe('high');
    expect(riskLevel(4, 5)).toBe('critical');
    expect(riskLevel(5, 5)).toBe('critical');
  });
});

describe('riskInputSchema', () => {
  const base = { category: 'bias', title: 't', likelihood: 3, impact: 4, owner: 'priya' };
  it('accepts a risk with defaults', () => {
    const r = riskInputSchema.parse(base);
    expect(r.mitigations).toEqual([]);
    expect(r.description).toBe('');
  });
  it('refuses a residual likelihood without its impact', () => {
    expect(riskInputSchema.safeParse({ ...base, residualLikelihood: 2 }).success).toBe(false);
    expect(
      riskInputSchema.safeParse({ ...base, residualLikelihood: 2, residualImpact: 2 }).success,
    ).toBe(true);
  });
  it('refuses scores outside 1..5 and unknown categories', () => {
    expect(riskInputSchema.safeParse({ ...base, likelihood: 6 }).success).toBe(false);
    expect(riskInputSchema.safeParse({ ...base, impact: 0 }).success).toBe(false);
    expect(riskInputSchema.safeParse({ ...base, category: 'vibes' }).success).toBe(false);
  });
});

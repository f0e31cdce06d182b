import { describe, expect, it } from 'vitest';
import { columnDistributions } from './distributions.js';
import { profileRows } from './profile/index.js';

describe('columnDistributions', () => {
  const rows = Array.from({ length: 100 }, (_, i) => ({
    income: 1000 + i * 10,
    status: i % 4 === 0 ? 'self-employed' : 'employed',
  }));
  // A reference is profiled twice: once to fit the bins, once to count into them.
  const fitted = profileRows(rows, { binRule: { quantiles: 4 } });
  const reference = profileRows(rows, { reference: fitted, binRule: { quantiles: 4 } });

  it('gives the reference and the window counted in the reference bins, with what fell outside', () => {
    const window = profileRows(
      [
        { income: 100, status: 'employed' },
        { income: 1500, status: 'unemployed' },
        { income: 5000, status: 'employed' },
      ],
      { reference },
    );
    const [income, status] = columnDistributions(reference, window, ['income', 'status', 'absent']);
    expect(income).toMatchObject({ column: 'income', type: 'numeric' });
    if (income?.type !== 'numeric') throw new Error('numeric expected');
    expect(income.edges).toHaveLength(5);
    expect(income.reference.counts.reduce((a, b) => a + b, 0)).toBe(100);
    expect(income.current).toMatchObject({ underflow: 1, overflow: 1 });
    expect(income.current?.counts.reduce((a, b) => a + b, 0)).toBe(1);
    expect(income.summary.reference).toMatchObject({ count: 100, min: 1000, max: 1990 });
    expect(income.summary.current).toMatchObject({ count: 3, min: 100, max: 5000 });
    expect(status).toEqual({
      column: 'status',
      type: 'categorical',
      reference: { values: { employed: 75, 'self-employed': 25 }, other: 0, missing: 0 },
      current: { values: { employed: 2, unemployed: 1 }, other: 0, missing: 0 },
    });
  });

  it('has no current side when the window has no profile', () => {
    const columns = columnDistributions(reference, undefined, ['income', 'status']);
    expect(columns.map((c) => c.current)).toEqual([null, null]);
  });
});

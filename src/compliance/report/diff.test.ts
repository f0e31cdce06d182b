import { describe, expect, it } from 'vitest';
import { creditRiskV7, creditRiskV8 } from './__fixtures__/postures.js';
import { diffPostures } from './diff.js';

const labels = { from: 'v7', to: 'v8' };

describe('diffPostures', () => {
  const diff = diffPostures(creditRiskV7, creditRiskV8, labels);

  it('lists exactly the items whose status changed, controls first (C1..C12), then frameworks by id', () => {
    expect(diff.changes.map((c) => `${c.kind} ${c.item}: ${c.from} → ${c.to}`)).toEqual([
      'control C2: partial → met',
      'sub-control C2.2: gap → met',
      'sub-control C4.1: met → partial',
      'sub-control C5.2: not-applicable → met',
      'control C6: partial → met',
      'sub-control C6.1: gap → met',
      'control C10: partial → met',
      'sub-control C10.1: partial → met',
      'control C11: partial → met',
      'sub-control C11.1: partial → met',
      'sub-control C12.2: gap → met',
      'requirement eu-ai-act Art 9: partial → met',
      'requirement gdpr Art 13(2)(f): absent → partial',
      'requirement iso-42001 A.6.2.4: partial → met',
      'requirement iso-42001 A.6.2.6: partial → met',
      'requirement sr-11-7 Validation: partial → met',
      'requirement sr-11-7 Inventory: partial → met',
    ]);
  });

  it('counts improvements and regressions between ranked statuses only', () => {
    // 5 sub-controls + 4 controls + 5 requirements improved; C4.1 regressed; C5.2 (from
    // not-applicable) and GDPR Art 13(2)(f) (from absent) count as neither.
    expect(diff.improved).toBe(14);
    expect(diff.regressed).toBe(1);
  });

  it('carries the new detail and the labels, dates and versions of both sides', () => {
    expect(diff.changes.find((c) => c.item === 'C6.1')?.detail).toBe(
      'Version 8 is signed by key release-2026 (not revoked).',
    );
    expect(diff.changes.find((c) => c.item === 'C2')?.detail).toBe('3 of 3 sub-controls met.');
    expect(diff.from).toEqual({ label: 'v7', asOf: '2026-10-01T09:00:00.000Z', version: '7' });
    expect(diff.to).toEqual({ label: 'v8', asOf: '2026-11-02T10:00:00.000Z', version: '8' });
  });

  it('reports an item only one side has as absent on the other, in both directions', () => {
    const back = diffPostures(creditRiskV8, creditRiskV7, { from: 'v8', to: 'v7' });
    const gdpr = back.changes.find((c) => c.item === 'gdpr Art 13(2)(f)');
    expect(gdpr).toMatchObject({ from: 'partial', to: 'absent', detail: 'Not in the v7 posture.' });
    expect(back.improved).toBe(1);
    expect(back.regressed).toBe(14);
  });

  it('finds nothing between a posture and itself', () => {
    const same = diffPostures(creditRiskV8, creditRiskV8, labels);
    expect(same.changes).toEqual([]);
    expect([same.improved, same.regressed]).toEqual([0, 0]);
  });
});

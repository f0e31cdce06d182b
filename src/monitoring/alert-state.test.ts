import { describe, expect, it } from 'vitest';
import { alertTransitions, type Breach } from './alert-state.js';

const breach = (key: string): Breach => ({ key, kind: 'drift', summary: key, details: {} });

describe('alert transitions', () => {
  it('fires new keys once, counts repeats, resolves what cleared', () => {
    const result = alertTransitions(
      [
        { id: 'a1', key: 'drift:dataset' },
        { id: 'a2', key: 'performance:roc_auc' },
      ],
      [breach('drift:dataset'), breach('drift:column:income'), breach('drift:column:income')],
      true,
    );
    expect(result.fire.map((b) => b.key)).toEqual(['drift:column:income']);
    expect(result.repeat.map((r) => r.alert.id)).toEqual(['a1']);
    expect(result.resolve.map((a) => a.id)).toEqual(['a2']);
  });

  it('neither resolves nor fires from a run without enough data', () => {
    const result = alertTransitions([{ id: 'a1', key: 'drift:dataset' }], [], false);
    expect(result).toEqual({ fire: [], repeat: [], resolve: [] });
  });
});

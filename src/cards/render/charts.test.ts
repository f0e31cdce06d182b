import { describe, expect, it } from 'vitest';
import { completenessSvg, groupBarsSvg, metricBarsSvg, niceScale } from './charts.js';
import type { GroupChart, MetricChart } from './document-types.js';

describe('niceScale', () => {
  it('rounds the top of the axis up to a step of 1, 2 or 5 × 10^n', () => {
    expect(niceScale([0.061, 0.071])).toEqual({
      min: 0,
      max: 0.08,
      ticks: [0, 0.02, 0.04, 0.06, 0.08],
      decimals: 2,
    });
    expect(niceScale([3, 47]).ticks).toEqual([0, 10, 20, 30, 40, 50]);
  });

  it('always includes zero, also for negative values', () => {
    expect(niceScale([-0.3, 0.1])).toMatchObject({ min: -0.3, max: 0.1 });
    expect(niceScale([-0.25, 0.1]).ticks).toEqual([-0.3, -0.2, -0.1, 0, 0.1]);
    expect(niceScale([0, 0])).toMatchObject({ min: 0, max: 1 });
  });
});

const METRICS: MetricChart = {
  kind: 'metrics',
  id: 'm',
  title: 'Metrics',
  bars: [
    { label: 'auc', value: 0.5, lower: 0.4, upper: 0.6 },
    { label: 'recall', value: 1, lower: null, upper: null },
  ],
  omitted: [],
};

describe('metricBarsSvg', () => {
  const svg = metricBarsSvg(METRICS);

  it('scales bars to [0, 1] over the plot width (190 to 560)', () => {
    expect(svg).toContain('<rect x="190" y="14" width="185" height="14"');
    expect(svg).toContain('<rect x="190" y="40" width="370" height="14"');
  });

  it('draws a whisker with caps from the lower to the upper bound', () => {
    expect(svg).toContain('<line x1="338" y1="21" x2="412" y2="21"/>');
    expect(svg).toContain('<line x1="338" y1="16" x2="338" y2="26"/>');
    expect(svg).toContain('<line x1="412" y1="16" x2="412" y2="26"/>');
  });

  it('names every value in its description for screen readers', () => {
    expect(svg).toContain('<desc id="m-desc">auc 0.5 (interval 0.4 to 0.6); recall 1</desc>');
    expect(svg).toContain('role="img"');
  });
});

describe('groupBarsSvg', () => {
  const chart: GroupChart = {
    kind: 'groups',
    id: 'g',
    title: 'selection_rate by group',
    metric: 'selection_rate',
    attributes: [
      {
        attribute: 'sex',
        groups: [
          { group: 'female', value: 0.04 },
          { group: '<b>male</b>', value: 0.08 },
        ],
        reference: { value: 0.064, label: 'four-fifths of highest (0.064)' },
      },
    ],
  };
  const svg = groupBarsSvg(chart);

  it('draws the reference as a dashed line at its value', () => {
    // Axis 0 to 0.08 over 190..560: 0.064 lies at 190 + 0.8 × 370 = 486.
    expect(svg).toMatch(/<line x1="486" y1="[\d.]+" x2="486" y2="[\d.]+" stroke="#b3401f"/);
    expect(svg).toContain('stroke-dasharray="4 3"');
    expect(svg).toContain('four-fifths of highest (0.064)');
  });

  it('writes the values with the same number of decimals and escapes labels', () => {
    expect(svg).toContain('>0.04</text>');
    expect(svg).toContain('>0.08</text>');
    expect(svg).toContain('&lt;b&gt;male&lt;/b&gt;');
    expect(svg).not.toContain('<b>');
  });
});

describe('completenessSvg', () => {
  it('fills the meter in proportion and colours it by how complete the card is', () => {
    const svg = completenessSvg({
      tier: 'high',
      score: 0.5,
      present: 20,
      required: 40,
      missing: [],
    });
    expect(svg).toContain('<rect x="0" y="4" width="285" height="16" rx="3" fill="#a12a2a"/>');
    expect(svg).toContain('>50.0%</text>');
    expect(svg).toContain(
      '<desc id="chart-completeness-desc">20 of 40 required fields present (50.0%)</desc>',
    );
  });
});

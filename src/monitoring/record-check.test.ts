import { describe, expect, it } from 'vitest';
import { quickLabelRecord, quickPredictionRecord } from './record-check.js';
import { labelRecordSchema, predictionRecordSchema } from './schemas.js';

const valid = {
  id: 'p-1',
  timestamp: '2026-12-02T10:00:00.123Z',
  features: { age: 41, income: 52_000.5, status: 'employed', flag: true, missing: null },
  prediction: 1,
  score: 0.73,
  label: 'approved',
  segments: { sex: 'F', age_band: '35-44' },
};

/** Records the schema accepts and records it refuses, each one change away from `valid`. */
const variants: [string, unknown][] = [
  ['the full record', valid],
  ['only the required fields', { id: 'x', timestamp: '2026-02-28T00:00:00+05:30', features: {} }],
  ['a leap day', { ...valid, timestamp: '2024-02-29T23:59:59-11:00' }],
  ['no leap day', { ...valid, timestamp: '2026-02-29T00:00:00Z' }],
  ['a 31st of April', { ...valid, timestamp: '2026-04-31T00:00:00Z' }],
  ['a timestamp without zone', { ...valid, timestamp: '2026-12-02T10:00:00' }],
  ['a timestamp without seconds', { ...valid, timestamp: '2026-12-02T10:00Z' }],
  ['hour 24', { ...valid, timestamp: '2026-12-02T24:00:00Z' }],
  ['a date only', { ...valid, timestamp: '2026-12-02' }],
  ['a numeric timestamp', { ...valid, timestamp: 1_700_000_000 }],
  ['an empty id', { ...valid, id: '' }],
  ['an id of 200', { ...valid, id: 'i'.repeat(200) }],
  ['an id of 201', { ...valid, id: 'i'.repeat(201) }],
  ['a numeric id', { ...valid, id: 7 }],
  ['an unknown field', { ...valid, extra: 1 }],
  ['no features', { id: 'x', timestamp: valid.timestamp }],
  ['features as an array', { ...valid, features: [1, 2] }],
  ['a feature named ""', { ...valid, features: { '': 1 } }],
  ['a feature name of 201', { ...valid, features: { ['f'.repeat(201)]: 1 } }],
  ['a feature name of 200', { ...valid, features: { ['f'.repeat(200)]: 1 } }],
  ['an object feature value', { ...valid, features: { a: { b: 1 } } }],
  ['an array feature value', { ...valid, features: { a: [1] } }],
  ['a feature text of 10,000', { ...valid, features: { a: 't'.repeat(10_000) } }],
  ['a feature text of 10,001', { ...valid, features: { a: 't'.repeat(10_001) } }],
  ['an infinite feature', { ...valid, features: { a: Infinity } }],
  ['a NaN score', { ...valid, score: Number.NaN }],
  ['a text score', { ...valid, score: '0.5' }],
  ['a null score', { ...valid, score: null }],
  ['a null prediction', { ...valid, prediction: null }],
  ['a boolean prediction', { ...valid, prediction: false }],
  ['a prediction text of 201', { ...valid, prediction: 'p'.repeat(201) }],
  ['an object label', { ...valid, label: { a: 1 } }],
  ['a numeric segment', { ...valid, segments: { sex: 1 } }],
  ['a segment name of 101', { ...valid, segments: { ['s'.repeat(101)]: 'x' } }],
  ['a segment value of 201', { ...valid, segments: { sex: 'x'.repeat(201) } }],
  ['null', null],
  ['an array', [valid]],
  ['a text', 'record'],
  [
    '__proto__ as a feature',
    JSON.parse('{"id":"x","timestamp":"2026-12-02T10:00:00Z","features":{"__proto__":1}}'),
  ],
];

describe('quickPredictionRecord', () => {
  it.each(variants)('agrees with the schema on %s', (name, record) => {
    const parsed = predictionRecordSchema.safeParse(record);
    const quick = quickPredictionRecord(record);
    if (!parsed.success) expect(quick).toBeUndefined();
    // Only a `__proto__` key is left to the schema when valid; otherwise it takes what the
    // schema takes, equal to the schema's output.
    else if (name.startsWith('__proto__')) expect(quick).toBeUndefined();
    else expect(quick).toEqual(parsed.data);
  });

  it('takes the usual record without the schema', () => {
    expect(quickPredictionRecord(valid)).toBe(valid);
    expect(quickPredictionRecord(JSON.parse(JSON.stringify(valid)))).toEqual(valid);
  });
});

describe('quickLabelRecord', () => {
  const labels: unknown[] = [
    { id: 'p-1', label: 1 },
    { id: 'p-1', label: 'yes' },
    { id: 'p-1', label: false },
    { id: 'p-1' },
    { id: 'p-1', label: null },
    { id: '', label: 1 },
    { id: 'p-1', label: 1, extra: true },
    { id: 'p-1', label: 'l'.repeat(201) },
  ];
  it.each(labels.map((l) => [JSON.stringify(l), l]))('agrees with the schema on %s', (_, label) => {
    const parsed = labelRecordSchema.safeParse(label);
    const quick = quickLabelRecord(label);
    if (!parsed.success) expect(quick).toBeUndefined();
    else expect(quick).toEqual(parsed.data);
  });
});

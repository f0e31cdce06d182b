import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../lib/index.js';
import { creditIo } from './__fixtures__/rows.js';
import { parseModelIo } from './model-io.js';

const valid = creditIo({ output: 'probability', index: 1 });

/** `code@path` of every issue parseModelIo reports. */
function issues(inputSchema: unknown, outputSchema: unknown): string[] {
  try {
    parseModelIo(inputSchema, outputSchema);
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).code).toBe('VALIDATION_ERROR');
    const list = (error as ValidationError).details.issues as { code: string; path: unknown[] }[];
    return list.map((i) => `${i.code}@${i.path.join('.')}`);
  }
  throw new Error('expected parseModelIo to throw');
}

const input = (patch: Record<string, unknown>) => ({
  ...(valid.inputSchema as object),
  ...patch,
});
const output = (patch: Record<string, unknown>) => ({
  ...(valid.outputSchema as object),
  ...patch,
});

describe('parseModelIo', () => {
  it('accepts the documented convention and keeps it as given', () => {
    const io = parseModelIo(valid.inputSchema, {
      ...(valid.outputSchema as object),
      threshold: 0.3,
    });
    expect(io.input.tensor).toBe('input');
    expect(io.input.columns.map((c) => c.name)).toEqual([
      'age',
      'log_income',
      'debt_to_income',
      'credit_history_months',
      'employment_status=retired',
    ]);
    expect(io.input.columns[4]).toEqual({
      name: 'employment_status=retired',
      type: 'numeric',
      oneHotGroup: 'employment_status',
    });
    expect(io.output).toEqual({
      task: 'binary-classification',
      score: { output: 'probability', index: 1 },
      threshold: 0.3,
    });
  });

  it('accepts categorical columns and a regression without threshold or index', () => {
    const io = parseModelIo(
      { tensor: 'x', columns: [{ name: 'region', type: 'categorical' }] },
      { task: 'regression', score: { output: 'y' } },
    );
    expect(io.output.score.index).toBeUndefined();
  });

  it('reports problems of both documents together, naming the first in the message', () => {
    expect(() => parseModelIo(null, {})).toThrow(
      /the model's input\/output schema is not valid at inputSchema: /,
    );
    expect(issues(null, {})).toEqual([
      'invalid_type@inputSchema',
      'invalid_value@outputSchema.task',
      'invalid_type@outputSchema.score',
    ]);
  });

  describe('when the inputSchema is wrong', () => {
    it('refuses an empty column list and a missing tensor name', () => {
      expect(issues({ columns: [] }, valid.outputSchema)).toEqual([
        'invalid_type@inputSchema.tensor',
        'too_small@inputSchema.columns',
      ]);
      expect(issues(input({ tensor: '' }), valid.outputSchema)).toEqual([
        'too_small@inputSchema.tensor',
      ]);
    });

    it('refuses a duplicate column name, pointing at the repeat', () => {
      const columns = [
        { name: 'age', type: 'numeric' },
        { name: 'income', type: 'numeric' },
        { name: 'age', type: 'categorical' },
      ];
      expect(issues(input({ columns }), valid.outputSchema)).toEqual([
        'duplicate_column@inputSchema.columns.2.name',
      ]);
    });

    it('refuses an unknown column type, an empty name or group, and unknown keys', () => {
      const columns = [
        { name: 'age', type: 'integer' },
        { name: '', type: 'numeric' },
        { name: 'x', type: 'numeric', oneHotGroup: '' },
        { name: 'y', type: 'numeric', onehotgroup: 'g' },
      ];
      expect(issues(input({ columns, colums: [] }), valid.outputSchema)).toEqual([
        'invalid_value@inputSchema.columns.0.type',
        'too_small@inputSchema.columns.1.name',
        'too_small@inputSchema.columns.2.oneHotGroup',
        'unrecognized_keys@inputSchema.columns.3',
        'unrecognized_keys@inputSchema',
      ]);
    });
  });

  describe('when the outputSchema is wrong', () => {
    it('refuses an unknown task and a missing score output', () => {
      expect(issues(valid.inputSchema, output({ task: 'ranking', score: {} }))).toEqual([
        'invalid_value@outputSchema.task',
        'invalid_type@outputSchema.score.output',
      ]);
    });

    it('refuses a negative or fractional index', () => {
      expect(issues(valid.inputSchema, output({ score: { output: 'p', index: -1 } }))).toEqual([
        'too_small@outputSchema.score.index',
      ]);
      expect(issues(valid.inputSchema, output({ score: { output: 'p', index: 0.5 } }))).toEqual([
        'invalid_type@outputSchema.score.index',
      ]);
    });

    it('refuses a non-finite threshold, and any threshold on a regression', () => {
      expect(issues(valid.inputSchema, output({ threshold: Number.NaN }))).toEqual([
        'invalid_type@outputSchema.threshold',
      ]);
      expect(issues(valid.inputSchema, output({ threshold: Infinity }))).toEqual([
        'invalid_type@outputSchema.threshold',
      ]);
      expect(issues(valid.inputSchema, output({ task: 'regression', threshold: 0.5 }))).toEqual([
        'threshold_not_applicable@outputSchema.threshold',
      ]);
    });

    it('refuses a misspelt key rather than ignoring it', () => {
      expect(issues(valid.inputSchema, output({ treshold: 0.5 }))).toEqual([
        'unrecognized_keys@outputSchema',
      ]);
    });
  });
});

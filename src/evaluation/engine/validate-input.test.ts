import { describe, expect, it } from 'vitest';
import { rejectedCodes, rejectedIssues } from './__fixtures__/issues.js';
import { compareModels } from './compare.js';
import { evaluateModel } from './evaluate-model.js';
import { EVALUATION_ISSUE_CODES, MAX_ISSUES_PER_FIELD } from './issues.js';
import type { EvaluationInput, FeatureSpec } from './types.js';

const scorer = (features: Float32Array, rows: number) =>
  Promise.resolve(new Float64Array(rows).fill(0.5));

/** A valid input with some fields replaced, possibly by values of the wrong type. */
function input(overrides: Record<string, unknown> = {}): EvaluationInput {
  const valid: EvaluationInput = {
    task: 'binary-classification',
    labels: Float64Array.from([0, 1, 1, 0]),
    scores: Float64Array.from([0.1, 0.8, 0.6, 0.3]),
    seed: 1,
    options: { bootstrapResamples: 10 },
  };
  return Object.assign(valid, overrides);
}

function model(features: FeatureSpec[], matrix: number[], score = scorer): Record<string, unknown> {
  return { model: { features, matrix: Float32Array.from(matrix), scorer: score } };
}

const evaluate = (overrides: Record<string, unknown>) => () => evaluateModel(input(overrides));

describe('validation of evaluateModel input', () => {
  it('accepts a well-formed input', async () => {
    await expect(evaluateModel(input())).resolves.toMatchObject({ seed: 1 });
  });

  describe('when the task is unknown', () => {
    it('reports invalid_task', async () => {
      expect(await rejectedCodes(evaluate({ task: 'ranking' }))).toEqual(['invalid_task']);
    });
  });

  describe('when labels are empty', () => {
    it('reports empty', async () => {
      const codes = await rejectedCodes(
        evaluate({ labels: new Float64Array(), scores: new Float64Array() }),
      );
      expect(codes).toEqual(['empty']);
    });
  });

  describe('when labels or scores are not numeric arrays', () => {
    it('reports invalid_type for each', async () => {
      const issues = await rejectedIssues(evaluate({ labels: 'x', scores: [0.1, 'a'] }));
      expect(issues.map((i) => [i.code, i.path])).toEqual([
        ['invalid_type', ['labels']],
        ['empty', ['labels']],
        ['invalid_type', ['scores']],
      ]);
    });
  });

  describe('when lengths differ', () => {
    it('reports length_mismatch with the path of the shorter array', async () => {
      const issues = await rejectedIssues(evaluate({ scores: Float64Array.from([0.1, 0.2]) }));
      expect(issues.map((i) => [i.code, i.path])).toEqual([['length_mismatch', ['scores']]]);
    });
  });

  describe('when a classification label is not 0/1', () => {
    it('reports invalid_label at each bad row', async () => {
      const issues = await rejectedIssues(
        evaluate({ labels: Float64Array.from([0, 2, 1, Number.NaN]) }),
      );
      expect(issues.map((i) => [i.code, i.path])).toEqual([
        ['invalid_label', ['labels', 1]],
        ['invalid_label', ['labels', 3]],
      ]);
    });
  });

  describe('when a score is not finite', () => {
    it('reports not_finite', async () => {
      const issues = await rejectedIssues(
        evaluate({ scores: Float64Array.from([0.1, Number.NaN, 0.5, Number.POSITIVE_INFINITY]) }),
      );
      expect(issues.map((i) => [i.code, i.path])).toEqual([
        ['not_finite', ['scores', 1]],
        ['not_finite', ['scores', 3]],
      ]);
    });

    it('reports not_finite for a regression label', async () => {
      const codes = await rejectedCodes(
        evaluate({ task: 'regression', labels: Float64Array.from([1, Number.NaN, 3, 4]) }),
      );
      expect(codes).toEqual(['not_finite']);
    });
  });

  describe('when a classification score is not a probability', () => {
    it('reports out_of_range (but regression accepts any finite score)', async () => {
      const scores = Float64Array.from([0.1, 1.5, -0.2, 0.3]);
      expect(await rejectedCodes(evaluate({ scores }))).toEqual(['out_of_range', 'out_of_range']);
      await expect(evaluateModel(input({ task: 'regression', scores }))).resolves.toBeDefined();
    });
  });

  describe('when threshold or seed is invalid', () => {
    it('reports invalid_threshold and invalid_seed', async () => {
      expect(await rejectedCodes(evaluate({ threshold: Number.NaN, seed: -1 }))).toEqual([
        'invalid_threshold',
        'invalid_seed',
      ]);
      expect(await rejectedCodes(evaluate({ seed: 1.5 }))).toEqual(['invalid_seed']);
      expect(await rejectedCodes(evaluate({ seed: 2 ** 32 }))).toEqual(['invalid_seed']);
    });
  });

  describe('when options are out of range or unknown', () => {
    it('reports invalid_option per option and unknown_option', async () => {
      const issues = await rejectedIssues(
        evaluate({
          options: {
            bootstrapResamples: -1,
            confidence: 1,
            noiseScales: [0.1, -2],
            calibrationBins: 2.5,
            typo: 1,
          },
        }),
      );
      expect(issues.map((i) => [i.code, i.path])).toEqual([
        ['unknown_option', ['options', 'typo']],
        ['invalid_option', ['options', 'bootstrapResamples']],
        ['invalid_option', ['options', 'calibrationBins']],
        ['invalid_option', ['options', 'confidence']],
        ['invalid_option', ['options', 'noiseScales']],
      ]);
    });
  });

  describe('when protected attributes are malformed', () => {
    it('reports invalid_attribute, duplicate_attribute, length_mismatch and invalid_attribute_value', async () => {
      const issues = await rejectedIssues(
        evaluate({
          protectedAttributes: [
            { name: '', values: ['a', 'b', 'c', 'd'] },
            { name: 'sex', values: ['F', 'M', 'F'] },
            { name: 'sex', values: ['F', 'M', 'F', 'M'] },
            { name: 'race', values: ['X', 3, 'A × B', null] },
          ],
        }),
      );
      expect(issues.map((i) => [i.code, i.path])).toEqual([
        ['invalid_attribute', ['protectedAttributes', 0, 'name']],
        ['length_mismatch', ['protectedAttributes', 1, 'values']],
        ['duplicate_attribute', ['protectedAttributes', 2, 'name']],
        ['invalid_attribute_value', ['protectedAttributes', 3, 'values', 1]],
        ['invalid_attribute_value', ['protectedAttributes', 3, 'values', 2]],
      ]);
    });

    it("allows ' × ' in values when no intersection is built", async () => {
      const attributes = [{ name: 'a', values: ['x × y', 'z', 'z', 'x × y'] }];
      await expect(
        evaluateModel(input({ protectedAttributes: attributes })),
      ).resolves.toBeDefined();
    });
  });

  describe('when the model is malformed', () => {
    const x: FeatureSpec = { name: 'x', type: 'numeric' };

    it('reports invalid_feature for a bad spec', async () => {
      const codes = await rejectedCodes(
        evaluate(model([{ name: 'x', type: 'text' } as unknown as FeatureSpec], [1, 2, 3, 4])),
      );
      expect(codes).toEqual(['invalid_feature']);
      expect(await rejectedCodes(evaluate(model([], [])))).toEqual(['invalid_feature']);
    });

    it('reports duplicate_feature for a repeated name or a group named like a feature', async () => {
      const issues = await rejectedIssues(
        evaluate(
          model(
            [x, x, { name: 'x_a', type: 'numeric', oneHotGroup: 'x' }],
            Array<number>(12).fill(0),
          ),
        ),
      );
      expect(issues.map((i) => i.code)).toEqual(['duplicate_feature', 'duplicate_feature']);
    });

    it('reports length_mismatch when the matrix is not rows × features', async () => {
      const issues = await rejectedIssues(evaluate(model([x], [1, 2, 3])));
      expect(issues.map((i) => [i.code, i.path])).toEqual([
        ['length_mismatch', ['model', 'matrix']],
      ]);
    });

    it('reports invalid_type when the matrix is not a Float32Array', async () => {
      const bad = { model: { features: [x], matrix: [1, 2, 3, 4], scorer } };
      expect(await rejectedCodes(evaluate(bad))).toEqual(['invalid_type']);
    });

    it('reports not_finite for a NaN feature value', async () => {
      const issues = await rejectedIssues(evaluate(model([x], [1, Number.NaN, 3, 4])));
      expect(issues.map((i) => [i.code, i.path])).toEqual([['not_finite', ['model', 'matrix', 1]]]);
    });

    it('reports invalid_one_hot for a non-binary value or two hot columns', async () => {
      const group: FeatureSpec[] = [
        { name: 'g_a', type: 'numeric', oneHotGroup: 'g' },
        { name: 'g_b', type: 'numeric', oneHotGroup: 'g' },
      ];
      const issues = await rejectedIssues(evaluate(model(group, [1, 0, 1, 1, 0.5, 0, 0, 0])));
      expect(issues.map((i) => [i.code, i.path])).toEqual([
        ['invalid_one_hot', ['model', 'matrix', 1, 'g']],
        ['invalid_one_hot', ['model', 'matrix', 2, 'g']],
      ]);
    });

    it('reports invalid_scorer when the scorer is not a function', async () => {
      const bad = { model: { features: [x], matrix: Float32Array.from([1, 2, 3, 4]), scorer: 1 } };
      expect(await rejectedCodes(evaluate(bad))).toEqual(['invalid_scorer']);
    });
  });

  describe('when the scorer returns bad output', () => {
    const x: FeatureSpec = { name: 'x', type: 'numeric' };
    it.each([
      ['too few scores', () => Promise.resolve(new Float64Array(1))],
      [
        'a non-finite score',
        (_: Float32Array, rows: number) => Promise.resolve(new Float64Array(rows).fill(Number.NaN)),
      ],
      [
        'a score above 1',
        (_: Float32Array, rows: number) => Promise.resolve(new Float64Array(rows).fill(2)),
      ],
      [
        'a plain array',
        (_: Float32Array, rows: number) => Promise.resolve(Array<number>(rows).fill(0.5)),
      ],
    ])('reports invalid_scorer_output for %s', async (_, bad) => {
      const issues = await rejectedIssues(evaluate(model([x], [1, 2, 3, 4], bad as never)));
      expect(issues.map((i) => [i.code, i.path])).toEqual([
        ['invalid_scorer_output', ['model', 'scorer']],
      ]);
    });
  });

  it('reports every problem at once, capped per field', async () => {
    const labels = new Float64Array(100).fill(3);
    const issues = await rejectedIssues(
      evaluate({ labels, scores: new Float64Array(100).fill(0.5), seed: 'x' }),
    );
    expect(issues.filter((i) => i.code === 'invalid_label')).toHaveLength(MAX_ISSUES_PER_FIELD);
    expect(issues.at(-1)?.code).toBe('invalid_seed');
  });

  it('uses only codes from the closed list', () => {
    expect(new Set(EVALUATION_ISSUE_CODES).size).toBe(EVALUATION_ISSUE_CODES.length);
  });
});

describe('validation of compareModels input', () => {
  it('checks both score arrays', async () => {
    const issues = await rejectedIssues(() =>
      compareModels({
        task: 'binary-classification',
        labels: Float64Array.from([0, 1]),
        seed: 1,
        scoresA: Float64Array.from([0.2]),
        scoresB: Float64Array.from([0.2, 7]),
      }),
    );
    expect(issues.map((i) => [i.code, i.path])).toEqual([
      ['length_mismatch', ['scoresA']],
      ['out_of_range', ['scoresB', 1]],
    ]);
  });
});

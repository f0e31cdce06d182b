import { describe, expect, it } from 'vitest';
import { evidencedContext } from './__fixtures__/gate-contexts.js';
import { toCelBindings } from './cel-bindings.js';
import { compileExpression, type CompiledExpression } from './compile-expression.js';

function compiled(source: string): CompiledExpression {
  const result = compileExpression(source);
  if (!result.ok) throw new Error(`${source}: ${JSON.stringify(result.problems)}`);
  return result.expression;
}

function problemOf(source: string): { code: string; message: string } {
  const result = compileExpression(source);
  if (result.ok) throw new Error(`${source} was accepted`);
  return result.problems[0]!;
}

const bindings = toCelBindings(evidencedContext());
const run = (source: string): unknown => compiled(source).evaluate(bindings);

describe('numbers in the gate context', () => {
  it.each([
    // counts are int: compare with int or double literals
    ['signatures.valid >= 1', true],
    ['signatures.valid >= 1.0', true],
    ['signatures.valid == 1', true],
    ['signatures.valid == 1.0', true],
    ['environment.rank + 1 == 3', true],
    ['size(datasets) > 0', true],
    ['signatures.valid == size(signatures.signers)', true],
    ['version.ageDays <= 365', true],
    // measurements are double: compare with double or int literals
    ['metrics.auc >= 0.75', true],
    ['metrics.auc >= 1', false],
    ['card.completeness >= 0.9', true],
    ['card.completeness == 1', true],
    ['fairness.all(f, f.value > 0)', true],
    ['double(signatures.valid) / 2.0 == 0.5', true],
    // sizes are int
    ['version.artifacts.all(a, a.size > 1000)', true],
    // free-form params keep JSON numbers as double
    ['version.params.layers == 4', true],
    ['version.params.calibrated == true', true],
  ])('%s evaluates to %s', (source, expected) => {
    expect(run(source)).toBe(expected);
  });

  it('does not mix int and double in arithmetic (a load-time type error)', () => {
    expect(problemOf('signatures.valid + 0.5 > 1.0')).toMatchObject({
      code: 'CEL_TYPE',
      message: "no matching overload for '+' applied to (int, double)",
    });
  });
});

describe('missing metrics', () => {
  it('can be guarded with has() or in', () => {
    expect(run('has(metrics.auc) && metrics.auc >= 0.75')).toBe(true);
    expect(run('has(metrics.f1) && metrics.f1 >= 0.75')).toBe(false);
    expect(run("'f1' in metrics")).toBe(false);
    expect(run("!('f1' in metrics) || metrics.f1 > 0.5")).toBe(true);
  });
});

describe('timestamps', () => {
  it('are parsed from the ISO strings of the context', () => {
    expect(run("timestamp(version.createdAt) > timestamp('2026-01-01T00:00:00Z')")).toBe(true);
    expect(run('timestamp(version.createdAt).getFullYear() == 2026')).toBe(true);
    expect(
      run(
        "evaluationRuns.exists(e, e.kind == 'bias-audit' && (timestamp(version.createdAt) - timestamp(e.createdAt)).getHours() / 24 == 273)",
      ),
    ).toBe(true);
  });
});

describe('strings', () => {
  it('offers the standard and strings-extension functions', () => {
    expect(
      run("model.name.startsWith('credit') && model.name.upperAscii() == 'CREDIT-SCORER'"),
    ).toBe(true);
    expect(run("model.ref.split('/').size() == 2")).toBe(true);
    expect(run("version.artifacts.all(a, a.digest.matches('^sha256:[0-9a-f]{64}$'))")).toBe(true);
  });
});

describe('type checking', () => {
  it.each([
    ["model.nmae == 'x'", "undefined field 'nmae' on model (did you mean 'name'?)"],
    ['metrics.auc > "x"', "no matching overload for '>' applied to (double, string)"],
    ['has(card.exist)', "undefined field 'exist' on card (did you mean 'exists'?)"],
    ["version.artifacts.all(a, a.sha == '')", "undefined field 'sha' on version.artifacts[]"],
    ['model.name == 1', "no matching overload for '==' applied to (string, int)"],
    ['card.missing.exists(m, m > 1)', "no matching overload for '>' applied to (string, int)"],
    ['fairness.all(f, f.value)', 'expected bool, found double'],
    ["model.tags['team'] > 1", "no matching overload for '>' applied to (string, int)"],
    ['version.artifacts[0.5].size > 0', 'list index must be int, found double'],
    ['size(model.name, 1) > 0', "no matching overload for 'size' applied to (string, int)"],
    ['model.name.nosuch()', "undeclared function 'nosuch'"],
    [
      "environment.rank > 1 ? 'yes' : 2",
      'conditional branches have different types: string and int',
    ],
    [
      'google.protobuf.Timestamp{seconds: 1} == null',
      'message construction (google.protobuf.Timestamp{...}) is not supported',
    ],
    ["'x' in signatures.count", "no matching overload for 'in' applied to (string, int)"],
  ])('rejects %s', (source, message) => {
    expect(problemOf(source)).toEqual({
      code: 'CEL_TYPE',
      offset: expect.any(Number) as number,
      message,
    });
  });

  it('accepts dynamic results and checks them when evaluated', () => {
    expect(compiled('version.params.calibrated').resultType).toEqual({ kind: 'dyn' });
    expect(run('version.params.calibrated')).toBe(true);
  });

  it('rejects a non-bool result', () => {
    expect(problemOf('size(datasets)')).toMatchObject({
      code: 'CEL_RESULT_NOT_BOOL',
      message: 'the expression must evaluate to bool, but its type is int',
    });
  });

  it('reports the offset of the offending sub-expression', () => {
    const result = compileExpression('signatures.valid >= 1 && card.exist');
    expect(result.ok || result.problems.map((p) => p.offset)).toEqual([29]);
  });
});

/**
 * Checks of the runnable model: its feature specs (names unique, one namespace with one-hot
 * groups), the matrix (a Float32Array of rows × features, finite, valid one-hot rows) and the
 * scorer. The scorer's output is checked when it is called (`ScoringBatcher`).
 */
import type { IssueCollector } from './issues.js';
import type { EvaluationModel } from './types.js';

function checkOneHot(model: EvaluationModel, rows: number, issues: IssueCollector): void {
  const width = model.features.length;
  const groups = new Map<string, number[]>();
  model.features.forEach((f, j) => {
    if (f.oneHotGroup !== undefined)
      groups.set(f.oneHotGroup, [...(groups.get(f.oneHotGroup) ?? []), j]);
  });
  for (const [group, columns] of groups) {
    const field = `model.matrix.${group}`;
    for (let i = 0; i < rows && !issues.full(field); i++) {
      let hot = 0;
      let binary = true;
      for (const j of columns) {
        const v = model.matrix[i * width + j];
        if (v === 1) hot++;
        else if (v !== 0) binary = false;
      }
      if (!binary || hot > 1) {
        issues.add(
          'invalid_one_hot',
          ['model', 'matrix', i, group],
          `row ${i} of one-hot group '${group}' must hold 0/1 with at most one 1`,
        );
      }
    }
  }
}

/** The model, or null when absent or invalid (its issues added to `issues`). */
export function modelOf(value: unknown, n: number, issues: IssueCollector): EvaluationModel | null {
  if (value === undefined) return null;
  const model = (typeof value === 'object' ? value : null) as Partial<EvaluationModel> | null;
  const features: unknown = model?.features;
  let ok = true;
  if (!Array.isArray(features) || features.length === 0) {
    issues.add(
      'invalid_feature',
      ['model', 'features'],
      'model.features must be a non-empty array',
    );
    return null;
  }
  const names = new Set<string>();
  const groups = new Set<string>();
  features.forEach((raw: unknown, j) => {
    const f = raw as { name?: unknown; type?: unknown; oneHotGroup?: unknown } | null;
    const name = f?.name;
    const group = f?.oneHotGroup;
    const validType = f?.type === 'numeric' || f?.type === 'categorical';
    const validGroup = group === undefined || (typeof group === 'string' && group.length > 0);
    if (typeof name !== 'string' || name.length === 0 || !validType || !validGroup) {
      issues.add(
        'invalid_feature',
        ['model', 'features', j],
        "a feature needs a non-empty name, type 'numeric' or 'categorical', and an optional non-empty oneHotGroup",
      );
      ok = false;
      return;
    }
    if (names.has(name)) {
      issues.add(
        'duplicate_feature',
        ['model', 'features', j, 'name'],
        `feature '${name}' is given twice`,
      );
      ok = false;
    }
    names.add(name);
    if (typeof group === 'string') groups.add(group);
  });
  // Features and one-hot groups are named side by side in the results: one namespace.
  for (const group of [...groups].sort()) {
    if (names.has(group)) {
      issues.add(
        'duplicate_feature',
        ['model', 'features'],
        `'${group}' names both a feature and a one-hot group`,
      );
      ok = false;
    }
  }
  const matrix: unknown = model?.matrix;
  if (!(matrix instanceof Float32Array)) {
    issues.add('invalid_type', ['model', 'matrix'], 'model.matrix must be a Float32Array');
    ok = false;
  } else if (matrix.length !== n * features.length) {
    issues.add(
      'length_mismatch',
      ['model', 'matrix'],
      `model.matrix has ${matrix.length} values, expected rows × features = ${n} × ${features.length}`,
    );
    ok = false;
  } else {
    for (let k = 0; k < matrix.length && !issues.full('model.matrix'); k++) {
      if (!Number.isFinite(matrix[k])) {
        issues.add('not_finite', ['model', 'matrix', k], `model.matrix[${k}] must be finite`);
        ok = false;
      }
    }
  }
  if (typeof model?.scorer !== 'function') {
    issues.add('invalid_scorer', ['model', 'scorer'], 'model.scorer must be a function');
    ok = false;
  }
  if (!ok) return null;
  const valid = model as EvaluationModel;
  checkOneHot(valid, n, issues);
  return valid;
}

/**
 * Builders for small, real ONNX models: the model families of the demo (standardised logistic
 * regression, boosted decision stumps) and linear regression. Each takes float32 input
 * `[N, F]` (N symbolic) and is encoded with `encodeOnnxModel`; tests and the demo use them to
 * produce artifacts any ONNX runtime can score.
 */
import { ValidationError, type Issue } from '../../lib/index.js';
import {
  attribute,
  encodeOnnxModel,
  ONNX_ML_DOMAIN,
  type OnnxAttribute,
  type OnnxNode,
  type OnnxTensor,
} from './onnx-writer.js';

/** A linear predictor over optionally standardised features: ((x - mean) / scale) · w + b. */
export interface LinearModelParameters {
  weights: readonly number[];
  intercept: number;
  /** Per-feature centre subtracted first; omitted means no centring. */
  mean?: readonly number[];
  /** Per-feature divisor applied after centring; omitted means no scaling. */
  scale?: readonly number[];
  /** Name of the float input tensor `[N, weights.length]`; default 'input'. */
  inputName?: string;
  outputName?: string;
}

export interface LogisticRegressionOnnxOptions extends LinearModelParameters {
  /**
   * 'positive' (default): output `[N, 1]` holding p = P(class 1). 'both': output `[N, 2]`
   * holding (1 - p, p), the layout of converted scikit-learn classifiers.
   */
  classes?: 'positive' | 'both';
}

/** Logistic regression: sigmoid(((x - mean) / scale) · w + b); output default 'probability'. */
export function logisticRegressionOnnx(options: LogisticRegressionOnnxOptions): Uint8Array {
  const outputName = options.outputName ?? 'probability';
  const both = options.classes === 'both';
  const linear = linearMargin(options, 'margin');
  const nodes: OnnxNode[] = [...linear.nodes];
  const initializers = [...linear.initializers];
  if (both) {
    initializers.push({ name: 'one', type: 'float', dims: [1], values: [1] });
    nodes.push(
      { opType: 'Sigmoid', inputs: ['margin'], outputs: ['positive'] },
      { opType: 'Sub', inputs: ['one', 'positive'], outputs: ['negative'] },
      {
        opType: 'Concat',
        inputs: ['negative', 'positive'],
        outputs: [outputName],
        attributes: { axis: attribute.int(1) },
      },
    );
  } else {
    nodes.push({ opType: 'Sigmoid', inputs: ['margin'], outputs: [outputName] });
  }
  assertNamesFree(linear.inputName, outputName, [
    'margin',
    ...(both ? ['one', 'positive', 'negative'] : []),
  ]);
  return encodeOnnxModel({
    graph: {
      name: 'logistic_regression',
      nodes,
      initializers,
      inputs: [{ name: linear.inputName, type: 'float', shape: ['N', options.weights.length] }],
      outputs: [{ name: outputName, type: 'float', shape: ['N', both ? 2 : 1] }],
    },
  });
}

/** Linear regression: ((x - mean) / scale) · w + b as `[N, 1]`; output default 'prediction'. */
export function linearRegressionOnnx(options: LinearModelParameters): Uint8Array {
  const outputName = options.outputName ?? 'prediction';
  const linear = linearMargin(options, outputName);
  assertNamesFree(linear.inputName, outputName, []);
  return encodeOnnxModel({
    graph: {
      name: 'linear_regression',
      nodes: linear.nodes,
      initializers: linear.initializers,
      inputs: [{ name: linear.inputName, type: 'float', shape: ['N', options.weights.length] }],
      outputs: [{ name: outputName, type: 'float', shape: ['N', 1] }],
    },
  });
}

/** Names of the intermediate values of `linearMargin`, which the caller's names must avoid. */
const LINEAR_INTERNALS = ['mean', 'scale', 'weights', 'intercept', 'centred', 'scaled', 'dot'];

/** Nodes computing ((x - mean) / scale) · w + b into `output` ([N, 1]). */
function linearMargin(
  p: LinearModelParameters,
  output: string,
): { inputName: string; nodes: OnnxNode[]; initializers: OnnxTensor[] } {
  const issues = linearIssues(p);
  if (issues.length > 0) throw new ValidationError('invalid linear model parameters', issues);
  const f = p.weights.length;
  const nodes: OnnxNode[] = [];
  const initializers: OnnxTensor[] = [
    { name: 'weights', type: 'float', dims: [f, 1], values: p.weights },
    { name: 'intercept', type: 'float', dims: [1], values: [p.intercept] },
  ];
  let current = p.inputName ?? 'input';
  const inputName = current;
  if (p.mean !== undefined) {
    initializers.push({ name: 'mean', type: 'float', dims: [f], values: p.mean });
    nodes.push({ opType: 'Sub', inputs: [current, 'mean'], outputs: ['centred'] });
    current = 'centred';
  }
  if (p.scale !== undefined) {
    initializers.push({ name: 'scale', type: 'float', dims: [f], values: p.scale });
    nodes.push({ opType: 'Div', inputs: [current, 'scale'], outputs: ['scaled'] });
    current = 'scaled';
  }
  nodes.push(
    { opType: 'MatMul', inputs: [current, 'weights'], outputs: ['dot'] },
    { opType: 'Add', inputs: ['dot', 'intercept'], outputs: [output] },
  );
  return { inputName, nodes, initializers };
}

function linearIssues(p: LinearModelParameters): Issue[] {
  const issues: Issue[] = [];
  if (p.weights.length === 0) {
    issues.push({ code: 'too_small', path: ['weights'], message: 'at least one weight' });
  }
  issues.push(...finiteIssues(p.weights, ['weights']));
  issues.push(...finiteIssue(p.intercept, ['intercept']));
  for (const key of ['mean', 'scale'] as const) {
    const values = p[key];
    if (values === undefined) continue;
    if (values.length !== p.weights.length) {
      issues.push({
        code: 'length_mismatch',
        path: [key],
        message: `${key} has ${values.length} values, weights ${p.weights.length}`,
      });
    }
    issues.push(...finiteIssues(values, [key]));
  }
  p.scale?.forEach((s, j) => {
    // A scale that float32 rounds to 0 divides by zero in the model.
    if (Math.fround(s) === 0) {
      issues.push({
        code: 'zero_scale',
        path: ['scale', j],
        message: `scale ${s} is 0 in float32`,
      });
    }
  });
  return issues;
}

function finiteIssues(values: readonly number[], path: (string | number)[]): Issue[] {
  return values.flatMap((v, j) => finiteIssue(v, [...path, j]));
}

/** Also refuses finite float64 values beyond the float32 range, which would become ±Infinity. */
function finiteIssue(value: number, path: (string | number)[]): Issue[] {
  return Number.isFinite(Math.fround(value))
    ? []
    : [{ code: 'not_finite', path, message: `${value} is not a finite float32` }];
}

/** A depth-1 tree: `left` when x[feature] <= threshold, else `right` (log-odds contributions). */
export interface OnnxStump {
  feature: number;
  threshold: number;
  left: number;
  right: number;
}

export interface BoostedStumpsOnnxOptions {
  /** Log-odds before any stump (the base score). */
  prior: number;
  stumps: readonly OnnxStump[];
  /** Width F of the input `[N, F]`; default: the highest feature index used, plus one. */
  featureCount?: number;
  inputName?: string;
  /** Default 'probability'. */
  outputName?: string;
}

/**
 * Boosted stumps: sigmoid(prior + Σ (x[feature] <= threshold ? left : right)), output `[N, 1]`,
 * the semantics of `predictBoosted` in the demo. One `ai.onnx.ml` TreeEnsembleRegressor tree
 * per stump (a BRANCH_LEQ node and two LEAF nodes, base_values = [prior]), then Sigmoid.
 *
 * Precision: the operator holds thresholds and leaf values as float32 and sums in float32.
 * Thresholds are rounded to the nearest float32, the same rounding the float32 input applies to
 * feature values, so a value equal to a threshold (tree learners take thresholds from the data)
 * still goes left. A float64 value above a threshold by less than half a float32 ulp rounds onto
 * it and goes left where float64 arithmetic would go right; float32 input cannot tell them apart.
 */
export function boostedStumpsOnnx(options: BoostedStumpsOnnxOptions): Uint8Array {
  const { stumps } = options;
  const featureCount =
    options.featureCount ?? stumps.reduce((max, s) => Math.max(max, s.feature + 1), 1);
  const issues = stumpIssues(options, featureCount);
  if (issues.length > 0) throw new ValidationError('invalid boosted stumps', issues);
  const inputName = options.inputName ?? 'input';
  const outputName = options.outputName ?? 'probability';
  assertNamesFree(inputName, outputName, ['margin']);

  const ensemble: OnnxNode = {
    opType: 'TreeEnsembleRegressor',
    domain: ONNX_ML_DOMAIN,
    inputs: [inputName],
    outputs: ['margin'],
    attributes: treeEnsembleAttributes(options.prior, stumps),
  };
  return encodeOnnxModel({
    graph: {
      name: 'boosted_stumps',
      nodes: [ensemble, { opType: 'Sigmoid', inputs: ['margin'], outputs: [outputName] }],
      inputs: [{ name: inputName, type: 'float', shape: ['N', featureCount] }],
      outputs: [{ name: outputName, type: 'float', shape: ['N', 1] }],
    },
  });
}

/** TreeEnsembleRegressor (ai.onnx.ml, version 3) attributes: one three-node tree per stump. */
function treeEnsembleAttributes(
  prior: number,
  stumps: readonly OnnxStump[],
): Record<string, OnnxAttribute> {
  const common = {
    n_targets: attribute.int(1),
    base_values: attribute.floats([prior]),
    aggregate_function: attribute.string('SUM'),
    post_transform: attribute.string('NONE'),
  };
  if (stumps.length === 0) {
    // No stump: one tree holding a single leaf of weight 0, so the margin is the prior.
    return {
      ...common,
      nodes_treeids: attribute.ints([0]),
      nodes_nodeids: attribute.ints([0]),
      nodes_featureids: attribute.ints([0]),
      nodes_modes: attribute.strings(['LEAF']),
      nodes_values: attribute.floats([0]),
      nodes_truenodeids: attribute.ints([0]),
      nodes_falsenodeids: attribute.ints([0]),
      target_treeids: attribute.ints([0]),
      target_nodeids: attribute.ints([0]),
      target_ids: attribute.ints([0]),
      target_weights: attribute.floats([0]),
    };
  }
  // Tree t: node 0 branches on x[feature] <= threshold; true -> node 1 (left leaf), false ->
  // node 2 (right leaf). NaN compares false and goes right, as in `predictBoosted`. Leaf ids
  // of the two LEAF nodes are unused (0).
  return {
    ...common,
    nodes_treeids: attribute.ints(stumps.flatMap((_, t) => [t, t, t])),
    nodes_nodeids: attribute.ints(stumps.flatMap(() => [0, 1, 2])),
    nodes_featureids: attribute.ints(stumps.flatMap((s) => [s.feature, 0, 0])),
    nodes_modes: attribute.strings(stumps.flatMap(() => ['BRANCH_LEQ', 'LEAF', 'LEAF'])),
    nodes_values: attribute.floats(stumps.flatMap((s) => [s.threshold, 0, 0])),
    nodes_truenodeids: attribute.ints(stumps.flatMap(() => [1, 0, 0])),
    nodes_falsenodeids: attribute.ints(stumps.flatMap(() => [2, 0, 0])),
    target_treeids: attribute.ints(stumps.flatMap((_, t) => [t, t])),
    target_nodeids: attribute.ints(stumps.flatMap(() => [1, 2])),
    target_ids: attribute.ints(stumps.flatMap(() => [0, 0])),
    target_weights: attribute.floats(stumps.flatMap((s) => [s.left, s.right])),
  };
}

function stumpIssues(options: BoostedStumpsOnnxOptions, featureCount: number): Issue[] {
  const issues: Issue[] = finiteIssue(options.prior, ['prior']);
  if (!Number.isInteger(featureCount) || featureCount < 1) {
    issues.push({ code: 'too_small', path: ['featureCount'], message: 'at least one feature' });
  }
  options.stumps.forEach((s, i) => {
    if (!Number.isInteger(s.feature) || s.feature < 0 || s.feature >= featureCount) {
      issues.push({
        code: 'invalid_feature',
        path: ['stumps', i, 'feature'],
        message: `feature must be an integer in [0, ${featureCount})`,
      });
    }
    for (const key of ['threshold', 'left', 'right'] as const) {
      issues.push(...finiteIssue(s[key], ['stumps', i, key]));
    }
  });
  return issues;
}

/** The caller's tensor names must differ from each other and from the graph's internal names. */
function assertNamesFree(input: string, output: string, extra: readonly string[]): void {
  const internal = new Set([...LINEAR_INTERNALS, ...extra]);
  const issues: Issue[] = [];
  for (const [key, name] of [
    ['inputName', input],
    ['outputName', output],
  ] as const) {
    if (name === '' || internal.has(name)) {
      issues.push({ code: 'reserved_name', path: [key], message: `'${name}' is not available` });
    }
  }
  if (input === output) {
    issues.push({ code: 'duplicate_name', path: ['outputName'], message: 'same as inputName' });
  }
  if (issues.length > 0) throw new ValidationError('invalid tensor names', issues);
}

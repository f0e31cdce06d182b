/**
 * Pre-deployment evaluation: runs a registered model version (ONNX, through onnxruntime-node)
 * or a predictions column on data, computes quality with bootstrap intervals, the bias audit,
 * calibration, robustness and permutation importance (pure engine in `engine/`), and records
 * the result as ledgered evidence that the policy gate and the model card read.
 */
export * from './schemas.js';
export * from './api-schemas.js';
export { runEvaluation, compareVersions, type EvaluationEnvironment } from './run-evaluation.js';
export { getEvaluation, listEvaluations, type EvaluationView } from './queries.js';
export { evaluationFacts, type EvaluationFacts } from './facts.js';
export { renderEvaluationHtml } from './report/render-evaluation-html.js';

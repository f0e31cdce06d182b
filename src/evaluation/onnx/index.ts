export {
  attribute,
  encodeOnnxModel,
  ONNX_DEFAULT_OPSET,
  ONNX_IR_VERSION,
  ONNX_ML_DOMAIN,
  ONNX_ML_OPSET,
  type OnnxAttribute,
  type OnnxElementType,
  type OnnxGraph,
  type OnnxModel,
  type OnnxNode,
  type OnnxOpset,
  type OnnxTensor,
  type OnnxValueInfo,
} from './onnx-writer.js';
export {
  boostedStumpsOnnx,
  linearRegressionOnnx,
  logisticRegressionOnnx,
  type BoostedStumpsOnnxOptions,
  type LinearModelParameters,
  type LogisticRegressionOnnxOptions,
  type OnnxStump,
} from './model-builders.js';
export {
  modelInputDocumentSchema,
  modelOutputDocumentSchema,
  parseModelIo,
  type ModelInputColumn,
  type ModelInputSchema,
  type ModelIo,
  type ModelOutputSchema,
} from './model-io.js';
export {
  DEFAULT_CHUNK_ROWS,
  loadOnnxRuntime,
  OnnxScorer,
  type OnnxRuntime,
  type OnnxScorerOptions,
} from './onnx-runtime.js';

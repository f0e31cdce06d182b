/**
 * Scoring ONNX models with onnxruntime-node. The runtime (~290 MB of native code) is imported
 * lazily, on the first model scored, so the rest of Verity starts and runs without it.
 */
import type * as Ort from 'onnxruntime-node';
import { ValidationError, VerityError, type Issue } from '../../lib/index.js';
import type { ModelIo } from './model-io.js';

export type OnnxRuntime = typeof Ort;

/** Returns a loader that imports the runtime once; a failed import is retried on the next call. */
export function createRuntimeLoader(
  importRuntime: () => Promise<OnnxRuntime>,
): () => Promise<OnnxRuntime> {
  let loading: Promise<OnnxRuntime> | undefined;
  return () => {
    loading ??= importRuntime().catch((error: unknown) => {
      loading = undefined;
      const reason = error instanceof Error ? error.message : String(error);
      throw new VerityError(
        'UNAVAILABLE',
        `ONNX models need onnxruntime-node, which could not be loaded (${reason}). Install it ` +
          'with `npm install onnxruntime-node` (its CPU binaries ship inside the package, so ' +
          'its install script may be skipped), or score the model elsewhere and evaluate its ' +
          'predictions column instead.',
        { package: 'onnxruntime-node', reason },
      );
    });
    return loading;
  };
}

/** The onnxruntime-node module, imported on first use and cached. */
export const loadOnnxRuntime: () => Promise<OnnxRuntime> = createRuntimeLoader(
  () => import('onnxruntime-node'),
);

/** Rows per `session.run`: bounds the input and output buffers for large evaluation sets. */
export const DEFAULT_CHUNK_ROWS = 65_536;

export interface OnnxScorerOptions {
  chunkRows?: number;
  /** For tests: the runtime to use instead of `loadOnnxRuntime()`. */
  runtime?: OnnxRuntime;
}

/**
 * Session options chosen for reproducible scores: one thread and sequential execution, so the
 * order of floating-point operations is fixed; 'basic' optimisation only (constant folding,
 * redundant node removal), which rewrites the graph without swapping in fused kernels.
 */
const SESSION_OPTIONS: Ort.InferenceSession.SessionOptions = {
  executionProviders: ['cpu'],
  intraOpNumThreads: 1,
  interOpNumThreads: 1,
  executionMode: 'sequential',
  graphOptimizationLevel: 'basic',
  logSeverityLevel: 3,
};

/** A loaded ONNX model that turns rows of features into one score per row. */
export class OnnxScorer {
  /** E.g. 'onnxruntime-node 1.30.0': recorded with evaluation results. */
  readonly runtimeVersion: string;
  private readonly columns: number;
  private readonly scoreIndex: number;

  private constructor(
    private readonly ort: OnnxRuntime,
    private readonly session: Ort.InferenceSession,
    private readonly io: ModelIo,
    private readonly chunkRows: number,
  ) {
    this.runtimeVersion = `onnxruntime-node ${ort.env.versions.node ?? ort.env.versions.common}`;
    this.columns = io.input.columns.length;
    this.scoreIndex = io.output.score.index ?? 0;
  }

  /**
   * Loads `modelBytes` and checks it against `io`: the input tensor and score output must exist
   * (else `model_io_mismatch`, listing the model's real names), the input must be the model's
   * only input, and where the model declares types and fixed dimensions they must fit. Bytes
   * that are not a loadable ONNX model give `invalid_onnx`.
   */
  static async create(
    modelBytes: Uint8Array,
    io: ModelIo,
    options: OnnxScorerOptions = {},
  ): Promise<OnnxScorer> {
    const chunkRows = options.chunkRows ?? DEFAULT_CHUNK_ROWS;
    if (!Number.isSafeInteger(chunkRows) || chunkRows < 1) {
      throw new ValidationError('chunkRows must be a positive integer', [
        { code: 'too_small', path: ['chunkRows'], message: 'a positive integer' },
      ]);
    }
    const ort = options.runtime ?? (await loadOnnxRuntime());
    let session: Ort.InferenceSession;
    try {
      session = await ort.InferenceSession.create(modelBytes, SESSION_OPTIONS);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new ValidationError(`the model is not a valid ONNX model: ${reason}`, [
        { code: 'invalid_onnx', path: ['model'], message: reason },
      ]);
    }
    const issues = interfaceIssues(session, io);
    if (issues.length > 0) {
      await session.release();
      throw new ValidationError(
        `the ONNX model does not match its input/output schema: ${issues[0]?.message}`,
        issues,
      );
    }
    return new OnnxScorer(ort, session, io, chunkRows);
  }

  /**
   * Scores `rows` rows of features (row-major, `rows × columns.length` values, columns in
   * inputSchema order). Returns the selected score column as float64, one value per row.
   */
  async score(features: Float32Array, rows: number): Promise<Float64Array> {
    if (!Number.isSafeInteger(rows) || rows < 0 || features.length !== rows * this.columns) {
      throw new ValidationError(
        `expected ${rows} rows × ${this.columns} columns of features, got ${features.length} values`,
        [{ code: 'feature_shape', path: ['features'], message: 'length is not rows × columns' }],
      );
    }
    const scores = new Float64Array(rows);
    for (let start = 0; start < rows; start += this.chunkRows) {
      const count = Math.min(this.chunkRows, rows - start);
      const chunk = features.subarray(start * this.columns, (start + count) * this.columns);
      await this.scoreChunk(chunk, count, scores.subarray(start, start + count));
    }
    return scores;
  }

  /** Frees the native session; the scorer cannot be used afterwards. */
  async release(): Promise<void> {
    await this.session.release();
  }

  private async scoreChunk(chunk: Float32Array, rows: number, into: Float64Array): Promise<void> {
    const { tensor } = this.io.input;
    const { output } = this.io.output.score;
    const feeds = { [tensor]: new this.ort.Tensor('float32', chunk, [rows, this.columns]) };
    const results = await this.session.run(feeds, [output]);
    const result = results[output];
    if (result === undefined) throw mismatch(`the model produced no '${output}'`, [output]);
    const dims = result.dims;
    const width = dims.length === 1 ? 1 : (dims[1] ?? 0);
    const shapeOk =
      dims[0] === rows && (dims.length === 1 || dims.length === 2) && this.scoreIndex < width;
    if (!shapeOk) {
      throw mismatch(
        `output '${output}' has shape [${dims.join(', ')}] for ${rows} rows; expected ` +
          `[${rows}], [${rows}, 1] or [${rows}, K] with K > index ${this.scoreIndex}`,
        ['score', 'index'],
      );
    }
    const data = result.data;
    if (!(data instanceof Float32Array || data instanceof Float64Array)) {
      throw mismatch(`output '${output}' holds ${result.type}, not float`, ['score', 'output']);
    }
    for (let i = 0; i < rows; i++) into[i] = data[i * width + this.scoreIndex] ?? Number.NaN;
  }
}

/** Compares the session's declared inputs and outputs with the schema documents. */
function interfaceIssues(session: Ort.InferenceSession, io: ModelIo): Issue[] {
  const issues: Issue[] = [];
  const { tensor, columns } = io.input;
  const { output, index = 0 } = io.output.score;
  const inputs = session.inputNames;
  const outputs = session.outputNames;
  const list = (names: readonly string[]) => names.map((n) => `'${n}'`).join(', ');
  if (!inputs.includes(tensor)) {
    issues.push({
      code: 'model_io_mismatch',
      path: ['inputSchema', 'tensor'],
      message: `the model has no input '${tensor}'; its inputs: ${list(inputs)}`,
    });
  } else if (inputs.length > 1) {
    issues.push({
      code: 'model_io_mismatch',
      path: ['inputSchema', 'tensor'],
      message: `the model needs inputs ${list(inputs)}; Verity feeds one float tensor`,
    });
  }
  if (!outputs.includes(output)) {
    issues.push({
      code: 'model_io_mismatch',
      path: ['outputSchema', 'score', 'output'],
      message: `the model has no output '${output}'; its outputs: ${list(outputs)}`,
    });
  }
  const input = session.inputMetadata.find((m) => m.name === tensor);
  if (input?.isTensor === false || (input?.isTensor === true && input.type !== 'float32')) {
    const type = input.isTensor ? input.type : 'a non-tensor value';
    issues.push({
      code: 'model_io_mismatch',
      path: ['inputSchema', 'tensor'],
      message: `input '${tensor}' takes ${type}, not float32`,
    });
  } else if (input?.isTensor === true && input.shape.length > 0) {
    const width = input.shape[1];
    if (input.shape.length !== 2 || (typeof width === 'number' && width !== columns.length)) {
      issues.push({
        code: 'model_io_mismatch',
        path: ['inputSchema', 'columns'],
        message: `input '${tensor}' has shape [${input.shape.join(', ')}]; the schema lists ${columns.length} columns`,
      });
    }
  }
  const out = session.outputMetadata.find((m) => m.name === output);
  if (out?.isTensor === false) {
    issues.push({
      code: 'model_io_mismatch',
      path: ['outputSchema', 'score', 'output'],
      message: `output '${output}' is not a tensor`,
    });
  } else if (out?.isTensor === true && out.shape.length === 2) {
    const width = out.shape[1];
    if (typeof width === 'number' && index >= width) {
      issues.push({
        code: 'model_io_mismatch',
        path: ['outputSchema', 'score', 'index'],
        message: `output '${output}' has ${width} columns; index ${index} is out of range`,
      });
    }
  }
  return issues;
}

function mismatch(message: string, path: (string | number)[]): ValidationError {
  return new ValidationError(message, [
    { code: 'model_io_mismatch', path: ['outputSchema', ...path], message },
  ]);
}

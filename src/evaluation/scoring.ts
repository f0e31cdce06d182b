import { extname } from 'node:path';
import { buffer } from 'node:stream/consumers';
import { ValidationError, type Digest } from '../lib/index.js';
import { openArtifact, type RegistryContext, type VersionRow } from '../registry/index.js';
import type { FeatureSpec, Scorer } from './engine/index.js';
import { OnnxScorer, parseModelIo, type ModelIo } from './onnx/index.js';

/** How one version's scores are obtained for an evaluation. */
export interface VersionScoring {
  scoredBy: 'onnx' | 'predictions';
  task: 'binary-classification' | 'regression';
  threshold: number;
  /** The ONNX artifact that was run (null when a predictions column was evaluated). */
  artifact: { path: string; digest: string } | null;
  /** The model's input columns, in tensor order (empty for a predictions column). */
  features: FeatureSpec[];
  scorer: Scorer | null;
  runtime: string | null;
  release(): Promise<void>;
}

interface Request {
  predictions?: string | undefined;
  task?: 'binary-classification' | 'regression' | undefined;
  threshold?: number | undefined;
}

function taskOf(outputSchema: unknown): 'binary-classification' | 'regression' | undefined {
  if (typeof outputSchema !== 'object' || outputSchema === null) return undefined;
  const task = (outputSchema as { task?: unknown }).task;
  return task === 'binary-classification' || task === 'regression' ? task : undefined;
}

function thresholdOf(outputSchema: unknown): number | undefined {
  if (typeof outputSchema !== 'object' || outputSchema === null) return undefined;
  const t = (outputSchema as { threshold?: unknown }).threshold;
  return typeof t === 'number' ? t : undefined;
}

/**
 * Loads what scores a version: its ONNX artifact through onnxruntime (the input mapping from
 * the version's input/output schema), or, when the request names a predictions column, that
 * column. Any other model format needs a predictions column.
 */
export async function prepareScoring(
  ctx: RegistryContext,
  version: VersionRow,
  artifacts: readonly { path: string; digest: string }[],
  request: Request,
): Promise<VersionScoring> {
  if (request.predictions !== undefined) {
    return {
      scoredBy: 'predictions',
      task: request.task ?? taskOf(version.output_schema) ?? 'binary-classification',
      threshold: request.threshold ?? thresholdOf(version.output_schema) ?? 0.5,
      artifact: null,
      features: [],
      scorer: null,
      runtime: null,
      release: async () => {},
    };
  }
  if (version.format !== 'onnx') {
    throw new ValidationError(
      `version ${version.label} is a '${version.format}' model, which Verity cannot run: give the column of its predictions ('predictions')`,
      [{ code: 'predictions_required', path: ['predictions'], message: 'not an ONNX model' }],
    );
  }
  const onnxFiles = artifacts.filter((a) => extname(a.path).toLowerCase() === '.onnx');
  const artifact = onnxFiles[0];
  if (artifact === undefined || onnxFiles.length > 1) {
    throw new ValidationError(
      `version ${version.label} must have exactly one .onnx file to run (it has ${onnxFiles.length})`,
      [{ code: 'no_onnx_artifact', path: ['version', 'files'], message: 'need one .onnx file' }],
    );
  }
  const io: ModelIo = parseModelIo(version.input_schema, version.output_schema);
  if (request.task !== undefined && request.task !== io.output.task) {
    throw new ValidationError(
      `the request's task '${request.task}' differs from the model's output schema ('${io.output.task}')`,
      [{ code: 'task_mismatch', path: ['task'], message: 'differs from the output schema' }],
    );
  }
  const { stream } = await openArtifact(ctx, artifact.digest as Digest, {
    version: version.label,
    path: artifact.path,
  });
  const bytes = new Uint8Array(await buffer(stream));
  const session = await OnnxScorer.create(bytes, io);
  return {
    scoredBy: 'onnx',
    task: io.output.task,
    threshold: request.threshold ?? io.output.threshold ?? 0.5,
    artifact: { path: artifact.path, digest: artifact.digest },
    features: io.input.columns.map((c) => ({
      name: c.name,
      type: c.type,
      ...(c.oneHotGroup === undefined ? {} : { oneHotGroup: c.oneHotGroup }),
    })),
    scorer: (matrix, rows) => session.score(matrix, rows),
    runtime: session.runtimeVersion,
    release: async () => session.release(),
  };
}

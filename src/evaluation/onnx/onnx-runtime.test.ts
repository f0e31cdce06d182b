import { afterEach, describe, expect, it } from 'vitest';
import { ValidationError, VerityError } from '../../lib/index.js';
import { creditIo, creditRows, toMatrix } from './__fixtures__/rows.js';
import { boostedStumpsOnnx, logisticRegressionOnnx } from './model-builders.js';
import { parseModelIo, type ModelIo } from './model-io.js';
import { encodeOnnxModel } from './onnx-writer.js';
import {
  createRuntimeLoader,
  loadOnnxRuntime,
  OnnxScorer,
  type OnnxRuntime,
} from './onnx-runtime.js';

const MODEL = logisticRegressionOnnx({
  weights: [0.02, -0.9, 1.8, -0.004, 0.4],
  intercept: -1,
  mean: [45, 11, 0.7, 200, 0.2],
  scale: [18, 0.9, 0.4, 115, 0.4],
  classes: 'both',
});
const io = (output = 'probability', index = 1, tensor = 'input'): ModelIo => {
  const docs = creditIo({ output, index });
  return parseModelIo({ ...(docs.inputSchema as object), tensor }, docs.outputSchema);
};

const scorers: OnnxScorer[] = [];
afterEach(async () => {
  await Promise.all(scorers.splice(0).map((s) => s.release()));
});
async function create(...args: Parameters<typeof OnnxScorer.create>): Promise<OnnxScorer> {
  const scorer = await OnnxScorer.create(...args);
  scorers.push(scorer);
  return scorer;
}

/** The issues of the ValidationError `promise` rejects with, as `code@path`. */
async function issuesOf(promise: Promise<unknown>): Promise<string[]> {
  const error: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ValidationError);
  const issues = (error as ValidationError).details.issues as { code: string; path: unknown[] }[];
  return issues.map((i) => `${i.code}@${i.path.join('.')}`);
}

describe('OnnxScorer', () => {
  it('reports the runtime version it scores with', async () => {
    const scorer = await create(MODEL, io());
    expect(scorer.runtimeVersion).toBe('onnxruntime-node 1.30.0');
  });

  it('gives bit-identical scores for the same model and inputs, twice and across sessions', async () => {
    const rows = creditRows(3, 2000);
    const first = await (await create(MODEL, io())).score(toMatrix(rows), rows.length);
    const again = await (await create(MODEL, io())).score(toMatrix(rows), rows.length);
    expect(Buffer.from(again.buffer).equals(Buffer.from(first.buffer))).toBe(true);
  });

  it('scores in chunks with the same result as one run', async () => {
    const rows = creditRows(5, 1000);
    const whole = await (await create(MODEL, io())).score(toMatrix(rows), rows.length);
    // 1000 rows in runs of 64: 15 full chunks and one of 40, fed as subarrays of one buffer.
    const chunked = await (
      await create(MODEL, io(), { chunkRows: 64 })
    ).score(toMatrix(rows), rows.length);
    expect(Array.from(chunked)).toEqual(Array.from(whole));
    const stumps = boostedStumpsOnnx({
      prior: -1,
      stumps: [{ feature: 2, threshold: 0.5, left: -0.5, right: 0.5 }],
      featureCount: 5,
    });
    const one = await (await create(stumps, io('probability', 0))).score(toMatrix(rows), 1000);
    const many = await (
      await create(stumps, io('probability', 0), { chunkRows: 7 })
    ).score(toMatrix(rows), 1000);
    expect(Array.from(many)).toEqual(Array.from(one));
  });

  it('returns no scores for no rows', async () => {
    const scorer = await create(MODEL, io());
    expect((await scorer.score(new Float32Array(0), 0)).length).toBe(0);
  });

  it('loads a model held in a view of a larger buffer', async () => {
    const padded = new Uint8Array(MODEL.length + 16);
    padded.set(MODEL, 8);
    const scorer = await create(padded.subarray(8, 8 + MODEL.length), io());
    const rows = creditRows(1, 3);
    const expected = await (await create(MODEL, io())).score(toMatrix(rows), 3);
    expect(Array.from(await scorer.score(toMatrix(rows), 3))).toEqual(Array.from(expected));
  });

  describe('when the bytes are not an ONNX model', () => {
    it('refuses garbage with invalid_onnx', async () => {
      const garbage = Uint8Array.from({ length: 64 }, (_, i) => (i * 37 + 11) & 0xff);
      expect(await issuesOf(OnnxScorer.create(garbage, io()))).toEqual(['invalid_onnx@model']);
    });

    it('refuses empty and truncated bytes with invalid_onnx', async () => {
      expect(await issuesOf(OnnxScorer.create(new Uint8Array(0), io()))).toEqual([
        'invalid_onnx@model',
      ]);
      const truncated = MODEL.subarray(0, MODEL.length - 9);
      expect(await issuesOf(OnnxScorer.create(truncated, io()))).toEqual(['invalid_onnx@model']);
    });
  });

  describe('when the model does not match its schema', () => {
    it('names the input the model really has', async () => {
      const promise = OnnxScorer.create(MODEL, io('probability', 1, 'features'));
      await expect(promise).rejects.toThrow(/no input 'features'; its inputs: 'input'/);
      expect(await issuesOf(OnnxScorer.create(MODEL, io('probability', 1, 'features')))).toEqual([
        'model_io_mismatch@inputSchema.tensor',
      ]);
    });

    it('names the outputs the model really has', async () => {
      await expect(OnnxScorer.create(MODEL, io('score'))).rejects.toThrow(
        /no output 'score'; its outputs: 'probability'/,
      );
      expect(await issuesOf(OnnxScorer.create(MODEL, io('score')))).toEqual([
        'model_io_mismatch@outputSchema.score.output',
      ]);
    });

    it('refuses a score index beyond the declared output width', async () => {
      expect(await issuesOf(OnnxScorer.create(MODEL, io('probability', 2)))).toEqual([
        'model_io_mismatch@outputSchema.score.index',
      ]);
    });

    it('refuses a column list that does not fit the declared input width', async () => {
      const narrow = logisticRegressionOnnx({ weights: [1, 2, 3], intercept: 0 });
      expect(await issuesOf(OnnxScorer.create(narrow, io('probability', 0)))).toEqual([
        'model_io_mismatch@inputSchema.columns',
      ]);
    });

    it('refuses a model that needs more than the one input', async () => {
      const twoInputs = encodeOnnxModel({
        graph: {
          name: 'g',
          nodes: [{ opType: 'Add', inputs: ['input', 'offset'], outputs: ['probability'] }],
          inputs: [
            { name: 'input', type: 'float', shape: ['N', 5] },
            { name: 'offset', type: 'float', shape: ['N', 5] },
          ],
          outputs: [{ name: 'probability', type: 'float', shape: ['N', 5] }],
        },
      });
      expect(await issuesOf(OnnxScorer.create(twoInputs, io('probability', 0)))).toEqual([
        'model_io_mismatch@inputSchema.tensor',
      ]);
    });

    it('refuses an output whose actual shape has no column `index`', async () => {
      // Input and output widths are symbolic, so only the run can tell the output is 5 wide.
      const symbolic = encodeOnnxModel({
        graph: {
          name: 'g',
          nodes: [{ opType: 'Identity', inputs: ['input'], outputs: ['probability'] }],
          inputs: [{ name: 'input', type: 'float', shape: ['N', 'F'] }],
          outputs: [{ name: 'probability', type: 'float', shape: ['N', 'F'] }],
        },
      });
      const scorer = await create(symbolic, io('probability', 5));
      const rows = creditRows(2, 4);
      expect(await issuesOf(scorer.score(toMatrix(rows), 4))).toEqual([
        'model_io_mismatch@outputSchema.score.index',
      ]);
      const fourth = await (await create(symbolic, io('probability', 4))).score(toMatrix(rows), 4);
      expect(Array.from(fourth)).toEqual(rows.map((r) => r[4]));
    });
  });

  it('refuses features whose length is not rows × columns', async () => {
    const scorer = await create(MODEL, io());
    expect(await issuesOf(scorer.score(new Float32Array(9), 2))).toEqual([
      'feature_shape@features',
    ]);
  });
});

describe('loadOnnxRuntime', () => {
  it('imports the runtime once', async () => {
    expect(await loadOnnxRuntime()).toBe(await loadOnnxRuntime());
  });

  it('turns a failed import into UNAVAILABLE with what to do, and retries next time', async () => {
    let attempts = 0;
    const load = createRuntimeLoader(() => {
      attempts += 1;
      return attempts === 1
        ? Promise.reject(new Error("Cannot find module 'onnxruntime-node'"))
        : loadOnnxRuntime();
    });
    const error: unknown = await load().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VerityError);
    expect((error as VerityError).code).toBe('UNAVAILABLE');
    expect((error as VerityError).status).toBe(503);
    expect((error as VerityError).message).toMatch(/npm install onnxruntime-node/);
    expect((error as VerityError).details).toEqual({
      package: 'onnxruntime-node',
      reason: "Cannot find module 'onnxruntime-node'",
    });
    const runtime: OnnxRuntime = await load();
    expect(runtime.env.versions.node).toBe('1.30.0');
    expect(attempts).toBe(2);
  });
});

import { z } from 'zod';
import { digestSchema } from '../registry/schemas.js';

/** Kinds of evidence an evaluation can be recorded as (docs/policies.md conventions). */
export const EVALUATION_KINDS = ['validation', 'test', 'backtest', 'outcomes-analysis'] as const;
export type EvaluationKind = (typeof EVALUATION_KINDS)[number];

const evaluationName = z
  .string()
  .regex(
    /^[a-z][a-z0-9_]{0,62}$/,
    'must be 1-63 lowercase letters, digits and _ starting with a letter (policies select it as evaluations.<name>)',
  );

/** Where the evaluation data is: a registered dataset version's file, or an uploaded file. */
export const evaluationDataSchema = z.union([
  z
    .object({
      dataset: z.string().min(1).max(300).meta({ description: 'a dataset version, name@label' }),
      file: z.string().min(1).max(1024).optional(),
    })
    .strict(),
  z
    .object({
      blob: digestSchema.meta({ description: 'digest of an uploaded CSV file (PUT /blobs)' }),
      file: z.string().min(1).max(1024).meta({ description: 'the file’s name, for the record' }),
    })
    .strict(),
]);
export type EvaluationData = z.infer<typeof evaluationDataSchema>;

const columnName = z.string().min(1).max(256);

export const evaluationOptionsSchema = z
  .object({
    bootstrapResamples: z.number().int().min(0).max(2000).optional(),
    confidence: z.number().gt(0.5).lt(1).optional(),
    permutationRepeats: z.number().int().min(0).max(50).optional(),
    noiseScales: z.array(z.number().positive().max(10)).max(10).optional(),
    flipSearchSample: z.number().int().min(0).max(10_000).optional(),
    calibrationBins: z.number().int().min(2).max(100).optional(),
    maxIntersectionDepth: z.number().int().min(1).max(3).optional(),
    favourableOutcome: z.enum(['positive', 'negative']).optional().meta({
      description:
        'the decision the bias audit counts as selection: positive (score ≥ threshold) or negative (e.g. approval by a default model)',
    }),
    robustness: z.boolean().optional(),
  })
  .strict();
export type EvaluationOptions = z.infer<typeof evaluationOptionsSchema>;

const common = {
  data: evaluationDataSchema,
  label: columnName.meta({ description: 'the column holding the true outcome' }),
  protected: z.array(columnName).max(10).optional(),
  predictions: columnName
    .optional()
    .meta({ description: 'a column of scores to evaluate instead of running the model' }),
  task: z.enum(['binary-classification', 'regression']).optional(),
  threshold: z.number().min(0).max(1).optional(),
  seed: z
    .number()
    .int()
    .min(0)
    .max(2 ** 31 - 1)
    .default(0),
  options: evaluationOptionsSchema.optional(),
};

export const runEvaluationSchema = z
  .object({
    name: evaluationName.default('holdout'),
    kind: z.enum(EVALUATION_KINDS).default('test'),
    ...common,
  })
  .strict();
export type RunEvaluationInput = z.input<typeof runEvaluationSchema>;

export const compareEvaluationSchema = z
  .object({
    name: evaluationName.default('comparison'),
    baseline: z.string().min(1).max(128).meta({
      description: 'the champion version (label or alias) the challenger is compared with',
    }),
    ...common,
    predictions: z
      .tuple([columnName, columnName])
      .optional()
      .meta({ description: 'score columns for the baseline and the challenger, when not run' }),
  })
  .strict();
export type CompareEvaluationInput = z.input<typeof compareEvaluationSchema>;

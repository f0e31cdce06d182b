import { z } from 'zod';

/** Request and response shapes of the monitoring API (server routes and the typed client). */

const name = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._-]{0,62}$/, 'lowercase letters, digits, . _ - (at most 63)');
const featureValue = z.union([z.number(), z.string().max(10_000), z.boolean(), z.null()]);

/** One prediction as production sends it. */
export const predictionRecordSchema = z.strictObject({
  id: z.string().min(1).max(200),
  timestamp: z.iso.datetime({ offset: true }),
  features: z.record(z.string().min(1).max(200), featureValue),
  prediction: z.union([z.number(), z.string().max(200), z.boolean()]).optional(),
  /** The model's score (a probability for classifiers); finite. */
  score: z.number().optional(),
  label: z.union([z.number(), z.string().max(200), z.boolean()]).optional(),
  /** Segment attributes, protected attributes included (`{sex: 'F', age_band: '25-34'}`). */
  segments: z.record(z.string().min(1).max(100), z.string().max(200)).optional(),
});
export type PredictionRecord = z.infer<typeof predictionRecordSchema>;

export const labelRecordSchema = z.strictObject({
  id: z.string().min(1).max(200),
  label: z.union([z.number(), z.string().max(200), z.boolean()]),
});
export type LabelRecord = z.infer<typeof labelRecordSchema>;

export const PERFORMANCE_METRICS = [
  'accuracy',
  'precision',
  'recall',
  'f1',
  'roc_auc',
  'pr_auc',
  'log_loss',
  'brier',
  'ece',
  'rmse',
  'mae',
  'mape',
  'r2',
] as const;
export type PerformanceMetricName = (typeof PERFORMANCE_METRICS)[number];

export const FAIRNESS_METRICS = [
  'selection_rate_ratio',
  'selection_rate_difference',
  'tpr_difference',
  'fpr_difference',
  'equalized_odds_difference',
] as const;
export type FairnessMetricName = (typeof FAIRNESS_METRICS)[number];

const hasBound = (b: { min?: number | undefined; max?: number | undefined }) =>
  b.min !== undefined || b.max !== undefined;

/** What a monitor watches and when it alerts. Defaults are those of docs/monitoring.md. */
export const monitorConfigSchema = z.strictObject({
  /** Feature columns to test (default: every column of the reference). */
  columns: z.array(z.string().min(1).max(200)).min(1).max(1000).optional(),
  drift: z
    .strictObject({
      /** Per-column test and threshold, overriding the default choice. */
      tests: z
        .record(
          z.string().min(1).max(200),
          z.strictObject({ test: z.string().min(1).max(40), threshold: z.number().optional() }),
        )
        .optional(),
      /** The dataset drifts when at least this share of its columns drift. */
      datasetShare: z.number().gt(0).max(1).default(0.5),
      /** Alert on each drifted column, not only on dataset drift. */
      alertPerColumn: z.boolean().default(false),
    })
    .prefault({}),
  performance: z
    .array(
      z
        .strictObject({
          metric: z.enum(PERFORMANCE_METRICS),
          min: z.number().optional(),
          max: z.number().optional(),
        })
        .refine(hasBound, 'give min, max or both'),
    )
    .max(50)
    .default([]),
  fairness: z
    .array(
      z
        .strictObject({
          metric: z.enum(FAIRNESS_METRICS),
          /** A segment attribute, or several for their intersection. */
          attributes: z.array(z.string().min(1).max(100)).min(1).max(4),
          min: z.number().optional(),
          max: z.number().optional(),
        })
        .refine(hasBound, 'give min, max or both'),
    )
    .max(50)
    .default([]),
  /** Decision threshold on `score` for classifiers without a `prediction` field. */
  threshold: z.number().default(0.5),
  /** The positive label (records' labels and predictions equal to it count as 1). */
  positiveLabel: z.union([z.number(), z.string(), z.boolean()]).default(1),
  windowSeconds: z
    .number()
    .int()
    .min(60)
    .max(31 * 86_400)
    .default(86_400),
  /** Runs on windows with fewer records report `no-data` and change no alert. */
  minRecords: z.number().int().min(1).max(1_000_000).default(100),
  /** Days raw features are kept; 0 keeps none (the monitor works from profiles only). */
  retentionDays: z.number().int().min(0).max(3650).default(30),
  severity: z.enum(['info', 'warning', 'critical']).default('warning'),
  /** What a newly fired alert does besides notifying webhooks. */
  actions: z
    .array(
      z.discriminatedUnion('kind', [
        z.strictObject({ kind: z.literal('rollback') }),
        z.strictObject({ kind: z.literal('retrain') }),
        /** Open an incident (docs/incidents.md); its playbook may roll back, freeze, retrain. */
        z.strictObject({
          kind: z.literal('incident'),
          severity: z.enum(['SEV1', 'SEV2', 'SEV3', 'SEV4']).default('SEV2'),
          playbook: z.string().min(1).max(63).optional(),
        }),
      ]),
    )
    .max(3)
    .default([]),
});
export type MonitorConfig = z.infer<typeof monitorConfigSchema>;
export type MonitorConfigInput = z.input<typeof monitorConfigSchema>;

export const createMonitorSchema = z.strictObject({
  name,
  environment: z.string().min(1).max(64).default('production'),
  /** The reference: a registered dataset version (`name@label`) whose CSV/NDJSON file is profiled, or an uploaded profile. */
  reference: z.union([
    z.strictObject({
      dataset: z.string().min(1).max(300),
      file: z.string().min(1).max(1024).optional(),
    }),
    z.strictObject({ profile: z.unknown(), description: z.string().max(500).optional() }),
  ]),
  config: monitorConfigSchema.prefault({}),
  active: z.boolean().default(true),
});
export type CreateMonitorInput = z.input<typeof createMonitorSchema>;

export const updateMonitorSchema = z.strictObject({
  config: monitorConfigSchema.optional(),
  active: z.boolean().optional(),
});
export type UpdateMonitorInput = z.input<typeof updateMonitorSchema>;

import { z } from 'zod';

const qualityEntry = z.object({
  name: z.string(),
  value: z.number(),
  lower: z.number().nullable(),
  upper: z.number().nullable(),
});

/** What an evaluation contributes to the gate and the card (`summarizeEvaluation`). */
export const evaluationSummarySchema = z.object({
  rows: z.number().int(),
  columns: z.array(z.string()),
  kinds: z.array(z.string()).meta({
    description: 'kinds of evidence the evaluation is: its kind, bias-audit, robustness',
  }),
  metrics: z.record(z.string(), z.number()).meta({
    description: 'flattened metrics, as policies read them: evaluations.<name>.<metric>',
  }),
  kindMetrics: z.record(z.string(), z.record(z.string(), z.number())),
  quality: z.array(qualityEntry),
  fairness: z.array(
    z.object({ metric: z.string(), attribute: z.string(), group: z.string(), value: z.number() }),
  ),
});
export type EvaluationSummary = z.infer<typeof evaluationSummarySchema>;

export const evaluationViewSchema = z.object({
  id: z.string(),
  model: z.string(),
  version: z.string(),
  baseline: z.string().nullable(),
  name: z.string(),
  kind: z.string(),
  data: z.object({ file: z.string(), digest: z.string(), dataset: z.string().nullable() }),
  seed: z.number().int(),
  summary: evaluationSummarySchema,
  digest: z.string(),
  createdAt: z.string(),
  createdBy: z.string(),
  result: z.unknown().optional().meta({
    description:
      'the full result (GET of one evaluation): model, data, seed, versions, quality, fairness, calibration, robustness, importance',
  }),
});

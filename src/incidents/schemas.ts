import { z } from 'zod';
import { INCIDENT_TYPES, SEVERITIES } from './rules/index.js';

const text = (max: number) => z.string().trim().min(1).max(max);
const instant = z.iso.datetime({ offset: true });

export const affectedSchema = z.strictObject({
  model: text(300).meta({ description: '[namespace/]name of the model' }),
  version: text(128).optional().meta({ description: 'a version label or alias' }),
  environment: text(64).optional(),
});

export const openIncidentSchema = z.strictObject({
  title: text(200),
  type: z.enum(INCIDENT_TYPES),
  severity: z.enum(SEVERITIES),
  summary: text(8000),
  affected: z.array(affectedSchema).max(50).default([]),
  owner: text(256).optional(),
  playbook: text(63)
    .optional()
    .meta({ description: 'a playbook name; default: the first that matches' }),
  onsetAt: instant.optional().meta({ description: 'when the problem began, if known' }),
  awareAt: instant.optional().meta({
    description: 'when the organisation became aware: regulatory clocks start here (default now)',
  }),
});
export type OpenIncidentInput = z.input<typeof openIncidentSchema>;

export const updateIncidentSchema = z
  .strictObject({
    title: text(200).optional(),
    summary: text(8000).optional(),
    type: z.enum(INCIDENT_TYPES).optional(),
    severity: z.enum(SEVERITIES).optional(),
    owner: text(256).nullable().optional(),
  })
  .refine((v) => Object.keys(v).length > 0, 'nothing to update');
export type UpdateIncidentInput = z.input<typeof updateIncidentSchema>;

export const transitionSchema = z.strictObject({
  status: z.enum(['open', 'triaged', 'mitigating', 'resolved', 'closed']),
  note: text(4000).optional(),
});

export const noteSchema = z.strictObject({ text: text(8000) });

export const stepSchema = z.strictObject({
  outcome: z
    .enum(['run', 'done', 'skipped'])
    .meta({ description: 'run an action step, or mark a step done or skipped' }),
  note: text(4000).optional(),
});

export const startClockSchema = z.strictObject({
  rule: text(64).meta({ description: 'a regulatory clock rule id, e.g. gdpr-art33' }),
  startedAt: instant.optional().meta({ description: 'default: the incident’s awareness time' }),
});

export const reportSchema = z.strictObject({
  fields: z.record(z.string().min(1).max(64), z.string().max(20_000)),
});

export const reviewSchema = z.strictObject({
  summary: text(20_000),
  rootCause: text(20_000),
  contributingFactors: z.array(text(2000)).max(50).default([]),
  actions: z
    .array(z.strictObject({ title: text(500), owner: text(256), dueAt: instant }))
    .max(100)
    .default([]),
});
export type ReviewInput = z.input<typeof reviewSchema>;

export const drillSchema = z.strictObject({
  playbook: text(63),
  model: text(300),
  environment: text(64).default('production'),
  severity: z.enum(SEVERITIES).default('SEV2'),
  type: z.enum(INCIDENT_TYPES).optional(),
  scenario: text(4000).optional(),
});
export type DrillInput = z.input<typeof drillSchema>;

export const listIncidentsQuery = z.object({
  status: z.enum(['open', 'triaged', 'mitigating', 'resolved', 'closed', 'active']).optional(),
  model: z.string().min(1).max(300).optional(),
  severity: z.enum(SEVERITIES).optional(),
  drills: z.enum(['include', 'exclude', 'only']).default('exclude'),
});

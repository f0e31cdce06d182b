import { z } from 'zod';
import { CARD_TIERS, modelCardSchema } from './card-schema.js';

/** Request and response shapes of the card API (server routes and the typed client). */

export const completenessSchema = z.object({
  tier: z.enum(CARD_TIERS),
  score: z.number(),
  required: z.number().int(),
  present: z.number().int(),
  missing: z.array(
    z.object({
      path: z.string(),
      title: z.string(),
      annexIV: z.string(),
      source: z.enum(['author', 'evidence']),
    }),
  ),
});

export const cardViewSchema = z.object({
  model: z.string(),
  version: z.string(),
  versionId: z.string(),
  revision: z.number().int(),
  exists: z.boolean(),
  frozen: z.boolean(),
  frozenReason: z.string().nullable(),
  approved: z.boolean(),
  approvedBy: z.string().nullable(),
  approvedAt: z.string().nullable(),
  evidenceAsOf: z.enum(['live', 'revision']),
  digest: z.string(),
  updatedAt: z.string().nullable(),
  updatedBy: z.string().nullable(),
  completeness: completenessSchema,
  card: modelCardSchema,
});

export const cardRevisionSchema = z.object({
  revision: z.number().int(),
  digest: z.string(),
  tier: z.string(),
  completeness: z.number(),
  summary: z.string(),
  createdAt: z.string(),
  createdBy: z.string(),
  approvedBy: z.string().nullable(),
  approvedAt: z.string().nullable(),
});

export const cardDiffSchema = z.object({
  model: z.string(),
  version: z.string(),
  from: z.number().int(),
  to: z.number().int(),
  changes: z.array(
    z.object({
      path: z.string(),
      title: z.string(),
      change: z.enum(['added', 'removed', 'changed']),
      before: z.unknown().optional(),
      after: z.unknown().optional(),
      itemsAdded: z.array(z.unknown()).optional(),
      itemsRemoved: z.array(z.unknown()).optional(),
    }),
  ),
});

const summary = z.string().trim().max(500).optional();
const expectedRevision = z.number().int().min(0).optional();

export const saveCardSchema = z.strictObject({
  /** The author fields; validated against the card schema as a whole. */
  authored: z.record(z.string(), z.unknown()),
  summary,
  expectedRevision,
});

export const patchCardSchema = z.strictObject({
  set: z.record(z.string().max(100), z.unknown()).optional(),
  append: z.record(z.string().max(100), z.array(z.string().max(500)).min(1).max(100)).optional(),
  unset: z.array(z.string().max(100)).max(100).optional(),
  summary,
  expectedRevision,
});

export const importCardSchema = z.strictObject({
  markdown: z.string().min(1).max(1_000_000),
  summary,
  expectedRevision,
});

export const approveCardSchema = z.strictObject({
  revision: z.number().int().min(1).optional(),
});

export const RENDER_FORMATS = ['md', 'html', 'pdf'] as const;
export type RenderFormat = (typeof RENDER_FORMATS)[number];

import { z } from 'zod';
import { CONTROL_IDS } from '../catalogue/schema.js';
import type { RiskItem } from '../report/report-data.js';

/** Risk categories of the register (ISO/IEC 23894 risk sources, NIST AI RMF MAP 5). */
export const RISK_CATEGORIES = [
  'bias',
  'drift',
  'overfitting',
  'privacy',
  'security',
  'misuse',
  'robustness',
  'explainability',
  'data-quality',
  'third-party',
  'operational',
  'legal',
  'other',
] as const;

export const RISK_STATUSES = ['open', 'mitigated', 'accepted', 'closed'] as const;

const score = z.number().int().min(1).max(5);
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD');

export const mitigationSchema = z.strictObject({
  description: z.string().min(1).max(2000),
  controls: z.array(z.enum(CONTROL_IDS)).max(12).default([]),
  status: z.enum(['planned', 'implemented']).default('planned'),
  /** Evidence references: `ledger:<index>`, a model card, a document URL. */
  evidence: z.array(z.string().min(1).max(500)).max(50).default([]),
});

export const riskInputSchema = z
  .strictObject({
    category: z.enum(RISK_CATEGORIES),
    title: z.string().min(1).max(200),
    description: z.string().max(5000).default(''),
    likelihood: score,
    impact: score,
    owner: z.string().min(1).max(200),
    mitigations: z.array(mitigationSchema).max(50).default([]),
    residualLikelihood: score.nullable().optional(),
    residualImpact: score.nullable().optional(),
    reviewDue: isoDate.nullable().optional(),
  })
  .refine(
    (r) => (r.residualLikelihood == null) === (r.residualImpact == null),
    'residualLikelihood and residualImpact are given together',
  );
export type RiskInput = z.input<typeof riskInputSchema>;

export const riskPatchSchema = z.strictObject({
  category: z.enum(RISK_CATEGORIES).optional(),
  title: z.string().min(1).max(200).optional(),
  description: z.string().max(5000).optional(),
  likelihood: score.optional(),
  impact: score.optional(),
  owner: z.string().min(1).max(200).optional(),
  mitigations: z.array(mitigationSchema).max(50).optional(),
  residualLikelihood: score.nullable().optional(),
  residualImpact: score.nullable().optional(),
  reviewDue: isoDate.nullable().optional(),
  /** `open` reopens; `mitigated` and `closed` record the outcome. Acceptance has its own route. */
  status: z.enum(['open', 'mitigated', 'closed']).optional(),
});

/**
 * The 5 × 5 matrix: score = likelihood × impact; 1–4 low, 5–9 medium, 10–16 high, 20–25
 * critical (the bands ISO 31000 practice commonly uses; 17–19 cannot occur).
 */
export function riskLevel(likelihood: number, impact: number): RiskItem['level'] {
  const s = likelihood * impact;
  if (s >= 20) return 'critical';
  if (s >= 10) return 'high';
  if (s >= 5) return 'medium';
  return 'low';
}

/** Changing these fields after acceptance voids the acceptance: it judged other numbers. */
export const ACCEPTANCE_FIELDS = [
  'likelihood',
  'impact',
  'residualLikelihood',
  'residualImpact',
  'mitigations',
] as const;

import { z } from 'zod';
import { ANNEX_III_AREAS } from '../../cards/card-schema.js';
import { CONTROL_IDS } from '../../policy/pack-schema.js';

/**
 * The control catalogue's data model. The catalogue is data in the repository
 * (`catalogue/data/*.yaml`), versioned by its `version` field; organisations import their own
 * frameworks in the same format. See docs/compliance.md for the field-by-field description.
 */

/** The twelve controls: one vocabulary with policy packs, whose rules map to them. */
export { CONTROL_IDS, type ControlId } from '../../policy/pack-schema.js';

/** [P] checked against the primary text, [S] two or more secondary sources, [U] unverified. */
export const CONFIDENCE_TAGS = ['P', 'S', 'U'] as const;
export type ConfidenceTag = (typeof CONFIDENCE_TAGS)[number];

export const REQUIREMENT_STATUSES = [
  'in-force',
  'scheduled',
  'proposed',
  'stayed',
  'superseded',
  'repealed',
] as const;
export type RequirementStatus = (typeof REQUIREMENT_STATUSES)[number];

/** Where a model is used or its decisions take effect. */
export const JURISDICTIONS = ['EU', 'US', 'US-NYC', 'US-CO', 'SG', 'UK', 'OTHER'] as const;
export type Jurisdiction = (typeof JURISDICTIONS)[number];

export const SECTORS = [
  'banking',
  'insurance',
  'healthcare',
  'employment',
  'education',
  'public-sector',
  'retail',
  'other',
] as const;
export type Sector = (typeof SECTORS)[number];

/** EU AI Act Annex III areas (Art 6(2)): the vocabulary model cards use. */
export const USE_CASE_AREAS = ANNEX_III_AREAS;
export type UseCaseArea = (typeof USE_CASE_AREAS)[number];

/** The EU AI Act risk tiers the classification questionnaire yields. */
export const EU_TIERS = ['prohibited', 'high', 'limited', 'minimal'] as const;
export type EuTier = (typeof EU_TIERS)[number];

/** Facts about a model's processing that decide whether a law reaches it. */
export const SCOPE_FLAGS = [
  /** processes personal data of natural persons (GDPR) */
  'personal-data',
  /** processes special-category data (GDPR Art 9) */
  'special-category-data',
  /** processes electronic protected health information (HIPAA) */
  'ephi',
  /** makes, or substantially factors in, a consequential decision about a person (Colorado) */
  'consequential-decision',
  /** an automated employment decision tool (NYC LL 144) */
  'aedt',
  /** a quantitative model in the sense of bank model-risk guidance */
  'bank-model',
  /** profiles natural persons (always high-risk under Annex III) */
  'profiling',
  /** the deployer is a public body or provides a public service (FRIA, Art 27) */
  'public-service',
  /** the organisation provides a general-purpose AI model (EU AI Act Art 53) */
  'gpai-provider',
  /** ... with systemic risk: above 10^25 FLOP of training compute (Arts 51, 55) */
  'gpai-systemic-risk',
] as const;
export type ScopeFlag = (typeof SCOPE_FLAGS)[number];

/**
 * A condition on a model's scope. Every field that is present must match (AND); within a field
 * any listed value matches (OR). An empty condition matches every model.
 */
export const appliesWhenSchema = z
  .object({
    jurisdictions: z.array(z.enum(JURISDICTIONS)).min(1).optional(),
    sectors: z.array(z.enum(SECTORS)).min(1).optional(),
    areas: z.array(z.enum(USE_CASE_AREAS)).min(1).optional(),
    euTiers: z.array(z.enum(EU_TIERS)).min(1).optional(),
    /** every flag listed must be set on the model */
    flags: z.array(z.enum(SCOPE_FLAGS)).min(1).optional(),
    /** at least one of these flags must be set */
    anyFlags: z.array(z.enum(SCOPE_FLAGS)).min(1).optional(),
  })
  .strict();
export type AppliesWhen = z.infer<typeof appliesWhenSchema>;

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD');

export const clockSchema = z
  .object({
    trigger: z.string().min(1),
    amount: z.number().positive(),
    unit: z.enum(['hours', 'days', 'business-days', 'weeks', 'months', 'years']),
    kind: z.enum(['deadline', 'retention', 'review', 'notice']),
    extension: z.string().optional(),
    tag: z.enum(CONFIDENCE_TAGS).optional(),
  })
  .strict();
export type Clock = z.infer<typeof clockSchema>;

const subControlId = z.string().regex(/^C(?:[1-9]|1[0-2])\.[1-9][0-9]?$/, 'like C6.1');

export const subControlSchema = z
  .object({
    id: subControlId,
    title: z.string().min(1),
    /** automated: a check over Verity's data decides; attested: a person records evidence. */
    kind: z.enum(['automated', 'attested']),
    /** automated only: the id of the check that decides (see compliance/checks). */
    check: z.string().optional(),
    /** attested only: whether the attestation is per model or for the whole organisation. */
    scope: z.enum(['model', 'organisation']).optional(),
    /** attested only: how long an attestation counts, in days (a training is good for a year). */
    validForDays: z.number().int().positive().optional(),
    description: z.string().min(1),
    /** What to do when this is a gap: the next step a gap report prints. */
    remedy: z.string().min(1),
  })
  .strict()
  .superRefine((s, ctx) => {
    if (s.kind === 'automated' && s.check === undefined)
      ctx.addIssue({ code: 'custom', message: 'an automated sub-control names its check' });
    if (s.kind === 'attested' && s.check !== undefined)
      ctx.addIssue({ code: 'custom', message: 'an attested sub-control has no check' });
    if (s.kind === 'attested' && s.scope === undefined)
      ctx.addIssue({ code: 'custom', message: 'an attested sub-control names its scope' });
  });
export type SubControl = z.infer<typeof subControlSchema>;

export const controlSchema = z
  .object({
    id: z.enum(CONTROL_IDS),
    title: z.string().min(1),
    description: z.string().min(1),
    subControls: z.array(subControlSchema).min(1),
  })
  .strict();
export type Control = z.infer<typeof controlSchema>;

export const controlCatalogueSchema = z
  .object({
    version: z.string().min(1),
    controls: z.array(controlSchema).length(CONTROL_IDS.length),
  })
  .strict();
export type ControlCatalogue = z.infer<typeof controlCatalogueSchema>;

export const requirementSchema = z
  .object({
    /** The provision as the law writes it: `Art 9`, `164.312(b)`, `GOVERN 1.1`, `A.6.2.8`. */
    id: z.string().min(1).max(80),
    title: z.string().min(1),
    /** The obligation in plain words. */
    summary: z.string().min(1),
    /** Numbers and deadlines, in words. */
    numbers: z.string().optional(),
    /** Controls that satisfy it; empty when no control covers it (reported as uncovered). */
    controls: z.array(z.enum(CONTROL_IDS)),
    primary: z.enum(CONTROL_IDS).optional(),
    /** Narrows the requirement to these sub-controls (e.g. an attested training). */
    subControls: z.array(subControlId).optional(),
    evidence: z.enum(['automatic', 'attest']),
    tag: z.enum(CONFIDENCE_TAGS),
    status: z.enum(REQUIREMENT_STATUSES),
    appliesFrom: isoDate.optional(),
    appliesUntil: isoDate.optional(),
    supersededBy: z.string().optional(),
    /** Narrower than the framework's own condition (e.g. only high-risk systems). */
    appliesWhen: appliesWhenSchema.optional(),
    clocks: z.array(clockSchema).optional(),
    sources: z.array(z.string()).optional(),
  })
  .strict()
  .superRefine((r, ctx) => {
    if (r.primary !== undefined && !r.controls.includes(r.primary))
      ctx.addIssue({ code: 'custom', message: `primary ${r.primary} is not among its controls` });
    if (r.subControls !== undefined)
      for (const s of r.subControls)
        if (!r.controls.some((c) => s.startsWith(`${c}.`)))
          ctx.addIssue({ code: 'custom', message: `sub-control ${s} is outside its controls` });
    if (r.appliesFrom && r.appliesUntil && r.appliesUntil < r.appliesFrom)
      ctx.addIssue({ code: 'custom', message: 'appliesUntil is before appliesFrom' });
  });
export type Requirement = z.infer<typeof requirementSchema>;

export const frameworkSchema = z
  .object({
    /** Stable slug: `eu-ai-act`, `gdpr`, ... */
    id: z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'a lower-case slug'),
    name: z.string().min(1),
    /** The version of this description; a change in law is a new version, never an edit. */
    version: z.string().min(1),
    kind: z.enum(['law', 'regulation', 'guidance', 'standard', 'voluntary']),
    /** Voluntary frameworks apply only to organisations that adopt them (settings). */
    voluntary: z.boolean(),
    publisher: z.string().min(1),
    /** The date the description was last checked against its sources. */
    asOf: isoDate,
    status: z.enum(REQUIREMENT_STATUSES),
    appliesFrom: isoDate.optional(),
    appliesUntil: isoDate.optional(),
    supersededBy: z.string().optional(),
    appliesWhen: appliesWhenSchema,
    description: z.string().min(1),
    requirements: z.array(requirementSchema).min(1),
    sources: z.array(z.string()).optional(),
  })
  .strict()
  .superRefine((f, ctx) => {
    const seen = new Set<string>();
    for (const r of f.requirements) {
      if (seen.has(r.id))
        ctx.addIssue({ code: 'custom', message: `requirement ${r.id} appears twice` });
      seen.add(r.id);
    }
  });
export type Framework = z.infer<typeof frameworkSchema>;

import { z } from 'zod';
import {
  authoredCardSchema,
  cardEvidenceSchema,
  CARD_TIERS,
  type AuthoredCard,
  type CardEvidence,
  type CardTier,
  type FieldKind,
  type FieldSource,
} from './card-schema.js';
import { valueAt } from './field-paths.js';

/** One field of the card as the docs and the completeness report name it. */
export interface CardField {
  /** `intendedUse.purpose` for author fields, `evidence.metrics` for evidence. */
  path: string;
  title: string;
  annexIV: string;
  source: FieldSource;
  kind: FieldKind;
  description: string;
}

interface Meta {
  title?: string;
  description?: string;
  'x-annex-iv'?: string;
  'x-source'?: FieldSource;
  'x-kind'?: FieldKind;
}

function metaOf(schema: z.ZodType): Meta | undefined {
  let current: z.ZodType = schema;
  for (;;) {
    const found = z.globalRegistry.get(current) as Meta | undefined;
    if (found?.['x-annex-iv'] !== undefined) return found;
    if (current instanceof z.ZodOptional) current = current.unwrap() as z.ZodType;
    else return undefined;
  }
}

function unwrapObject(schema: z.ZodType): z.ZodObject | undefined {
  let current: z.ZodType = schema;
  while (current instanceof z.ZodOptional) current = current.unwrap() as z.ZodType;
  return current instanceof z.ZodObject ? current : undefined;
}

function collect(schema: z.ZodObject, prefix: string, out: CardField[]): void {
  for (const [key, child] of Object.entries(schema.shape)) {
    const path = prefix === '' ? key : `${prefix}.${key}`;
    const found = metaOf(child as z.ZodType);
    if (found !== undefined) {
      out.push({
        path,
        title: found.title ?? key,
        annexIV: found['x-annex-iv'] ?? '',
        source: found['x-source'] ?? 'author',
        kind: found['x-kind'] ?? 'line',
        description: found.description ?? '',
      });
      continue;
    }
    const inner = unwrapObject(child as z.ZodType);
    if (inner !== undefined) collect(inner, path, out);
  }
}

function listFields(): CardField[] {
  const out: CardField[] = [];
  collect(authoredCardSchema, '', out);
  collect(cardEvidenceSchema, 'evidence', out);
  return out;
}

/** The author sections of a card, in document order, with their headings. */
export const CARD_SECTIONS: readonly { key: string; title: string }[] = [
  { key: 'details', title: 'Model details' },
  { key: 'intendedUse', title: 'Intended use' },
  { key: 'risk', title: 'Risk classification' },
  { key: 'trainingData', title: 'Training data' },
  { key: 'evaluation', title: 'Evaluation' },
  { key: 'fairness', title: 'Fairness' },
  { key: 'explainability', title: 'Explainability' },
  { key: 'robustness', title: 'Robustness and cybersecurity' },
  { key: 'humanOversight', title: 'Human oversight' },
  { key: 'limitations', title: 'Limitations and risks' },
  { key: 'ethics', title: 'Ethical considerations' },
  { key: 'compute', title: 'Compute and environmental impact' },
  { key: 'monitoring', title: 'Monitoring' },
  { key: 'lifecycle', title: 'Lifecycle and conformity' },
];

/** Every field of the card, in document order, with its Annex IV item and source. */
export const CARD_FIELDS: readonly CardField[] = listFields();
const FIELD_BY_PATH = new Map(CARD_FIELDS.map((f) => [f.path, f]));

export function cardField(path: string): CardField | undefined {
  return FIELD_BY_PATH.get(path);
}

/** The author fields (the ones `verity card set` may change). */
export const AUTHOR_FIELD_PATHS: readonly string[] = CARD_FIELDS.filter(
  (f) => f.source === 'author',
).map((f) => f.path);

const MINIMAL = [
  'details.description',
  'details.contacts',
  'intendedUse.purpose',
  'evidence.artifacts',
] as const;

const LIMITED = [
  ...MINIMAL,
  'intendedUse.intendedUsers',
  'intendedUse.outOfScopeUses',
  'intendedUse.instructionsForUse',
  'risk.classificationRationale',
  'trainingData.provenance',
  'limitations.known',
  'evidence.trainingDatasets',
  'evidence.metrics',
] as const;

const HIGH = [
  ...LIMITED,
  'details.type',
  'details.architecture',
  'details.developmentMethod',
  'details.designChoices',
  'details.provider',
  'details.inputSpecification',
  'intendedUse.affectedPersons',
  'intendedUse.deploymentContext',
  'risk.annexIIIArea',
  'risk.riskManagement',
  'trainingData.preparation',
  'trainingData.knownBiases',
  'evaluation.procedure',
  'evaluation.metricRationale',
  'fairness.groupsConsidered',
  'fairness.analysis',
  'explainability.approach',
  'robustness.robustness',
  'robustness.cybersecurity',
  'humanOversight.measures',
  'limitations.risks',
  'limitations.mitigations',
  'compute.hardware',
  'monitoring.plan',
  'lifecycle.predeterminedChanges',
  'lifecycle.standardsApplied',
  'evidence.lineage',
  'evidence.signatures',
] as const;

/**
 * The templates: which fields each EU AI Act risk tier requires. `high` follows Annex IV; the
 * lower tiers keep what a deployer needs to use the model safely (Art 50 transparency for
 * `limited`). docs/model-cards.md prints this table.
 */
export const TIER_REQUIREMENTS: Readonly<Record<CardTier, readonly string[]>> = {
  minimal: MINIMAL,
  limited: LIMITED,
  high: HIGH,
};

/**
 * The template for a model whose card does not state its tier, from the model's registered risk
 * tier. A model nobody has classified gets the `high` template: unclassified is not low-risk.
 */
export function tierFromModelRisk(riskTier: string | null | undefined): CardTier {
  const value = (riskTier ?? '').trim().toLowerCase();
  if ((CARD_TIERS as readonly string[]).includes(value)) return value as CardTier;
  if (value === 'low' || value === 'minimal-risk') return 'minimal';
  if (value === 'medium' || value === 'moderate' || value === 'limited-risk') return 'limited';
  return 'high';
}

export function resolveTier(authored: AuthoredCard, modelRiskTier: string | null): CardTier {
  return authored.risk?.tier ?? tierFromModelRisk(modelRiskTier);
}

export interface MissingField {
  path: string;
  title: string;
  annexIV: string;
  source: FieldSource;
}

export interface Completeness {
  tier: CardTier;
  /** present / required, 0..1, rounded to 4 decimals. */
  score: number;
  required: number;
  present: number;
  missing: MissingField[];
}

function evidencePresent(evidence: CardEvidence, key: string): boolean {
  switch (key) {
    case 'lineage':
      return evidence.lineage.run !== null;
    case 'signatures':
      return evidence.signatures.some((s) => s.valid);
    case 'monitoring':
      return evidence.monitoring.monitors > 0;
    case 'model':
      return true;
    default: {
      const value = (evidence as Record<string, unknown>)[key];
      return Array.isArray(value) && value.length > 0;
    }
  }
}

/** Whether a field holds something: text that is not blank, a non-empty list, a number. */
export function isPresent(authored: AuthoredCard, evidence: CardEvidence, path: string): boolean {
  if (path.startsWith('evidence.'))
    return evidencePresent(evidence, path.slice('evidence.'.length));
  const value = valueAt(authored, path);
  if (typeof value === 'string') return value.trim() !== '';
  if (Array.isArray(value)) return value.length > 0;
  return value !== undefined && value !== null;
}

/** How much of the tier's template the card fills, and what is missing, by name. */
export function completeness(
  authored: AuthoredCard,
  evidence: CardEvidence,
  tier: CardTier,
): Completeness {
  const required = TIER_REQUIREMENTS[tier];
  const missing: MissingField[] = [];
  for (const path of required) {
    if (isPresent(authored, evidence, path)) continue;
    const field = FIELD_BY_PATH.get(path);
    missing.push({
      path,
      title: field?.title ?? path,
      annexIV: field?.annexIV ?? '',
      source: field?.source ?? 'author',
    });
  }
  const present = required.length - missing.length;
  return {
    tier,
    score: required.length === 0 ? 1 : Math.round((present / required.length) * 10_000) / 10_000,
    required: required.length,
    present,
    missing,
  };
}

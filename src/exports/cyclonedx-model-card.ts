import type { AuthoredCard, CardEvidence, ModelCard } from '../cards/card-schema.js';
import type {
  CdxApproach,
  CdxModelCard,
  CdxPerformanceMetric,
  CdxProperty,
} from './cyclonedx-types.js';
import { compareCodeUnits, field, nonBlank } from './fields.js';

/*
 * The `modelCard` of the ML-BOM's model component (CycloneDX 1.6, standards.md §9). The library
 * has no data model for it, so it is written here by hand against the schema's
 * `additionalProperties: false` objects. Author text with no CycloneDX field is kept, not dropped,
 * as `modelCard.properties` named `verity:card:<section>.<field>`.
 */

/** Card fields that have a CycloneDX place of their own; every other author field becomes a property. */
const MAPPED_FIELDS = new Set([
  'details.description',
  'details.type',
  'details.provider',
  'details.licence',
  'details.contacts',
  'details.designChoices',
  'intendedUse.intendedUsers',
  'intendedUse.purpose',
  'intendedUse.outOfScopeUses',
  'limitations.known',
  'limitations.risks',
  'fairness.groupsConsidered',
  'fairness.mitigations',
  'risk.tier',
  'risk.annexIIIArea',
  'compute.energyKwh',
  'compute.co2Tonnes',
]);

/** The first matching task wins; the test runs on the model type's head ("binary classifier"). */
const TASKS: readonly (readonly [RegExp, string])[] = [
  [/binary.*classif/, 'binary classification'],
  [/classif/, 'classification'],
  [/regress/, 'regression'],
  [/cluster/, 'clustering'],
  [/rank/, 'ranking'],
  [/forecast/, 'forecasting'],
];

/** The CycloneDX `modelCard` for a Verity card whose datasets have the given `bom-ref`s. */
export function buildModelCard(card: ModelCard, datasetRefs: readonly string[]): CdxModelCard {
  const type = nonBlank(card.authored.details?.type);
  const metrics = performanceMetrics(card.evidence);
  return {
    ...field('modelParameters', {
      ...(type === undefined ? {} : parametersOf(type)),
      ...field(
        'datasets',
        datasetRefs.map((ref) => ({ ref })),
      ),
    }),
    ...field('quantitativeAnalysis', field('performanceMetrics', metrics)),
    ...field('considerations', considerations(card)),
    ...field('properties', cardTextProperties(card.authored)),
  };
}

/**
 * Approach, task and architecture family from the author's model type, written as
 * "<kind>, <family>" or "<kind> (<family>)". The approach is `supervised` unless the type names
 * another one (Verity's models are scored against labelled outcomes); without a type, nothing is
 * claimed. `modelArchitecture` stays empty: the card's `details.architecture` is the system
 * architecture (Annex IV §2(c)), not the model's, and is kept as a property.
 */
function parametersOf(type: string): NonNullable<CdxModelCard['modelParameters']> {
  const cut = type.search(/[(,]/);
  const head = (cut === -1 ? type : type.slice(0, cut)).trim();
  const family =
    cut === -1
      ? ''
      : type
          .slice(cut + 1)
          .replace(/\)\s*$/, '')
          .trim();
  const lower = type.toLowerCase();
  const approach: CdxApproach = lower.includes('self-supervised')
    ? 'self-supervised'
    : lower.includes('semi-supervised')
      ? 'semi-supervised'
      : lower.includes('unsupervised') || lower.includes('cluster')
        ? 'unsupervised'
        : lower.includes('reinforcement')
          ? 'reinforcement-learning'
          : 'supervised';
  const task = TASKS.find(([pattern]) => pattern.test(head.toLowerCase()))?.[1] ?? nonBlank(head);
  return {
    approach: { type: approach },
    ...field('task', task),
    ...field('architectureFamily', nonBlank(family)),
  };
}

/** Metrics and metrics by group, every number as a string (the schema's type). */
function performanceMetrics(evidence: CardEvidence): CdxPerformanceMetric[] {
  const str = (n: number | undefined) => (n === undefined ? undefined : String(n));
  return [
    ...evidence.metrics.map((m) => ({
      type: m.name,
      value: String(m.value),
      ...field('slice', nonBlank(m.slice)),
      ...field('confidenceInterval', {
        ...field('lowerBound', str(m.lower)),
        ...field('upperBound', str(m.upper)),
      }),
    })),
    ...evidence.groupMetrics.map((g) => ({
      type: g.metric,
      value: String(g.value),
      slice: `${g.attribute}=${g.group}`,
    })),
  ];
}

function considerations(card: ModelCard): NonNullable<CdxModelCard['considerations']> {
  const { intendedUse, limitations, fairness, details, ethics, compute } = card.authored;
  const useCases = [nonBlank(card.evidence.model.useCase), intendedUse?.purpose].filter(
    (u): u is string => u !== undefined,
  );
  return {
    ...field('users', intendedUse?.intendedUsers),
    ...field('useCases', [...new Set(useCases)]),
    ...field('technicalLimitations', [
      ...(limitations?.known ?? []),
      ...(intendedUse?.outOfScopeUses ?? []).map((u) => `Out of scope: ${u}`),
    ]),
    ...field(
      'performanceTradeoffs',
      details?.designChoices === undefined ? [] : [details.designChoices],
    ),
    ...field('ethicalConsiderations', [
      ...(ethics ?? []).map((e) => ({
        name: e.name,
        ...field('mitigationStrategy', e.mitigation),
      })),
      ...(limitations?.risks ?? []).map((name) => ({ name })),
    ]),
    ...field(
      'fairnessAssessments',
      (fairness?.groupsConsidered ?? []).map((groupAtRisk) => ({
        groupAtRisk,
        ...field('mitigationStrategy', fairness?.mitigations),
      })),
    ),
    ...field('environmentalConsiderations', environment(compute)),
  };
}

/**
 * Training energy as an `energyConsumption`. The card does not name the energy provider or its
 * source, so the one provider is anonymous with source `unknown` (the schema's value for that).
 * Emissions without an energy figure cannot form an `energyConsumption` and become a property.
 */
function environment(
  compute: AuthoredCard['compute'],
): NonNullable<CdxModelCard['considerations']>['environmentalConsiderations'] {
  const co2 = compute?.co2Tonnes;
  if (compute?.energyKwh === undefined)
    return co2 === undefined
      ? undefined
      : { properties: [{ name: 'verity:training:co2Tonnes', value: String(co2) }] };
  const energy = { value: compute.energyKwh, unit: 'kWh' } as const;
  return {
    energyConsumptions: [
      {
        activity: 'training',
        energyProviders: [
          {
            organization: {},
            energySource: 'unknown',
            energyProvided: energy,
            description: 'Energy provider and source are not recorded on the model card',
          },
        ],
        activityEnergyCost: energy,
        ...field(
          'co2CostEquivalent',
          co2 === undefined ? undefined : { value: co2, unit: 'tCO2eq' as const },
        ),
      },
    ],
  };
}

/** Author fields without a CycloneDX place, in key order; list items become one property each. */
function cardTextProperties(authored: AuthoredCard): CdxProperty[] {
  const out: CdxProperty[] = [];
  for (const [section, body] of Object.entries(authored).sort(([a], [b]) =>
    compareCodeUnits(a, b),
  )) {
    // `ethics` (an array) is mapped to ethicalConsiderations.
    if (body === undefined || body === null || Array.isArray(body) || typeof body !== 'object')
      continue;
    const entries = Object.entries(body as Record<string, unknown>).sort(([a], [b]) =>
      compareCodeUnits(a, b),
    );
    for (const [key, value] of entries) {
      if (MAPPED_FIELDS.has(`${section}.${key}`)) continue;
      for (const item of Array.isArray(value) ? (value as unknown[]) : [value])
        if (typeof item === 'string' || typeof item === 'number')
          out.push({ name: `verity:card:${section}.${key}`, value: String(item) });
    }
  }
  return out;
}

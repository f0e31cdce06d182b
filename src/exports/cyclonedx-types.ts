/*
 * The subset of the CycloneDX 1.6 JSON format (`bom-1.6.schema.json`, draft-07) that Verity emits.
 * Names and nesting follow the schema's `definitions`; optional keys are absent rather than
 * undefined, because most objects in the schema are `additionalProperties: false` and an empty
 * array or object says nothing a reader can use.
 */

/** `hash`: only SHA-256, the algorithm behind every Verity digest. */
export interface CdxHash {
  alg: 'SHA-256';
  /** Lowercase hex, 64 characters (`hash-content`). */
  content: string;
}

/** `property`: a name-value pair; the same name may repeat. */
export interface CdxProperty {
  name: string;
  value: string;
}

/** `organizationalEntity` (all fields optional in the schema). */
export interface CdxOrganizationalEntity {
  name?: string;
}

/** `organizationalContact`. */
export interface CdxOrganizationalContact {
  name?: string;
  email?: string;
}

/** `externalReference`: the types Verity emits. */
export interface CdxExternalReference {
  type: 'vcs' | 'support';
  url: string;
  comment?: string;
}

/** `componentData`: what a `data` component holds. */
export interface CdxComponentData {
  type: 'source-code' | 'configuration' | 'dataset' | 'definition' | 'other';
  name?: string;
  contents?: { url?: string };
  classification?: string;
  description?: string;
}

/** `energyMeasure` and `co2Measure`: numbers, unlike performance metrics. */
export interface CdxEnergyMeasure {
  value: number;
  unit: 'kWh';
}
export interface CdxCo2Measure {
  value: number;
  unit: 'tCO2eq';
}

export type CdxEnergySource =
  | 'coal'
  | 'oil'
  | 'natural-gas'
  | 'nuclear'
  | 'wind'
  | 'solar'
  | 'geothermal'
  | 'hydropower'
  | 'biofuel'
  | 'unknown'
  | 'other';

/** `energyConsumption` (`activity`, `energyProviders`, `activityEnergyCost` required). */
export interface CdxEnergyConsumption {
  activity: 'training';
  energyProviders: {
    organization: CdxOrganizationalEntity;
    energySource: CdxEnergySource;
    energyProvided: CdxEnergyMeasure;
    description?: string;
  }[];
  activityEnergyCost: CdxEnergyMeasure;
  co2CostEquivalent?: CdxCo2Measure;
}

/** `performanceMetric`: every value is a string (`"0.8123"`); a number fails validation. */
export interface CdxPerformanceMetric {
  type: string;
  value: string;
  slice?: string;
  confidenceInterval?: { lowerBound?: string; upperBound?: string };
}

export type CdxApproach =
  'supervised' | 'unsupervised' | 'reinforcement-learning' | 'semi-supervised' | 'self-supervised';

/** `modelCard`: `additionalProperties: false` at every level. */
export interface CdxModelCard {
  modelParameters?: {
    approach?: { type: CdxApproach };
    task?: string;
    architectureFamily?: string;
    modelArchitecture?: string;
    /** References to `data` components by `bom-ref`. */
    datasets?: { ref: string }[];
  };
  quantitativeAnalysis?: { performanceMetrics?: CdxPerformanceMetric[] };
  considerations?: {
    users?: string[];
    useCases?: string[];
    technicalLimitations?: string[];
    performanceTradeoffs?: string[];
    ethicalConsiderations?: { name: string; mitigationStrategy?: string }[];
    fairnessAssessments?: {
      groupAtRisk?: string;
      benefits?: string;
      harms?: string;
      mitigationStrategy?: string;
    }[];
    environmentalConsiderations?: {
      energyConsumptions?: CdxEnergyConsumption[];
      properties?: CdxProperty[];
    };
  };
  properties?: CdxProperty[];
}

/** `component`: the model, its artifact files, its datasets and the tool. */
export interface CdxComponent {
  type: 'machine-learning-model' | 'data' | 'file' | 'application';
  'bom-ref'?: string;
  group?: string;
  name: string;
  version?: string;
  description?: string;
  supplier?: CdxOrganizationalEntity;
  manufacturer?: CdxOrganizationalEntity;
  authors?: CdxOrganizationalContact[];
  hashes?: CdxHash[];
  licenses?: { license: { name: string } }[];
  externalReferences?: CdxExternalReference[];
  properties?: CdxProperty[];
  components?: CdxComponent[];
  data?: CdxComponentData[];
  modelCard?: CdxModelCard;
}

/** `dependency`: `dependsOn` absent means the component has no dependencies. */
export interface CdxDependency {
  ref: string;
  dependsOn?: string[];
}

/** A CycloneDX 1.6 BOM as JSON. */
export interface CycloneDxBom {
  bomFormat: 'CycloneDX';
  specVersion: '1.6';
  /** `urn:uuid:` followed by an RFC 4122 UUID. */
  serialNumber: string;
  version: 1;
  metadata: {
    timestamp: string;
    tools: { components: CdxComponent[] };
    component: CdxComponent;
  };
  components: CdxComponent[];
  dependencies: CdxDependency[];
}

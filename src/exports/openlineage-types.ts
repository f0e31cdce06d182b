/*
 * The parts of OpenLineage 2-0-2 (`https://openlineage.io/spec/2-0-2/OpenLineage.json`, draft
 * 2020-12) and of its standard facets that Verity emits, plus Verity's one custom facet and its
 * JSON Schema. Facet versions are those of the facet schemas' `$id`s (standards.md §10).
 */

/** `BaseFacet`: every facet names who made it and the exact schema it follows. */
export interface OpenLineageFacet {
  _producer: string;
  _schemaURL: string;
}

/** `JobTypeJobFacet` 2-0-4 (`processingType`, `integration` required). */
export interface JobTypeJobFacet extends OpenLineageFacet {
  processingType: 'BATCH';
  integration: 'VERITY';
  jobType: 'TRAINING';
}

/** `SourceCodeLocationJobFacet` 1-1-0 (`type`, `url` required; `url` is `format: uri`). */
export interface SourceCodeLocationJobFacet extends OpenLineageFacet {
  type: 'git';
  url: string;
  repoUrl: string;
  version: string;
}

/** `ErrorMessageRunFacet` 1-0-1 (`message`, `programmingLanguage` required). */
export interface ErrorMessageRunFacet extends OpenLineageFacet {
  message: string;
  programmingLanguage: string;
  stackTrace?: string;
}

/** `TagsRunFacet` 1-0-0. */
export interface TagsRunFacet extends OpenLineageFacet {
  tags: { key: string; value: string; source: 'VERITY' }[];
}

/** `verity_training`: what Verity recorded about a training run that no standard facet holds. */
export interface VerityTrainingRunFacet extends OpenLineageFacet {
  status: string;
  params: Record<string, unknown>;
  /** The last value of each metric key (highest step; on a tie, the last recorded), by key. */
  metrics: { key: string; value: number; step: number }[];
  environment: { image: string | null; packages: string[] };
  inputs: { id: string; ref: string; digest: string }[];
  outputs: { id: string; ref: string }[];
  createdBy: string;
}

/** `DatasetVersionDatasetFacet` 1-0-1 (`datasetVersion` required). */
export interface DatasetVersionDatasetFacet extends OpenLineageFacet {
  datasetVersion: string;
}

/** `SchemaDatasetFacet` 1-2-0. */
export interface SchemaDatasetFacet extends OpenLineageFacet {
  fields: { name: string; type?: string }[];
}

/** `DatasourceDatasetFacet` 1-0-1 (`uri` is `format: uri`). */
export interface DatasourceDatasetFacet extends OpenLineageFacet {
  uri: string;
}

/** `InputStatisticsInputDatasetFacet` 1-0-0. */
export interface InputStatisticsInputDatasetFacet extends OpenLineageFacet {
  rowCount?: number;
  size?: number;
  fileCount?: number;
}

export interface OpenLineageInputDataset {
  namespace: string;
  name: string;
  facets?: {
    version?: DatasetVersionDatasetFacet;
    schema?: SchemaDatasetFacet;
    dataSource?: DatasourceDatasetFacet;
  };
  inputFacets?: { inputStatistics?: InputStatisticsInputDatasetFacet };
}

export interface OpenLineageOutputDataset {
  namespace: string;
  name: string;
  facets?: { version?: DatasetVersionDatasetFacet };
}

/** A `RunEvent`. */
export interface OpenLineageRunEvent {
  eventType: 'START' | 'COMPLETE' | 'FAIL';
  eventTime: string;
  producer: string;
  schemaURL: string;
  run: {
    runId: string;
    facets?: {
      tags?: TagsRunFacet;
      errorMessage?: ErrorMessageRunFacet;
      verity_training?: VerityTrainingRunFacet;
    };
  };
  job: {
    namespace: string;
    name: string;
    facets: { jobType: JobTypeJobFacet; sourceCodeLocation?: SourceCodeLocationJobFacet };
  };
  inputs?: OpenLineageInputDataset[];
  outputs?: OpenLineageOutputDataset[];
}

/** `$id` of the JSON Schema of `VerityTrainingRunFacet`; versioned, never edited in place. */
export const VERITY_TRAINING_FACET_SCHEMA_ID =
  'https://verity.dev/spec/facets/1-0-0/VerityTrainingRunFacet.json';

/**
 * The JSON Schema (draft 2020-12) the `verity_training` facet's `_schemaURL` points to, laid out
 * like the standard facet schemas: the facet under `$defs`, keyed by its name at the top level.
 */
export const VERITY_TRAINING_FACET_SCHEMA = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: VERITY_TRAINING_FACET_SCHEMA_ID,
  $defs: {
    VerityTrainingRunFacet: {
      allOf: [
        { $ref: 'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunFacet' },
        {
          type: 'object',
          properties: {
            _producer: true,
            _schemaURL: true,
            status: { type: 'string', description: 'Verity run status' },
            params: { type: 'object', description: 'hyper-parameters as logged' },
            metrics: {
              type: 'array',
              items: {
                type: 'object',
                properties: {
                  key: { type: 'string' },
                  value: { type: 'number' },
                  step: { type: 'integer', minimum: 0 },
                },
                required: ['key', 'value', 'step'],
                additionalProperties: false,
              },
            },
            environment: {
              type: 'object',
              properties: {
                image: { type: ['string', 'null'], pattern: '^sha256:[0-9a-f]{64}$' },
                packages: { type: 'array', items: { type: 'string' } },
              },
              required: ['image', 'packages'],
              additionalProperties: false,
            },
            inputs: {
              type: 'array',
              items: {
                type: 'object',
                properties: {
                  id: { type: 'string' },
                  ref: { type: 'string' },
                  digest: { type: 'string', pattern: '^sha256:[0-9a-f]{64}$' },
                },
                required: ['id', 'ref', 'digest'],
                additionalProperties: false,
              },
            },
            outputs: {
              type: 'array',
              items: {
                type: 'object',
                properties: { id: { type: 'string' }, ref: { type: 'string' } },
                required: ['id', 'ref'],
                additionalProperties: false,
              },
            },
            createdBy: { type: 'string' },
          },
          required: [
            'status',
            'params',
            'metrics',
            'environment',
            'inputs',
            'outputs',
            'createdBy',
          ],
          additionalProperties: false,
        },
      ],
      type: 'object',
    },
  },
  type: 'object',
  properties: { verity_training: { $ref: '#/$defs/VerityTrainingRunFacet' } },
} as const;

/*
 * Exports of Verity records in published formats: a model card as a CycloneDX 1.6 ML-BOM, a
 * training run as OpenLineage 2-0-2 run events. Pure builders: the caller serialises and serves.
 */
export { buildMlBom, type MlBomOptions } from './cyclonedx.js';
export type * from './cyclonedx-types.js';
export {
  buildOpenLineageRunEvents,
  FACET_SCHEMA_URLS,
  OPENLINEAGE_RUN_EVENT_SCHEMA_URL,
  type DatasetVersionDetails,
  type OpenLineageOptions,
} from './openlineage.js';
export * from './openlineage-types.js';

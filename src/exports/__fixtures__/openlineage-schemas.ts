import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import ajvFormats from 'ajv-formats';
import { VERITY_TRAINING_FACET_SCHEMA } from '../openlineage-types.js';

/**
 * The OpenLineage 2-0-2 JSON Schema and its standard facet schemas (all draft 2020-12). They stay
 * in `../shared/schemas/openlineage-2-0-2/` beside the checkout, not in this tree; tests that need
 * them skip when the folder is absent (a user's own clone).
 */
export const OPENLINEAGE_SCHEMA_DIR = new URL(
  '../../../../shared/schemas/openlineage-2-0-2/',
  import.meta.url,
);

/** Why the schema tests are skipped, or `undefined` when the schemas are present. */
export const OPENLINEAGE_SCHEMAS_MISSING = existsSync(
  new URL('OpenLineage.json', OPENLINEAGE_SCHEMA_DIR),
)
  ? undefined
  : `skipped: the OpenLineage schemas live in ../shared/schemas/openlineage-2-0-2 (absent at ${OPENLINEAGE_SCHEMA_DIR.pathname})`;

export const OPENLINEAGE_SCHEMA_ID = 'https://openlineage.io/spec/2-0-2/OpenLineage.json';

export interface OpenLineageValidators {
  /** The whole event against `OpenLineage.json` (which checks facets only as `BaseFacet`). */
  event: ValidateFunction;
  /** The validator a facet's `_schemaURL` names, or undefined when no loaded schema has it. */
  facet: (schemaUrl: string) => ValidateFunction | undefined;
  /** `$id` of every facet schema loaded from the shared folder. */
  facetIds: string[];
}

/** Compiles the event schema, every facet schema and Verity's custom facet schema by `$id`. */
export function loadOpenLineageValidators(): OpenLineageValidators {
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  // ajv-formats is CommonJS: under NodeNext its plugin is the default export's `default`.
  ajvFormats.default(ajv);
  ajv.addSchema(readJson('OpenLineage.json'));
  const facetDir = new URL('facets/', OPENLINEAGE_SCHEMA_DIR);
  const facetIds: string[] = [];
  for (const file of readdirSync(facetDir)
    .filter((f) => f.endsWith('.json'))
    .sort()) {
    const schema = readJson(`facets/${file}`) as { $id: string };
    ajv.addSchema(schema);
    facetIds.push(schema.$id);
  }
  ajv.addSchema(VERITY_TRAINING_FACET_SCHEMA);
  const event = ajv.getSchema(OPENLINEAGE_SCHEMA_ID);
  if (event === undefined) throw new Error('OpenLineage.json did not compile');
  return { event, facet: (url) => ajv.getSchema(url), facetIds };
}

function readJson(relative: string): object {
  return JSON.parse(readFileSync(new URL(relative, OPENLINEAGE_SCHEMA_DIR), 'utf8')) as object;
}

import { existsSync, readFileSync } from 'node:fs';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import ajvFormats from 'ajv-formats';

/**
 * The OpenSSF Model Signing v1.0 JSON Schemas (draft 2020-12) and test bundles. They stay in
 * `../shared/schemas/model-signing-v1.0/` beside the checkout, not in this tree; tests that
 * need them skip when the folder is absent (a user's own clone).
 */
export const OMS_SCHEMA_DIR = new URL(
  '../../../../shared/schemas/model-signing-v1.0/',
  import.meta.url,
);

/** Why the schema tests are skipped, or `undefined` when the schemas are present. */
export const OMS_SCHEMAS_MISSING = existsSync(new URL('bundle.schema.json', OMS_SCHEMA_DIR))
  ? undefined
  : `skipped: the OMS schemas live in ../shared/schemas/model-signing-v1.0 (absent at ${OMS_SCHEMA_DIR.pathname})`;

/** Validators for a whole OMS bundle and for the in-toto statement inside it. */
export interface OmsValidators {
  bundle: ValidateFunction;
  statement: ValidateFunction;
}

/** Compiles the four schemas with ajv's 2020-12 build (they reference each other by `$id`). */
export function loadOmsValidators(): OmsValidators {
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  // ajv-formats is CommonJS: under NodeNext its plugin is the default export's `default`.
  ajvFormats.default(ajv);
  for (const name of ['predicate', 'statement', 'envelope', 'bundle']) {
    ajv.addSchema(readJson(`${name}.schema.json`) as object);
  }
  const get = (id: string) => {
    const validate = ajv.getSchema(id);
    if (validate === undefined) throw new Error(`schema ${id} did not compile`);
    return validate;
  };
  return {
    bundle: get('https://model_signing/bundle/v1.0/schema'),
    statement: get('https://model_signing/statement/v1.0/schema'),
  };
}

/** A file of the shared folder, as text. */
export function readShared(relative: string): string {
  return readFileSync(new URL(relative, OMS_SCHEMA_DIR), 'utf8');
}

/** A JSON file of the shared folder, parsed. */
export function readJson(relative: string): unknown {
  return JSON.parse(readShared(relative)) as unknown;
}

/** The decoded DSSE payload of a bundle, parsed as JSON. */
export function bundlePayload(bundle: unknown): unknown {
  const payload = (bundle as { dsseEnvelope: { payload: string } }).dsseEnvelope.payload;
  return JSON.parse(Buffer.from(payload, 'base64').toString('utf8')) as unknown;
}

import * as CDX from '@cyclonedx/cyclonedx-library';
import { expect } from 'vitest';

/**
 * The CycloneDX library's strict 1.6 JSON validator (its bundled `bom-1.6.schema.json`, offline):
 * `null` when the BOM is valid, else ajv's errors.
 */
export async function schemaErrors(bom: unknown): Promise<unknown> {
  return new CDX.Validation.JsonStrictValidator(CDX.Spec.Version.v1dot6).validate(
    JSON.stringify(bom),
  );
}

/** Asserts the BOM is valid, printing ajv's errors when it is not. */
export async function expectValid(bom: unknown): Promise<void> {
  const errors = await schemaErrors(bom);
  expect(errors, JSON.stringify(errors, null, 2)).toBeNull();
}

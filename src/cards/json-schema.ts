import { z } from 'zod';
import { CARD_SCHEMA_ID, modelCardSchema } from './card-schema.js';

/**
 * The published JSON Schema (draft 2020-12) of a whole model card, generated from the zod schema:
 * `schemas/model-card-v1.schema.json` (`npm run docs:cards`). Each field carries its title,
 * `x-annex-iv` item and `x-source`.
 */
export function cardJsonSchema(): Record<string, unknown> {
  const generated = z.toJSONSchema(modelCardSchema, { target: 'draft-2020-12', io: 'input' });
  const { $schema, ...rest } = generated as Record<string, unknown>;
  return { $schema, $id: CARD_SCHEMA_ID, ...rest };
}

import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { SAMPLE_CARD } from './__fixtures__/sample-card.js';
import { withCardFields } from './field-docs.js';
import { cardJsonSchema } from './json-schema.js';

const FILE = new URL('../../schemas/model-card-v1.schema.json', import.meta.url);

function validator() {
  const ajv = new Ajv2020({ allErrors: true });
  ajv.addKeyword('x-annex-iv').addKeyword('x-source').addKeyword('x-kind');
  return ajv.compile(cardJsonSchema());
}

describe('published card JSON Schema', () => {
  it('is generated from the zod schema and up to date (npm run docs:cards)', () => {
    expect(JSON.parse(readFileSync(FILE, 'utf8'))).toEqual(cardJsonSchema());
  });

  it('accepts the sample card and rejects what the zod schema rejects', () => {
    const validate = validator();
    expect(validate(SAMPLE_CARD), JSON.stringify(validate.errors)).toBe(true);
    const extraField = structuredClone(SAMPLE_CARD) as unknown as {
      authored: { details: Record<string, unknown> };
    };
    extraField.authored.details.colour = 'blue';
    expect(validate(extraField)).toBe(false);
    const badTier = { ...SAMPLE_CARD, tier: 'extreme' };
    expect(validate(badTier)).toBe(false);
  });

  it('says which Annex IV item each author field serves', () => {
    const schema = cardJsonSchema() as {
      properties: {
        authored: {
          properties: Record<string, { properties: Record<string, Record<string, unknown>> }>;
        };
      };
    };
    const purpose = schema.properties.authored.properties.intendedUse?.properties.purpose;
    expect(purpose).toMatchObject({
      title: 'Intended purpose',
      'x-annex-iv': '§1(a)',
      'x-source': 'author',
    });
  });
});

describe('docs/model-cards.md', () => {
  it('has the field table generated from the schema (npm run docs:cards)', () => {
    const doc = readFileSync(new URL('../../docs/model-cards.md', import.meta.url), 'utf8');
    expect(doc).toBe(withCardFields(doc));
    expect(doc).toContain('| `humanOversight.measures` | Human oversight measures');
  });
});

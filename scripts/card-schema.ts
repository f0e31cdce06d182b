// Writes schemas/model-card-v1.schema.json and the field table of docs/model-cards.md from the
// card's zod schema (`npm run docs:cards`); a test fails when either is out of date.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { withCardFields } from '../src/cards/field-docs.js';
import { cardJsonSchema } from '../src/cards/json-schema.js';

const target = new URL('../schemas/model-card-v1.schema.json', import.meta.url);
mkdirSync(new URL('../schemas/', import.meta.url), { recursive: true });
writeFileSync(target, `${JSON.stringify(cardJsonSchema(), null, 2)}\n`);
console.log('wrote schemas/model-card-v1.schema.json');

const doc = new URL('../docs/model-cards.md', import.meta.url);
writeFileSync(doc, withCardFields(readFileSync(doc, 'utf8')));
console.log('wrote the field table of docs/model-cards.md');

// Writes schemas/model-card-v1.schema.json from the card's zod schema. `npm run docs:cards`;
// a test fails when the file is out of date.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cardJsonSchema } from '../src/cards/json-schema.js';

const target = new URL('../schemas/model-card-v1.schema.json', import.meta.url);
mkdirSync(new URL('../schemas/', import.meta.url), { recursive: true });
writeFileSync(target, `${JSON.stringify(cardJsonSchema(), null, 2)}\n`);
console.log('wrote schemas/model-card-v1.schema.json');

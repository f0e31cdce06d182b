import { readFileSync } from 'node:fs';

/** The packs Verity ships, by name; sources live beside this file in `packs/`. */
export const SHIPPED_PACK_NAMES = [
  'baseline',
  'eu-ai-act-high-risk',
  'nyc-ll144',
  'bank-model-risk',
] as const;

/** Each shipped pack's YAML source, read once at module load (run from source with tsx). */
export const SHIPPED_PACKS: readonly { name: string; source: string }[] = SHIPPED_PACK_NAMES.map(
  (name) => ({
    name,
    source: readFileSync(new URL(`./packs/${name}.yaml`, import.meta.url), 'utf8'),
  }),
);

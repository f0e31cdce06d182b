import type { CardTier } from '../card-schema.js';

/**
 * The items of EU AI Act Annex IV (technical documentation referred to in Art 11(1)), in the
 * regulation's order, each with a short paraphrase of what it asks for.
 */
export const ANNEX_IV_ITEMS: readonly { item: string; requirement: string }[] = [
  { item: '§1(a)', requirement: 'Intended purpose, provider and version of the system' },
  { item: '§1(b)', requirement: 'Interaction with hardware, software and other AI systems' },
  { item: '§1(c)', requirement: 'Versions of the relevant software and update requirements' },
  { item: '§1(d)', requirement: 'Forms in which the system is placed on the market' },
  { item: '§1(e)', requirement: 'Hardware on which the system is intended to run' },
  { item: '§1(f)', requirement: 'Photographs or illustrations of products it is part of' },
  { item: '§1(g)', requirement: 'User interface provided to the deployer' },
  { item: '§1(h)', requirement: 'Instructions for use for the deployer' },
  { item: '§2(a)', requirement: 'Development methods, incl. pre-trained and third-party parts' },
  { item: '§2(b)', requirement: 'Design specifications, key design choices and trade-offs' },
  { item: '§2(c)', requirement: 'System architecture and computational resources' },
  { item: '§2(d)', requirement: 'Data requirements, datasheets, provenance and preparation' },
  { item: '§2(e)', requirement: 'Human oversight measures (Art 14) and interpretation aids' },
  { item: '§2(f)', requirement: 'Pre-determined changes and how they are controlled' },
  { item: '§2(g)', requirement: 'Validation and testing, metrics, discriminatory impact' },
  { item: '§2(h)', requirement: 'Cybersecurity measures' },
  { item: '§3', requirement: 'Capabilities, limitations, foreseeable risks, input specifications' },
  { item: '§4', requirement: 'Appropriateness of the performance metrics' },
  { item: '§5', requirement: 'Risk management system (Art 9)' },
  { item: '§6', requirement: 'Relevant changes made through the lifecycle' },
  { item: '§7', requirement: 'Harmonised standards or other specifications applied' },
  { item: '§8', requirement: 'Copy of the EU declaration of conformity (Art 47)' },
  { item: '§9', requirement: 'Post-market monitoring system and plan (Art 72)' },
];

const ORDER = new Map(ANNEX_IV_ITEMS.map((entry, index) => [entry.item, index]));

/** `'§2(g), §3'` → `['§2(g)', '§3']`. */
export function splitAnnexItems(annexIV: string): string[] {
  return annexIV
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

/** The distinct items of several references, in the regulation's order. */
export function mergeAnnexItems(references: readonly string[]): string[] {
  const items = new Set(references.flatMap(splitAnnexItems));
  return [...items].sort((a, b) => (ORDER.get(a) ?? 999) - (ORDER.get(b) ?? 999));
}

/** Annex III points (Art 6(2)) as the regulation names them. */
export const ANNEX_III_LABELS: Readonly<Record<string, string>> = {
  none: 'Not in an Annex III area',
  biometrics: 'Biometrics (Annex III point 1)',
  'critical-infrastructure': 'Critical infrastructure (Annex III point 2)',
  education: 'Education and vocational training (Annex III point 3)',
  employment: 'Employment, workers management, access to self-employment (Annex III point 4)',
  'essential-services':
    'Access to essential private and public services and benefits (Annex III point 5)',
  'law-enforcement': 'Law enforcement (Annex III point 6)',
  migration: 'Migration, asylum and border control management (Annex III point 7)',
  'justice-democracy': 'Administration of justice and democratic processes (Annex III point 8)',
};

export const TIER_LABELS: Readonly<Record<CardTier, string>> = {
  minimal: 'Minimal risk',
  limited: 'Limited risk (transparency obligations, Art 50)',
  high: 'High risk (Art 6; Annex IV documentation)',
};

import { z } from 'zod';

/** The twelve controls of the compliance catalogue (docs/policies.md, "Controls"). */
export const CONTROL_IDS = [
  'C1',
  'C2',
  'C3',
  'C4',
  'C5',
  'C6',
  'C7',
  'C8',
  'C9',
  'C10',
  'C11',
  'C12',
] as const;

export type ControlId = (typeof CONTROL_IDS)[number];

export const POLICY_API_VERSION = 'verity.dev/v1';

/** Lowercase kebab-case starting with a letter: `baseline`, `nyc-ll144`, `version-signed`. */
export const KEBAB_PATTERN = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;

const MAX_TEXT = 2000;
/** Expressions are short predicates; the bound also bounds parsing and checking work. */
export const MAX_EXPRESSION_LENGTH = 4096;

const kebab = (what: string) =>
  z
    .string()
    .max(64, `${what} must be at most 64 characters`)
    .regex(KEBAB_PATTERN, `${what} must be lowercase kebab-case starting with a letter`);
const text = z.string().trim().min(1).max(MAX_TEXT);
// An unquoted YAML `true`/`false` is a boolean; it means the CEL literal of the same name.
const expression = z.preprocess(
  (value) => (typeof value === 'boolean' ? String(value) : value),
  z.string().trim().min(1).max(MAX_EXPRESSION_LENGTH),
);

const controlOrder = (a: ControlId, b: ControlId): number =>
  Number(a.slice(1)) - Number(b.slice(1));

export const policyRuleSchema = z.strictObject({
  id: kebab('a rule id'),
  description: text,
  // A set: normalised to ascending order without repeats, so listing order does not change the
  // pack's digest.
  controls: z
    .array(z.enum(CONTROL_IDS))
    .min(1, 'a rule must map to at least one control')
    .transform((ids) => [...new Set(ids)].sort(controlOrder)),
  severity: z.enum(['blocking', 'warning']),
  when: expression.optional(),
  require: expression,
  message: text,
});

/**
 * The normalised form of a pack: strings trimmed, controls sorted, defaults applied. Its RFC 8785
 * canonical JSON is what the pack digest covers, so re-formatting the YAML leaves the digest alone.
 */
export const policyPackSchema = z.strictObject({
  apiVersion: z.literal(POLICY_API_VERSION),
  kind: z.literal('PolicyPack'),
  name: kebab('a pack name'),
  description: z.string().trim().max(MAX_TEXT).default(''),
  rules: z.array(policyRuleSchema).min(1, 'a pack needs at least one rule').max(500),
});

export type PolicyPackDefinition = z.output<typeof policyPackSchema>;
export type PolicyRuleDefinition = z.output<typeof policyRuleSchema>;
export type Severity = PolicyRuleDefinition['severity'];

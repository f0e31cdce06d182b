/** Why a policy pack does not load. A closed set: programs switch on it, people read `message`. */
export const POLICY_PROBLEM_CODES = [
  /** The source is not well-formed YAML (or holds more than one document). */
  'YAML_SYNTAX',
  /** The document does not have the PolicyPack shape: missing, unknown or malformed fields. */
  'SCHEMA',
  /** Two rules in the pack share an id. */
  'DUPLICATE_RULE',
  /** A `when` or `require` expression is not valid CEL. */
  'CEL_SYNTAX',
  /** An expression refers to an unknown variable, field or function, or mixes types. */
  'CEL_TYPE',
  /** An expression type-checks but does not produce a bool. */
  'CEL_RESULT_NOT_BOOL',
  /** An expression nests comprehensions too deeply to bound its cost. */
  'CEL_TOO_COSTLY',
] as const;

export type PolicyProblemCode = (typeof POLICY_PROBLEM_CODES)[number];

/**
 * One problem found while loading a pack. `path` locates it in the document
 * (`['rules', 2, 'require']`); `line` and `column` (1-based) locate it in the YAML source: for an
 * expression problem, at the offending character inside the expression when it can be mapped
 * back through YAML quoting and folding, otherwise at the expression's first character.
 */
export interface PolicyProblem {
  code: PolicyProblemCode;
  ruleId?: string;
  field?: 'when' | 'require';
  path: (string | number)[];
  line?: number;
  column?: number;
  message: string;
}

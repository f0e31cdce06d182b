/** Why a playbook does not load. A closed set: programs switch on it, people read `message`. */
export const PLAYBOOK_PROBLEM_CODES = [
  /** The source is not well-formed YAML (or holds more than one document). */
  'YAML_SYNTAX',
  /** The document does not have the Playbook shape: missing, unknown or malformed fields. */
  'SCHEMA',
  /** Two steps of the playbook share an id. */
  'DUPLICATE_STEP',
  /** A checklist step carries an `action`; only action steps do something. */
  'ACTION_ON_CHECKLIST',
  /** A checklist step carries `auto`; only actions can run by themselves. */
  'AUTO_ON_CHECKLIST',
  /** An action step has no `action`. */
  'MISSING_ACTION',
  /** A webhook URL is not an absolute http(s) URL without credentials. */
  'INVALID_URL',
  /** A payload template refers to a placeholder that does not exist. */
  'UNKNOWN_PLACEHOLDER',
] as const;

export type PlaybookProblemCode = (typeof PLAYBOOK_PROBLEM_CODES)[number];

/**
 * One problem found while loading a playbook, shaped like a policy pack's `PolicyProblem`:
 * `path` locates it in the document (`['steps', 2, 'action', 'url']`), `line` and `column`
 * (1-based) in the YAML source. A missing field points at the map that should hold it.
 */
export interface PlaybookProblem {
  code: PlaybookProblemCode;
  stepId?: string;
  path: (string | number)[];
  line?: number;
  column?: number;
  message: string;
}

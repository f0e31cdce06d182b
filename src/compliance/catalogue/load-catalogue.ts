import { readFileSync } from 'node:fs';
import type { z } from 'zod';
import { jsonDigest, VerityError, type Digest } from '../../lib/index.js';
import { parseYamlSource } from '../../lib/parse-yaml-source.js';
import type { YamlLocator } from '../../lib/yaml-locator.js';
import {
  controlCatalogueSchema,
  frameworkSchema,
  type Control,
  type ControlCatalogue,
  type Framework,
} from './schema.js';

/**
 * Why a catalogue document does not load. A closed set: programs switch on the code, people read
 * `message`.
 */
export const CATALOGUE_PROBLEM_CODES = [
  /** The source is not well-formed YAML (for format `json`: not well-formed JSON). */
  'YAML_SYNTAX',
  /** Not the catalogue shape: missing, unknown or malformed fields, or duplicated ids. */
  'SCHEMA',
  /** A requirement names a sub-control that the control catalogue does not define. */
  'UNKNOWN_SUB_CONTROL',
] as const;
export type CatalogueProblemCode = (typeof CATALOGUE_PROBLEM_CODES)[number];

/**
 * One problem found in a catalogue document: `path` locates it in the document
 * (`['requirements', 3, 'controls', 1]`), `line` and `column` (1-based) in the source when known.
 */
export interface CatalogueProblem {
  code: CatalogueProblemCode;
  path: (string | number)[];
  line?: number;
  column?: number;
  message: string;
}

/** The shipped catalogue: the twelve controls and every framework mapped onto them (frozen). */
export interface Catalogue {
  /** The control catalogue's version (`controls.yaml`), which posture results cite. */
  version: string;
  controls: Control[];
  frameworks: Framework[];
}

export type FrameworkParseResult =
  { ok: true; framework: Framework } | { ok: false; problems: CatalogueProblem[] };

export type ControlCatalogueParseResult =
  { ok: true; catalogue: ControlCatalogue } | { ok: false; problems: CatalogueProblem[] };

/** The frameworks Verity ships, in report order; each lives in `data/frameworks/<id>.yaml`. */
export const SHIPPED_FRAMEWORK_IDS = [
  'eu-ai-act',
  'gdpr',
  'hipaa-security',
  'nist-ai-rmf',
  'iso-42001',
  'sr-11-7',
  'sr-26-2',
  'nyc-ll144',
  'colorado-sb-24-205',
  'colorado-sb-26-189',
  'ai-verify',
] as const;

/** The largest shipped framework is under 30 KiB; far beyond that is a mistake or an attack. */
export const MAX_FRAMEWORK_SOURCE_LENGTH = 512 * 1024;

type Path = (string | number)[];
type Parsed =
  { ok: true; data: unknown; locator: YamlLocator } | { ok: false; problems: CatalogueProblem[] };

const SUB_CONTROL_ID = /^C(?:[1-9]|1[0-2])\.[1-9][0-9]?$/;

let shipped: Catalogue | undefined;

/**
 * Reads and validates the catalogue shipped beside this module (`data/`), once; later calls return
 * the same frozen object. Throws an INTERNAL error listing every problem if a shipped file is
 * broken, which is a defect of the build, not of the caller's input.
 */
export function loadShippedCatalogue(): Catalogue {
  shipped ??= buildShippedCatalogue();
  return shipped;
}

/**
 * Parses and validates a framework an organisation imports (YAML or JSON text, the shape of
 * `frameworkSchema`). Never throws on bad input: it reports every problem it finds, each with its
 * position in the source. Sub-control references are checked against `controls` (by default the
 * shipped control catalogue).
 */
export function parseFrameworkSource(
  source: string,
  format: 'yaml' | 'json',
  controls: readonly Control[] = loadShippedCatalogue().controls,
): FrameworkParseResult {
  const parsed = parseSource(source, format);
  if (!parsed.ok) return { ok: false, problems: parsed.problems };
  const { data, locator } = parsed;

  const rawRequirements =
    isRecord(data) && Array.isArray(data.requirements) ? data.requirements : [];
  const duplicates = duplicateRequirements(rawRequirements, locator);
  const result = frameworkSchema.safeParse(data);
  const problems = result.success
    ? []
    : schemaProblems(result.error, data, locator, (issue) =>
        // The schema reports a duplicate id at the framework's root; `duplicates` has its position.
        duplicates.some((d) => issue.path.length === 0 && issue.message === d.schemaMessage),
      );
  problems.push(...duplicates.map((d) => d.problem));
  problems.push(...unknownSubControls(rawRequirements, controls, locator));

  if (!result.success || problems.length > 0) return { ok: false, problems: sorted(problems) };
  return { ok: true, framework: deepFreeze(result.data) };
}

/**
 * Parses and validates a control catalogue (`controls.yaml`). Beyond the schema: control ids and
 * sub-control ids are unique, each sub-control id starts with its control's id, and each automated
 * check decides exactly one sub-control.
 */
export function parseControlCatalogueSource(source: string): ControlCatalogueParseResult {
  const parsed = parseSource(source, 'yaml');
  if (!parsed.ok) return { ok: false, problems: parsed.problems };
  const { data, locator } = parsed;

  const result = controlCatalogueSchema.safeParse(data);
  const problems = result.success ? [] : schemaProblems(result.error, data, locator);
  const rawControls = isRecord(data) && Array.isArray(data.controls) ? data.controls : [];
  problems.push(...controlProblems(rawControls, locator));

  if (!result.success || problems.length > 0) return { ok: false, problems: sorted(problems) };
  return { ok: true, catalogue: deepFreeze(result.data) };
}

/**
 * `sha256:` of the RFC 8785 canonical JSON of the catalogue: which catalogue a posture or report
 * was computed with. Pure; the same catalogue always gives the same digest.
 */
export function catalogueDigest(catalogue: Catalogue): Digest {
  return jsonDigest(catalogue);
}

function buildShippedCatalogue(): Catalogue {
  const controlsFile = 'controls.yaml';
  const parsedControls = parseControlCatalogueSource(readData(controlsFile));
  if (!parsedControls.ok) throwShipped(controlsFile, parsedControls.problems.map(describe));
  const { version, controls } = parsedControls.catalogue;

  const frameworks = SHIPPED_FRAMEWORK_IDS.map((id) => {
    const file = `frameworks/${id}.yaml`;
    const parsed = parseFrameworkSource(readData(file), 'yaml', controls);
    if (!parsed.ok) throwShipped(file, parsed.problems.map(describe));
    if (parsed.framework.id !== id) throwShipped(file, [`its id is '${parsed.framework.id}'`]);
    return parsed.framework;
  });

  // A superseding framework must ship too, or past posture points at nothing.
  const ids = new Set<string>(SHIPPED_FRAMEWORK_IDS);
  for (const framework of frameworks) {
    const dangling = [framework.supersededBy, ...framework.requirements.map((r) => r.supersededBy)]
      .filter((s): s is string => s !== undefined && !ids.has(s))
      .map((s) => `supersededBy '${s}' is not a shipped framework`);
    if (dangling.length > 0) throwShipped(`frameworks/${framework.id}.yaml`, dangling);
  }
  return deepFreeze({ version, controls, frameworks });
}

/**
 * Shipped YAML sits beside the sources and is read at run time, like the policy packs and
 * playbooks: Verity runs `src/` through tsx, with no build step that could leave the data behind.
 */
function readData(file: string): string {
  return readFileSync(new URL(`./data/${file}`, import.meta.url), 'utf8');
}

function describe(problem: CatalogueProblem): string {
  const at = problem.line === undefined ? '' : `${problem.line}:${problem.column ?? 1}: `;
  return `${at}${problem.message}`;
}

function throwShipped(file: string, problems: string[]): never {
  const n = problems.length;
  throw new VerityError(
    'INTERNAL',
    `shipped compliance catalogue ${file}: ${n} problem${n === 1 ? '' : 's'}: ${problems.join('; ')}`,
    { file, problems },
  );
}

function parseSource(source: string, format: 'yaml' | 'json'): Parsed {
  if (source.length > MAX_FRAMEWORK_SOURCE_LENGTH) {
    const message = `the source is larger than ${MAX_FRAMEWORK_SOURCE_LENGTH} characters`;
    return { ok: false, problems: [{ code: 'SCHEMA', path: [], line: 1, column: 1, message }] };
  }
  if (format === 'json') {
    // JSON.parse is the strict judge of JSON syntax; the YAML parser (JSON is YAML 1.2) then
    // refuses duplicate keys, which JSON.parse silently resolves, and locates schema problems.
    try {
      JSON.parse(source);
    } catch (error) {
      return { ok: false, problems: [jsonSyntaxProblem(source, error)] };
    }
  }
  const yaml = parseYamlSource(source);
  if (!yaml.ok) return { ok: false, problems: yaml.problems };
  return { ok: true, data: yaml.data, locator: yaml.locator };
}

/** V8 reports `... in JSON at position N` (Node 20; later versions add line and column). */
function jsonSyntaxProblem(source: string, error: unknown): CatalogueProblem {
  const message = error instanceof Error ? error.message : String(error);
  const match = /at position (\d+)/.exec(message);
  const offset = match?.[1] === undefined ? source.length : Number(match[1]);
  const before = source.slice(0, offset).split('\n');
  const line = before.length;
  const column = (before.at(-1)?.length ?? 0) + 1;
  return { code: 'YAML_SYNTAX', path: [], line, column, message: `invalid JSON: ${message}` };
}

/** Zod issues as SCHEMA problems located in the source, with the field named in the text. */
function schemaProblems(
  error: z.ZodError,
  data: unknown,
  locator: YamlLocator,
  skip: (issue: { path: Path; message: string }) => boolean = () => false,
): CatalogueProblem[] {
  const problems: CatalogueProblem[] = [];
  for (const issue of error.issues) {
    const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
    if (skip({ path, message: issue.message })) continue;
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        problems.push({
          code: 'SCHEMA',
          path: [...path, key],
          ...locator.keyPosition(path, key),
          message: `${where(path)}unknown field '${key}'`,
        });
      }
      continue;
    }
    // Zod words a missing field by its expected type or options; say plainly that it is missing.
    const missing =
      (issue.code === 'invalid_type' || issue.code === 'invalid_value') &&
      path.length > 0 &&
      valueAt(data, path) === undefined;
    problems.push({
      code: 'SCHEMA',
      path,
      ...locator.position(path),
      message: `${where(path)}${missing ? 'is required' : issue.message}`,
    });
  }
  return problems;
}

function duplicateRequirements(
  rawRequirements: unknown[],
  locator: YamlLocator,
): { problem: CatalogueProblem; schemaMessage: string }[] {
  const found: { problem: CatalogueProblem; schemaMessage: string }[] = [];
  const firstIndexOf = new Map<string, number>();
  rawRequirements.forEach((raw, index) => {
    if (!isRecord(raw) || typeof raw.id !== 'string') return;
    const first = firstIndexOf.get(raw.id);
    if (first === undefined) {
      firstIndexOf.set(raw.id, index);
      return;
    }
    const path = ['requirements', index, 'id'];
    found.push({
      problem: {
        code: 'SCHEMA',
        path,
        ...locator.position(path),
        message: `${where(path)}requirement '${raw.id}' is already defined at requirements[${first}]`,
      },
      // Must match frameworkSchema's own message for the same duplicate (see schema.ts).
      schemaMessage: `requirement ${raw.id} appears twice`,
    });
  });
  return found;
}

function unknownSubControls(
  rawRequirements: unknown[],
  controls: readonly Control[],
  locator: YamlLocator,
): CatalogueProblem[] {
  const known = new Set(controls.flatMap((c) => c.subControls.map((s) => s.id)));
  const problems: CatalogueProblem[] = [];
  rawRequirements.forEach((raw, index) => {
    if (!isRecord(raw) || !Array.isArray(raw.subControls)) return;
    raw.subControls.forEach((id: unknown, j) => {
      // Malformed ids are the schema's to report; this catches well-formed ones that do not exist.
      if (typeof id !== 'string' || !SUB_CONTROL_ID.test(id) || known.has(id)) return;
      const path = ['requirements', index, 'subControls', j];
      problems.push({
        code: 'UNKNOWN_SUB_CONTROL',
        path,
        ...locator.position(path),
        message: `${where(path)}sub-control '${id}' is not in the control catalogue`,
      });
    });
  });
  return problems;
}

function controlProblems(rawControls: unknown[], locator: YamlLocator): CatalogueProblem[] {
  const problems: CatalogueProblem[] = [];
  const add = (path: Path, message: string) =>
    problems.push({
      code: 'SCHEMA',
      path,
      ...locator.position(path),
      message: `${where(path)}${message}`,
    });
  const controlIds = new Map<string, number>();
  const subControlIds = new Set<string>();
  const checks = new Map<string, string>();

  rawControls.forEach((control, i) => {
    if (!isRecord(control) || typeof control.id !== 'string') return;
    const controlId = control.id;
    const first = controlIds.get(controlId);
    if (first === undefined) controlIds.set(controlId, i);
    else
      add(['controls', i, 'id'], `control ${controlId} is already defined at controls[${first}]`);
    if (!Array.isArray(control.subControls)) return;

    control.subControls.forEach((sub: unknown, j) => {
      if (!isRecord(sub)) return;
      if (typeof sub.id === 'string') {
        if (!sub.id.startsWith(`${controlId}.`))
          add(
            ['controls', i, 'subControls', j, 'id'],
            `sub-control ${sub.id} is not under ${controlId}`,
          );
        if (!subControlIds.has(sub.id)) subControlIds.add(sub.id);
        else add(['controls', i, 'subControls', j, 'id'], `sub-control ${sub.id} is defined twice`);
      }
      // One check decides one sub-control, so a posture can name the sub-control a check fed.
      if (typeof sub.check === 'string') {
        const owner = checks.get(sub.check);
        const label = typeof sub.id === 'string' ? sub.id : `controls[${i}].subControls[${j}]`;
        if (owner === undefined) checks.set(sub.check, label);
        else
          add(
            ['controls', i, 'subControls', j, 'check'],
            `check '${sub.check}' already decides sub-control ${owner}`,
          );
      }
    });
  });
  return problems;
}

function where(path: Path): string {
  if (path.length === 0) return '';
  const text = path
    .map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`))
    .join('');
  return `${text}: `;
}

function sorted(problems: CatalogueProblem[]): CatalogueProblem[] {
  const order = (p: CatalogueProblem): number => (p.line ?? 0) * 1e6 + (p.column ?? 0);
  return [...problems].sort((a, b) => order(a) - order(b));
}

function valueAt(data: unknown, path: Path): unknown {
  let node = data;
  for (const key of path) {
    if (Array.isArray(node) && typeof key === 'number') node = node[key] as unknown;
    else if (isRecord(node) && typeof key === 'string') node = node[key];
    else return undefined;
  }
  return node;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const item of Object.values(value)) deepFreeze(item);
    Object.freeze(value);
  }
  return value;
}

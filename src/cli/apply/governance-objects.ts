import { isMap, isScalar, LineCounter, parseAllDocuments, type Document } from 'yaml';
import { z } from 'zod';
import { ALL_PERMISSIONS, BUILTIN_ROLE_NAMES } from '../../auth/permissions.js';
import { NAME_PATTERN } from '../../lib/names.js';
import { monitorConfigSchema, type MonitorConfig } from '../../monitoring/schemas.js';
import { loadPolicyPack } from '../../policy/index.js';

/**
 * The governance-as-code file format read by `verity apply` and `verity diff`, and its parser.
 * Pure: file texts in, objects and problems out; reading the directory is the caller's job.
 *
 * Every YAML document (a file may hold several, separated by `---`) has a `kind`. Kinds are
 * listed in the order apply creates them, so a binding's role exists before the binding and an
 * environment's packs before the environment.
 */
export const KINDS = [
  'Namespace',
  'Role',
  'PolicyPack',
  'Environment',
  'RoleBinding',
  'Webhook',
  'Monitor',
] as const;
export type Kind = (typeof KINDS)[number];

/** Where an object was declared: the file (as given), the document's 1-based index and line. */
export interface Origin {
  file: string;
  document: number;
  line: number;
}

export interface NamespaceObject {
  kind: 'Namespace';
  name: string;
  description: string;
  origin: Origin;
}

export interface RoleObject {
  kind: 'Role';
  name: string;
  description: string;
  /** Sorted and without repeats, as the server stores them. */
  permissions: string[];
  origin: Origin;
}

export interface PolicyPackObject {
  kind: 'PolicyPack';
  name: string;
  /** The document's own YAML text, published as is. */
  source: string;
  /** The digest of the normalised definition, the server's no-op test. */
  digest: string;
  rules: number;
  origin: Origin;
}

export interface EnvironmentSpec {
  description: string;
  rank: number;
  policyPacks: string[];
  quorum: Record<string, number>;
  approvalTtlDays: number;
  freezeOnApproval: boolean;
}

export interface EnvironmentObject {
  kind: 'Environment';
  name: string;
  spec: EnvironmentSpec;
  origin: Origin;
}

export interface RoleBindingObject {
  kind: 'RoleBinding';
  /** `subject role@namespace`: a binding has no name of its own, these three identify it. */
  name: string;
  subject: string;
  role: string;
  namespace: string;
  origin: Origin;
}

export interface WebhookObject {
  kind: 'Webhook';
  name: string;
  url: string;
  eventTypes: string[];
  active: boolean;
  origin: Origin;
}

export interface MonitorObject {
  kind: 'Monitor';
  /** `<model>/<monitor>`: monitors are named within their model. */
  name: string;
  model: string;
  monitor: string;
  environment: string;
  reference: { dataset: string; file?: string | undefined };
  /** With every default filled in, as the server stores it. */
  config: MonitorConfig;
  active: boolean;
  origin: Origin;
}

export type GovernanceObject =
  | MonitorObject
  | NamespaceObject
  | RoleObject
  | PolicyPackObject
  | EnvironmentObject
  | RoleBindingObject
  | WebhookObject;

/** One thing wrong with the directory, located as precisely as the YAML allows. */
export interface ApplyProblem {
  file: string;
  /** 1-based index of the YAML document in its file; 0 when the problem is the whole file. */
  document: number;
  line?: number;
  column?: number;
  /** Where in the document: `rules.2.require`, `quorum`; empty for the document itself. */
  path: string;
  code: ApplyProblemCode;
  message: string;
}

export type ApplyProblemCode =
  /** Not well-formed YAML. */
  | 'YAML_SYNTAX'
  /** A document without a `kind`, or with one this version does not know. */
  | 'UNKNOWN_KIND'
  /** A field is missing, unknown or malformed. */
  | 'SCHEMA'
  /** Two documents declare the same object. */
  | 'DUPLICATE'
  /** A policy pack that does not compile (CEL syntax or type errors, bad shape). */
  | 'POLICY_INVALID'
  /** A reference to something neither the directory nor the server has. */
  | 'UNKNOWN_REFERENCE'
  /** The directory holds no governance file at all. */
  | 'EMPTY';

/** Identity of a binding: `user:ana risk-officer@credit`. */
export function bindingKey(b: { subject: string; role: string; namespace: string }): string {
  return `${b.subject} ${b.role}@${b.namespace}`;
}

const KEBAB = /^[a-z][a-z0-9-]{0,63}$/;
const kebab = z.string().regex(KEBAB, 'must be lowercase kebab-case, 1-64 characters');
const namespaceName = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, 'must be 1-64 lowercase letters, digits, ".", "_" or "-"');
const apiVersion = z.literal('verity.dev/v1').optional();
const description = z.string().max(1000).default('');
const unique = (list: readonly string[]) => new Set(list).size === list.length;
const EVENT_TYPE_PATTERN = /^(\*|[a-z][a-z0-9]*(-[a-z0-9]+)*(-\*)?)$/;

function isWebhookUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return (
      (url.protocol === 'http:' || url.protocol === 'https:') &&
      url.username === '' &&
      url.password === '' &&
      url.hash === ''
    );
  } catch {
    return false;
  }
}

/** The document shapes. Strict: a misspelt field is a problem, not silently ignored. */
const SCHEMAS = {
  Namespace: z.strictObject({
    apiVersion,
    kind: z.literal('Namespace'),
    name: namespaceName,
    description,
  }),
  Role: z.strictObject({
    apiVersion,
    kind: z.literal('Role'),
    name: kebab.refine(
      (n) => !BUILTIN_ROLE_NAMES.includes(n),
      'is a built-in role, which cannot be redefined; choose another name',
    ),
    description,
    permissions: z
      .array(z.enum(ALL_PERMISSIONS as [string, ...string[]]))
      .min(1, 'a role needs at least one permission'),
  }),
  Environment: z.strictObject({
    apiVersion,
    kind: z.literal('Environment'),
    name: kebab,
    description,
    rank: z.number().int().min(0).max(100),
    policyPacks: z.array(kebab).max(32).refine(unique, 'each pack at most once').default([]),
    quorum: z.record(kebab, z.number().int().min(1).max(10)).default({}),
    approvalTtlDays: z.number().int().min(1).max(3650).default(30),
    freezeOnApproval: z.boolean().default(false),
  }),
  RoleBinding: z.strictObject({
    apiVersion,
    kind: z.literal('RoleBinding'),
    subject: z
      .string()
      .regex(
        /^(user|group):[A-Za-z0-9][A-Za-z0-9._@+:/-]{0,127}$/,
        'must be user:<name> or group:<name>',
      ),
    role: kebab,
    namespace: z.union([z.literal('*'), namespaceName]).default('*'),
  }),
  Webhook: z.strictObject({
    apiVersion,
    kind: z.literal('Webhook'),
    name: z
      .string()
      .regex(
        NAME_PATTERN,
        'must be 1-128 characters of letters, digits, ".", "_" or "-", starting with a letter or digit',
      ),
    url: z
      .string()
      .max(2048)
      .refine(isWebhookUrl, 'must be an absolute http(s) URL without credentials or #fragment'),
    eventTypes: z
      .array(
        z
          .string()
          .regex(EVENT_TYPE_PATTERN, 'must be an event type, a prefix pattern (promotion-*) or *'),
      )
      .min(1)
      .max(100)
      .refine(unique, 'each pattern at most once'),
    active: z.boolean().default(true),
  }),
  Monitor: z.strictObject({
    apiVersion,
    kind: z.literal('Monitor'),
    name: z
      .string()
      .regex(/^[a-z0-9][a-z0-9._-]{0,62}$/, 'lowercase letters, digits, . _ - (at most 63)'),
    model: z.string().min(1).max(300),
    environment: z.string().min(1).max(64).default('production'),
    reference: z.strictObject({
      dataset: z.string().min(1).max(300),
      file: z.string().min(1).max(1024).optional(),
    }),
    config: monitorConfigSchema.prefault({}),
    active: z.boolean().default(true),
  }),
} as const;

/** One file's text and the name to report it by (its path relative to the directory). */
export interface GovernanceFile {
  path: string;
  text: string;
}

export interface ParseResult {
  objects: GovernanceObject[];
  problems: ApplyProblem[];
}

/**
 * Parses every document of every file. Never stops at the first problem: the result lists all
 * of them (YAML errors, unknown kinds, schema problems, packs that do not compile, duplicates),
 * so an author can fix the directory in one pass. Objects come back in file order.
 */
export function parseGovernanceFiles(files: readonly GovernanceFile[]): ParseResult {
  const objects: GovernanceObject[] = [];
  const problems: ApplyProblem[] = [];
  for (const file of files) {
    const parsed = parseFile(file);
    objects.push(...parsed.objects);
    problems.push(...parsed.problems);
  }
  problems.push(...duplicateProblems(objects));
  if (files.length === 0) {
    problems.push({
      file: '.',
      document: 0,
      path: '',
      code: 'EMPTY',
      message: 'no *.yaml or *.yml files found',
    });
  }
  return { objects, problems };
}

function parseFile(file: GovernanceFile): ParseResult {
  const objects: GovernanceObject[] = [];
  const problems: ApplyProblem[] = [];
  const lines = new LineCounter();
  const documents = parseAllDocuments(file.text, { lineCounter: lines, prettyErrors: false });
  if (!Array.isArray(documents)) return { objects, problems }; // an empty stream
  const position = (offset: number) => {
    const p = lines.linePos(offset);
    return { line: p.line, column: p.col };
  };
  documents.forEach((doc, i) => {
    const index = i + 1;
    const at = (path: string, offset: number, code: ApplyProblemCode, message: string) =>
      problems.push({ file: file.path, document: index, path, ...position(offset), code, message });
    if (doc.errors.length > 0) {
      for (const error of doc.errors) {
        at('', error.pos[0], 'YAML_SYNTAX', error.message.split('\n')[0] ?? error.message);
      }
      return;
    }
    if (doc.contents === null) return; // `---` with nothing after it
    const start = doc.contents.range[0];
    const origin: Origin = { file: file.path, document: index, line: position(start).line };
    if (!isMap(doc.contents)) {
      at('', start, 'SCHEMA', 'a document must be a mapping with a `kind`');
      return;
    }
    const data = doc.toJS({ maxAliasCount: 50 }) as Record<string, unknown>;
    const kind = data.kind;
    if (kind === 'PolicyPack') {
      const source =
        documents.length === 1 ? file.text : file.text.slice(doc.range[0], doc.range[2]);
      const lineOffset = documents.length === 1 ? 0 : position(doc.range[0]).line - 1;
      const pack = policyPackObject(source, origin);
      if ('problems' in pack) {
        for (const p of pack.problems) {
          problems.push({
            file: file.path,
            document: index,
            path: p.path,
            ...(p.line === undefined ? {} : { line: p.line + lineOffset, column: p.column ?? 1 }),
            code: 'POLICY_INVALID',
            message: p.message,
          });
        }
      } else {
        objects.push(pack);
      }
      return;
    }
    if (typeof kind !== 'string' || !Object.hasOwn(SCHEMAS, kind)) {
      at(
        typeof kind === 'string' ? 'kind' : '',
        offsetOf(doc, ['kind']) ?? start,
        'UNKNOWN_KIND',
        typeof kind === 'string'
          ? `unknown kind '${kind}'; expected one of ${KINDS.join(', ')}`
          : `a document needs a kind: one of ${KINDS.join(', ')}`,
      );
      return;
    }
    if (kind === 'Webhook' && Object.hasOwn(data, 'secret')) {
      at(
        'secret',
        offsetOf(doc, ['secret']) ?? start,
        'SCHEMA',
        'a webhook’s secret never belongs in git: remove it (Verity makes one and apply prints it once)',
      );
      return;
    }
    const parsed = SCHEMAS[kind as Exclude<Kind, 'PolicyPack'>].safeParse(data);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        // One problem per misspelt field, at the field, rather than one for the whole mapping.
        const keys = issue.code === 'unrecognized_keys' ? issue.keys : [undefined];
        for (const key of keys) {
          const path = key === undefined ? issue.path : [...issue.path, key];
          at(
            path.map(String).join('.'),
            offsetOf(doc, path) ?? start,
            'SCHEMA',
            key === undefined ? issue.message : `${kind} has no field '${key}'`,
          );
        }
      }
      return;
    }
    objects.push(toObject(parsed.data, origin));
  });
  return { objects, problems };
}

type ParsedDocument = {
  [K in Exclude<Kind, 'PolicyPack'>]: z.output<(typeof SCHEMAS)[K]>;
}[Exclude<Kind, 'PolicyPack'>];

function toObject(data: ParsedDocument, origin: Origin): GovernanceObject {
  switch (data.kind) {
    case 'Namespace':
      return { kind: 'Namespace', name: data.name, description: data.description, origin };
    case 'Role':
      return {
        kind: 'Role',
        name: data.name,
        description: data.description,
        permissions: [...new Set(data.permissions)].sort(),
        origin,
      };
    case 'Environment': {
      const spec: EnvironmentSpec = {
        description: data.description,
        rank: data.rank,
        policyPacks: data.policyPacks,
        quorum: data.quorum,
        approvalTtlDays: data.approvalTtlDays,
        freezeOnApproval: data.freezeOnApproval,
      };
      return { kind: 'Environment', name: data.name, spec, origin };
    }
    case 'RoleBinding': {
      const { subject, role, namespace } = data;
      return {
        kind: 'RoleBinding',
        name: bindingKey({ subject, role, namespace }),
        subject,
        role,
        namespace,
        origin,
      };
    }
    case 'Webhook':
      return {
        kind: 'Webhook',
        name: data.name,
        url: data.url,
        eventTypes: data.eventTypes,
        active: data.active,
        origin,
      };
    case 'Monitor':
      return {
        kind: 'Monitor',
        name: `${data.model}/${data.name}`,
        model: data.model,
        monitor: data.name,
        environment: data.environment,
        reference: data.reference,
        config: data.config,
        active: data.active,
        origin,
      };
  }
}

/** Compiles the pack as the server will, so a broken rule stops apply before any change. */
function policyPackObject(
  source: string,
  origin: Origin,
):
  | PolicyPackObject
  | { problems: { path: string; line?: number; column?: number; message: string }[] } {
  const result = loadPolicyPack(source);
  if (!result.ok) {
    return {
      problems: result.problems.map((p) => ({
        path: p.path.join('.'),
        ...(p.line === undefined ? {} : { line: p.line }),
        ...(p.column === undefined ? {} : { column: p.column }),
        // Expression problems name their rule already ("rule 'x' require: ..."); others may not.
        message: `${p.ruleId === undefined || p.message.includes(`'${p.ruleId}'`) ? '' : `rule ${p.ruleId}: `}[${p.code}] ${p.message}`,
      })),
    };
  }
  return {
    kind: 'PolicyPack',
    name: result.pack.name,
    source,
    digest: result.pack.digest,
    rules: result.pack.rules.length,
    origin,
  };
}

/** The offset of the field at `path` (its key, for a mapping entry), or of its nearest ancestor. */
function offsetOf(doc: Document, path: readonly PropertyKey[]): number | undefined {
  for (let n = path.length; n > 0; n--) {
    const parent: unknown = n === 1 ? doc.contents : doc.getIn(path.slice(0, n - 1), true);
    const last = path[n - 1];
    if (isMap(parent)) {
      const pair = parent.items.find((p) => isScalar(p.key) && p.key.value === last);
      const range = isScalar(pair?.key) ? pair.key.range : undefined;
      if (range) return range[0];
    }
    const node = doc.getIn(path.slice(0, n), true) as { range?: [number, number, number] } | null;
    if (node !== null && typeof node === 'object' && Array.isArray(node.range)) {
      return node.range[0];
    }
  }
  return undefined;
}

function duplicateProblems(objects: readonly GovernanceObject[]): ApplyProblem[] {
  const first = new Map<string, GovernanceObject>();
  const problems: ApplyProblem[] = [];
  for (const object of objects) {
    const key = `${object.kind}\u0000${object.name}`;
    const earlier = first.get(key);
    if (earlier === undefined) {
      first.set(key, object);
      continue;
    }
    problems.push({
      file: object.origin.file,
      document: object.origin.document,
      line: object.origin.line,
      column: 1,
      path: object.kind === 'RoleBinding' ? '' : 'name',
      code: 'DUPLICATE',
      message: `${object.kind} '${object.name}' is already declared in ${earlier.origin.file} (document ${earlier.origin.document})`,
    });
  }
  return problems;
}

/** `roles.yaml#2 12:5 permissions.0: ...`, one line per problem. */
export function formatProblem(p: ApplyProblem): string {
  const where = `${p.file}${p.document === 0 ? '' : `#${p.document}`}${
    p.line === undefined ? '' : ` ${p.line}:${p.column ?? 1}`
  }`;
  return `${where} [${p.code}]${p.path === '' ? '' : ` ${p.path}:`} ${p.message}`;
}

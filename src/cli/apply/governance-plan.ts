import {
  bindingKey,
  KINDS,
  type ApplyProblem,
  type EnvironmentSpec,
  type GovernanceObject,
  type Kind,
} from './governance-objects.js';

/**
 * Comparing the directory with the server: which objects apply would create, update, leave
 * alone, or (with --prune) delete. Pure: both states in, a plan out. Fetching the server's state
 * and carrying the plan out are in apply-governance.ts.
 */

/** What the server holds, as far as the plan needs it. Lists are absent for unfetched kinds. */
export interface ServerState {
  namespaces?: { name: string; description: string }[];
  roles?: { name: string; description: string; permissions: string[]; builtin: boolean }[];
  policyPacks?: { name: string; version: number; digest: string }[];
  environments?: ({ name: string } & EnvironmentSpec)[];
  bindings?: { subject: string; role: string; namespace: string }[];
  webhooks?: { name: string; url: string; eventTypes: string[]; active: boolean }[];
  /** Monitors of the models the directory's monitors name, as `<model>/<monitor>`. */
  monitors?: { name: string; environment: string; config: unknown; active: boolean }[];
  /** Models the directory's monitors name that the server does not have. */
  unknownModels?: string[];
}

export type Action = 'create' | 'update' | 'unchanged' | 'extra' | 'delete';

export interface FieldChange {
  field: string;
  from: unknown;
  to: unknown;
}

export interface PlannedChange {
  kind: Kind;
  name: string;
  action: Action;
  /** For `update`: what differs. */
  fields: FieldChange[];
  /** For `extra`: why apply leaves it (not pruned, cannot be deleted, protected). */
  note?: string;
  /** Where the directory declares it (absent for `extra` and `delete`). */
  origin?: { file: string; document: number };
}

export interface Plan {
  changes: PlannedChange[];
  summary: Record<Action, number>;
}

export interface PlanOptions {
  /** Delete role bindings, webhooks and custom roles that are not in the directory. */
  prune: boolean;
  /**
   * Subjects whose bindings are never pruned (the caller: `user:<me>` and their groups), so
   * apply --prune cannot lock out the person running it.
   */
  protectedSubjects?: readonly string[];
}

/** Kinds --prune deletes; the API has no delete for namespaces and packs, environments keep history. */
export const PRUNABLE: readonly Kind[] = ['Role', 'RoleBinding', 'Webhook'];

/**
 * The plan. Only kinds the directory declares are managed: a directory without webhooks says
 * nothing about webhooks, so none is reported extra (or pruned). Changes come in dependency
 * order (KINDS), then by name; deletions are listed last, in reverse dependency order.
 */
export function planGovernance(
  desired: readonly GovernanceObject[],
  server: ServerState,
  options: PlanOptions,
): Plan {
  const managed = new Set(desired.map((o) => o.kind));
  const changes: PlannedChange[] = [];
  const deletions: PlannedChange[] = [];
  const protectedSubjects = new Set(options.protectedSubjects ?? []);
  for (const kind of KINDS) {
    if (!managed.has(kind)) continue;
    const wanted = desired
      .filter((o) => o.kind === kind)
      .sort((a, b) => a.name.localeCompare(b.name));
    const current = currentOf(kind, server);
    for (const object of wanted) {
      const existing = current.get(object.name);
      const origin = { file: object.origin.file, document: object.origin.document };
      if (existing === undefined) {
        changes.push({ kind, name: object.name, action: 'create', fields: [], origin });
        continue;
      }
      const fields = compare(object, existing);
      changes.push({
        kind,
        name: object.name,
        action: fields.length === 0 ? 'unchanged' : 'update',
        fields,
        origin,
      });
    }
    const declared = new Set(wanted.map((o) => o.name));
    const referencedPacks = new Set(
      desired.flatMap((o) => (o.kind === 'Environment' ? o.spec.policyPacks : [])),
    );
    for (const [name, existing] of [...current].sort(([a], [b]) => a.localeCompare(b))) {
      if (declared.has(name) || isBuiltin(kind, existing)) continue;
      // A shipped pack the directory's environments use by name is referenced, not extra.
      if (kind === 'PolicyPack' && referencedPacks.has(name)) continue;
      const extra: PlannedChange = { kind, name, action: 'extra', fields: [] };
      if (!PRUNABLE.includes(kind)) {
        extra.note =
          kind === 'Environment'
            ? 'not in the directory; apply never deletes environments'
            : `not in the directory; Verity cannot delete a ${kind === 'Namespace' ? 'namespace' : 'policy pack'}`;
        changes.push(extra);
      } else if (!options.prune) {
        extra.note = 'not in the directory; kept, apply --prune would delete it';
        changes.push(extra);
      } else if (kind === 'RoleBinding' && protectedSubjects.has(subjectOf(existing))) {
        extra.note = 'not in the directory; kept: it is a binding of the caller';
        changes.push(extra);
      } else {
        deletions.push({ kind, name, action: 'delete', fields: [] });
      }
    }
  }
  const all = [...changes, ...deletions.reverse()];
  return { changes: all, summary: summarise(all) };
}

/** True when applying the plan would change the server (create, update or delete). */
export function planChangesServer(plan: Plan): boolean {
  return plan.summary.create + plan.summary.update + plan.summary.delete > 0;
}

/**
 * References the server must be able to resolve when apply reaches them: an environment's packs
 * and quorum roles, and a binding's role, must be in the directory or already on the server. Checked before any
 * change, so a typo stops apply instead of leaving it half done.
 */
export function referenceProblems(
  desired: readonly GovernanceObject[],
  server: ServerState,
): ApplyProblem[] {
  const packs = new Set([
    ...desired.filter((o) => o.kind === 'PolicyPack').map((o) => o.name),
    ...(server.policyPacks ?? []).map((p) => p.name),
  ]);
  const roles = new Set([
    ...desired.filter((o) => o.kind === 'Role').map((o) => o.name),
    ...(server.roles ?? []).map((r) => r.name),
  ]);
  const problems: ApplyProblem[] = [];
  for (const object of desired) {
    const at = { file: object.origin.file, document: object.origin.document };
    if (object.kind === 'Environment' && server.policyPacks !== undefined) {
      object.spec.policyPacks.forEach((pack, i) => {
        if (!packs.has(pack)) {
          problems.push({
            ...at,
            line: object.origin.line,
            path: `policyPacks.${i}`,
            code: 'UNKNOWN_REFERENCE',
            message: `policy pack '${pack}' is neither in the directory nor published on the server`,
          });
        }
      });
    }
    if (object.kind === 'Environment' && server.roles !== undefined) {
      for (const role of Object.keys(object.spec.quorum)) {
        if (!roles.has(role)) {
          problems.push({
            ...at,
            line: object.origin.line,
            path: `quorum.${role}`,
            code: 'UNKNOWN_REFERENCE',
            message: `quorum role '${role}' is neither in the directory nor on the server`,
          });
        }
      }
    }
    if (object.kind === 'Monitor') {
      if ((server.unknownModels ?? []).includes(object.model)) {
        problems.push({
          ...at,
          line: object.origin.line,
          path: 'model',
          code: 'UNKNOWN_REFERENCE',
          message: `model '${object.model}' is not registered on the server`,
        });
      }
      const existing = (server.monitors ?? []).find((m) => m.name === object.name);
      if (existing !== undefined && existing.environment !== object.environment) {
        problems.push({
          ...at,
          line: object.origin.line,
          path: 'environment',
          code: 'SCHEMA',
          message: `monitor '${object.name}' watches ${existing.environment}; a monitor's environment cannot change (declare a new monitor)`,
        });
      }
    }
    if (object.kind === 'RoleBinding' && server.roles !== undefined && !roles.has(object.role)) {
      problems.push({
        ...at,
        line: object.origin.line,
        path: 'role',
        code: 'UNKNOWN_REFERENCE',
        message: `role '${object.role}' is neither in the directory nor on the server`,
      });
    }
  }
  return problems;
}

type Current = Map<string, Record<string, unknown>>;

function currentOf(kind: Kind, server: ServerState): Current {
  const byName = <T extends { name: string }>(items: readonly T[] | undefined) =>
    new Map((items ?? []).map((i) => [i.name, i as unknown as Record<string, unknown>]));
  switch (kind) {
    case 'Namespace':
      return byName(server.namespaces);
    case 'Role':
      return byName(server.roles);
    case 'PolicyPack':
      return byName(server.policyPacks);
    case 'Environment':
      return byName(server.environments);
    case 'RoleBinding':
      return new Map(
        (server.bindings ?? []).map((b) => [
          bindingKey(b),
          b as unknown as Record<string, unknown>,
        ]),
      );
    case 'Webhook':
      return byName(server.webhooks);
    case 'Monitor':
      return byName(server.monitors);
  }
}

function isBuiltin(kind: Kind, existing: Record<string, unknown>): boolean {
  return kind === 'Role' && existing.builtin === true;
}

function subjectOf(existing: Record<string, unknown>): string {
  return typeof existing.subject === 'string' ? existing.subject : '';
}

/** The fields apply would change, in the order the format lists them. */
function compare(object: GovernanceObject, existing: Record<string, unknown>): FieldChange[] {
  const changes: FieldChange[] = [];
  const check = (field: string, to: unknown, from: unknown, same = equal(from, to)) => {
    if (!same) changes.push({ field, from, to });
  };
  switch (object.kind) {
    case 'Namespace':
      check('description', object.description, existing.description);
      break;
    case 'Role':
      check('description', object.description, existing.description);
      check('permissions', object.permissions, sortedStrings(existing.permissions));
      break;
    case 'PolicyPack':
      check('digest', object.digest, existing.digest);
      break;
    case 'Environment':
      for (const field of Object.keys(object.spec) as (keyof EnvironmentSpec)[]) {
        check(field, object.spec[field], existing[field]);
      }
      break;
    case 'RoleBinding':
      break; // identified by all its fields: it exists or it does not
    case 'Webhook':
      check('url', object.url, existing.url);
      // A set: listing order does not change what is delivered.
      check(
        'eventTypes',
        object.eventTypes,
        existing.eventTypes,
        equal(sortedStrings(object.eventTypes), sortedStrings(existing.eventTypes)),
      );
      check('active', object.active, existing.active);
      break;
    case 'Monitor':
      check('config', object.config, existing.config);
      check('active', object.active, existing.active);
      break;
  }
  return changes;
}

function sortedStrings(value: unknown): unknown {
  return Array.isArray(value) ? [...(value as string[])].sort() : value;
}

/** Structural equality of JSON values; object key order does not matter, array order does. */
export function equal(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    return (
      Array.isArray(a) &&
      Array.isArray(b) &&
      a.length === b.length &&
      a.every((v, i) => equal(v, b[i]))
    );
  }
  if (typeof a === 'object' && typeof b === 'object' && a !== null && b !== null) {
    const ka = Object.keys(a).sort();
    const kb = Object.keys(b).sort();
    return (
      equal(ka, kb) &&
      ka.every((k) => equal((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
    );
  }
  return false;
}

function summarise(changes: readonly PlannedChange[]): Record<Action, number> {
  const summary: Record<Action, number> = {
    create: 0,
    update: 0,
    unchanged: 0,
    extra: 0,
    delete: 0,
  };
  for (const c of changes) summary[c.action]++;
  return summary;
}

const SIGN: Record<Action, string> = {
  create: '+ create   ',
  update: '~ update   ',
  unchanged: '= unchanged',
  extra: '- extra    ',
  delete: '- delete   ',
};

/** One line per object, `+ create`, `~ update` (with the changed fields), `=`, `- extra`... */
export function planText(plan: Plan): string {
  const lines = plan.changes.map((c) => {
    const head = `${SIGN[c.action]}  ${c.kind} ${c.name}`;
    if (c.action === 'update') {
      return `${head}\n${c.fields.map((f) => `      ${f.field}: ${show(f.from)} → ${show(f.to)}`).join('\n')}`;
    }
    return c.note === undefined ? head : `${head}  (${c.note})`;
  });
  return [...lines, '', summaryText(plan)].join('\n');
}

export function summaryText(plan: Plan): string {
  const s = plan.summary;
  const parts = [
    `${s.create} to create`,
    `${s.update} to update`,
    ...(s.delete > 0 ? [`${s.delete} to delete`] : []),
    `${s.unchanged} unchanged`,
    ...(s.extra > 0 ? [`${s.extra} extra on the server`] : []),
  ];
  return parts.join(', ');
}

function show(value: unknown): string {
  if (typeof value === 'string')
    return value.startsWith('sha256:') ? value.slice(0, 19) + '…' : JSON.stringify(value);
  return JSON.stringify(value) ?? 'none';
}

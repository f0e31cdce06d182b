import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { ApiError, type Permission, type VerityClient } from '../../client/index.js';
import { CliError } from '../errors.js';
import {
  formatProblem,
  parseGovernanceFiles,
  type ApplyProblem,
  type GovernanceFile,
  type GovernanceObject,
  type Kind,
} from './governance-objects.js';
import {
  planGovernance,
  referenceProblems,
  type Plan,
  type PlannedChange,
  type ServerState,
} from './governance-plan.js';

/**
 * The IO around the pure parser and planner: reading the directory, fetching the server's
 * state, and carrying a plan out through the client.
 */

/** Every `*.yaml` / `*.yml` under `path` (or `path` itself if it is a file), in sorted order. */
export async function readGovernanceFiles(path: string): Promise<GovernanceFile[]> {
  let info;
  try {
    info = await stat(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new CliError('NOT_FOUND', `'${path}' does not exist`, { path });
    }
    throw error;
  }
  if (info.isFile()) return [{ path, text: await readFile(path, 'utf8') }];
  const found: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true });
    for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      if (entry.name.startsWith('.')) continue; // .git and editors' files
      const child = join(dir, entry.name);
      if (entry.isDirectory()) await walk(child);
      else if (entry.isFile() && /\.ya?ml$/i.test(entry.name)) found.push(child);
    }
  };
  await walk(path);
  return Promise.all(
    found.map(async (file) => ({ path: file, text: await readFile(file, 'utf8') })),
  );
}

/** Refuses a directory with problems: exit 2, every problem listed (and in details for --json). */
export function assertNoProblems(where: string, problems: readonly ApplyProblem[]): void {
  if (problems.length === 0) return;
  const n = problems.length;
  throw new CliError(
    'VALIDATION_ERROR',
    `${where}: ${n} problem${n === 1 ? '' : 's'}, nothing was changed\n${problems
      .map((p) => `  ${formatProblem(p)}`)
      .join('\n')}`,
    { problems },
  );
}

/** Parses and checks the directory; throws before anything is fetched if it has problems. */
export async function loadGovernance(path: string): Promise<GovernanceObject[]> {
  const { objects, problems } = parseGovernanceFiles(await readGovernanceFiles(path));
  assertNoProblems(path, problems);
  return objects;
}

/**
 * The server's state for the kinds the directory declares, plus what references need: packs
 * and roles for environments, roles for bindings.
 */
export async function fetchServerState(
  client: VerityClient,
  kinds: ReadonlySet<Kind>,
  models: readonly string[] = [],
): Promise<ServerState> {
  const has = (k: Kind) => kinds.has(k);
  const [namespaces, roles, policyPacks, environments, bindings, webhooks] = await Promise.all([
    has('Namespace') ? client.access.listNamespaces() : undefined,
    has('Role') || has('RoleBinding') || has('Environment') ? client.access.listRoles() : undefined,
    has('PolicyPack') || has('Environment') ? client.governance.listPolicyPacks() : undefined,
    has('Environment') ? client.governance.listEnvironments() : undefined,
    has('RoleBinding') ? client.access.listBindings() : undefined,
    has('Webhook') ? client.webhooks.listWebhooks() : undefined,
  ]);
  const monitors: NonNullable<ServerState['monitors']> = [];
  const unknownModels: string[] = [];
  for (const model of has('Monitor') ? [...new Set(models)].sort() : []) {
    try {
      for (const m of await client.monitoring.listMonitors(model)) {
        monitors.push({
          name: `${model}/${m.name}`,
          environment: m.environment,
          config: m.config,
          active: m.active,
        });
      }
    } catch (error) {
      if (!(error instanceof ApiError) || error.code !== 'NOT_FOUND') throw error;
      unknownModels.push(model);
    }
  }
  return {
    ...(has('Monitor') ? { monitors, unknownModels } : {}),
    ...(namespaces === undefined ? {} : { namespaces }),
    ...(roles === undefined ? {} : { roles }),
    ...(policyPacks === undefined ? {} : { policyPacks }),
    ...(environments === undefined ? {} : { environments }),
    ...(bindings === undefined ? {} : { bindings }),
    ...(webhooks === undefined ? {} : { webhooks }),
  };
}

/** Loads the directory, fetches the server's state and plans, refusing broken references. */
export async function planDirectory(
  client: VerityClient,
  path: string,
  options: { prune: boolean },
): Promise<{ objects: GovernanceObject[]; plan: Plan }> {
  const objects = await loadGovernance(path);
  const kinds = new Set(objects.map((o) => o.kind));
  const models = objects.flatMap((o) => (o.kind === 'Monitor' ? [o.model] : []));
  const server = await fetchServerState(client, kinds, models);
  assertNoProblems(path, referenceProblems(objects, server));
  let protectedSubjects: string[] = [];
  if (options.prune && kinds.has('RoleBinding')) {
    const me = await client.access.me();
    protectedSubjects = [`user:${me.name}`, ...me.groups.map((g) => `group:${g}`)];
  }
  return { objects, plan: planGovernance(objects, server, { ...options, protectedSubjects }) };
}

/** What apply did to one object. */
export interface AppliedChange {
  kind: Kind;
  name: string;
  action: 'create' | 'update' | 'delete';
}

export interface ApplyResult {
  applied: AppliedChange[];
  /** Signing secrets of the webhooks apply created: shown this once. */
  secrets: { webhook: string; secret: string }[];
}

/**
 * Carries a plan out, change by change, in the plan's (dependency) order. Unchanged and extra
 * objects are not touched, so a second run makes no request that writes and adds no ledger
 * entry. A refused change stops apply; the error says which object and how far it got.
 */
export async function executePlan(
  client: VerityClient,
  plan: Plan,
  objects: readonly GovernanceObject[],
): Promise<ApplyResult> {
  const byKey = new Map(objects.map((o) => [`${o.kind}\u0000${o.name}`, o]));
  const todo = plan.changes.filter(
    (c): c is PlannedChange & { action: AppliedChange['action'] } =>
      c.action === 'create' || c.action === 'update' || c.action === 'delete',
  );
  const result: ApplyResult = { applied: [], secrets: [] };
  for (const change of todo) {
    try {
      if (change.action === 'delete') {
        await deleteObject(client, change);
      } else {
        const object = byKey.get(`${change.kind}\u0000${change.name}`);
        if (object === undefined) throw new Error(`no ${change.kind} '${change.name}' to apply`);
        const secret = await putObject(client, object, change.action);
        if (secret !== undefined) result.secrets.push({ webhook: object.name, secret });
      }
    } catch (error) {
      if (!(error instanceof ApiError) && !(error instanceof CliError)) throw error;
      throw new CliError(
        error.code,
        `${change.kind} ${change.name}: ${error.message} (apply stopped: ${result.applied.length} of ${todo.length} changes were made before this one)`,
        { ...error.details, kind: change.kind, name: change.name, applied: result.applied },
      );
    }
    result.applied.push({ kind: change.kind, name: change.name, action: change.action });
  }
  return result;
}

async function putObject(
  client: VerityClient,
  object: GovernanceObject,
  action: 'create' | 'update',
): Promise<string | undefined> {
  switch (object.kind) {
    case 'Namespace':
      await client.access.putNamespace(object.name, { description: object.description });
      return undefined;
    case 'Role':
      await client.access.putRole(object.name, {
        description: object.description,
        permissions: object.permissions as Permission[],
      });
      return undefined;
    case 'PolicyPack':
      await client.governance.publishPolicyPack(object.source);
      return undefined;
    case 'Environment':
      await client.governance.putEnvironment(object.name, object.spec);
      return undefined;
    case 'RoleBinding':
      await client.access.bindRole({
        subject: object.subject,
        role: object.role,
        namespace: object.namespace,
      });
      return undefined;
    case 'Webhook': {
      const fields = { url: object.url, eventTypes: object.eventTypes, active: object.active };
      if (action === 'update') {
        await client.webhooks.updateWebhook(object.name, fields);
        return undefined;
      }
      return (await client.webhooks.createWebhook({ name: object.name, ...fields })).secret;
    }
    case 'Monitor':
      if (action === 'update') {
        await client.monitoring.updateMonitor(object.model, object.monitor, {
          config: object.config,
          active: object.active,
        });
      } else {
        await client.monitoring.createMonitor(object.model, {
          name: object.monitor,
          environment: object.environment,
          reference: object.reference,
          config: object.config,
          active: object.active,
        });
      }
      return undefined;
  }
}

async function deleteObject(client: VerityClient, change: PlannedChange): Promise<void> {
  switch (change.kind) {
    case 'RoleBinding': {
      // The plan names a binding `subject role@namespace`.
      const match = /^(\S+) ([^@\s]+)@(\S+)$/.exec(change.name);
      if (match === null) throw new Error(`not a binding: ${change.name}`);
      await client.access.unbindRole({ subject: match[1]!, role: match[2]!, namespace: match[3]! });
      return;
    }
    case 'Webhook':
      await client.webhooks.deleteWebhook(change.name);
      return;
    case 'Role':
      await client.access.deleteRole(change.name);
      return;
    default:
      throw new Error(`${change.kind} cannot be deleted by apply`);
  }
}

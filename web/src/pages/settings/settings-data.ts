import type {
  Deployment,
  Environment,
  RoleGrant,
  TokenInfo,
  User,
  WebhookDelivery,
} from '../../../../src/client/index.js';
import { BUILTIN_ROLES } from '../../../../src/auth/permissions.js';

/** The settings tabs, in the order they are shown; the id is the last segment of the path. */
export const SETTINGS_TABS = [
  { id: 'users', label: 'Users' },
  { id: 'roles', label: 'Roles & access' },
  { id: 'tokens', label: 'API tokens' },
  { id: 'keys', label: 'Keys' },
  { id: 'webhooks', label: 'Webhooks' },
  { id: 'environments', label: 'Environments' },
  { id: 'policy-packs', label: 'Policy packs' },
] as const;

export type SettingsTabId = (typeof SETTINGS_TABS)[number]['id'];

export function isSettingsTab(value: string | undefined): value is SettingsTabId {
  return SETTINGS_TABS.some((t) => t.id === value);
}

/**
 * The tab shown at `/settings` (or for an unknown tab): users for those who may read them,
 * otherwise one's own API tokens, which everyone has.
 */
export function defaultTab(mayReadIdentity: boolean): SettingsTabId {
  return mayReadIdentity ? 'users' : 'tokens';
}

/** Built-in roles that hold a permission, for "ask for one of these roles" explanations. */
export function rolesHolding(permission: string): string[] {
  return BUILTIN_ROLES.filter((r) => (r.permissions as readonly string[]).includes(permission)).map(
    (r) => r.name,
  );
}

/** "auditor or admin", "maintainer, risk-officer or admin". */
export function orList(words: readonly string[]): string {
  if (words.length <= 1) return words[0] ?? '';
  return `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}`;
}

export interface PermissionArea {
  /** The part before the colon: `registry`, `promotion`, `identity`... */
  area: string;
  /** The parts after it, in the order given: `read`, `write`. */
  actions: string[];
}

/**
 * Groups `area:action` permissions by area, so a role reads "registry: read, write" instead of a
 * wall of identifiers. Areas keep the order of their first permission in `order` (the server's
 * vocabulary order), unknown ones go last in the order met.
 */
export function permissionAreas(
  permissions: readonly string[],
  order: readonly string[] = [],
): PermissionArea[] {
  const rank = (p: string) => {
    const i = order.indexOf(p);
    return i === -1 ? order.length : i;
  };
  const sorted = [...permissions]
    .map((p, i) => ({ p, i }))
    .sort((a, b) => rank(a.p) - rank(b.p) || a.i - b.i)
    .map((x) => x.p);
  const areas: PermissionArea[] = [];
  for (const permission of sorted) {
    const colon = permission.indexOf(':');
    const area = colon === -1 ? permission : permission.slice(0, colon);
    const action = colon === -1 ? '' : permission.slice(colon + 1);
    let entry = areas.find((a) => a.area === area);
    if (entry === undefined) {
      entry = { area, actions: [] };
      areas.push(entry);
    }
    if (action !== '' && !entry.actions.includes(action)) entry.actions.push(action);
  }
  return areas;
}

/** `*` is every namespace. */
export function namespaceLabel(namespace: string): string {
  return namespace === '*' ? 'all namespaces' : namespace;
}

/** "maintainer in all namespaces", "contributor in default". */
export function scopeLabel(scope: RoleGrant): string {
  return `${scope.role} in ${namespaceLabel(scope.namespace)}`;
}

export const scopeKey = (scope: RoleGrant) => `${scope.role}@${scope.namespace}`;

/** The scopes a new token may carry: the caller's own role grants, each once, sorted. */
export function scopeOptions(bindings: readonly RoleGrant[]): RoleGrant[] {
  const seen = new Map<string, RoleGrant>();
  for (const b of bindings) seen.set(scopeKey(b), { role: b.role, namespace: b.namespace });
  return [...seen.values()].sort(
    (a, b) => a.role.localeCompare(b.role) || a.namespace.localeCompare(b.namespace),
  );
}

/** Splits `user:maria.chen` into its kind and name. */
export function subjectParts(subject: string): { kind: string; name: string } {
  const colon = subject.indexOf(':');
  return colon === -1
    ? { kind: 'user', name: subject }
    : { kind: subject.slice(0, colon), name: subject.slice(colon + 1) };
}

/** "risk-officer: 1, maintainer: 1" (largest first), or "none" when nobody approves. */
export function quorumText(quorum: Record<string, number>): string {
  const parts = Object.entries(quorum)
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([role, n]) => `${role}: ${n}`);
  return parts.length === 0 ? 'none' : parts.join(', ');
}

/** Environments in promotion order (rank, then name). */
export function environmentsInOrder<E extends Pick<Environment, 'rank' | 'name'>>(
  environments: readonly E[],
): E[] {
  return [...environments].sort((a, b) => a.rank - b.rank || a.name.localeCompare(b.name));
}

/** What runs in each environment now, by model name. */
export function deploymentsByEnvironment(
  deployments: readonly Deployment[],
): Map<string, Deployment[]> {
  const byEnvironment = new Map<string, Deployment[]>();
  for (const d of deployments) {
    const list = byEnvironment.get(d.environment) ?? [];
    list.push(d);
    byEnvironment.set(d.environment, list);
  }
  for (const list of byEnvironment.values()) list.sort((a, b) => a.model.localeCompare(b.model));
  return byEnvironment;
}

/** Which environments evaluate each pack, in promotion order. */
export function packUsage(
  environments: readonly Pick<Environment, 'rank' | 'name' | 'policyPacks'>[],
): Map<string, string[]> {
  const usage = new Map<string, string[]>();
  for (const env of environmentsInOrder(environments)) {
    for (const pack of env.policyPacks) usage.set(pack, [...(usage.get(pack) ?? []), env.name]);
  }
  return usage;
}

/** Event patterns typed as a list separated by commas, spaces or lines; each once. */
export function parseEventPatterns(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/[\s,]+/)
        .map((p) => p.trim())
        .filter((p) => p !== ''),
    ),
  ];
}

export interface RuleExpression {
  when: string | null;
  require: string;
  message: string;
}

/**
 * The CEL expressions of each rule of a parsed policy-pack document (the API lists rules without
 * them; the stored YAML source has them). Anything unexpected is skipped, never thrown.
 */
export function ruleExpressions(document: unknown): Map<string, RuleExpression> {
  const found = new Map<string, RuleExpression>();
  if (typeof document !== 'object' || document === null) return found;
  const rules = (document as { rules?: unknown }).rules;
  if (!Array.isArray(rules)) return found;
  const text = (value: unknown): string | null =>
    typeof value === 'string'
      ? value.trim()
      : typeof value === 'boolean' || typeof value === 'number'
        ? String(value)
        : null;
  for (const rule of rules as unknown[]) {
    if (typeof rule !== 'object' || rule === null) continue;
    const r = rule as Record<string, unknown>;
    if (typeof r.id !== 'string') continue;
    const require = text(r.require);
    if (require === null) continue;
    found.set(r.id, { when: text(r.when), require, message: text(r.message) ?? '' });
  }
  return found;
}

const TOKEN_ORDER: Record<TokenInfo['status'], number> = { active: 0, expired: 1, revoked: 2 };

/** Active tokens first, then expired, then revoked; newest first within each. */
export function sortTokens(tokens: readonly TokenInfo[]): TokenInfo[] {
  return [...tokens].sort(
    (a, b) =>
      TOKEN_ORDER[a.status] - TOKEN_ORDER[b.status] || b.createdAt.localeCompare(a.createdAt),
  );
}

/** Whole days from 1 to `max`, or an explanation of what is wrong. */
export function checkExpiryDays(
  text: string,
  max = 365,
): { ok: true; days: number } | { ok: false; message: string } {
  const trimmed = text.trim();
  if (!/^\d+$/.test(trimmed)) return { ok: false, message: 'Give a whole number of days.' };
  const days = Number(trimmed);
  if (days < 1 || days > max) {
    return { ok: false, message: `A token lives between 1 and ${max} days.` };
  }
  return { ok: true, days };
}

/** When a token created now for `days` days expires. */
export function expiryOf(days: number, now: number = Date.now()): string {
  return new Date(now + days * 86_400_000).toISOString();
}

/** Users for the table: enabled ones first, then by name. */
export function sortUsers(users: readonly User[]): User[] {
  return [...users].sort(
    (a, b) => Number(a.disabled) - Number(b.disabled) || a.name.localeCompare(b.name),
  );
}

/** How a delivery went, for a badge: the HTTP status or the error when there is one. */
export function deliveryOutcome(
  delivery: Pick<WebhookDelivery, 'status' | 'lastStatusCode' | 'lastError'>,
): string {
  if (delivery.lastStatusCode !== null) return `HTTP ${delivery.lastStatusCode}`;
  if (delivery.lastError !== null) return delivery.lastError;
  return delivery.status === 'pending' ? 'not attempted yet' : '—';
}

/** "1 token", "3 tokens", "2 policies" (with the plural given). */
export function plural(count: number, word: string, many = `${word}s`): string {
  return `${count.toLocaleString('en-GB')} ${count === 1 ? word : many}`;
}

import type {
  Binding,
  Environment,
  GateDecision,
  Me,
  Namespace,
  PolicyPack,
  PolicyPackSummary,
  Promotion,
  ReviewItem,
  Role,
  TokenInfo,
  User,
  Webhook,
  WebhookDelivery,
} from '../client/index.js';
import type { PolicyProblem } from '../policy/policy-problem.js';
import { fields, formatTime, shortDigest, table } from './output.js';

/**
 * Human renderings of the governance API's records (gates, packs, environments, promotions,
 * identities, webhooks). Pure: record in, text out. Scripts should use `--json`.
 */

// ---- gates ----

/** `4 pass, 2 fail, 1 warn` in a fixed order. */
export function ruleCounts(decision: Pick<GateDecision, 'results'>): string {
  const counts = new Map<string, number>();
  for (const r of decision.results) counts.set(r.status, (counts.get(r.status) ?? 0) + 1);
  const order = ['pass', 'fail', 'warn', 'skip', 'error'];
  const known = order.filter((s) => counts.has(s)).map((s) => `${counts.get(s)} ${s}`);
  const other = [...counts].filter(([s]) => !order.includes(s)).map(([s, n]) => `${n} ${s}`);
  return [...known, ...other].join(', ') || 'no rules';
}

/** Every rule of a decision: status, pack, rule, severity and what it said. */
export function ruleResultsTable(decision: Pick<GateDecision, 'results'>): string {
  if (decision.results.length === 0) return '(no rules: the environment binds no policy packs)';
  return table(
    ['status', 'pack', 'rule', 'severity', 'message'],
    decision.results.map((r) => [
      r.status === 'fail' || r.status === 'error' ? r.status.toUpperCase() : r.status,
      r.pack,
      r.rule,
      r.severity,
      r.status === 'skip'
        ? `(does not apply) ${r.description}`
        : r.message !== ''
          ? `${r.message}${r.errorCode === undefined ? '' : ` [${r.errorCode}]`}`
          : r.description,
    ]),
  );
}

export function decisionText(decision: GateDecision, what = 'gate'): string {
  const verdict = decision.outcome === 'passed' ? 'PASSED' : 'BLOCKED';
  const packs =
    decision.packs.length === 0
      ? 'no packs'
      : decision.packs.map((p) => `${p.name} v${p.version}`).join(', ');
  return [
    `The ${decision.environment} ${what} ${verdict} ${decision.model}@${decision.version} (${ruleCounts(decision)})`,
    fields([
      ['decision', decision.id ?? '(dry run: not recorded)'],
      ['packs', packs],
      ['evaluated', `${formatTime(decision.evaluatedAt)} by ${decision.evaluatedBy}`],
    ]),
    '',
    ruleResultsTable(decision),
  ].join('\n');
}

/** Only the rules that blocked (fail or error), one per line, for a refused promotion. */
export function failedRulesText(decision: Pick<GateDecision, 'results'>): string {
  const failed = decision.results.filter((r) => r.status === 'fail' || r.status === 'error');
  return failed
    .map(
      (r) =>
        `  ${r.status.toUpperCase()}  ${r.pack}/${r.rule}: ${r.message || r.description}${r.errorCode === undefined ? '' : ` [${r.errorCode}]`}`,
    )
    .join('\n');
}

export function decisionsTable(decisions: readonly GateDecision[]): string {
  if (decisions.length === 0) return '(no gate decisions)';
  return table(
    ['decision', 'environment', 'outcome', 'rules', 'evaluated', 'by'],
    decisions.map((d) => [
      d.id ?? '-',
      d.environment,
      d.outcome,
      ruleCounts(d),
      formatTime(d.evaluatedAt),
      d.evaluatedBy,
    ]),
  );
}

// ---- policy packs ----

export function packsTable(packs: readonly PolicyPackSummary[]): string {
  if (packs.length === 0) return '(no policy packs)';
  return table(
    ['pack', 'version', 'rules', 'digest', 'published', 'by', 'description'],
    packs.map((p) => [
      p.name,
      String(p.version),
      String(p.rules),
      shortDigest(p.digest),
      formatTime(p.createdAt),
      p.createdBy,
      p.description,
    ]),
  );
}

export function packDetail(pack: PolicyPack): string {
  return [
    fields([
      ['pack', pack.name],
      ['version', String(pack.version)],
      ['digest', pack.digest],
      ['description', pack.description || '-'],
      ['published', `${formatTime(pack.createdAt)} by ${pack.createdBy}`],
    ]),
    '',
    table(
      ['rule', 'severity', 'controls', 'description'],
      pack.ruleList.map((r) => [r.id, r.severity, r.controls.join(','), r.description]),
    ),
  ].join('\n');
}

export function packHistoryTable(versions: readonly PolicyPackSummary[]): string {
  if (versions.length === 0) return '(no versions)';
  return table(
    ['version', 'rules', 'digest', 'published', 'by'],
    versions.map((p) => [
      String(p.version),
      String(p.rules),
      shortDigest(p.digest),
      formatTime(p.createdAt),
      p.createdBy,
    ]),
  );
}

/**
 * Every problem of a refused pack, one per line: `line:column rule-id [CODE] message`, so an
 * author can fix them all in one pass.
 */
export function policyProblemsText(problems: readonly Partial<PolicyProblem>[]): string {
  return problems
    .map((p) => {
      const where = p.line === undefined ? '-' : `${p.line}:${p.column ?? 1}`;
      // Expression problems already name their rule ("rule 'x' require: ..."); others may not.
      const named = p.ruleId === undefined || (p.message ?? '').includes(`'${p.ruleId}'`);
      const rule = named ? '' : ` rule ${p.ruleId}${p.field ? `.${p.field}` : ''}:`;
      return `  ${where}${rule} [${p.code ?? 'PROBLEM'}] ${p.message ?? ''}`;
    })
    .join('\n');
}

// ---- environments ----

export function quorumText(quorum: Record<string, number>): string {
  const entries = Object.entries(quorum);
  return entries.length === 0 ? 'none' : entries.map(([r, n]) => `${n} ${r}`).join(' + ');
}

export function environmentsTable(environments: readonly Environment[]): string {
  if (environments.length === 0) return '(no environments)';
  return table(
    ['rank', 'environment', 'packs', 'quorum', 'ttl', 'freeze', 'description'],
    environments.map((e) => [
      String(e.rank),
      e.name,
      e.policyPacks.join(', ') || '-',
      quorumText(e.quorum),
      `${e.approvalTtlDays}d`,
      e.freezeOnApproval ? 'yes' : 'no',
      e.description,
    ]),
  );
}

export function environmentDetail(e: Environment): string {
  return fields([
    ['environment', e.name],
    ['description', e.description || '-'],
    ['rank', String(e.rank)],
    ['policy packs', e.policyPacks.join(', ') || '-'],
    ['quorum', quorumText(e.quorum)],
    ['approvals valid', `${e.approvalTtlDays} days`],
    ['freeze on approval', e.freezeOnApproval ? 'yes' : 'no'],
    ['updated', `${formatTime(e.updatedAt)} by ${e.updatedBy}`],
  ]);
}

// ---- promotions and review items ----

export function promotionsTable(promotions: readonly Promotion[]): string {
  if (promotions.length === 0) return '(no promotions)';
  return table(
    ['id', 'version', 'environment', 'status', 'needs', 'requested', 'by'],
    promotions.map((p) => [
      p.id,
      `${p.model}@${p.version}`,
      p.environment,
      p.status,
      p.status === 'pending' ? quorumText(p.remaining) : '-',
      formatTime(p.requestedAt),
      p.requestedBy,
    ]),
  );
}

export function promotionLine(p: Promotion): string {
  const what = `${p.model}@${p.version} → ${p.environment}`;
  switch (p.status) {
    case 'pending':
      return `Promotion ${p.id} (${what}) is pending: needs ${quorumText(p.remaining)}`;
    case 'approved':
      return `Promotion ${p.id} (${what}) is approved${p.expiresAt === null ? '' : ` until ${formatTime(p.expiresAt)}`}`;
    default:
      return `Promotion ${p.id} (${what}) is ${p.status}${p.closedReason === null ? '' : `: ${p.closedReason}`}`;
  }
}

export function promotionDetail(p: Promotion): string {
  return [
    fields([
      ['promotion', p.id],
      ['version', `${p.model}@${p.version}`],
      ['environment', p.environment],
      ['status', p.status],
      ['requested', `${formatTime(p.requestedAt)} by ${p.requestedBy}`],
      ['justification', p.justification || '-'],
      ['gate decision', p.decisionId || '-'],
      ['quorum', quorumText(p.quorum)],
      ['still needed', p.status === 'pending' ? quorumText(p.remaining) : '-'],
      ['approved', formatTime(p.approvedAt)],
      ['expires', formatTime(p.expiresAt)],
      [
        'override',
        p.overriddenBy === null ? '-' : `by ${p.overriddenBy}: ${p.overrideJustification ?? ''}`,
      ],
      ['closed', p.closedAt === null ? '-' : `${formatTime(p.closedAt)}: ${p.closedReason ?? ''}`],
    ]),
    '',
    p.approvals.length === 0
      ? '(no approvals yet)'
      : table(
          ['approver', 'role', 'decision', 'at', 'reason'],
          p.approvals.map((a) => [
            a.approver,
            a.role ?? '-',
            a.decision + (a.expired ? ' (expired)' : ''),
            formatTime(a.decidedAt),
            a.reason || '-',
          ]),
        ),
  ].join('\n');
}

export function reviewItemsTable(items: readonly ReviewItem[]): string {
  if (items.length === 0) return '(no review items)';
  return table(
    ['id', 'status', 'kind', 'subject', 'opened', 'summary'],
    items.map((i) => [
      i.id,
      i.status,
      i.kind,
      `${i.subjectKind} ${i.subjectId}`,
      `${formatTime(i.openedAt)} by ${i.openedBy}`,
      i.status === 'resolved' ? `${i.summary} → ${i.resolution ?? ''}` : i.summary,
    ]),
  );
}

// ---- identities and access ----

export function usersTable(users: readonly User[]): string {
  if (users.length === 0) return '(no users)';
  return table(
    ['user', 'display name', 'email', 'source', 'password', 'status', 'created'],
    users.map((u) => [
      u.name,
      u.displayName || '-',
      u.email ?? '-',
      u.source,
      u.hasPassword ? 'yes' : 'no',
      u.disabled ? 'disabled' : 'active',
      formatTime(u.createdAt),
    ]),
  );
}

export function userDetail(u: User): string {
  return fields([
    ['user', u.name],
    ['display name', u.displayName || '-'],
    ['email', u.email ?? '-'],
    ['source', u.source],
    ['password', u.hasPassword ? 'set' : 'none'],
    ['status', u.disabled ? `disabled since ${formatTime(u.disabledAt)}` : 'active'],
    ['created', `${formatTime(u.createdAt)} by ${u.createdBy}`],
    ['updated', formatTime(u.updatedAt)],
  ]);
}

export function scopesText(scopes: readonly { role: string; namespace: string }[]): string {
  return scopes.length === 0
    ? 'all of the user’s roles'
    : scopes.map((s) => (s.namespace === '*' ? s.role : `${s.role}@${s.namespace}`)).join(', ');
}

export function tokensTable(tokens: readonly TokenInfo[]): string {
  if (tokens.length === 0) return '(no tokens)';
  return table(
    ['id', 'user', 'name', 'prefix', 'status', 'scopes', 'expires', 'last used'],
    tokens.map((t) => [
      t.id,
      t.user,
      t.name,
      t.prefix,
      t.status,
      scopesText(t.scopes),
      formatTime(t.expiresAt),
      formatTime(t.lastUsedAt),
    ]),
  );
}

export function tokenDetail(t: TokenInfo): string {
  return fields([
    ['token', t.id],
    ['user', t.user],
    ['name', t.name],
    ['prefix', t.prefix],
    ['status', t.status],
    ['scopes', scopesText(t.scopes)],
    ['expires', formatTime(t.expiresAt)],
    ['created', `${formatTime(t.createdAt)} by ${t.createdBy}`],
    ['revoked', t.revokedAt === null ? '-' : `${formatTime(t.revokedAt)} by ${t.revokedBy ?? ''}`],
  ]);
}

export function rolesTable(roles: readonly Role[]): string {
  return table(
    ['role', 'kind', 'permissions', 'description'],
    roles.map((r) => [
      r.name,
      r.builtin ? 'built-in' : 'custom',
      r.permissions.join(', '),
      r.description,
    ]),
  );
}

export function roleDetail(r: Role): string {
  return fields([
    ['role', r.name],
    ['kind', r.builtin ? 'built-in' : 'custom'],
    ['description', r.description || '-'],
    ['permissions', r.permissions.join('\n' + ' '.repeat('description'.length + 2))],
  ]);
}

export function bindingLine(b: Pick<Binding, 'subject' | 'role' | 'namespace'>): string {
  return `${b.subject} → ${b.role} ${b.namespace === '*' ? 'in every namespace' : `in ${b.namespace}`}`;
}

export function bindingsTable(bindings: readonly Binding[]): string {
  if (bindings.length === 0) return '(no role bindings)';
  return table(
    ['subject', 'role', 'namespace', 'created', 'by'],
    bindings.map((b) => [b.subject, b.role, b.namespace, formatTime(b.createdAt), b.createdBy]),
  );
}

export function namespacesTable(namespaces: readonly Namespace[]): string {
  if (namespaces.length === 0) return '(no namespaces)';
  return table(
    ['namespace', 'description', 'created', 'by'],
    namespaces.map((n) => [n.name, n.description || '-', formatTime(n.createdAt), n.createdBy]),
  );
}

export function meText(me: Me): string {
  const grants = Object.entries(me.permissions)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([p, ns]) => `${p} (${ns.join(', ')})`);
  return [
    fields([
      ['user', me.name],
      ['signed in by', me.via],
      ['groups', me.groups.join(', ') || '-'],
      ['roles', me.bindings.map((b) => `${b.role}@${b.namespace}`).join(', ') || '-'],
      ['token scopes', me.tokenScopes === null ? '-' : scopesText(me.tokenScopes)],
    ]),
    '',
    grants.length === 0
      ? '(no permissions)'
      : ['permissions:', ...grants.map((g) => `  ${g}`)].join('\n'),
  ].join('\n');
}

// ---- webhooks ----

export function webhooksTable(webhooks: readonly Webhook[]): string {
  if (webhooks.length === 0) return '(no webhooks)';
  return table(
    ['webhook', 'active', 'url', 'events'],
    webhooks.map((w) => [w.name, w.active ? 'yes' : 'no', w.url, w.eventTypes.join(', ')]),
  );
}

export function webhookDetail(w: Webhook): string {
  return fields([
    ['webhook', w.name],
    ['id', w.id],
    ['url', w.url],
    ['events', w.eventTypes.join(', ')],
    ['active', w.active ? 'yes' : 'no'],
    ['created', `${formatTime(w.createdAt)} by ${w.createdBy}`],
    ['updated', formatTime(w.updatedAt)],
  ]);
}

export function deliveriesTable(deliveries: readonly WebhookDelivery[]): string {
  if (deliveries.length === 0) return '(no deliveries)';
  return table(
    ['id', 'event', 'status', 'attempts', 'last', 'created', 'delivered'],
    deliveries.map((d) => [
      d.id,
      d.eventType,
      d.status,
      String(d.attempts),
      d.lastStatusCode === null ? (d.lastError ?? '-') : `HTTP ${d.lastStatusCode}`,
      formatTime(d.createdAt),
      formatTime(d.deliveredAt),
    ]),
  );
}

export function deliveryDetail(d: WebhookDelivery): string {
  return [
    fields([
      ['delivery', d.id],
      ['webhook', d.webhook],
      ['event', `${d.eventType} (${d.eventId})`],
      ['ledger entry', d.ledgerSeq === null ? '-' : String(d.ledgerSeq)],
      ['status', d.status],
      ['next attempt', formatTime(d.nextAttemptAt)],
      ['created', formatTime(d.createdAt)],
      ['delivered', formatTime(d.deliveredAt)],
    ]),
    '',
    d.history.length === 0
      ? '(no attempts yet)'
      : table(
          ['attempt', 'at', 'status', 'ms', 'error'],
          d.history.map((a) => [
            String(a.attempt),
            formatTime(a.at),
            a.statusCode === null ? '-' : String(a.statusCode),
            String(a.durationMs),
            a.error ?? '-',
          ]),
        ),
  ].join('\n');
}

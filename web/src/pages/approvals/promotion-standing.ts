import type { Me, Promotion } from '../../../../src/client/index.js';
import { heldRoles, holdsIn } from '../model/model-data.js';
import { namespaceOfRef } from '../../lib/models.js';

/*
 * Who may decide a promotion and why not: the same rules the server applies (the approve
 * permission in the model's namespace, separation of duties, one decision per person, a quorum
 * role still needed), so the page offers only the actions that can succeed and says why the others
 * are missing. The server stays the judge: its refusals are shown as they come. Pure
 * (test/web/model-approvals.test.ts).
 */

export interface Standing {
  canApprove: boolean;
  canReject: boolean;
  /** The quorum role an approval would fill. */
  role?: string;
  /** Why an action is missing, as a sentence for the person. */
  reason?: string;
  /** The reason is separation of duties. */
  separation?: boolean;
}

/** People whose own work the version is: they may never approve it. */
export interface Conflicts {
  author?: string | undefined;
  runOwner?: string | undefined;
}

export function standingOf(p: Promotion, me: Me, conflicts: Conflicts = {}): Standing {
  if (p.status !== 'pending') {
    return { canApprove: false, canReject: false, reason: `This request is ${p.status}.` };
  }
  const why =
    p.requestedBy === me.name
      ? 'You requested this promotion'
      : conflicts.author === me.name
        ? 'You registered this version'
        : conflicts.runOwner === me.name
          ? 'You own the training run that produced this version'
          : p.overriddenBy === me.name
            ? 'You overrode its gate'
            : undefined;
  if (why !== undefined) {
    return {
      canApprove: false,
      canReject: false,
      separation: true,
      reason: `${why}, so separation of duties means someone else must decide it.`,
    };
  }
  const namespace = namespaceOfRef(p.model);
  if (!holdsIn(me, 'promotion:approve', namespace)) {
    const roles = heldRoles(me, namespace);
    return {
      canApprove: false,
      canReject: false,
      reason: `Approving or rejecting needs the promotion:approve permission in namespace ${namespace}; your ${
        roles.length === 0
          ? 'account holds no role there'
          : `role${roles.length === 1 ? '' : 's'} (${roles.join(', ')}) do${roles.length === 1 ? 'es' : ''} not include it`
      }.`,
    };
  }
  const mine = p.approvals.find((a) => a.approver === me.name);
  if (mine !== undefined) {
    return {
      canApprove: false,
      canReject: mine.decision === 'approved',
      reason: `You already ${mine.decision} this request.`,
    };
  }
  const held = heldRoles(me, namespace);
  const role = Object.keys(p.remaining).find((r) => held.includes(r));
  if (role === undefined) {
    return {
      canApprove: false,
      canReject: true,
      reason: `It still needs ${describeQuorum(p.remaining)}; you hold ${
        held.length === 0 ? 'none of those roles' : held.join(', ')
      } here, so you can reject it but not approve it.`,
    };
  }
  return { canApprove: true, canReject: true, role };
}

/** `1 risk-officer approval`, `2 maintainer and 1 risk-officer approvals`. */
export function describeQuorum(quorum: Record<string, number>): string {
  const entries = Object.entries(quorum);
  if (entries.length === 0) return 'no approvals';
  const total = entries.reduce((n, [, k]) => n + k, 0);
  const parts = entries.map(([role, n]) => `${n} ${role}`);
  const list =
    parts.length === 1 ? parts[0]! : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)!}`;
  return `${list} ${total === 1 ? 'approval' : 'approvals'}`;
}

export interface QuorumLine {
  role: string;
  needed: number;
  /** Approvals in this role that still count (not expired). */
  have: number;
  approvers: string[];
}

/** Per quorum role: how many approvals are needed, how many count, and from whom. */
export function quorumLines(p: Pick<Promotion, 'quorum' | 'approvals'>): QuorumLine[] {
  return Object.entries(p.quorum).map(([role, needed]) => {
    const counted = p.approvals.filter(
      (a) => a.decision === 'approved' && a.role === role && !a.expired,
    );
    return { role, needed, have: counted.length, approvers: counted.map((a) => a.approver) };
  });
}

/** A short sentence of where a request stands. */
export function statusSentence(p: Promotion): string {
  switch (p.status) {
    case 'pending':
      return Object.keys(p.remaining).length === 0
        ? 'Waiting to be recorded as approved.'
        : `Waiting for ${describeQuorum(p.remaining)}.`;
    case 'approved':
      return p.expiresAt === null
        ? 'Approved: it may be deployed.'
        : `Approved: it may be deployed until ${p.expiresAt.slice(0, 10)}.`;
    case 'rejected':
      return `Rejected${p.closedReason === null ? '' : `: ${p.closedReason}`}`;
    case 'blocked':
      return 'Blocked by its gate: only a break-glass override can reopen it.';
    case 'expired':
      return p.expiresAt === null
        ? 'Expired: its approvals lapsed; a new deployment needs a new request.'
        : `Expired: its approval window ended ${p.expiresAt.slice(0, 10)}; a new deployment needs a new request.`;
    case 'voided':
      return `Voided${p.closedReason === null ? '' : `: ${p.closedReason}`}`;
    case 'cancelled':
      return 'Withdrawn by the requester.';
    case 'superseded':
      return 'Superseded by a newer request.';
  }
}

/** `credit-risk 1.1.0 → production-ie` */
export function promotionTitle(p: Pick<Promotion, 'model' | 'version' | 'environment'>): string {
  return `${p.model} ${p.version} → ${p.environment}`;
}

/** Statuses people filter recent promotions by, in the order of a request's life. */
export const PROMOTION_FILTERS = [
  'pending',
  'approved',
  'rejected',
  'blocked',
  'expired',
  'voided',
  'cancelled',
  'superseded',
] as const;

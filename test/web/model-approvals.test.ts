import { describe, expect, it } from 'vitest';
import type { Me, Promotion } from '../../src/client/index.js';
import {
  describeQuorum,
  promotionTitle,
  quorumLines,
  standingOf,
  statusSentence,
} from '../../web/src/pages/approvals/promotion-standing.js';

const promotion = (over: Partial<Promotion> = {}): Promotion => ({
  id: 'p1',
  model: 'credit-risk',
  version: '1.1.0',
  environment: 'production-ie',
  status: 'pending',
  requestedBy: 'maria.chen',
  requestedAt: '2026-11-30T14:30:00.000Z',
  justification: 'Irish launch',
  decisionId: 'd1',
  quorum: { 'risk-officer': 1 },
  remaining: { 'risk-officer': 1 },
  approvals: [],
  overriddenBy: null,
  overrideJustification: null,
  approvedAt: null,
  expiresAt: null,
  closedAt: null,
  closedReason: null,
  ...over,
});

const user = (name: string, role: string, namespace = '*', approve = true): Me => ({
  name,
  via: 'session',
  groups: [],
  bindings: [{ role, namespace }],
  tokenScopes: null,
  permissions: approve ? { 'promotion:approve': [namespace] } : { 'registry:read': [namespace] },
});

describe('who may decide a promotion', () => {
  const priya = user('priya.nair', 'risk-officer');

  it('lets a risk officer approve a request that needs one', () => {
    expect(standingOf(promotion(), priya)).toEqual({
      canApprove: true,
      canReject: true,
      role: 'risk-officer',
    });
  });

  it('refuses the requester, the author, the run owner and the overrider: separation of duties', () => {
    const maria = user('maria.chen', 'risk-officer');
    expect(standingOf(promotion(), maria)).toMatchObject({
      canApprove: false,
      canReject: false,
      separation: true,
      reason:
        'You requested this promotion, so separation of duties means someone else must decide it.',
    });
    const author = standingOf(promotion({ requestedBy: 'x' }), priya, { author: 'priya.nair' });
    expect(author.separation).toBe(true);
    expect(author.reason).toContain('You registered this version');
    expect(
      standingOf(promotion({ requestedBy: 'x' }), priya, { runOwner: 'priya.nair' }),
    ).toMatchObject({
      separation: true,
    });
    expect(standingOf(promotion({ overriddenBy: 'priya.nair' }), priya)).toMatchObject({
      separation: true,
    });
  });

  it('explains a missing permission in the model’s namespace', () => {
    const tomas = user('tomas.berg', 'auditor', '*', false);
    expect(standingOf(promotion(), tomas)).toMatchObject({
      canApprove: false,
      canReject: false,
      reason:
        'Approving or rejecting needs the promotion:approve permission in namespace default; your role (auditor) does not include it.',
    });
    const elsewhere = user('ana', 'risk-officer', 'payments');
    expect(standingOf(promotion(), elsewhere).reason).toContain('account holds no role there');
  });

  it('lets someone without a needed role reject but not approve', () => {
    const james = user('james.okafor', 'maintainer');
    const standing = standingOf(promotion(), james);
    expect(standing).toMatchObject({ canApprove: false, canReject: true });
    expect(standing.reason).toBe(
      'It still needs 1 risk-officer approval; you hold maintainer here, so you can reject it but not approve it.',
    );
  });

  it('does not offer a second approval, nor decisions on closed requests', () => {
    const approved = promotion({
      approvals: [
        {
          approver: 'priya.nair',
          role: 'risk-officer',
          decision: 'approved',
          reason: '',
          decidedAt: '2026-12-01T00:00:00.000Z',
          expired: false,
        },
      ],
    });
    expect(standingOf(approved, priya)).toMatchObject({ canApprove: false, canReject: true });
    expect(standingOf(promotion({ status: 'approved' }), priya)).toMatchObject({
      canApprove: false,
      canReject: false,
    });
  });
});

describe('how a promotion reads', () => {
  it('describes quorums and progress', () => {
    expect(describeQuorum({ 'risk-officer': 1 })).toBe('1 risk-officer approval');
    expect(describeQuorum({ maintainer: 2, 'risk-officer': 1 })).toBe(
      '2 maintainer and 1 risk-officer approvals',
    );
    expect(describeQuorum({})).toBe('no approvals');
    const lines = quorumLines(
      promotion({
        quorum: { maintainer: 1, 'risk-officer': 1 },
        approvals: [
          {
            approver: 'james',
            role: 'maintainer',
            decision: 'approved',
            reason: '',
            decidedAt: '',
            expired: false,
          },
          {
            approver: 'old',
            role: 'risk-officer',
            decision: 'approved',
            reason: '',
            decidedAt: '',
            expired: true,
          },
        ],
      }),
    );
    expect(lines).toEqual([
      { role: 'maintainer', needed: 1, have: 1, approvers: ['james'] },
      { role: 'risk-officer', needed: 1, have: 0, approvers: [] },
    ]);
  });

  it('says where a request stands', () => {
    expect(promotionTitle(promotion())).toBe('credit-risk 1.1.0 → production-ie');
    expect(statusSentence(promotion())).toBe('Waiting for 1 risk-officer approval.');
    expect(
      statusSentence(promotion({ status: 'approved', expiresAt: '2026-12-31T10:00:00.000Z' })),
    ).toBe('Approved: it may be deployed until 2026-12-31.');
    expect(statusSentence(promotion({ status: 'rejected', closedReason: 'not validated' }))).toBe(
      'Rejected: not validated',
    );
  });
});

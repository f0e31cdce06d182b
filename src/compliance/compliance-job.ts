import type { Ledger, LogVerificationReport } from '../ledger/index.js';
import type { RegistryContext } from '../registry/index.js';
import { SYSTEM_ACTOR } from '../registry/index.js';
import { snapshotPostures, verifyAndRecordLedger } from './posture-service.js';

export interface ComplianceRound {
  verified: LogVerificationReport | null;
  snapshots: { models: number; recorded: number } | null;
}

/**
 * The continuous checks: every round, when the audit log grew since the last round (something
 * changed) or an hour has passed (time-based checks: expiries, review dates), each model's
 * posture is recomputed and recorded if it changed; once per `verifyEveryMs` the whole log is
 * verified and the result recorded (C4.1).
 */
export class ComplianceJob {
  private lastSize = -1;
  private lastFullAt = 0;
  private lastVerifiedAt = 0;

  constructor(
    private readonly ctx: RegistryContext,
    private readonly ledger: Ledger,
    private readonly options: {
      verifyEveryMs: number;
      onVerificationFailure: (report: LogVerificationReport) => Promise<void>;
    },
  ) {}

  async round(): Promise<ComplianceRound> {
    const now = this.ctx.clock.now().getTime();
    let verified: LogVerificationReport | null = null;
    if (this.lastVerifiedAt === 0) {
      const last = await this.ctx.db
        .selectFrom('ledger_verifications')
        .select('verified_at')
        .orderBy('verified_at', 'desc')
        .executeTakeFirst();
      this.lastVerifiedAt = last?.verified_at.getTime() ?? 1;
    }
    if (now - this.lastVerifiedAt >= this.options.verifyEveryMs) {
      verified = await verifyAndRecordLedger(
        this.ctx,
        this.ledger,
        SYSTEM_ACTOR.name,
        this.options.onVerificationFailure,
      );
      this.lastVerifiedAt = now;
    }
    const size = await this.ledger.size();
    let snapshots: ComplianceRound['snapshots'] = null;
    if (size !== this.lastSize || now - this.lastFullAt >= 3_600_000) {
      snapshots = await snapshotPostures(this.ctx, 'schedule');
      // Snapshots append entries themselves; count them as seen.
      this.lastSize = await this.ledger.size();
      this.lastFullAt = now;
    }
    return { verified, snapshots };
  }
}

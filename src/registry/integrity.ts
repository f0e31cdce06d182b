import type { EventDraft } from '../ledger/index.js';
import type { Readable } from 'node:stream';
import { IntegrityError, type Digest } from '../lib/index.js';
import type { RegistryContext } from './context.js';

/** The actor recorded on events Verity raises about itself (integrity failures, self-checks). */
import { SYSTEM_ACTOR } from '../auth/index.js';

export { SYSTEM_ACTOR };

/**
 * Opens stored content for serving. When the bytes no longer match their digest the read is
 * refused (INTEGRITY_ERROR) and the failure itself is recorded in the audit log as
 * `integrity-check-failed`, so a corrupted artifact leaves evidence even if nobody reports it.
 */
export async function openArtifact(
  ctx: RegistryContext,
  digest: Digest,
  context: Record<string, unknown>,
): Promise<{ size: number; stream: Readable }> {
  try {
    return await ctx.blobs.open(digest);
  } catch (error) {
    if (error instanceof IntegrityError)
      await recordIntegrityFailure(ctx, 'integrity-check-failed', 'blob', digest, {
        ...error.details,
        ...context,
      });
    throw error;
  }
}

/** Records an integrity failure; never throws (the original failure is what the caller reports). */
export async function recordIntegrityFailure(
  ctx: RegistryContext,
  type: 'integrity-check-failed' | 'ledger-verification-failed',
  kind: string,
  id: string,
  details: Record<string, unknown>,
): Promise<void> {
  try {
    await ctx.committer.commit(SYSTEM_ACTOR, 'integrity.record', async (tx, now) => {
      const events: EventDraft[] = [
        { type, subject: { kind, id }, payload: { kind, id, ...details } },
      ];
      // A failed integrity check is a SEV2 incident: stored evidence no longer matches its digest.
      const opened = await ctx.incidentOpener?.open(
        tx,
        SYSTEM_ACTOR,
        {
          title: `${type === 'ledger-verification-failed' ? 'Audit ledger' : 'Stored content'} failed verification: ${kind} ${id}`,
          type: 'integrity',
          severity: 'SEV2',
          summary: `Verity detected ${type} on ${kind} ${id}: ${JSON.stringify(details)}`,
          affected: [],
          source: { kind: 'integrity', id, ref: `${kind}/${id}` },
        },
        now,
      );
      return { result: undefined, events: [...events, ...(opened?.events ?? [])] };
    });
  } catch {
    // The database may be the thing that is failing; the caller still reports the error.
  }
}

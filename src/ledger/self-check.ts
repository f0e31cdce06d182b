import type { Ledger } from './ledger.js';
import { LogVerifier, type LogVerificationReport } from './log-verifier.js';

const PAGE = 5000;

/**
 * The server's own audit of its log: recomputes every leaf and root from the stored entries and
 * checks them against every stored checkpoint signed with the current key, exactly as
 * `verity audit verify` does from outside. `onFailure` lets the caller record the failure.
 */
export async function selfCheck(
  ledger: Ledger,
  onFailure: (report: LogVerificationReport) => Promise<void>,
): Promise<LogVerificationReport> {
  const size = await ledger.size();
  const checkpoints = (await ledger.checkpoints()).filter((c) => c.keyId === ledger.keyId);
  const verifier = new LogVerifier(
    ledger.verifierKey,
    checkpoints.map((c) => c.note),
  );
  for (let from = 0; from < size; from += PAGE) {
    const page = await ledger.reader.range(from, Math.min(PAGE, size - from));
    for (const e of page) verifier.add({ index: e.seq, entry: e.entry, leafHash: e.leafHash });
    if (page.length < Math.min(PAGE, size - from)) break;
  }
  const report = verifier.finish(size);
  if (!report.ok) await onFailure(report);
  return report;
}

import type { Ledger } from './ledger.js';
import { LogVerifier, type LogVerificationReport } from './log-verifier.js';

const PAGE = 5000;

/**
 * The server's own audit of its log: recomputes every leaf and root from the stored entries and
 * checks them against every stored checkpoint, exactly as `verity audit verify` does from
 * outside. Checkpoints count when the current key or an earlier key of this log (recorded in
 * `ledger_keys` when it started signing) signed them, so a key rotation does not leave the older
 * checkpoints unchecked. `onFailure` lets the caller record the failure.
 */
export async function selfCheck(
  ledger: Ledger,
  onFailure: (report: LogVerificationReport) => Promise<void>,
): Promise<LogVerificationReport> {
  const size = await ledger.size();
  const checkpoints = await ledger.checkpoints();
  const keys = [
    ledger.verifierKey,
    ...(await ledger.keys()).map((k) => k.vkey).filter((k) => k !== ledger.verifierKey),
  ];
  const verifier = new LogVerifier(
    keys,
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

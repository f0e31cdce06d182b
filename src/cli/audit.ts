import { existsSync, readFileSync } from 'node:fs';
import type { CheckpointView, VerityClient } from '../client/index.js';
import { ApiError } from '../client/index.js';
import { formatRef, parseRef, UUID_PATTERN } from '../lib/index.js';
import { LogVerifier, type LogVerificationReport } from '../ledger/log-verifier.js';
import type { EvidenceReport } from '../ledger/evidence-bundle.js';
import { decodeBase64Strict, encodeBase64, verifyConsistency } from '../ledger/merkle/index.js';
import { parseVerifierKey, verifyCheckpoint } from '../ledger/note/index.js';
import { CheckFailedError, CliError } from './errors.js';
import { fields } from './output.js';
import { silentProgress, type Progress } from './progress.js';

/**
 * The auditor's side of the audit log, used by `verity audit ...`: everything here checks what
 * the server sends against the log key the auditor trusts, and never takes the server's word
 * for a root, a size or a key unless told to.
 */

/** The largest page `GET /audit/entries` serves. */
export const ENTRY_PAGE = 1000;

/** Logs with more entries than this get a progress bar (on a terminal). */
const PROGRESS_THRESHOLD = ENTRY_PAGE;

/** Problems listed in the human report; `--json` has them all. */
const SHOWN_PROBLEMS = 10;

// ---------------------------------------------------------------------------------------------
// Keys

/** Where the trusted log key came from: pinned by the auditor, or read from the audited server. */
export type KeySource = 'pinned' | 'server';

/**
 * `--key`: a verifier key (`name+keyid+base64`), or a file holding one (auditors keep it in a
 * file next to their saved checkpoints). Checked here so a typo is a usage error (exit 2), not a
 * failed verification.
 */
export function readVerifierKeyArg(value: string): string {
  const text = value.trim();
  if (looksLikeVerifierKey(text)) return checkedVerifierKey(text, '--key');
  if (existsSync(value)) return checkedVerifierKey(readFileSync(value, 'utf8').trim(), value);
  throw new CliError(
    'VALIDATION_ERROR',
    `--key '${value}' is neither a verifier key (name+keyid+base64) nor a file holding one`,
    { key: value },
  );
}

function looksLikeVerifierKey(text: string): boolean {
  return text.split('+').length >= 3 && !text.includes('\n');
}

function checkedVerifierKey(text: string, where: string): string {
  try {
    parseVerifierKey(text);
    return text;
  } catch (error) {
    throw new CliError(
      'VALIDATION_ERROR',
      `${where} is not a valid log verifier key: ${(error as Error).message}`,
      { key: text },
    );
  }
}

/**
 * The keys to verify the log with: every `--key` given (the current key and the ones the log had
 * before a rotation), else the current and earlier keys the server publishes, with a warning,
 * because a server that rewrote its log could also have changed its keys.
 */
export async function trustedLogKeys(
  client: VerityClient,
  keyOptions: readonly string[],
  warn: (text: string) => void,
): Promise<{ keys: string[]; source: KeySource }> {
  if (keyOptions.length > 0) {
    return { keys: [...new Set(keyOptions.map(readVerifierKeyArg))], source: 'pinned' };
  }
  const published = await client.auditKey();
  const earlier = published.checkpointKeys
    .map((k) => k.vkey)
    .filter((k) => k !== published.verifierKey);
  warn(
    `warning: verifying with the log key${earlier.length > 0 ? 's' : ''} published by the server being audited (${[published.verifierKey, ...earlier].join(', ')}).\n` +
      '  A server that rewrote its log could publish another key too: pin the keys you recorded with --key.',
  );
  return {
    keys: [published.verifierKey, ...earlier].map((k) =>
      checkedVerifierKey(k, 'a log key the server publishes'),
    ),
    source: 'server',
  };
}

// ---------------------------------------------------------------------------------------------
// Full recomputation

/** The outcome of recomputing the whole log from its entries. */
export interface LogCheck extends LogVerificationReport {
  /** The size the server claimed when the download started (entries appended later are not read). */
  claimedSize: number;
  /** Signed checkpoints the server stores (plus the saved one, when given). */
  checkpointsFound: number;
  /** The largest checkpointed size at or below the claimed size, or 0 when none. */
  lastCheckpointSize: number;
}

/**
 * Downloads every entry (in order, {@link ENTRY_PAGE} at a time) and every stored checkpoint,
 * and recomputes the log with {@link LogVerifier}: each leaf from the entry's exact bytes, each
 * entry's index, the root at every signed checkpoint, then the size the server claims.
 * `extraNotes` are checkpoints the auditor holds (a saved one), checked alongside.
 */
export async function verifyLog(
  client: VerityClient,
  key: string | readonly string[],
  options: { progress?: Progress; extraNotes?: readonly string[] } = {},
): Promise<LogCheck> {
  const progress = options.progress ?? silentProgress;
  // Checkpoints first, then the size: every checkpoint fetched is then one the log must cover.
  const stored = await client.checkpoints();
  const notes = [...new Set([...stored.map((c) => c.note), ...(options.extraNotes ?? [])])];
  const verifier = new LogVerifier(key, notes);
  let claimedSize: number | undefined;
  let from = 0;
  try {
    for (;;) {
      const page = await client.auditEntries({ from, limit: ENTRY_PAGE });
      if (claimedSize === undefined) {
        claimedSize = page.size;
        if (claimedSize > PROGRESS_THRESHOLD) progress.start('verifying', claimedSize, 'entries');
      }
      const limit = claimedSize;
      // Entries appended while reading are for the next audit: stop at the claimed size.
      const items = page.items.filter((e) => e.seq < limit);
      for (const e of items) verifier.add({ index: e.seq, entry: e.entry, leafHash: e.leafHash });
      progress.advance(items.length);
      const last = page.items.at(-1);
      if (last === undefined || items.length < page.items.length || page.items.length < ENTRY_PAGE)
        break;
      // Never re-read a page, whatever the server answers.
      from = Math.max(from + 1, last.seq + 1);
    }
  } finally {
    progress.stop();
  }
  const size = claimedSize ?? 0;
  const report = verifier.finish(size);
  const checkpointed = stored.map((c) => c.size).filter((s) => s <= size);
  return {
    ...report,
    claimedSize: size,
    checkpointsFound: notes.length,
    lastCheckpointSize: checkpointed.length === 0 ? 0 : Math.max(...checkpointed),
  };
}

// ---------------------------------------------------------------------------------------------
// Consistency with a saved checkpoint

/** How the current log relates to a checkpoint the auditor saved earlier. */
export interface ExtensionCheck {
  ok: boolean;
  saved: { size: number; rootHash: string };
  current: { size: number; rootHash: string; note: string };
  /** Hashes in the consistency proof (0 when the sizes are equal). */
  proofLength: number;
  /** Why the current log does not extend the saved checkpoint, when it does not. */
  problem: string | null;
}

/**
 * Verifies a saved checkpoint with the trusted key, asks the server to sign a checkpoint of the
 * log as it is now, verifies that one too, and checks the RFC 9162 consistency proof between the
 * two signed roots: the current log must be the saved one with entries appended, nothing else.
 * @throws CheckFailedError CHECKPOINT_INVALID when either checkpoint does not verify
 */
export async function checkExtends(
  client: VerityClient,
  key: string | readonly string[],
  savedNote: string,
  savedName: string,
): Promise<ExtensionCheck> {
  const saved = verifiedCheckpoint(savedNote, key, `the saved checkpoint ${savedName}`);
  const fresh = await client.checkpoint();
  const current = verifiedCheckpoint(fresh.note, key, 'the checkpoint the server signed now');
  const result = (problem: string | null, proofLength = 0): ExtensionCheck => ({
    ok: problem === null,
    saved,
    current: { ...current, note: fresh.note },
    proofLength,
    problem,
  });
  if (current.size < saved.size) {
    return result(
      `the log has ${current.size} entries now, but the saved checkpoint signed ${saved.size}: entries from ${current.size} on were removed`,
    );
  }
  if (current.size === saved.size) {
    return result(
      current.rootHash === saved.rootHash
        ? null
        : `the log still has ${saved.size} entries but its root changed: entries were rewritten`,
    );
  }
  const proof = await client.consistencyProof(saved.size, current.size);
  try {
    verifyConsistency(
      saved.size,
      current.size,
      decodeBase64Strict(saved.rootHash, 'saved root'),
      decodeBase64Strict(current.rootHash, 'current root'),
      proof.proof.map((p, i) => decodeBase64Strict(p, `proof[${i}]`)),
    );
  } catch (error) {
    return result(
      `the log of ${current.size} entries does not extend the saved checkpoint of ${saved.size}: ${(error as Error).message}. Entries before ${saved.size} were changed, removed or reordered`,
      proof.proof.length,
    );
  }
  return result(null, proof.proof.length);
}

/**
 * A checkpoint note verified with the log key (or with any of several: the current one and those
 * before a rotation), or CHECKPOINT_INVALID naming it.
 */
export function verifiedCheckpoint(
  note: string,
  key: string | readonly string[],
  what: string,
): { size: number; rootHash: string } {
  try {
    const { checkpoint } = verifyCheckpoint(note, key);
    return { size: Number(checkpoint.size), rootHash: encodeBase64(checkpoint.rootHash) };
  } catch (error) {
    throw new CheckFailedError(
      'CHECKPOINT_INVALID',
      `${what} does not verify with the trusted log key${typeof key === 'string' || key.length === 1 ? '' : 's'}: ${(error as Error).message}`,
    );
  }
}

/** The newest stored checkpoint, or NOT_FOUND saying how to make one. */
export function latestCheckpoint(checkpoints: readonly CheckpointView[]): CheckpointView {
  const latest = [...checkpoints].sort((a, b) => a.size - b.size).at(-1);
  if (latest === undefined) {
    throw new CliError(
      'NOT_FOUND',
      'the log has no signed checkpoint yet: make one with `verity audit checkpoint --new`',
    );
  }
  return latest;
}

// ---------------------------------------------------------------------------------------------
// Human reports

/** The summary of `audit verify`: what was checked, then OK or every problem (first few). */
export function logReportText(
  check: LogCheck,
  context: {
    keys: readonly string[];
    source: KeySource;
    extension?: ExtensionCheck;
    savedFile?: string;
  },
): string {
  const how = context.source === 'pinned' ? 'pinned with --key' : 'from the server';
  const rows: [string, string][] = context.keys.map((key, i) => [
    i === 0 ? 'log key' : 'earlier key',
    `${key} (${how})`,
  ]);
  const ext = context.extension;
  if (ext !== undefined) {
    rows.push(
      [
        'saved',
        `size ${ext.saved.size}, root ${ext.saved.rootHash} (${context.savedFile ?? 'saved checkpoint'})`,
      ],
      ['current', `size ${ext.current.size}, root ${ext.current.rootHash} (signed now)`],
      [
        'consistency',
        ext.ok
          ? ext.current.size === ext.saved.size
            ? 'same size, same root: nothing was appended and nothing changed'
            : `the log extends the saved checkpoint (proof of ${ext.proofLength} hash(es) verified)`
          : `FAILED: ${ext.problem ?? ''}`,
      ],
    );
  }
  const unsigned = check.size - check.lastCheckpointSize;
  rows.push(
    ['entries', `${check.size} of ${check.claimedSize} claimed, recomputed from their exact bytes`],
    [
      'checkpoints',
      `${check.checkpointsChecked} signed checkpoint(s) checked against the recomputed tree${check.checkpointsFound === 0 ? ' (none stored: make one with `verity audit checkpoint --new`)' : ''}`,
    ],
    ['root', `${check.rootHash} (recomputed)`],
  );
  if (check.ok && unsigned > 0 && check.checkpointsFound > 0) {
    rows.push([
      'note',
      `the last ${unsigned} entr${unsigned === 1 ? 'y is' : 'ies are'} not covered by a signed checkpoint yet`,
    ]);
  }
  const lines = [fields(rows), ''];
  if (check.ok && (ext === undefined || ext.ok)) {
    lines.push('OK: the audit log verifies');
    return lines.join('\n');
  }
  if (!check.ok) {
    lines.push(
      `FAILED: the audit log does not verify; first bad index: ${check.firstBadIndex ?? '-'}`,
    );
    for (const problem of check.problems.slice(0, SHOWN_PROBLEMS)) {
      lines.push(`  ${problem.code} at ${problem.index ?? '-'}: ${problem.message}`);
    }
    if (check.problems.length > SHOWN_PROBLEMS) {
      lines.push(`  ... and ${check.problems.length - SHOWN_PROBLEMS} more (see --json)`);
    }
  } else {
    lines.push('FAILED: the current log does not extend the saved checkpoint');
  }
  return lines.join('\n');
}

/** The error `audit verify` exits 1 with, after printing its report. */
export function logCheckFailure(check: LogCheck, extension?: ExtensionCheck): CheckFailedError {
  if (extension !== undefined && !extension.ok) {
    return new CheckFailedError('LOG_NOT_CONSISTENT', extension.problem ?? 'not consistent', {
      savedSize: extension.saved.size,
      currentSize: extension.current.size,
      firstBadIndex: check.firstBadIndex,
    });
  }
  const first = check.problems[0];
  return new CheckFailedError(
    'LOG_INVALID',
    `the audit log does not verify: first bad index ${check.firstBadIndex ?? '-'}${first === undefined ? '' : ` (${first.code}: ${first.message})`}`,
    { firstBadIndex: check.firstBadIndex, problems: check.problems.length },
  );
}

/** The summary of `audit verify-bundle`. */
export function evidenceReportText(report: EvidenceReport, file: string): string {
  const subject = report.subject;
  const lines = [
    fields([
      ['bundle', file],
      [
        'subject',
        subject === null
          ? '-'
          : `${subject.kind} ${subject.ref === undefined ? subject.id : `${subject.ref} (${subject.id})`}`,
      ],
      [
        'checkpoint',
        report.checkpointSize === null ? '-' : `size ${report.checkpointSize}, signature verified`,
      ],
      ['entries', `${report.entriesVerified} verified`],
    ]),
    '',
  ];
  if (report.ok) {
    lines.push('OK: every entry is in the signed log, unchanged');
  } else {
    lines.push('FAILED: the evidence bundle does not verify');
    for (const problem of report.problems.slice(0, SHOWN_PROBLEMS)) {
      lines.push(`  ${problem.code} at ${problem.index ?? '-'}: ${problem.message}`);
    }
    if (report.problems.length > SHOWN_PROBLEMS) {
      lines.push(`  ... and ${report.problems.length - SHOWN_PROBLEMS} more (see --json)`);
    }
  }
  return lines.join('\n');
}

// ---------------------------------------------------------------------------------------------
// Subjects of evidence bundles

/** What `--subject` names, before asking the server. */
export type SubjectArg =
  | { kind: 'model'; name: string }
  | { kind: 'model-version'; name: string; ref: string }
  | { kind: 'dataset'; name: string }
  | { kind: 'dataset-version'; name: string; ref: string }
  /** `name@ref` without a prefix: a model version, else a dataset version of that name. */
  | { kind: 'version'; name: string; ref: string }
  | { kind: 'run'; id: string };

/**
 * Parses `--subject`: `model@ref`, `dataset@ref`, `model` or a run id; `model:`, `dataset:` or
 * `run:` in front says which when a name is both a model and a dataset.
 */
export function parseSubjectArg(text: string): SubjectArg {
  const colon = /^(model|dataset|run):(.*)$/.exec(text);
  const prefix = colon?.[1];
  const rest = colon?.[2] ?? text;
  if (prefix === 'run' || (prefix === undefined && UUID_PATTERN.test(rest))) {
    if (!UUID_PATTERN.test(rest)) {
      throw new CliError('VALIDATION_ERROR', `'${text}': a run is named by its id`, {
        argument: text,
      });
    }
    return { kind: 'run', id: rest };
  }
  const parsed = parseRef(rest);
  if (parsed === undefined) {
    throw new CliError(
      'VALIDATION_ERROR',
      `'${text}' is not a subject: expected model@version, dataset@version, a model name or a run id (prefix model:, dataset: or run: to say which)`,
      { argument: text },
    );
  }
  const name = formatRef(parsed.namespace, parsed.name);
  if (prefix === 'dataset') {
    return parsed.ref === undefined
      ? { kind: 'dataset', name }
      : { kind: 'dataset-version', name, ref: parsed.ref };
  }
  if (parsed.ref === undefined) return { kind: 'model', name };
  return prefix === 'model'
    ? { kind: 'model-version', name, ref: parsed.ref }
    : { kind: 'version', name, ref: parsed.ref };
}

/** A subject as the ledger records it: kind, id, and a readable reference. */
export interface ResolvedSubject {
  kind: 'model' | 'model-version' | 'dataset' | 'dataset-version' | 'run';
  id: string;
  ref: string;
}

/** Looks the subject up to get the id its ledger entries are recorded under. */
export async function resolveSubject(
  client: VerityClient,
  subject: SubjectArg,
): Promise<ResolvedSubject> {
  switch (subject.kind) {
    case 'run': {
      const run = await client.getRun(subject.id);
      return { kind: 'run', id: run.id, ref: run.name };
    }
    case 'model': {
      const model = await client.getModel(subject.name);
      return { kind: 'model', id: model.id, ref: formatRef(model.namespace, model.name) };
    }
    case 'dataset': {
      const dataset = await client.getDataset(subject.name);
      return { kind: 'dataset', id: dataset.id, ref: formatRef(dataset.namespace, dataset.name) };
    }
    case 'model-version': {
      const v = await client.getVersion(subject.name, subject.ref);
      return { kind: 'model-version', id: v.id, ref: `${v.model}@${v.label}` };
    }
    case 'dataset-version': {
      const v = await client.getDatasetVersion(subject.name, subject.ref);
      return { kind: 'dataset-version', id: v.id, ref: `${v.dataset}@${v.label}` };
    }
    case 'version': {
      try {
        return await resolveSubject(client, { ...subject, kind: 'model-version' });
      } catch (error) {
        if (!(error instanceof ApiError) || error.code !== 'NOT_FOUND') throw error;
        try {
          return await resolveSubject(client, { ...subject, kind: 'dataset-version' });
        } catch (second) {
          // Neither: report the model lookup, the likelier intent.
          if (second instanceof ApiError && second.code === 'NOT_FOUND') throw error;
          throw second;
        }
      }
    }
  }
}

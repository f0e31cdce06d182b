import { CommanderError } from 'commander';
import { ApiError } from '../client/index.js';
import { isErrorCode, VerityError, type ErrorCode } from '../lib/index.js';
import type { SignatureFailureReason } from '../signing/signature-verification-error.js';

/**
 * Codes only the CLI produces, added to the server's vocabulary so every failure the user sees
 * has one stable code whether it came from the server, the network or the local machine.
 */
export type CliErrorCode =
  | ErrorCode
  | 'USAGE_ERROR'
  | 'SERVER_UNREACHABLE'
  | 'IO_ERROR'
  | VerificationCode
  | SignatureFailureReason;

/**
 * Why a local verification of the audit log said no (always exit 1). A signature, model
 * signature or attestation that fails says why with its SignatureFailureReason instead.
 */
export type VerificationCode =
  /** Recomputing the log from its entries found problems (edited, missing, reordered entries). */
  | 'LOG_INVALID'
  /** The current log does not extend a checkpoint the auditor saved: history was rewritten. */
  | 'LOG_NOT_CONSISTENT'
  /** A signed checkpoint does not verify with the trusted log key. */
  | 'CHECKPOINT_INVALID'
  /** An inclusion or consistency proof from the server does not verify. */
  | 'PROOF_INVALID'
  /** An evidence bundle does not verify. */
  | 'EVIDENCE_INVALID'
  /** The only signatures made with the given key are by a key the server has revoked. */
  | 'KEY_REVOKED'
  /** A model card lacks fields its risk tier's template requires (`verity card validate`). */
  | 'CARD_INCOMPLETE'
  /** A monitor run breached a threshold (`verity monitor run`). */
  | 'MONITOR_BREACH'
  /** Two data files differ: the dataset drifted (`verity drift compare`). */
  | 'DATASET_DRIFT';

/** A failure detected by the CLI itself (bad argument, unreadable file, unreachable server). */
export class CliError extends Error {
  constructor(
    readonly code: CliErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** A verification the user asked for said no (exit 1), as opposed to a command that could not run. */
export class CheckFailedError extends CliError {}

/** Exit statuses; scripts branch on these, so they are part of the CLI's contract. */
export const EXIT = { ok: 0, checkFailed: 1, usage: 2 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/**
 * Codes meaning "the command ran and a verification said no": content that does not hash to
 * its recorded digest. Everything else that stops a command is exit 2.
 */
const CHECK_FAILED: ReadonlySet<string> = new Set([
  'INTEGRITY_ERROR',
  'DIGEST_MISMATCH',
  'SIZE_MISMATCH',
  // A policy gate said no, whichever command asked.
  'GATE_BLOCKED',
]);

/** The body printed for an error, the same shape as the API's so scripts parse one format. */
export interface ErrorReport {
  error: { code: CliErrorCode; message: string; details: Record<string, unknown> };
  requestId?: string;
}

/** Maps anything a command threw to the exit status documented in docs/cli.md. */
export function exitCodeFor(error: unknown): ExitCode {
  if (error instanceof CommanderError) {
    return error.code === 'commander.helpDisplayed' || error.code === 'commander.version'
      ? EXIT.ok
      : EXIT.usage;
  }
  if (error instanceof CheckFailedError) return EXIT.checkFailed;
  return CHECK_FAILED.has(reportOf(error).error.code) ? EXIT.checkFailed : EXIT.usage;
}

/** Normalises any thrown value into a coded report (unknown errors become INTERNAL). */
export function reportOf(error: unknown): ErrorReport {
  if (error instanceof ApiError) {
    return {
      error: { code: error.code, message: error.message, details: error.details },
      ...(error.requestId === undefined ? {} : { requestId: error.requestId }),
    };
  }
  if (error instanceof VerityError || error instanceof CliError) {
    return { error: { code: error.code, message: error.message, details: error.details } };
  }
  if (error instanceof CommanderError) {
    return {
      error: {
        code: 'USAGE_ERROR',
        message: error.message.replace(/^error:\s*/, ''),
        details: { commander: error.code },
      },
    };
  }
  const errno = error as NodeJS.ErrnoException | null;
  if (
    errno instanceof Error &&
    typeof errno.code === 'string' &&
    typeof errno.syscall === 'string'
  ) {
    return {
      error: {
        code: errno.code === 'ENOENT' ? 'NOT_FOUND' : 'IO_ERROR',
        message: errno.message,
        details: { errno: errno.code, ...(errno.path === undefined ? {} : { path: errno.path }) },
      },
    };
  }
  const code = (error as { code?: unknown } | null)?.code;
  return {
    error: {
      code: isErrorCode(code) ? code : 'INTERNAL',
      message: error instanceof Error ? error.message : String(error),
      details: {},
    },
  };
}

/** `error CODE: message`, the one human error line every command prints on stderr. */
export function formatErrorLine(report: ErrorReport): string {
  return `error ${report.error.code}: ${report.error.message}`;
}

/**
 * Typed errors with stable codes. Services throw these; the HTTP layer maps them to one response
 * shape in exactly one place (server/error-handler.ts); the client rebuilds them from that shape.
 */

/** Every error code Verity can return, with its HTTP status. The single source of truth. */
export const ERROR_CODES = {
  VALIDATION_ERROR: 400,
  MALFORMED_JSON: 400,
  INVALID_CURSOR: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  SEPARATION_OF_DUTIES: 403,
  RATE_LIMITED: 429,
  NOT_FOUND: 404,
  ROUTE_NOT_FOUND: 404,
  CONFLICT: 409,
  ALREADY_EXISTS: 409,
  IMMUTABLE: 409,
  VERSION_FROZEN: 409,
  APPROVAL_REQUIRED: 409,
  PROMOTION_CLOSED: 409,
  DIGEST_MISMATCH: 422,
  SIZE_MISMATCH: 422,
  SIGNATURE_INVALID: 422,
  BLOB_MISSING: 422,
  POLICY_INVALID: 422,
  GATE_BLOCKED: 422,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  INTEGRITY_ERROR: 500,
  SCHEMA_OUT_OF_DATE: 503,
  SCHEMA_TOO_NEW: 503,
  HOME_LOCKED: 503,
  UNAVAILABLE: 503,
  INTERNAL: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(ERROR_CODES, value);
}

/** One problem found in an input, as Zod reports it: a code, where, and what. */
export interface Issue {
  code: string;
  path: (string | number)[];
  message: string;
}

/** Base class: a message for people, a code for programs, details for both. */
export class VerityError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.name = new.target.name;
    this.code = code;
    this.details = details;
  }

  get status(): number {
    return ERROR_CODES[this.code];
  }
}

/** The input is malformed; `issues` lists every problem, not just the first. */
export class ValidationError extends VerityError {
  constructor(message: string, issues: Issue[] = [], code: ErrorCode = 'VALIDATION_ERROR') {
    super(code, message, issues.length > 0 ? { issues } : {});
  }
}

export class NotFoundError extends VerityError {
  constructor(kind: string, ref: string) {
    super('NOT_FOUND', `${kind} '${ref}' not found`, { kind, ref });
  }
}

export class ConflictError extends VerityError {
  constructor(
    message: string,
    details: Record<string, unknown> = {},
    code: ErrorCode = 'CONFLICT',
  ) {
    super(code, message, details);
  }
}

export class ForbiddenError extends VerityError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super('FORBIDDEN', message, details);
  }
}

/** Stored content no longer matches its digest, or the audit log does not verify. */
export class IntegrityError extends VerityError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super('INTEGRITY_ERROR', message, details);
  }
}

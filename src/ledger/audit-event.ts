import type { Digest } from '../lib/index.js';

/** What a ledger entry is about: a registry object, named by kind and id (and a readable ref). */
export interface Subject {
  kind: string;
  id: string;
  /** Human-readable reference at the time of the event, e.g. `credit-risk@1.2.0`. */
  ref?: string;
}

/**
 * One audit event, as it is hashed into the ledger (its RFC 8785 canonical JSON is the leaf).
 * The payload itself is not part of the leaf, only its digest, so content that must later be
 * erased never becomes part of the tamper-evident record (ARCHITECTURE invariant 3).
 */
export interface AuditEvent {
  v: 1;
  /**
   * The entry's position in the log (0-based), inside the hashed bytes: moving, inserting or
   * deleting an entry changes what every later leaf claims, so verification names the first
   * entry out of place.
   */
  index: number;
  /** Past-tense kebab-case: `model-version-registered`. */
  type: string;
  actor: string;
  /** ISO 8601 UTC with milliseconds. */
  time: string;
  subject: Subject;
  payloadDigest: Digest;
}

/** What a mutation reports about itself; `commit` turns it into an AuditEvent. */
export interface EventDraft {
  type: string;
  subject: Subject;
  payload: Record<string, unknown>;
}

export const EVENT_TYPE_PATTERN = /^[a-z]+(?:-[a-z]+)*$/;

// Plain JavaScript (types in canonical-event.d.ts): the log verifier runs this check on its own
// thread and, on a large log, on its worker thread (parallel-fold/fold-worker.js), which loads no
// TypeScript loader.
/**
 * A fast, one-sided check that a ledger entry is an AuditEvent in RFC 8785 canonical form, used
 * by LogVerifier before its generic check. One regular expression (compiled to native code by
 * V8) matches the exact canonical text of the event shape Verity writes: the members in UTF-16
 * order, no whitespace, strings escaped exactly as RFC 8785 (= JSON.stringify) escapes them, and
 * `index` as a plain decimal integer. A text it matches is canonical JSON and its index is the
 * captured number; a text it does not match (another shape, an escape written another way, a
 * lone surrogate, whitespace...) is not judged here: the caller falls back to parsing and
 * re-serialising, which decides. So the fast path can only ever skip work, never change a verdict.
 */

/** A string character RFC 8785 writes as itself: not `"`, `\`, a control character or a surrogate. */
const PLAIN = '[^"\\\\\\x00-\\x1f\\ud800-\\udfff]';
/**
 * What RFC 8785 writes otherwise: a surrogate pair as itself, the two-character escapes, and
 * `\u00xx` (lowercase) for the control characters that have no two-character form.
 */
const SPECIAL =
  '(?:[\\ud800-\\udbff][\\udc00-\\udfff]|\\\\["\\\\bfnrt]|\\\\u00(?:0[0-7bef]|1[0-9a-f]))';
/** A canonical JSON string literal, as an unrolled loop (no backtracking on plain runs). */
const STRING = `"${PLAIN}*(?:${SPECIAL}${PLAIN}*)*"`;
/** Up to 15 digits: every such integer is exact in a double and printed the same way back. */
const INDEX = '(0|[1-9][0-9]{0,14})';

const CANONICAL_EVENT = new RegExp(
  `^\\{"actor":${STRING},"index":${INDEX},"payloadDigest":${STRING},` +
    `"subject":\\{"id":${STRING},"kind":${STRING}(?:,"ref":${STRING})?\\},` +
    `"time":${STRING},"type":${STRING},"v":1\\}$`,
);

/**
 * The `index` of `text` when `text` is certainly the canonical form of an AuditEvent; undefined
 * when this fast check cannot tell (the text may still be canonical: check it the generic way).
 */
export function canonicalEventIndex(text) {
  const match = CANONICAL_EVENT.exec(text);
  return match === null ? undefined : Number(match[1]);
}

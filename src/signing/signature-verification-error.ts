import { VerityError } from '../lib/index.js';

/**
 * Why a signature, envelope, bundle or attestation was refused: a closed list, so callers and
 * tests branch on a code, never on message text (sigstore-js `VerificationError` model).
 *
 * - `ENVELOPE_INVALID`: not a DSSE v1.0.2 JSON envelope (§4: required fields, base64).
 * - `BUNDLE_INVALID`: not a Sigstore bundle with one DSSE envelope (§8, `@sigstore/bundle`).
 * - `UNSUPPORTED_SIGNING_METHOD`: an OMS `certificate`/`sigstore` bundle; only `key` is verified
 *   offline here (§7 "Signing methods").
 * - `BUNDLE_UNVERIFIABLE`: `@sigstore/verify` refused the verification material (tlog entries or
 *   timestamps that no trusted authority vouches for); `details.sigstoreCode` says which check.
 * - `UNKNOWN_KEY`: the key hint, or every DSSE `keyid`, names no trusted key.
 * - `UNSUPPORTED_KEY`: a trusted key of a type this verifier does not accept (§7 "Key types").
 * - `SIGNATURE_INVALID`: no signature verifies over the PAE with a trusted key (§4).
 * - `THRESHOLD_NOT_MET`: fewer distinct trusted keys signed than the threshold (§4 t-of-n).
 * - `PAYLOAD_TYPE_MISMATCH`: the signed payloadType is not the one expected (§4, §5).
 * - `STATEMENT_INVALID`: the verified payload is not an in-toto Statement v1 (§5).
 * - `WRONG_PREDICATE`: the statement carries another predicateType (§5, §7).
 * - `PREDICATE_INVALID`: the predicate does not have the required shape (§7, promotion v1).
 * - `UNSUPPORTED_SERIALIZATION`: a valid OMS serialization this verifier cannot re-check
 *   (`shards`, `blake2b`, `blake3`) (§7).
 * - `SUBJECT_MISMATCH`: the statement's subjects do not match the resources or expected files.
 * - `FILE_MISSING`: a signed resource is absent from the model.
 * - `DIGEST_MISMATCH`: a signed resource's digest differs from the file's.
 * - `UNSIGNED_FILE`: a model file is covered by no resource and no ignore path (§7 "Verification").
 */
export const SIGNATURE_FAILURE_REASONS = [
  'ENVELOPE_INVALID',
  'BUNDLE_INVALID',
  'UNSUPPORTED_SIGNING_METHOD',
  'BUNDLE_UNVERIFIABLE',
  'UNKNOWN_KEY',
  'UNSUPPORTED_KEY',
  'SIGNATURE_INVALID',
  'THRESHOLD_NOT_MET',
  'PAYLOAD_TYPE_MISMATCH',
  'STATEMENT_INVALID',
  'WRONG_PREDICATE',
  'PREDICATE_INVALID',
  'UNSUPPORTED_SERIALIZATION',
  'SUBJECT_MISMATCH',
  'FILE_MISSING',
  'DIGEST_MISMATCH',
  'UNSIGNED_FILE',
] as const;

/** One of {@link SIGNATURE_FAILURE_REASONS}. */
export type SignatureFailureReason = (typeof SIGNATURE_FAILURE_REASONS)[number];

/**
 * Evidence failed verification. The Verity code is `SIGNATURE_INVALID`; the precise reason is in
 * `reason` and in `details.reason` (which survives the HTTP error body and the typed client).
 */
export class SignatureVerificationError extends VerityError {
  readonly reason: SignatureFailureReason;

  constructor(
    reason: SignatureFailureReason,
    message: string,
    details: Record<string, unknown> = {},
  ) {
    super('SIGNATURE_INVALID', message, { ...details, reason });
    this.reason = reason;
  }
}

/** True when `error` is a {@link SignatureVerificationError}, optionally with this reason. */
export function isSignatureVerificationError(
  error: unknown,
  reason?: SignatureFailureReason,
): error is SignatureVerificationError {
  return (
    error instanceof SignatureVerificationError && (reason === undefined || error.reason === reason)
  );
}

import { canonicalJson, DIGEST_PATTERN, ValidationError, type Issue } from '../lib/index.js';
import {
  signEnvelope,
  verifyEnvelope,
  type DsseEnvelope,
  type DsseSigner,
  type TrustedKey,
} from './dsse.js';
import {
  buildStatement,
  digestSetsMatch,
  IN_TOTO_PAYLOAD_TYPE,
  parseStatement,
  type Statement,
} from './in-toto.js';
import { isRecord } from './json-value.js';
import type { ModelFileDigest } from './model-signing.js';
import { SignatureVerificationError } from './signature-verification-error.js';

/** predicateType of a Verity promotion attestation (an in-toto TypeURI with major version, §5). */
export const PROMOTION_PREDICATE_TYPE = 'https://verity.dev/attestations/promotion/v1';

/**
 * Predicate of a promotion attestation (`https://verity.dev/attestations/promotion/v1`): who
 * put which model version into which environment, and on what evidence. The subjects are the
 * version's artifact files (name = path, digest sha256), so the attestation follows the bytes.
 *
 * - `model`, `version`: the registry model name and version label.
 * - `environment`: the target environment (for example `staging`, `production`).
 * - `deployedAt`: RFC 3339 instant of the promotion, from the caller's clock.
 * - `deployedBy`: the actor who promoted.
 * - `deploymentId`: the registry deployment record id.
 * - `modelCardDigest`: `sha256:<hex>` of the model card in force, or `null` if none.
 * - `evidenceDigests`: `sha256:<hex>` of each evidence document the decision relied on.
 * - `policyDecision`: the policy evaluation result as recorded (any JSON), or `null`.
 * - `approvers`: actors whose approvals the promotion required, in approval order.
 */
export interface PromotionPredicate {
  model: string;
  version: string;
  environment: string;
  deployedAt: string;
  deployedBy: string;
  deploymentId: string;
  modelCardDigest: string | null;
  evidenceDigests: string[];
  policyDecision: unknown;
  approvers: string[];
}

/** An in-toto Statement v1 carrying a {@link PromotionPredicate} (§5). */
export type PromotionStatement = Statement<PromotionPredicate>;

/** What {@link verifyPromotionAttestation} vouches for. */
export interface VerifiedPromotionAttestation {
  statement: PromotionStatement;
  /** `keyid` of each distinct trusted key that signed (§4). */
  verifiedBy: string[];
}

/** Optional expectations for {@link verifyPromotionAttestation}. */
export interface ExpectedPromotion {
  /** The model version's files: subjects must match them one-to-one by digest (§5). */
  files?: readonly ModelFileDigest[];
  /** t of t-of-n (§4); default 1. */
  threshold?: number;
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * Signs a promotion attestation: a DSSE envelope (§4, payloadType `application/vnd.in-toto+json`)
 * over the RFC 8785 form of an in-toto Statement v1 (§5) whose subjects are the artifact files.
 * Sign with the server's Ed25519 key or a P-256 key through {@link keySigner}.
 * @throws ValidationError listing every problem in the files or predicate.
 */
export function createPromotionAttestation(
  input: { files: readonly ModelFileDigest[]; predicate: PromotionPredicate },
  signer: DsseSigner | readonly DsseSigner[],
): DsseEnvelope {
  const issues = [...fileIssues(input.files), ...promotionPredicateIssues(input.predicate)];
  if (issues.length > 0) throw new ValidationError('invalid promotion attestation', issues);
  const statement = buildStatement({
    subject: input.files.map((f) => ({ name: f.path, digest: { sha256: f.digest.slice(7) } })),
    predicateType: PROMOTION_PREDICATE_TYPE,
    predicate: input.predicate,
  });
  return signEnvelope(IN_TOTO_PAYLOAD_TYPE, Buffer.from(canonicalJson(statement), 'utf8'), signer);
}

/**
 * Verifies a promotion attestation: the DSSE signatures over trusted keys (§4), the in-toto
 * statement (§5), the predicate type and shape, and, when `expected.files` is given, that the
 * subjects and the files match one-to-one by sha256 digest (names are not compared, §5).
 *
 * @throws SignatureVerificationError `ENVELOPE_INVALID`, `UNKNOWN_KEY`, `SIGNATURE_INVALID`,
 *   `THRESHOLD_NOT_MET`, `PAYLOAD_TYPE_MISMATCH`, `STATEMENT_INVALID`, `WRONG_PREDICATE`,
 *   `PREDICATE_INVALID`, `SUBJECT_MISMATCH`.
 */
export function verifyPromotionAttestation(
  envelope: unknown,
  trustedKeys: readonly TrustedKey[],
  expected: ExpectedPromotion = {},
): VerifiedPromotionAttestation {
  const verified = verifyEnvelope(envelope, trustedKeys, {
    payloadType: IN_TOTO_PAYLOAD_TYPE,
    ...(expected.threshold === undefined ? {} : { threshold: expected.threshold }),
  });
  const statement = parseStatement(verified.payload);
  if (statement.predicateType !== PROMOTION_PREDICATE_TYPE) {
    throw new SignatureVerificationError(
      'WRONG_PREDICATE',
      `predicateType is '${statement.predicateType}', expected '${PROMOTION_PREDICATE_TYPE}'`,
      { predicateType: statement.predicateType },
    );
  }
  const issues = promotionPredicateIssues(statement.predicate);
  if (issues.length > 0) {
    throw new SignatureVerificationError('PREDICATE_INVALID', 'not a promotion v1 predicate', {
      issues,
    });
  }
  if (expected.files !== undefined) {
    const fileProblems = fileIssues(expected.files);
    if (fileProblems.length > 0) throw new ValidationError('invalid expected files', fileProblems);
    matchSubjects(statement, expected.files);
  }
  return { statement: statement as PromotionStatement, verifiedBy: verified.verifiedBy };
}

/** Subjects and files must pair up one-to-one by sha256 digest; names are ignored (§5). */
function matchSubjects(statement: Statement, files: readonly ModelFileDigest[]): void {
  const unmatched = [...statement.subject];
  const missing: string[] = [];
  for (const file of files) {
    const wanted = { sha256: file.digest.slice(7) };
    const index = unmatched.findIndex((s) => digestSetsMatch(s.digest, wanted));
    if (index === -1) missing.push(file.path);
    else unmatched.splice(index, 1);
  }
  if (missing.length > 0 || unmatched.length > 0) {
    throw new SignatureVerificationError(
      'SUBJECT_MISMATCH',
      'the attested subjects are not the expected files',
      {
        missing,
        unexpected: unmatched.map((s) => s.name ?? s.digest.sha256 ?? ''),
      },
    );
  }
}

function fileIssues(files: readonly ModelFileDigest[]): Issue[] {
  const issues: Issue[] = [];
  if (files.length === 0) {
    issues.push({ code: 'invalid_files', path: ['files'], message: 'at least one file is needed' });
  }
  files.forEach((file, i) => {
    if (typeof file.path !== 'string' || file.path === '') {
      issues.push({
        code: 'invalid_files',
        path: ['files', i, 'path'],
        message: 'must not be empty',
      });
    }
    if (!DIGEST_PATTERN.test(file.digest)) {
      issues.push({
        code: 'invalid_files',
        path: ['files', i, 'digest'],
        message: 'must be sha256:<64 hex>',
      });
    }
  });
  return issues;
}

/** Every way `value` fails to be a {@link PromotionPredicate}. */
function promotionPredicateIssues(value: unknown): Issue[] {
  const issues: Issue[] = [];
  const add = (field: string, message: string) =>
    issues.push({ code: 'invalid_predicate', path: ['predicate', field], message });
  if (!isRecord(value)) {
    issues.push({ code: 'invalid_predicate', path: ['predicate'], message: 'must be an object' });
    return issues;
  }
  for (const field of ['model', 'version', 'environment', 'deployedBy', 'deploymentId'] as const) {
    if (typeof value[field] !== 'string' || value[field] === '') {
      add(field, 'must be a non-empty string');
    }
  }
  if (typeof value.deployedAt !== 'string' || !RFC3339.test(value.deployedAt)) {
    add('deployedAt', 'must be an RFC 3339 date-time');
  }
  if (value.modelCardDigest !== null && !isDigest(value.modelCardDigest)) {
    add('modelCardDigest', 'must be sha256:<64 hex> or null');
  }
  if (!Array.isArray(value.evidenceDigests) || !value.evidenceDigests.every(isDigest)) {
    add('evidenceDigests', 'must be an array of sha256:<64 hex>');
  }
  if (!Object.hasOwn(value, 'policyDecision')) {
    add('policyDecision', 'must be present (null if none)');
  }
  if (
    !Array.isArray(value.approvers) ||
    !value.approvers.every((a) => typeof a === 'string' && a !== '')
  ) {
    add('approvers', 'must be an array of non-empty strings');
  }
  return issues;
}

function isDigest(value: unknown): boolean {
  return typeof value === 'string' && DIGEST_PATTERN.test(value);
}

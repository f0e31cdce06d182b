import { ValidationError, type Issue } from '../lib/index.js';
import { isRecord, parseJsonBytes } from './json-value.js';
import { SignatureVerificationError } from './signature-verification-error.js';

/** in-toto Statement v1 `_type` (in-toto/attestation `spec/v1/statement.md`; standards §5). */
export const IN_TOTO_STATEMENT_TYPE = 'https://in-toto.io/Statement/v1';

/** DSSE payloadType of an in-toto Statement (§5). */
export const IN_TOTO_PAYLOAD_TYPE = 'application/vnd.in-toto+json';

/**
 * DigestSet (§5): algorithm → lowercase hex. Keys are lowercase NIST names with `-` → `_`
 * (`sha256`, `sha512_256`, ...) or registered others (`gitCommit`, `dirHash`).
 */
export type DigestSet = Record<string, string>;

/** ResourceDescriptor (§5, `spec/v1/resource_descriptor.md`); unknown fields pass through. */
export interface ResourceDescriptor {
  name?: string;
  uri?: string;
  digest?: DigestSet;
  content?: string;
  downloadLocation?: string;
  mediaType?: string;
  annotations?: Record<string, unknown>;
}

/** A statement subject: a ResourceDescriptor that MUST have a digest (§5). */
export type Subject = ResourceDescriptor & { digest: DigestSet };

/** in-toto Statement v1 (§5). `predicate` is optional in the spec. */
export interface Statement<P = unknown> {
  _type: typeof IN_TOTO_STATEMENT_TYPE;
  subject: Subject[];
  predicateType: string;
  predicate?: P;
}

/** Lengths of the hex digests this module knows; others need only be lowercase hex. */
const HEX_LENGTHS: Readonly<Record<string, number>> = {
  sha1: 40,
  sha224: 56,
  sha256: 64,
  sha384: 96,
  sha512: 128,
  sha512_224: 56,
  sha512_256: 64,
  sha3_224: 56,
  sha3_256: 64,
  sha3_384: 96,
  sha3_512: 128,
};

/**
 * Builds an in-toto Statement v1 (§5), checking every subject has a well-formed DigestSet.
 * @throws ValidationError listing every problem.
 */
export function buildStatement<P>(input: {
  subject: readonly Subject[];
  predicateType: string;
  predicate?: P;
}): Statement<P> {
  const statement: Statement<P> = {
    _type: IN_TOTO_STATEMENT_TYPE,
    subject: input.subject.map((s) => ({ ...s, digest: { ...s.digest } })),
    predicateType: input.predicateType,
    ...(input.predicate === undefined ? {} : { predicate: input.predicate }),
  };
  const issues = statementIssues(statement);
  if (issues.length > 0) throw new ValidationError('invalid in-toto statement', issues);
  return statement;
}

/**
 * Every way `value` fails to be an in-toto Statement v1 (§5), Zod-style. Unknown fields are
 * ignored, as consumers MUST.
 */
export function statementIssues(value: unknown): Issue[] {
  const issues: Issue[] = [];
  const add = (path: (string | number)[], message: string) =>
    issues.push({ code: 'invalid_statement', path, message });
  if (!isRecord(value)) {
    add([], 'a statement must be a JSON object');
    return issues;
  }
  if (value._type !== IN_TOTO_STATEMENT_TYPE) add(['_type'], `must be '${IN_TOTO_STATEMENT_TYPE}'`);
  if (typeof value.predicateType !== 'string' || value.predicateType === '') {
    add(['predicateType'], 'must be a non-empty TypeURI string');
  }
  if (value.predicate !== undefined && !isRecord(value.predicate)) {
    add(['predicate'], 'must be an object when present');
  }
  const subjects = value.subject;
  if (!Array.isArray(subjects) || subjects.length === 0) {
    add(['subject'], 'must be a non-empty array');
    return issues;
  }
  subjects.forEach((subject: unknown, i) => {
    if (!isRecord(subject)) {
      add(['subject', i], 'must be an object');
      return;
    }
    for (const field of ['name', 'uri', 'downloadLocation', 'mediaType', 'content'] as const) {
      if (subject[field] !== undefined && typeof subject[field] !== 'string') {
        add(['subject', i, field], 'must be a string');
      }
    }
    for (const issue of digestSetIssues(subject.digest)) {
      add(['subject', i, 'digest', ...issue.path], issue.message);
    }
  });
  return issues;
}

/**
 * Parses and validates the verified DSSE payload bytes as a Statement (§4 "use exactly the
 * verified payload bytes", §5).
 * @throws SignatureVerificationError `STATEMENT_INVALID` with every issue in `details.issues`.
 */
export function parseStatement(payload: Uint8Array): Statement {
  const parsed = parseJsonBytes(payload);
  if (parsed === undefined) {
    throw new SignatureVerificationError('STATEMENT_INVALID', 'the payload is not UTF-8 JSON');
  }
  const issues = statementIssues(parsed.value);
  if (issues.length > 0) {
    throw new SignatureVerificationError('STATEMENT_INVALID', 'not an in-toto Statement v1', {
      issues,
    });
  }
  return parsed.value as Statement;
}

/**
 * in-toto subject matching is by digest only (§5): two DigestSets match when they share at
 * least one algorithm and agree on every algorithm they share. Names never decide a match.
 */
export function digestSetsMatch(a: DigestSet, b: DigestSet): boolean {
  const common = Object.keys(a).filter((alg) => Object.hasOwn(b, alg));
  return common.length > 0 && common.every((alg) => a[alg] === b[alg]);
}

function digestSetIssues(digest: unknown): { path: string[]; message: string }[] {
  if (!isRecord(digest) || Object.keys(digest).length === 0) {
    return [{ path: [], message: 'must be a non-empty DigestSet object' }];
  }
  const issues: { path: string[]; message: string }[] = [];
  for (const [alg, hex] of Object.entries(digest)) {
    if (!/^[A-Za-z0-9_]+$/.test(alg)) {
      issues.push({ path: [alg], message: 'algorithm names use letters, digits and _' });
    }
    const length = HEX_LENGTHS[alg];
    if (typeof hex !== 'string' || !/^[0-9a-f]+$/.test(hex)) {
      issues.push({ path: [alg], message: 'must be lowercase hex' });
    } else if (length !== undefined && hex.length !== length) {
      issues.push({ path: [alg], message: `a ${alg} digest has ${length} hex digits` });
    }
  }
  return issues;
}

import { createHash, createPublicKey, sign, type KeyObject } from 'node:crypto';
import {
  BUNDLE_V03_LEGACY_MEDIA_TYPE,
  BUNDLE_V03_MEDIA_TYPE,
  bundleFromJSON,
  bundleToJSON,
  ValidationError as BundleValidationError,
  type Bundle,
  type SerializedBundle,
} from '@sigstore/bundle';
import { DSSEBundleBuilder, type Signer } from '@sigstore/sign';
import { toSignedEntity, toTrustMaterial, VerificationError, Verifier } from '@sigstore/verify';
import { canonicalJson, DIGEST_PATTERN, ValidationError, type Issue } from '../lib/index.js';
import { decodeBase64 } from './dsse.js';
import { IN_TOTO_PAYLOAD_TYPE, parseStatement, type Statement } from './in-toto.js';
import { isRecord } from './json-value.js';
import { parseOmsPredicate, type OmsPredicate, type OmsResource } from './oms-predicate.js';
import { exportPublicKeyPem, keyHint, signingKeyType } from './keys.js';
import {
  compareCodePoints,
  isIgnoredPath,
  isModelPath,
  normaliseModelPath,
  OMS_DEFAULT_IGNORE_PATHS,
} from './model-paths.js';
import { SignatureVerificationError } from './signature-verification-error.js';

/**
 * OpenSSF Model Signing v1.0 (ossf/model-signing-spec `spec/v1.0.md`; standards §7) in a
 * Sigstore bundle verified offline with a known public key (standards §8). Layers: Sigstore
 * bundle → DSSE → in-toto Statement v1 → OMS predicate.
 */

/** OMS v1.0 predicateType (§7). The legacy `https://model_signing/Digests/v0.1` is never made. */
export const OMS_PREDICATE_TYPE = 'https://model_signing/signature/v1.0';

/** Media type of the bundles this module writes (§7 "Signing methods"). */
export const OMS_BUNDLE_MEDIA_TYPE = BUNDLE_V03_MEDIA_TYPE;

/** One model file as the registry records it: path and `sha256:<64 hex>` digest. */
export interface ModelFileDigest {
  readonly path: string;
  readonly digest: string;
}

/** An in-toto Statement v1 carrying an OMS predicate (§5, §7). */
export type OmsStatement = Statement<OmsPredicate>;

/** What to sign: the model's files, the informational subject name, extra ignore paths. */
export interface ModelSigningInput {
  files: readonly ModelFileDigest[];
  /** Subject name (§7 "Subject": informational, non-empty), e.g. the model directory name. */
  name: string;
  /** User ignore paths (exact relative paths, §7 step 3), added to the defaults. */
  ignorePaths?: readonly string[];
}

/** Options of {@link verifyModelSignature}. */
export interface VerifyModelSignatureOptions {
  /** Accept model files that no resource covers (§7 "Verification": "ignore unsigned files"). */
  ignoreUnsignedFiles?: boolean;
}

/** A verified OMS signature: which trusted key signed, and the statement it signed. */
export interface VerifiedModelSignature {
  keyHint: string;
  statement: OmsStatement;
  /** Given files excluded by the recorded `ignore_paths` or the signature file, sorted. */
  ignoredFiles: string[];
  /** Given files no resource covers, accepted because of `ignoreUnsignedFiles`, sorted. */
  unsignedFiles: string[];
}

/**
 * The OMS subject digest (§7 "Subject"): SHA-256 over the concatenated raw digests of the
 * resources sorted by name in code-point order; always SHA-256, whatever `hash_type` is.
 */
export function modelRootDigest(
  resources: readonly { readonly name: string; readonly digest: string }[],
): string {
  const hash = createHash('sha256');
  for (const resource of [...resources].sort((a, b) => compareCodePoints(a.name, b.name))) {
    hash.update(Buffer.from(resource.digest, 'hex'));
  }
  return hash.digest('hex');
}

/**
 * Builds the OMS in-toto Statement (§7) for a model's files: files under the ignore paths are
 * left out (§7 step 3), resources sorted by code point (step 5), `method: files`, `sha256`,
 * `allow_symlinks: false`, ignore paths = defaults ∪ user paths, sorted.
 * @throws ValidationError listing every bad path, digest, duplicate; or an empty model.
 */
export function buildModelSigningStatement(input: ModelSigningInput): OmsStatement {
  const issues: Issue[] = [];
  const add = (path: (string | number)[], message: string) =>
    issues.push({ code: 'invalid_model', path, message });
  if (typeof input.name !== 'string' || input.name === '') add(['name'], 'must not be empty');

  const ignorePaths = new Set(OMS_DEFAULT_IGNORE_PATHS);
  (input.ignorePaths ?? []).forEach((path, i) => {
    const normalised = normaliseModelPath(path);
    if (normalised === undefined) {
      add(['ignorePaths', i], 'must be a relative path inside the model');
    } else {
      ignorePaths.add(normalised);
    }
  });
  const ignore = [...ignorePaths].sort(compareCodePoints);

  const seen = new Set<string>();
  const resources: OmsResource[] = [];
  input.files.forEach((file, i) => {
    if (!isModelPath(file.path)) {
      add(['files', i, 'path'], 'must be a normalised relative path (§7 step 2)');
    } else if (seen.has(file.path)) {
      add(['files', i, 'path'], `'${file.path}' is listed twice`);
    }
    if (!DIGEST_PATTERN.test(file.digest)) {
      add(['files', i, 'digest'], 'must be sha256: followed by 64 lowercase hex digits');
    }
    seen.add(file.path);
    if (!isIgnoredPath(file.path, ignore)) {
      resources.push({ name: file.path, digest: file.digest.slice(7), algorithm: 'sha256' });
    }
  });
  if (issues.length === 0 && resources.length === 0) {
    add(['files'], 'an empty model cannot be signed (§7 step 1)');
  }
  if (issues.length > 0) throw new ValidationError('cannot build the model signature', issues);

  resources.sort((a, b) => compareCodePoints(a.name, b.name));
  return {
    _type: 'https://in-toto.io/Statement/v1',
    subject: [{ name: input.name, digest: { sha256: modelRootDigest(resources) } }],
    predicateType: OMS_PREDICATE_TYPE,
    predicate: {
      resources,
      serialization: {
        method: 'files',
        hash_type: 'sha256',
        allow_symlinks: false,
        ignore_paths: ignore,
      },
    },
  };
}

/**
 * Signs a model (§7 `key` method) into a Sigstore bundle JSON (v0.3 media type) with
 * `@sigstore/sign`'s `DSSEBundleBuilder` and no witnesses, so no network (§8). The payload is
 * the RFC 8785 form of {@link buildModelSigningStatement}; the ECDSA P-256 signature is DER;
 * `publicKey.hint` (and DSSE `keyid`) is the {@link keyHint}.
 * @throws ValidationError for a key other than a P-256 private key, or a bad file list.
 */
export async function signModel(
  input: ModelSigningInput,
  signingKey: KeyObject,
): Promise<SerializedBundle> {
  if (signingKey.type !== 'private' || signingKeyType(signingKey) !== 'ecdsa-p256') {
    // §7 "Key types": P-384/P-521 are allowed by OMS but fail @sigstore/verify 3.1.1.
    throw new ValidationError('model signing needs an EC P-256 private key');
  }
  const statement = buildModelSigningStatement(input);
  const publicKey = createPublicKey(signingKey);
  const key = {
    $case: 'publicKey',
    publicKey: exportPublicKeyPem(publicKey),
    hint: keyHint(publicKey),
  } as const;
  const signer: Signer = {
    sign: (pae) =>
      Promise.resolve({
        signature: sign('sha256', pae, { key: signingKey, dsaEncoding: 'der' }),
        key,
      }),
  };
  const bundle = await new DSSEBundleBuilder({ signer, witnesses: [] }).create({
    data: Buffer.from(canonicalJson(statement), 'utf8'),
    type: IN_TOTO_PAYLOAD_TYPE,
  });
  return bundleToJSON(bundle);
}

/** Empty trust root: no CA, log or TSA is trusted, only the caller's keys (§8 setting 1). */
const EMPTY_TRUSTED_ROOT: Parameters<typeof toTrustMaterial>[0] = {
  mediaType: 'application/vnd.dev.sigstore.trustedroot.v0.2+json',
  tlogs: [],
  certificateAuthorities: [],
  ctlogs: [],
  timestampAuthorities: [],
};

/**
 * Verifies an OMS model signature offline (§7 "Verification", §8): the bundle with
 * `@sigstore/verify` over the trusted P-256 keys (matched by {@link keyHint}), then `_type`,
 * `predicateType`, the predicate, the subject root digest, and the files: every resource must
 * be a given file with the same digest, and every given file must be a resource, ignored by the
 * recorded `ignore_paths`, the signature file `model.sig`, or `ignoreUnsignedFiles`.
 *
 * @param bundleJson the parsed bundle, or its JSON text
 * @param files the model as it is now, e.g. from `hashModelDirectory` or the registry
 * @throws SignatureVerificationError with a reason from the closed list
 * @throws ValidationError when `files` itself is malformed (a caller bug, not an attack)
 */
export function verifyModelSignature(
  bundleJson: unknown,
  trustedKeys: readonly KeyObject[],
  files: readonly ModelFileDigest[],
  options: VerifyModelSignatureOptions = {},
): VerifiedModelSignature {
  const given = indexFiles(files);
  const bundle = parseBundle(bundleJson);
  const hint = verifyBundleSignature(bundle, trustedKeys);
  const envelope =
    bundle.content.$case === 'dsseEnvelope' ? bundle.content.dsseEnvelope : undefined;
  if (envelope === undefined) {
    throw new SignatureVerificationError('BUNDLE_INVALID', 'no DSSE envelope');
  }
  if (envelope.payloadType !== IN_TOTO_PAYLOAD_TYPE) {
    throw new SignatureVerificationError(
      'PAYLOAD_TYPE_MISMATCH',
      `payloadType is '${envelope.payloadType}', expected '${IN_TOTO_PAYLOAD_TYPE}'`,
    );
  }
  const statement = parseStatement(envelope.payload);
  if (statement.predicateType !== OMS_PREDICATE_TYPE) {
    throw new SignatureVerificationError(
      'WRONG_PREDICATE',
      `predicateType is '${statement.predicateType}', expected '${OMS_PREDICATE_TYPE}'`,
      { predicateType: statement.predicateType },
    );
  }
  const predicate = parseOmsPredicate(statement.predicate);
  const [subject, ...others] = statement.subject;
  const root = subject?.digest.sha256;
  if (
    others.length > 0 ||
    root === undefined ||
    typeof subject?.name !== 'string' ||
    subject.name === ''
  ) {
    throw new SignatureVerificationError(
      'STATEMENT_INVALID',
      'an OMS statement has exactly one named subject with a sha256 digest (§7 "Subject")',
    );
  }
  const expectedRoot = modelRootDigest(predicate.resources);
  if (root !== expectedRoot) {
    throw new SignatureVerificationError(
      'SUBJECT_MISMATCH',
      'the subject digest is not the root digest of the resources (§7 "Subject")',
      { subjectDigest: root, resourcesDigest: expectedRoot },
    );
  }
  const { ignored, unsigned } = compareFiles(
    predicate,
    given,
    options.ignoreUnsignedFiles === true,
  );
  return {
    keyHint: hint,
    statement: statement as OmsStatement,
    ignoredFiles: ignored,
    unsignedFiles: unsigned,
  };
}

function indexFiles(files: readonly ModelFileDigest[]): Map<string, string> {
  const index = new Map<string, string>();
  const issues: Issue[] = [];
  files.forEach((file, i) => {
    if (!DIGEST_PATTERN.test(file.digest)) {
      issues.push({
        code: 'invalid_digest',
        path: ['files', i, 'digest'],
        message: 'must be sha256:<64 hex>',
      });
    }
    if (index.has(file.path)) {
      issues.push({
        code: 'duplicate_path',
        path: ['files', i, 'path'],
        message: `'${file.path}' is listed twice`,
      });
    }
    index.set(file.path, file.digest.slice(7));
  });
  if (issues.length > 0) throw new ValidationError('invalid model file list', issues);
  return index;
}

/**
 * Parses a Sigstore bundle (§8 `bundleFromJSON`) after a strict look at the raw JSON: a v0.3
 * media type, a DSSE envelope with strict base64 (§4), key-based verification material (§7).
 */
function parseBundle(json: unknown): Bundle {
  const invalid = (message: string) => new SignatureVerificationError('BUNDLE_INVALID', message);
  let value = json;
  if (typeof json === 'string') {
    try {
      value = JSON.parse(json) as unknown;
    } catch {
      throw invalid('the bundle is not JSON');
    }
  }
  if (!isRecord(value)) throw invalid('a bundle must be a JSON object');
  if (
    value.mediaType !== BUNDLE_V03_MEDIA_TYPE &&
    value.mediaType !== BUNDLE_V03_LEGACY_MEDIA_TYPE
  ) {
    throw invalid(`mediaType must be '${BUNDLE_V03_MEDIA_TYPE}'`);
  }
  const envelope = value.dsseEnvelope;
  if (!isRecord(envelope)) throw invalid('an OMS bundle carries a dsseEnvelope (§7)');
  const signatures = envelope.signatures;
  if (
    typeof envelope.payload !== 'string' ||
    decodeBase64(envelope.payload) === undefined ||
    !Array.isArray(signatures) ||
    signatures.length !== 1 ||
    !signatures.every(
      (s: unknown) => isRecord(s) && typeof s.sig === 'string' && decodeBase64(s.sig) !== undefined,
    )
  ) {
    throw invalid(
      'the DSSE envelope needs base64 payload and exactly one base64 signature (§4, §8)',
    );
  }
  // Name the method before @sigstore/bundle sees it: it refuses an x509CertificateChain in a
  // v0.3 bundle outright, which OMS's `certificate` method uses (§7 "Signing methods").
  const material = value.verificationMaterial;
  const method = isRecord(material)
    ? ['x509CertificateChain', 'certificate'].find((m) => material[m] !== undefined)
    : undefined;
  if (method !== undefined) throw unsupportedMethod(method);
  let bundle: Bundle;
  try {
    bundle = bundleFromJSON(value);
  } catch (error) {
    const fields = error instanceof BundleValidationError ? error.fields : undefined;
    throw new SignatureVerificationError(
      'BUNDLE_INVALID',
      `not a Sigstore bundle: ${messageOf(error)}${fields === undefined ? '' : ` (${fields.join(', ')})`}`,
      fields === undefined ? {} : { fields },
    );
  }
  const content = bundle.verificationMaterial.content;
  if (content.$case !== 'publicKey') throw unsupportedMethod(content.$case);
  return bundle;
}

function unsupportedMethod(material: string): SignatureVerificationError {
  return new SignatureVerificationError(
    'UNSUPPORTED_SIGNING_METHOD',
    `only the OMS 'key' method is verified offline; this bundle carries '${material}'`,
    { material },
  );
}

/** §8: empty TrustedRoot, a key finder over the trusted keys, all thresholds 0. */
function verifyBundleSignature(bundle: Bundle, trustedKeys: readonly KeyObject[]): string {
  const byHint = new Map(trustedKeys.map((key) => [keyHint(key), key] as const));
  let usedHint = '';
  const trust = toTrustMaterial(EMPTY_TRUSTED_ROOT, (hint: string) => {
    const publicKey = byHint.get(hint);
    if (publicKey === undefined) {
      throw new SignatureVerificationError('UNKNOWN_KEY', `no trusted key has hint '${hint}'`, {
        hint,
      });
    }
    if (publicKey.type !== 'public' || signingKeyType(publicKey) !== 'ecdsa-p256') {
      // @sigstore/verify 3.1.1 verifies EC signatures with SHA-256 whatever the curve (§7).
      throw new SignatureVerificationError(
        'UNSUPPORTED_KEY',
        `trusted key '${hint}' is not an EC P-256 public key; @sigstore/verify 3.1.1 cannot check other curves`,
        { hint },
      );
    }
    usedHint = hint;
    return { publicKey, validFor: () => true };
  });
  try {
    new Verifier(trust, { tlogThreshold: 0, ctlogThreshold: 0, timestampThreshold: 0 }).verify(
      toSignedEntity(bundle),
    );
  } catch (error) {
    if (error instanceof SignatureVerificationError) throw error;
    if (error instanceof VerificationError) {
      throw error.code === 'SIGNATURE_ERROR'
        ? new SignatureVerificationError(
            'SIGNATURE_INVALID',
            'the bundle signature does not verify',
            {
              sigstoreCode: error.code,
            },
          )
        : new SignatureVerificationError('BUNDLE_UNVERIFIABLE', error.message, {
            sigstoreCode: error.code,
          });
    }
    throw new SignatureVerificationError(
      'BUNDLE_INVALID',
      `cannot verify the bundle: ${messageOf(error)}`,
    );
  }
  return usedHint;
}

/** §7 "Verification": resources against files, then files against resources. */
function compareFiles(
  predicate: OmsPredicate,
  given: ReadonlyMap<string, string>,
  ignoreUnsigned: boolean,
): { ignored: string[]; unsigned: string[] } {
  const missing: string[] = [];
  const mismatched: string[] = [];
  const signed = new Set<string>();
  for (const resource of predicate.resources) {
    signed.add(resource.name);
    const digest = given.get(resource.name);
    if (digest === undefined) missing.push(resource.name);
    else if (digest !== resource.digest) mismatched.push(resource.name);
  }
  // The signature file is always outside the manifest, recorded or not (§7 "Signing methods").
  const ignorePaths = [...(predicate.serialization.ignore_paths ?? []), 'model.sig'];
  const ignored: string[] = [];
  const unsigned: string[] = [];
  for (const path of given.keys()) {
    if (signed.has(path)) continue;
    if (isIgnoredPath(path, ignorePaths)) ignored.push(path);
    else unsigned.push(path);
  }
  const details = { missing, mismatched, unsigned };
  if (mismatched.length > 0) {
    throw new SignatureVerificationError(
      'DIGEST_MISMATCH',
      `digest differs for ${mismatched.join(', ')}`,
      details,
    );
  }
  if (missing.length > 0) {
    throw new SignatureVerificationError(
      'FILE_MISSING',
      `signed file(s) missing: ${missing.join(', ')}`,
      details,
    );
  }
  if (unsigned.length > 0 && !ignoreUnsigned) {
    throw new SignatureVerificationError(
      'UNSIGNED_FILE',
      `file(s) not covered by the signature: ${unsigned.join(', ')}`,
      details,
    );
  }
  return { ignored: ignored.sort(compareCodePoints), unsigned: unsigned.sort(compareCodePoints) };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

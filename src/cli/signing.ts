import type { KeyObject } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { ApiError, type AttestationView, type VerityClient } from '../client/index.js';
import type { ModelSignature, ModelVersion, SigningKey } from '../registry/schemas.js';
import {
  decodeBase64,
  exportPrivateKeyPem,
  exportPublicKeyPem,
  generateSigningKeyPair,
  hashModelDirectory,
  importPrivateKeyPem,
  importPublicKeyPem,
  isSignatureVerificationError,
  keyHint,
  signModel,
  verifyModelSignature,
  verifyPromotionAttestation,
  type PromotionPredicate,
  type Subject,
  type VerifiedModelSignature,
} from '../signing/index.js';
import { CheckFailedError, CliError } from './errors.js';
import { fields, formatTime, table } from './output.js';

/**
 * Model signing (OpenSSF Model Signing v1.0 with an EC P-256 key) and promotion attestations for
 * `verity key`, `verity sign`, `verity verify` and `verity deploy attestation`. Loaded on demand:
 * the Sigstore libraries would slow every other command.
 */

export const PRIVATE_KEY_FILE = 'signing-key.pem';
export const PUBLIC_KEY_FILE = 'signing-key.pub.pem';

// ---------------------------------------------------------------------------------------------
// Key files

export interface GeneratedKey {
  privateKey: string;
  publicKey: string;
  algorithm: 'ecdsa-p256';
  hint: string;
}

/**
 * Writes a new EC P-256 key pair into `dir` (created if missing): the PKCS#8 private key with
 * mode 0600 and the SPKI public key. Existing key files are never overwritten.
 */
export async function generateKeyFiles(dir: string): Promise<GeneratedKey> {
  const privatePath = join(dir, PRIVATE_KEY_FILE);
  const publicPath = join(dir, PUBLIC_KEY_FILE);
  for (const path of [privatePath, publicPath]) {
    if (existsSync(path)) {
      throw new CliError(
        'ALREADY_EXISTS',
        `${path} already exists; a key is never overwritten (choose another --out)`,
        { path },
      );
    }
  }
  const pair = generateSigningKeyPair('ecdsa-p256');
  await mkdir(dir, { recursive: true });
  // 'wx': fail rather than replace a file that appeared since the check.
  await writeFile(privatePath, exportPrivateKeyPem(pair.privateKey), { mode: 0o600, flag: 'wx' });
  await writeFile(publicPath, exportPublicKeyPem(pair.publicKey), { flag: 'wx' });
  return {
    privateKey: privatePath,
    publicKey: publicPath,
    algorithm: 'ecdsa-p256',
    hint: keyHint(pair.publicKey),
  };
}

/** An SPKI PEM public key file; a private key is refused here, before anything is sent. */
export async function readPublicKeyFile(path: string): Promise<{ key: KeyObject; pem: string }> {
  const pem = await readFile(path, 'utf8');
  if (pem.includes('PRIVATE KEY-----')) {
    throw new CliError(
      'VALIDATION_ERROR',
      `${path} is a private key: give the public key (${PUBLIC_KEY_FILE}); a private key never leaves your machine`,
      { path },
    );
  }
  return { key: importPublicKeyPem(pem), pem };
}

export async function readPrivateKeyFile(path: string): Promise<KeyObject> {
  return importPrivateKeyPem(await readFile(path, 'utf8'));
}

export function keysTable(keys: readonly SigningKey[]): string {
  if (keys.length === 0) return '(no signing keys)';
  return table(
    ['name', 'owner', 'status', 'hint', 'created', 'by'],
    keys.map((k) => [
      k.name,
      k.owner,
      k.revokedAt === null ? 'valid' : `revoked ${formatTime(k.revokedAt)}`,
      `${k.hint.slice(0, 16)}…`,
      formatTime(k.createdAt),
      k.createdBy,
    ]),
  );
}

// ---------------------------------------------------------------------------------------------
// Signing a registered version

export interface SignedVersion {
  signature: ModelSignature;
  bundle: unknown;
}

/**
 * Signs the files a version records (paths and digests, no download needed) and uploads the
 * signature; the server verifies it against its registered keys before keeping it.
 */
export async function signVersion(
  client: VerityClient,
  version: ModelVersion,
  privateKey: KeyObject,
): Promise<SignedVersion> {
  const bundle = await signModel(
    {
      files: version.files.map((f) => ({ path: f.path, digest: f.digest })),
      name: `${version.model}@${version.label}`,
    },
    privateKey,
  );
  try {
    // By sequence number: an alias moved meanwhile cannot redirect the signature.
    const signature = await client.addSignature(version.model, String(version.seq), bundle);
    return { signature, bundle };
  } catch (error) {
    if (
      error instanceof ApiError &&
      error.code === 'SIGNATURE_INVALID' &&
      error.details.reason === 'UNKNOWN_KEY'
    ) {
      throw new CliError(
        'SIGNATURE_INVALID',
        `the server does not accept this key (hint ${keyHint(privateKey)}): it is not registered, or it was revoked. Register its public key first: \`verity key register NAME ${PUBLIC_KEY_FILE}\``,
        { ...error.details, hint: keyHint(privateKey) },
      );
    }
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------
// Verifying model signatures

export interface DirectoryVerification {
  dir: string;
  files: number;
  keyHint: string;
  subject: { name: string; digest: string };
  ignoredFiles: string[];
  unsignedFiles: string[];
}

/**
 * Offline: hashes the model directory (OMS v1.0 "files", SHA-256, no symlinks) and checks the
 * bundle with the given public key. A failed check is exit 1 with the precise reason as code
 * (DIGEST_MISMATCH, FILE_MISSING, UNSIGNED_FILE, UNKNOWN_KEY, SIGNATURE_INVALID...).
 */
export async function verifyDirectory(
  dir: string,
  bundlePath: string,
  publicKey: KeyObject,
  ignoreUnsigned: boolean,
): Promise<DirectoryVerification> {
  const bundle = await readFile(bundlePath, 'utf8');
  const hashed = await hashModelDirectory(dir, { signatureFile: signatureFileIn(dir, bundlePath) });
  const verified = checked(() =>
    verifyModelSignature(bundle, [publicKey], hashed.files, {
      ignoreUnsignedFiles: ignoreUnsigned,
    }),
  );
  return {
    dir,
    files: hashed.files.length,
    ...summaryOf(verified),
  };
}

/**
 * The bundle's path relative to the model directory when it lies inside it (it is then left out
 * of the hashed files, as OMS requires), else the default `model.sig`.
 */
export function signatureFileIn(dir: string, bundlePath: string): string {
  const path = relative(resolve(dir), resolve(bundlePath));
  if (path === '' || path.startsWith(`..${sep}`) || path === '..' || isAbsolute(path)) {
    return 'model.sig';
  }
  return path.split(sep).join('/');
}

export interface VersionVerification {
  version: string;
  signatureId: string;
  keyName: string;
  status: ModelSignature['status'];
  keyHint: string;
  subject: { name: string; digest: string };
}

/**
 * Online: checks the signatures the server holds for a version against the version's recorded
 * files with the given public key; succeeds when one made with that key verifies and its key is
 * still valid on the server.
 */
export async function verifyVersionSignatures(
  client: VerityClient,
  model: string,
  ref: string,
  publicKey: KeyObject,
): Promise<VersionVerification> {
  const version = await client.getVersion(model, ref);
  const signatures = await client.listSignatures(model, String(version.seq));
  const label = `${version.model}@${version.label}`;
  const hint = keyHint(publicKey);
  const mine = signatures.filter((s) => s.keyHint === hint);
  if (mine.length === 0) {
    throw new CheckFailedError(
      'UNKNOWN_KEY',
      signatures.length === 0
        ? `${label} has no signatures`
        : `none of the ${signatures.length} signature(s) of ${label} was made with this key (hint ${hint})`,
      { version: label, hint },
    );
  }
  let failure: CheckFailedError | undefined;
  // Valid keys first: a signature by a revoked key only explains a failure.
  const ordered = [...mine].sort(
    (a, b) => Number(b.status === 'valid') - Number(a.status === 'valid'),
  );
  for (const signature of ordered) {
    try {
      const verified = checked(() =>
        verifyModelSignature(signature.bundle, [publicKey], version.files),
      );
      if (signature.status !== 'valid') {
        throw new CheckFailedError(
          'KEY_REVOKED',
          `${label} is signed with this key, but the server has revoked the key (signature ${signature.id})`,
          { version: label, signatureId: signature.id },
        );
      }
      return {
        version: label,
        signatureId: signature.id,
        keyName: signature.keyName,
        status: signature.status,
        ...summaryOf(verified),
      };
    } catch (error) {
      if (!(error instanceof CheckFailedError)) throw error;
      failure ??= error;
    }
  }
  throw failure!;
}

function summaryOf(verified: VerifiedModelSignature) {
  const subject = verified.statement.subject[0];
  return {
    keyHint: verified.keyHint,
    subject: { name: subject?.name ?? '', digest: `sha256:${subject?.digest.sha256 ?? ''}` },
    ignoredFiles: verified.ignoredFiles,
    unsignedFiles: verified.unsignedFiles,
  };
}

/** Runs a verification, turning a refusal into exit 1 with its reason as the code. */
function checked<T>(verify: () => T): T {
  try {
    return verify();
  } catch (error) {
    if (isSignatureVerificationError(error)) {
      throw new CheckFailedError(error.reason, error.message, error.details);
    }
    throw error;
  }
}

export function directoryVerificationText(result: DirectoryVerification): string {
  return [
    `Verified: ${result.dir} matches the signature (${result.files} file(s))`,
    fields([
      ['signed by', `key ${result.keyHint}`],
      ['subject', `${result.subject.name} ${result.subject.digest}`],
      ...(result.ignoredFiles.length === 0
        ? []
        : [['ignored', result.ignoredFiles.join(', ')] as [string, string]]),
      ...(result.unsignedFiles.length === 0
        ? []
        : [
            ['unsigned', `${result.unsignedFiles.join(', ')} (accepted: --ignore-unsigned)`] as [
              string,
              string,
            ],
          ]),
    ]),
  ].join('\n');
}

// ---------------------------------------------------------------------------------------------
// Promotion attestations

export interface AttestationResult {
  deploymentId: string;
  verified: boolean;
  /** keyid of each trusted key that signed, when verified. */
  verifiedBy: string[];
  keySource: 'pinned' | 'server' | null;
  predicate: PromotionPredicate;
  subjects: Subject[];
  envelope: AttestationView['envelope'];
}

/**
 * The attestation key to trust: `--key`, else the one the server publishes (with a warning: a
 * server that forged an attestation could publish a matching key).
 */
export async function trustedAttestationKey(
  client: VerityClient,
  keyFile: string | undefined,
  warn: (text: string) => void,
): Promise<{ key: KeyObject; source: 'pinned' | 'server' }> {
  if (keyFile !== undefined)
    return { key: (await readPublicKeyFile(keyFile)).key, source: 'pinned' };
  const published = (await client.auditKey()).attestationKey;
  if (published === null) {
    throw new CliError(
      'NOT_FOUND',
      'the server publishes no attestation key (GET /audit/key): pass the one you trust with --key',
    );
  }
  warn(
    'warning: verifying with the attestation key published by the server itself; pin the key you trust with --key.',
  );
  return { key: importPublicKeyPem(published.publicKeyPem), source: 'server' };
}

/**
 * Fetches a deployment's promotion attestation and, with a trusted key, verifies it: the DSSE
 * signature, the statement and predicate, that it is about this deployment, and that its
 * subjects are exactly the files of the version it names (fetched from the registry).
 */
export async function checkAttestation(
  client: VerityClient,
  deploymentId: string,
  trusted: { key: KeyObject; source: 'pinned' | 'server' } | undefined,
): Promise<AttestationResult> {
  const attestation = await client.attestation(deploymentId);
  const envelope = attestation.envelope;
  if (trusted === undefined) {
    const statement = unverifiedStatement(envelope);
    return {
      deploymentId,
      verified: false,
      verifiedBy: [],
      keySource: null,
      predicate: statement.predicate,
      subjects: statement.subject,
      envelope,
    };
  }
  const keys = [{ keyid: keyHint(trusted.key), publicKey: trusted.key }];
  const signed = checked(() => verifyPromotionAttestation(envelope, keys));
  // Checked by verifyPromotionAttestation: a promotion statement always has its predicate.
  const predicate = signed.statement.predicate!;
  if (predicate.deploymentId !== deploymentId) {
    throw new CheckFailedError(
      'SUBJECT_MISMATCH',
      `the server sent the attestation of deployment ${predicate.deploymentId}, not ${deploymentId}`,
      { expected: deploymentId, actual: predicate.deploymentId },
    );
  }
  const version = await client.getVersion(predicate.model, predicate.version);
  const files = version.files.map((f) => ({ path: f.path, digest: f.digest }));
  const full = checked(() => verifyPromotionAttestation(envelope, keys, { files }));
  return {
    deploymentId,
    verified: true,
    verifiedBy: full.verifiedBy,
    keySource: trusted.source,
    predicate: full.statement.predicate!,
    subjects: full.statement.subject,
    envelope,
  };
}

/** The statement inside an envelope, read without checking anything (for display only). */
function unverifiedStatement(envelope: AttestationView['envelope']): {
  predicate: PromotionPredicate;
  subject: Subject[];
} {
  const payload = decodeBase64(envelope.payload);
  try {
    if (payload === undefined) throw new Error('not base64');
    return JSON.parse(payload.toString('utf8')) as {
      predicate: PromotionPredicate;
      subject: Subject[];
    };
  } catch (error) {
    throw new CheckFailedError(
      'ENVELOPE_INVALID',
      `the attestation's payload is not a JSON statement: ${(error as Error).message}`,
    );
  }
}

export function attestationText(result: AttestationResult, out: string | undefined): string {
  const p = result.predicate;
  return [
    `Promotion attestation of deployment ${result.deploymentId}`,
    fields([
      ['model', p.model],
      ['version', p.version],
      ['environment', p.environment],
      ['deployed by', p.deployedBy],
      ['deployed at', formatTime(p.deployedAt)],
      ['approvers', p.approvers.join(', ') || '-'],
      ['files', result.subjects.map((s) => s.name ?? s.digest.sha256 ?? '?').join(', ') || '-'],
      [
        'signature',
        result.verified
          ? `verified with ${result.keySource === 'pinned' ? 'the pinned key' : 'the server’s attestation key'} ${result.verifiedBy.join(', ')}; subjects match the version’s files`
          : 'not verified (use --verify)',
      ],
    ]),
    ...(out === undefined ? [] : ['', `Wrote the DSSE envelope to ${out}`]),
  ].join('\n');
}

import type { Actor } from '../auth/index.js';
import { ConflictError, NotFoundError, ValidationError, type Digest } from '../lib/index.js';
import {
  exportPublicKeyPem,
  importPublicKeyPem,
  keyHint,
  signingKeyType,
  verifyModelSignature,
} from '../signing/index.js';
import { json } from '../store/index.js';
import { iso, isoOrNull, newId, type RegistryContext } from './context.js';
import { modelRefOf } from './models.js';
import type { RegisterSigningKeyInput, ModelSignature, SigningKey } from './schemas.js';
import { findVersion } from './versions.js';

type KeyRow = {
  id: string;
  name: string;
  owner: string;
  algorithm: string;
  public_key_pem: string;
  hint: string;
  created_at: Date;
  created_by: string;
  revoked_at: Date | null;
  revoked_by: string | null;
  revocation_reason: string | null;
};

function toKey(row: KeyRow): SigningKey {
  return {
    id: row.id,
    name: row.name,
    owner: row.owner,
    algorithm: row.algorithm,
    publicKeyPem: row.public_key_pem,
    hint: row.hint,
    createdAt: iso(row.created_at),
    createdBy: row.created_by,
    revokedAt: isoOrNull(row.revoked_at),
    revokedBy: row.revoked_by,
    revocationReason: row.revocation_reason,
  };
}

/**
 * Registers a public key whose model signatures Verity accepts. Only EC P-256 keys: the OpenSSF
 * Model Signing verifier used here (@sigstore/verify 3.1.1) cannot check P-384/P-521 bundles.
 */
export async function registerSigningKey(
  ctx: RegistryContext,
  actor: Actor,
  input: RegisterSigningKeyInput,
): Promise<SigningKey> {
  const key = importPublicKeyPem(input.publicKeyPem);
  if (signingKeyType(key) !== 'ecdsa-p256') {
    throw new ValidationError('model signing keys must be EC P-256 public keys (SPKI PEM)');
  }
  const pem = exportPublicKeyPem(key);
  const hint = keyHint(key);
  const id = await ctx.committer.commit(actor, 'signing-key.register', async (tx, now) => {
    const clash = await tx
      .selectFrom('signing_keys')
      .select(['name', 'hint'])
      .where((eb) => eb.or([eb('name', '=', input.name), eb('hint', '=', hint)]))
      .executeTakeFirst();
    if (clash !== undefined) {
      throw new ConflictError(
        clash.name === input.name
          ? `a signing key named '${input.name}' already exists`
          : `this public key is already registered as '${clash.name}'`,
        { name: clash.name },
        'ALREADY_EXISTS',
      );
    }
    const id = newId(ctx);
    await tx
      .insertInto('signing_keys')
      .values({
        id,
        name: input.name,
        owner: input.owner ?? actor.name,
        algorithm: 'ecdsa-p256',
        public_key_pem: pem,
        hint,
        created_at: now,
        created_by: actor.name,
        revoked_at: null,
        revoked_by: null,
        revocation_reason: null,
      })
      .execute();
    return {
      result: id,
      events: [
        {
          type: 'signing-key-registered',
          subject: { kind: 'signing-key', id, ref: input.name },
          payload: { name: input.name, owner: input.owner ?? actor.name, hint, publicKeyPem: pem },
        },
      ],
    };
  });
  return getSigningKey(ctx, id);
}

/** Revokes a key: from now on its signatures no longer count (they stay on record). */
export async function revokeSigningKey(
  ctx: RegistryContext,
  actor: Actor,
  name: string,
  reason: string,
): Promise<SigningKey> {
  const id = await ctx.committer.commit(actor, 'signing-key.revoke', async (tx, now) => {
    const row = await tx
      .selectFrom('signing_keys')
      .selectAll()
      .where('name', '=', name)
      .forUpdate()
      .executeTakeFirst();
    if (row === undefined) throw new NotFoundError('signing key', name);
    if (row.revoked_at !== null)
      throw new ConflictError(`signing key '${name}' is already revoked`, { name });
    await tx
      .updateTable('signing_keys')
      .set({ revoked_at: now, revoked_by: actor.name, revocation_reason: reason })
      .where('id', '=', row.id)
      .execute();
    // Signatures by this key stop counting: promotions that relied on them are voided.
    const signed = await tx
      .selectFrom('model_signatures')
      .select('version_id')
      .distinct()
      .where('key_id', '=', row.id)
      .execute();
    const voided = [];
    for (const { version_id } of signed) {
      voided.push(
        ...((await ctx.deploymentGuard?.voidChanged?.(tx, { versionId: version_id }, now)) ?? []),
      );
    }
    return {
      result: row.id,
      events: [
        {
          type: 'signing-key-revoked',
          subject: { kind: 'signing-key', id: row.id, ref: name },
          payload: { name, reason },
        },
        ...voided,
      ],
    };
  });
  return getSigningKey(ctx, id);
}

export async function getSigningKey(ctx: RegistryContext, idOrName: string): Promise<SigningKey> {
  const row = await ctx.db
    .selectFrom('signing_keys')
    .selectAll()
    .where((eb) => eb.or([eb('id', '=', idOrName), eb('name', '=', idOrName)]))
    .executeTakeFirst();
  if (row === undefined) throw new NotFoundError('signing key', idOrName);
  return toKey(row);
}

export async function listSigningKeys(ctx: RegistryContext): Promise<SigningKey[]> {
  const rows = await ctx.db.selectFrom('signing_keys').selectAll().orderBy('name').execute();
  return rows.map((r) => toKey(r));
}

/**
 * Accepts an OpenSSF Model Signing bundle for a version: it must verify with a registered,
 * unrevoked key and cover exactly the version's artifact files (by digest). The verified
 * signature is stored and recorded in the ledger; a bundle that does not verify is
 * SIGNATURE_INVALID with the precise reason.
 */
export async function addModelSignature(
  ctx: RegistryContext,
  actor: Actor,
  modelRef: string,
  ref: string,
  bundle: unknown,
): Promise<ModelSignature> {
  const { model, version } = await findVersion(ctx.db, modelRef, ref);
  const files = await ctx.db
    .selectFrom('version_artifacts')
    .select(['path', 'digest'])
    .where('version_id', '=', version.id)
    .execute();
  const keys = await ctx.db
    .selectFrom('signing_keys')
    .selectAll()
    .where('revoked_at', 'is', null)
    .execute();
  const verified = verifyModelSignature(
    bundle,
    keys.map((k) => importPublicKeyPem(k.public_key_pem)),
    files.map((f) => ({ path: f.path, digest: f.digest as Digest })),
  );
  const key = keys.find((k) => k.hint === verified.keyHint);
  if (key === undefined) throw new NotFoundError('signing key with hint', verified.keyHint);
  const subjectDigest = `sha256:${verified.statement.subject[0]?.digest.sha256 ?? ''}`;
  const id = await ctx.committer.commit(
    actor,
    'model-version.sign',
    async (tx, now) => {
      // A signature is evidence about the version's fixed bytes, not a change to them: like an
      // evaluation it may be added to a frozen (approved) version, e.g. a signature that was
      // promised when a gate was overridden.
      const id = newId(ctx);
      await tx
        .insertInto('model_signatures')
        .values({
          id,
          version_id: version.id,
          key_id: key.id,
          subject_digest: subjectDigest,
          bundle: json(bundle),
          created_at: now,
          created_by: actor.name,
        })
        .execute();
      const voided =
        (await ctx.deploymentGuard?.voidChanged?.(tx, { versionId: version.id }, now)) ?? [];
      return {
        result: id,
        events: [
          {
            type: 'model-version-signed',
            subject: {
              kind: 'model-version',
              id: version.id,
              ref: modelRefOf(model, version.label),
            },
            payload: { signatureId: id, keyName: key.name, keyHint: key.hint, subjectDigest },
          },
          ...voided,
        ],
      };
    },
    { namespace: model.namespace },
  );
  const all = await listModelSignatures(ctx, modelRef, ref);
  const created = all.find((s) => s.id === id);
  if (created === undefined) throw new NotFoundError('signature', id);
  return created;
}

/** A version's signatures; a signature by a revoked key is listed with status `key-revoked`. */
export async function listModelSignatures(
  ctx: RegistryContext,
  modelRef: string,
  ref: string,
): Promise<ModelSignature[]> {
  const { model, version } = await findVersion(ctx.db, modelRef, ref);
  const rows = await ctx.db
    .selectFrom('model_signatures as s')
    .innerJoin('signing_keys as k', 'k.id', 's.key_id')
    .select([
      's.id',
      's.subject_digest',
      's.bundle',
      's.created_at',
      's.created_by',
      'k.name',
      'k.hint',
      'k.revoked_at',
    ])
    .where('s.version_id', '=', version.id)
    .orderBy('s.created_at')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    version: modelRefOf(model, version.label),
    keyName: r.name,
    keyHint: r.hint,
    status: r.revoked_at === null ? ('valid' as const) : ('key-revoked' as const),
    subjectDigest: r.subject_digest,
    bundle: r.bundle,
    createdAt: iso(r.created_at),
    createdBy: r.created_by,
  }));
}

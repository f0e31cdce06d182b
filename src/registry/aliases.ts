import type { Transaction } from 'kysely';
import type { Actor } from '../auth/index.js';
import type { EventDraft } from '../ledger/index.js';
import type { Database } from '../store/index.js';
import { ALIAS_PATTERN, NotFoundError, ValidationError } from '../lib/index.js';
import { iso, newId, type RegistryContext } from './context.js';
import { modelNamespace, findModel, modelRefOf } from './models.js';
import type { AliasEvent, ModelVersion } from './schemas.js';
import { getVersion, LATEST, resolveVersion } from './versions.js';

function assertAlias(alias: string): void {
  if (!ALIAS_PATTERN.test(alias) || alias === LATEST) {
    throw new ValidationError(
      `'${alias}' cannot be an alias: use 1-63 lowercase letters, digits, "_" or "-", starting with a letter (and not 'latest')`,
    );
  }
}

/** Points `alias` at a version, keeping the move in the alias history. */
export async function setAlias(
  ctx: RegistryContext,
  actor: Actor,
  modelRef: string,
  alias: string,
  versionRef: string,
): Promise<ModelVersion> {
  const result = await ctx.committer.commit(
    actor,
    'alias.set',
    (tx, now) =>
      setAliasWithin(ctx, tx, actor, { model: modelRef, alias, version: versionRef }, now),
    { namespace: await modelNamespace(ctx.db, modelRef) },
  );
  return getVersion(ctx, result.modelId, result.versionId);
}

/**
 * Moves an alias inside a caller's transaction (an incident playbook's `move-alias` step);
 * returns the ids and the `alias-set` event for the caller to record with its own.
 */
export async function setAliasWithin(
  ctx: RegistryContext,
  tx: Transaction<Database>,
  actor: Actor,
  input: { model: string; alias: string; version: string },
  now: Date,
): Promise<{ result: { modelId: string; versionId: string }; events: EventDraft[] }> {
  assertAlias(input.alias);
  const { alias } = input;
  const model = await findModel(tx, input.model, true);
  const version = await resolveVersion(tx, model, input.version);
  const current = await tx
    .selectFrom('model_aliases')
    .select('version_id')
    .where('model_id', '=', model.id)
    .where('alias', '=', alias)
    .executeTakeFirst();
  await tx
    .insertInto('model_aliases')
    .values({
      model_id: model.id,
      alias,
      version_id: version.id,
      updated_at: now,
      updated_by: actor.name,
    })
    .onConflict((oc) =>
      oc
        .columns(['model_id', 'alias'])
        .doUpdateSet({ version_id: version.id, updated_at: now, updated_by: actor.name }),
    )
    .execute();
  await tx
    .insertInto('alias_history')
    .values({
      id: newId(ctx),
      model_id: model.id,
      alias,
      version_id: version.id,
      previous_version_id: current?.version_id ?? null,
      actor: actor.name,
      at: now,
    })
    .execute();
  return {
    result: { modelId: model.id, versionId: version.id },
    events: [
      {
        type: 'alias-set',
        subject: { kind: 'model', id: model.id, ref: modelRefOf(model) },
        payload: {
          alias,
          versionId: version.id,
          version: version.label,
          previousVersionId: current?.version_id ?? null,
        },
      },
    ],
  };
}

export async function removeAlias(
  ctx: RegistryContext,
  actor: Actor,
  modelRef: string,
  alias: string,
): Promise<void> {
  assertAlias(alias);
  await ctx.committer.commit(
    actor,
    'alias.remove',
    async (tx, now) => {
      const model = await findModel(tx, modelRef, true);
      const current = await tx
        .deleteFrom('model_aliases')
        .where('model_id', '=', model.id)
        .where('alias', '=', alias)
        .returning('version_id')
        .executeTakeFirst();
      if (current === undefined) throw new NotFoundError('alias', `${modelRefOf(model)}@${alias}`);
      await tx
        .insertInto('alias_history')
        .values({
          id: newId(ctx),
          model_id: model.id,
          alias,
          version_id: null,
          previous_version_id: current.version_id,
          actor: actor.name,
          at: now,
        })
        .execute();
      return {
        result: undefined,
        events: [
          {
            type: 'alias-removed',
            subject: { kind: 'model', id: model.id, ref: modelRefOf(model) },
            payload: { alias, previousVersionId: current.version_id },
          },
        ],
      };
    },
    { namespace: await modelNamespace(ctx.db, modelRef) },
  );
}

/** Every move of the model's aliases (or of one alias), newest first. */
export async function aliasHistory(
  ctx: RegistryContext,
  modelRef: string,
  alias?: string,
): Promise<AliasEvent[]> {
  const model = await findModel(ctx.db, modelRef);
  let query = ctx.db
    .selectFrom('alias_history as h')
    .leftJoin('model_versions as v', 'v.id', 'h.version_id')
    .leftJoin('model_versions as p', 'p.id', 'h.previous_version_id')
    .select([
      'h.alias',
      'h.actor',
      'h.at',
      'h.id',
      'v.seq as vSeq',
      'v.label as vLabel',
      'p.seq as pSeq',
      'p.label as pLabel',
    ])
    .where('h.model_id', '=', model.id);
  if (alias !== undefined) query = query.where('h.alias', '=', alias);
  const rows = await query.orderBy('h.at', 'desc').orderBy('h.id', 'desc').limit(1000).execute();
  return rows.map((r) => ({
    alias: r.alias,
    version: r.vSeq === null || r.vLabel === null ? null : { seq: r.vSeq, label: r.vLabel },
    previous: r.pSeq === null || r.pLabel === null ? null : { seq: r.pSeq, label: r.pLabel },
    actor: r.actor,
    at: iso(r.at),
  }));
}

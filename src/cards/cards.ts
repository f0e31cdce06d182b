import type { Kysely, Selectable, Transaction } from 'kysely';
import type { Actor } from '../auth/index.js';
import type { EventDraft } from '../ledger/index.js';
import {
  ConflictError,
  jsonDigest,
  NotFoundError,
  ValidationError,
  VerityError,
} from '../lib/index.js';
import {
  findModel,
  modelNamespace,
  modelRefOf,
  newId,
  resolveVersion,
  type ModelRow,
  type RegistryContext,
  type VersionRow,
} from '../registry/index.js';
import { json, type Database, type ModelCardsTable } from '../store/index.js';
import type { AuthoredCard, CardEvidence, ModelCard } from './card-schema.js';
import { diffCards, type CardChange } from './card-diff.js';
import { applyCardChanges, parseAuthoredCard, type CardChanges } from './card-edit.js';
import { cardFromMarkdown, cardToMarkdown } from './card-markdown.js';
import { composeCard } from './compose.js';
import { gatherEvidence } from './evidence.js';
import type { Completeness } from './templates.js';

type Db = Kysely<Database> | Transaction<Database>;
type CardRow = Selectable<ModelCardsTable>;

/** A card as the API returns it: the card, where it stands, and how complete it is. */
export interface CardView {
  model: string;
  version: string;
  versionId: string;
  /** 0 when nobody has written the card yet (it then holds only evidence). */
  revision: number;
  exists: boolean;
  /** The version is approved for a freezing environment: the card can no longer change. */
  frozen: boolean;
  frozenReason: string | null;
  /** Signed off by a responsible person who did not write it (`verity card approve`). */
  approved: boolean;
  approvedBy: string | null;
  approvedAt: string | null;
  /** `live`: evidence gathered now; `revision`: the evidence stored with that revision. */
  evidenceAsOf: 'live' | 'revision';
  digest: string;
  updatedAt: string | null;
  updatedBy: string | null;
  completeness: Completeness;
  card: ModelCard;
}

export interface CardRevisionSummary {
  revision: number;
  digest: string;
  tier: string;
  completeness: number;
  summary: string;
  createdAt: string;
  createdBy: string;
  approvedBy: string | null;
  approvedAt: string | null;
}

async function locate(db: Db, modelRef: string, versionRef: string) {
  const model = await findModel(db, modelRef);
  return { model, version: await resolveVersion(db, model, versionRef) };
}

async function latestRow(db: Db, versionId: string): Promise<CardRow | undefined> {
  return db
    .selectFrom('model_cards')
    .selectAll()
    .where('version_id', '=', versionId)
    .orderBy('revision', 'desc')
    .limit(1)
    .executeTakeFirst();
}

function toView(
  model: ModelRow,
  version: VersionRow,
  row: CardRow | undefined,
  composed: ReturnType<typeof composeCard>,
  evidenceAsOf: 'live' | 'revision',
): CardView {
  return {
    model: modelRefOf(model),
    version: version.label,
    versionId: version.id,
    revision: row?.revision ?? 0,
    exists: row !== undefined,
    frozen: version.frozen_at !== null,
    frozenReason: version.frozen_reason,
    approved: row?.approved_at != null,
    approvedBy: row?.approved_by ?? null,
    approvedAt: row?.approved_at?.toISOString() ?? null,
    evidenceAsOf,
    digest: composed.digest,
    updatedAt: row?.created_at.toISOString() ?? null,
    updatedBy: row?.created_by ?? null,
    completeness: composed.completeness,
    card: composed.card,
  };
}

/**
 * The card of a version. Without `revision`: the latest text with evidence gathered now. With a
 * revision: that revision exactly as it was saved, evidence included.
 */
export async function getCard(
  ctx: RegistryContext,
  modelRef: string,
  versionRef: string,
  options: { revision?: number | undefined } = {},
): Promise<CardView> {
  const { model, version } = await locate(ctx.db, modelRef, versionRef);
  if (options.revision !== undefined) {
    const row = await revisionRow(
      ctx.db,
      version.id,
      options.revision,
      modelRefOf(model, version.label),
    );
    if (row === undefined)
      return toView(
        model,
        version,
        undefined,
        composeCard({}, await gatherEvidence(ctx.db, model, version)),
        'live',
      );
    return toView(
      model,
      version,
      row,
      composeCard(row.authored as AuthoredCard, row.evidence as CardEvidence),
      'revision',
    );
  }
  const row = await latestRow(ctx.db, version.id);
  const evidence = await gatherEvidence(ctx.db, model, version);
  return toView(model, version, row, composeCard(row?.authored ?? {}, evidence), 'live');
}

async function revisionRow(
  db: Db,
  versionId: string,
  revision: number,
  ref: string,
): Promise<CardRow | undefined> {
  if (!Number.isInteger(revision) || revision < 0) {
    throw new ValidationError(`card revision must be a whole number ≥ 0, not ${revision}`);
  }
  if (revision === 0) return undefined;
  const row = await db
    .selectFrom('model_cards')
    .selectAll()
    .where('version_id', '=', versionId)
    .where('revision', '=', revision)
    .executeTakeFirst();
  if (row === undefined) throw new NotFoundError('card revision', `${ref}#${revision}`);
  return row;
}

export interface SaveCardOptions {
  summary?: string | undefined;
  /** Optimistic concurrency: refuse with CONFLICT unless this is still the latest revision. */
  expectedRevision?: number | undefined;
}

/**
 * Saves a new revision of a version's card, computed from the latest one by `next`. Refused with
 * VERSION_FROZEN once the version is approved for a freezing environment. Saving the same text
 * again makes no revision. Open promotions whose gate inputs the change alters are voided.
 */
async function revise(
  ctx: RegistryContext,
  actor: Actor,
  modelRef: string,
  versionRef: string,
  next: (current: AuthoredCard) => AuthoredCard,
  options: SaveCardOptions,
): Promise<CardView> {
  // A save that changes nothing is answered without a revision (and without a ledger entry).
  // Only the latest text is needed to tell; invalid changes are refused here, before any write.
  const { model: found, version: located } = await locate(ctx.db, modelRef, versionRef);
  const latest = await latestRow(ctx.db, located.id);
  const current = (latest?.authored ?? {}) as AuthoredCard;
  if (latest !== undefined && jsonDigest(next(current)) === latest.authored_digest) {
    checkExpected(options.expectedRevision, latest.revision, modelRefOf(found), located.label);
    return getCard(ctx, modelRef, versionRef);
  }
  await ctx.committer.commit(
    actor,
    'card.update',
    async (tx, now) => {
      const model = await findModel(tx, modelRef);
      const version = await lockVersion(tx, model, versionRef);
      await ctx.deploymentGuard?.assertMutable?.(tx, version.id);
      const latest = await latestRow(tx, version.id);
      const revision = (latest?.revision ?? 0) + 1;
      checkExpected(options.expectedRevision, revision - 1, modelRefOf(model), version.label);
      const content = next(latest?.authored ?? {});
      const summary =
        options.summary?.trim() || (latest === undefined ? 'Card created' : 'Card revised');
      const gathered = await gatherEvidence(tx, model, version);
      const evidence: CardEvidence = {
        ...gathered,
        changeLog: [
          ...gathered.changeLog,
          {
            revision,
            at: now.toISOString(),
            author: actor.name,
            summary,
            approvedBy: null,
            approvedAt: null,
          },
        ],
      };
      const composed = composeCard(content, evidence);
      const previous =
        latest === undefined
          ? composeCard({}, evidence).card
          : composeCard(latest.authored as AuthoredCard, latest.evidence as CardEvidence).card;
      await tx
        .insertInto('model_cards')
        .values({
          id: newId(ctx),
          version_id: version.id,
          revision,
          tier: composed.card.tier,
          authored: json(content),
          evidence: json(evidence),
          authored_digest: jsonDigest(content),
          digest: composed.digest,
          completeness: composed.completeness.score,
          summary,
          created_at: now,
          created_by: actor.name,
        })
        .execute();
      const voided =
        (await ctx.deploymentGuard?.voidChanged?.(tx, { versionId: version.id }, now)) ?? [];
      const event: EventDraft = {
        type: 'model-card-revised',
        subject: { kind: 'model-version', id: version.id, ref: modelRefOf(model, version.label) },
        // The card's text can name people: the ledger holds its digest, not its words.
        payload: {
          revision,
          digest: composed.digest,
          authoredDigest: jsonDigest(content),
          tier: composed.card.tier,
          completeness: composed.completeness.score,
          missing: composed.completeness.missing.map((m) => m.path),
          fieldsChanged: diffCards(previous, composed.card)
            .filter((c) => !c.path.startsWith('evidence.'))
            .map((c) => c.path),
        },
      };
      return { result: revision, events: [event, ...voided] };
    },
    { namespace: await modelNamespace(ctx.db, modelRef) },
  );
  return getCard(ctx, modelRef, versionRef);
}

async function lockVersion(
  tx: Transaction<Database>,
  model: ModelRow,
  versionRef: string,
): Promise<VersionRow> {
  const version = await resolveVersion(tx, model, versionRef);
  // Serialises revisions of one card: the next number is read and written under this lock.
  await tx
    .selectFrom('model_versions')
    .select('id')
    .where('id', '=', version.id)
    .forUpdate()
    .execute();
  return version;
}

function checkExpected(
  expected: number | undefined,
  current: number,
  model: string,
  version: string,
): void {
  if (expected === undefined || expected === current) return;
  throw new ConflictError(
    `the card of ${model}@${version} is at revision ${current}, not ${expected}: reload it and apply your change again`,
    { expectedRevision: expected, currentRevision: current },
  );
}

/** Replaces the author fields with `authored` (validated as a whole). */
export async function saveCard(
  ctx: RegistryContext,
  actor: Actor,
  modelRef: string,
  versionRef: string,
  authored: unknown,
  options: SaveCardOptions = {},
): Promise<CardView> {
  const content = parseAuthoredCard(authored);
  return revise(ctx, actor, modelRef, versionRef, () => content, options);
}

/** Sets, appends to or clears individual author fields. */
export async function patchCard(
  ctx: RegistryContext,
  actor: Actor,
  modelRef: string,
  versionRef: string,
  changes: CardChanges,
  options: SaveCardOptions = {},
): Promise<CardView> {
  const empty =
    Object.keys(changes.set ?? {}).length === 0 &&
    Object.keys(changes.append ?? {}).length === 0 &&
    (changes.unset ?? []).length === 0;
  if (empty) throw new ValidationError('no card change given (set, append or unset)');
  return revise(
    ctx,
    actor,
    modelRef,
    versionRef,
    (current) => applyCardChanges(current, changes),
    options,
  );
}

/** Reads a Markdown card source file (see card-markdown.ts) and saves it as the next revision. */
export async function importCardMarkdown(
  ctx: RegistryContext,
  actor: Actor,
  modelRef: string,
  versionRef: string,
  markdown: string,
  options: SaveCardOptions = {},
): Promise<CardView> {
  const parsed = cardFromMarkdown(markdown);
  if (parsed.model !== undefined) {
    const target = await findModel(ctx.db, modelRef);
    // A file naming a model that does not exist is as wrong as one naming another model; any
    // other failure (the database) is not a verdict on the file and propagates.
    const named = await findModel(ctx.db, parsed.model).catch((error: unknown) => {
      if (error instanceof VerityError && ['NOT_FOUND', 'VALIDATION_ERROR'].includes(error.code)) {
        return undefined;
      }
      throw error;
    });
    if (named?.id !== target.id) {
      throw new ValidationError(
        `the card file is for model '${parsed.model}', not '${modelRefOf(target)}'`,
        [{ code: 'wrong_model', path: ['model'], message: `file names '${parsed.model}'` }],
      );
    }
  }
  return revise(ctx, actor, modelRef, versionRef, () => parsed.authored, options);
}

/** The card's author fields as a Markdown source file (the latest revision, or the one asked for). */
export async function exportCardMarkdown(
  ctx: RegistryContext,
  modelRef: string,
  versionRef: string,
  options: { revision?: number | undefined } = {},
): Promise<string> {
  const view = await getCard(ctx, modelRef, versionRef, options);
  return cardToMarkdown(view.card.authored, { model: view.model, version: view.version });
}

export async function listCardRevisions(
  ctx: RegistryContext,
  modelRef: string,
  versionRef: string,
): Promise<CardRevisionSummary[]> {
  const { version } = await locate(ctx.db, modelRef, versionRef);
  const rows = await ctx.db
    .selectFrom('model_cards')
    .select([
      'revision',
      'digest',
      'tier',
      'completeness',
      'summary',
      'created_at',
      'created_by',
      'approved_at',
      'approved_by',
    ])
    .where('version_id', '=', version.id)
    .orderBy('revision', 'desc')
    .execute();
  return rows.map((r) => ({
    revision: r.revision,
    digest: r.digest,
    tier: r.tier,
    completeness: r.completeness,
    summary: r.summary,
    createdAt: r.created_at.toISOString(),
    createdBy: r.created_by,
    approvedBy: r.approved_by,
    approvedAt: r.approved_at?.toISOString() ?? null,
  }));
}

export interface CardDiff {
  model: string;
  version: string;
  from: number;
  to: number;
  changes: CardChange[];
}

/**
 * What changed between two revisions (default: the latest and the one before it). Revision 0 is
 * the empty card, so `--from 0` lists everything ever written.
 */
export async function diffCardRevisions(
  ctx: RegistryContext,
  modelRef: string,
  versionRef: string,
  options: { from?: number | undefined; to?: number | undefined } = {},
): Promise<CardDiff> {
  const { model, version } = await locate(ctx.db, modelRef, versionRef);
  const ref = modelRefOf(model, version.label);
  const latest = (await latestRow(ctx.db, version.id))?.revision ?? 0;
  const to = options.to ?? latest;
  const from = options.from ?? Math.max(0, to - 1);
  const toRow = await revisionRow(ctx.db, version.id, to, ref);
  const fromRow = await revisionRow(ctx.db, version.id, from, ref);
  const evidence = (toRow ?? fromRow)?.evidence as CardEvidence | undefined;
  const base = evidence ?? (await gatherEvidence(ctx.db, model, version));
  const cardOf = (row: CardRow | undefined): ModelCard =>
    row === undefined
      ? composeCard({}, base).card
      : composeCard(row.authored as AuthoredCard, row.evidence as CardEvidence).card;
  return {
    model: modelRefOf(model),
    version: version.label,
    from,
    to,
    changes: diffCards(cardOf(fromRow), cardOf(toRow)),
  };
}

/**
 * Signs off the latest card revision (Annex IV §2(g): documentation dated and signed by a
 * responsible person). Nobody approves a card they wrote any revision of, nor the card of a
 * version they registered. A later revision needs its own sign-off.
 */
export async function approveCard(
  ctx: RegistryContext,
  actor: Actor,
  modelRef: string,
  versionRef: string,
  options: { revision?: number | undefined } = {},
): Promise<CardView> {
  await ctx.committer.commit(
    actor,
    'card.approve',
    async (tx, now) => {
      const model = await findModel(tx, modelRef);
      const version = await lockVersion(tx, model, versionRef);
      const ref = modelRefOf(model, version.label);
      await ctx.deploymentGuard?.assertMutable?.(tx, version.id);
      const latest = await latestRow(tx, version.id);
      if (latest === undefined) {
        throw new ConflictError(`${ref} has no card to approve: write it first`, {
          model: modelRefOf(model),
        });
      }
      if (options.revision !== undefined && options.revision !== latest.revision) {
        throw new ConflictError(
          `only the latest card revision (${latest.revision}) can be approved, not ${options.revision}`,
          { expectedRevision: options.revision, currentRevision: latest.revision },
        );
      }
      if (latest.approved_at !== null) {
        throw new ConflictError(
          `revision ${latest.revision} of the card of ${ref} is already approved by ${latest.approved_by ?? ''}`,
          {
            revision: latest.revision,
          },
        );
      }
      const authors = await tx
        .selectFrom('model_cards')
        .select('created_by')
        .distinct()
        .where('version_id', '=', version.id)
        .execute();
      const why = authors.some((a) => a.created_by === actor.name)
        ? 'wrote this card'
        : version.author === actor.name
          ? 'registered this version'
          : undefined;
      if (why !== undefined) {
        throw new VerityError(
          'SEPARATION_OF_DUTIES',
          `${actor.name} ${why}, so cannot approve its card: separation of duties`,
          { model: modelRefOf(model), version: version.label, reason: why },
        );
      }
      await tx
        .updateTable('model_cards')
        .set({ approved_at: now, approved_by: actor.name })
        .where('id', '=', latest.id)
        .execute();
      const voided =
        (await ctx.deploymentGuard?.voidChanged?.(tx, { versionId: version.id }, now)) ?? [];
      return {
        result: latest.revision,
        events: [
          {
            type: 'model-card-approved',
            subject: { kind: 'model-version', id: version.id, ref },
            payload: { revision: latest.revision, digest: latest.digest },
          },
          ...voided,
        ],
      };
    },
    { namespace: await modelNamespace(ctx.db, modelRef) },
  );
  return getCard(ctx, modelRef, versionRef);
}

/** What a policy gate sees of the card (GateContext.card), given the version's evidence. */
export async function cardGateFacts(
  db: Db,
  version: VersionRow,
  evidence: CardEvidence,
): Promise<{
  exists: boolean;
  completeness: number;
  missing: string[];
  riskTier: string;
  approved: boolean;
}> {
  const row = await latestRow(db, version.id);
  const composed = composeCard(row?.authored ?? {}, evidence);
  return {
    exists: row !== undefined,
    completeness: composed.completeness.score,
    missing: composed.completeness.missing.map((m) => m.path),
    riskTier: composed.card.tier,
    approved: row?.approved_at != null,
  };
}

import { jsonDigest, NotFoundError, ValidationError } from '../lib/index.js';
import type { Ledger, LogVerificationReport } from '../ledger/index.js';
import { selfCheck } from '../ledger/index.js';
import {
  findModel,
  iso,
  modelRefOf,
  newId,
  resolveVersion,
  SYSTEM_ACTOR,
  type ModelRow,
  type RegistryContext,
} from '../registry/index.js';
import { json } from '../store/index.js';
import type { ModelFacts } from './checks/facts.js';
import { runChecks } from './checks/index.js';
import { assessedVersion, gatherModelFacts } from './gather/gather-facts.js';
import { computePosture, type CatalogueView } from './posture/compute-posture.js';
import { organisationPosture } from './posture/organisation-posture.js';
import type { ModelPosture, OrganisationPosture } from './posture/types.js';
import { catalogueAsOf } from './store/catalogue-store.js';
import { getComplianceSettings, type ComplianceSettings } from './store/settings.js';

export interface PostureOptions {
  /** A version reference; default: the version deployed highest, else the latest. */
  version?: string;
  /** ISO date or time; default now. Catalogue, scope and evidence as they stood then. */
  asOf?: string;
}

/** Parses `asOf` (a date means the end of that day, UTC). */
export function parseAsOf(value: string | undefined, now: Date): Date {
  if (value === undefined) return now;
  const text = /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T23:59:59.999Z` : value;
  const date = new Date(text);
  if (Number.isNaN(date.getTime()))
    throw new ValidationError(`'${value}' is not a date (YYYY-MM-DD) or an ISO time`);
  return date;
}

/** The posture of one model, with the facts its checks read. */
export async function modelPosture(
  ctx: RegistryContext,
  modelRef: string | ModelRow,
  options: PostureOptions = {},
  /** Read once by callers that assess many models at the same time. */
  shared?: { catalogue: CatalogueView; settings: ComplianceSettings },
): Promise<{ posture: ModelPosture; facts: ModelFacts }> {
  const model = typeof modelRef === 'string' ? await findModel(ctx.db, modelRef) : modelRef;
  const asOf = parseAsOf(options.asOf, ctx.clock.now());
  const explicit =
    options.version === undefined ? null : await resolveVersion(ctx.db, model, options.version);
  const { version, basis } = await assessedVersion(ctx.db, model, explicit, asOf);
  const catalogue = shared?.catalogue ?? (await catalogueAsOf(ctx.db, asOf));
  const settings = shared?.settings ?? (await getComplianceSettings(ctx.db));
  const facts = await gatherModelFacts(ctx.db, { model, version, asOf, settings });
  const subControls = runChecks(facts, catalogue.controls);
  const posture = computePosture({
    asOf: asOf.toISOString(),
    catalogue,
    subControls,
    scope:
      facts.scope === null
        ? null
        : {
            jurisdictions: facts.scope.jurisdictions,
            sectors: facts.scope.sectors,
            area: facts.scope.area,
            flags: facts.scope.flags,
            euClassification: facts.scope.euClassification,
          },
    adopted: settings.adoptedFrameworks,
    model: {
      id: model.id,
      namespace: model.namespace,
      name: model.name,
      owner: model.owner,
      riskTier: model.risk_tier,
    },
    version:
      version === null
        ? null
        : {
            id: version.id,
            label: version.label,
            seq: version.seq,
            author: version.author,
            createdAt: iso(version.created_at),
          },
    versionBasis: basis,
  });
  return { posture, facts };
}

/** Every model's posture (the namespaces the caller may read), and the control effectiveness. */
export async function allPostures(
  ctx: RegistryContext,
  options: { asOf?: string; within?: readonly string[] } = {},
): Promise<ModelPosture[]> {
  let query = ctx.db.selectFrom('models').selectAll().orderBy('namespace').orderBy('name');
  if (options.within !== undefined) {
    if (options.within.length === 0) return [];
    query = query.where('namespace', 'in', [...options.within]);
  }
  const models = await query.execute();
  // One time, catalogue and settings for the whole inventory.
  const asOf = parseAsOf(options.asOf, ctx.clock.now());
  const shared = {
    catalogue: await catalogueAsOf(ctx.db, asOf),
    settings: await getComplianceSettings(ctx.db),
  };
  const postures: ModelPosture[] = [];
  for (const model of models) {
    if (model.created_at > asOf) continue;
    postures.push((await modelPosture(ctx, model, { asOf: asOf.toISOString() }, shared)).posture);
  }
  return postures;
}

export async function organisationPostureOf(
  ctx: RegistryContext,
  options: { asOf?: string; within?: readonly string[] } = {},
): Promise<OrganisationPosture> {
  const asOf = parseAsOf(options.asOf, ctx.clock.now());
  const postures = await allPostures(ctx, options);
  const catalogue = await catalogueAsOf(ctx.db, asOf);
  return organisationPosture(postures, catalogue.controls, asOf.toISOString(), catalogue.version);
}

/** The digest of a posture's content, ignoring the time it was computed. */
export function postureDigest(posture: ModelPosture): string {
  return jsonDigest({ ...posture, asOf: null });
}

/**
 * Records each model's posture when it changed since its last snapshot (ledgered with its digest
 * and summary), so posture history exists and two dates can be compared. Returns how many changed.
 */
export async function snapshotPostures(
  ctx: RegistryContext,
  trigger: 'schedule' | 'request' | 'report',
): Promise<{ models: number; recorded: number }> {
  const postures = await allPostures(ctx);
  let recorded = 0;
  for (const posture of postures) {
    const digest = postureDigest(posture);
    const last = await ctx.db
      .selectFrom('compliance_snapshots')
      .select('digest')
      .where('model_id', '=', posture.model.id)
      .orderBy('created_at', 'desc')
      .executeTakeFirst();
    if (last?.digest === digest) continue;
    await ctx.committer.commit(SYSTEM_ACTOR, 'compliance.snapshot', async (tx, now) => {
      const id = newId(ctx);
      await tx
        .insertInto('compliance_snapshots')
        .values({
          id,
          model_id: posture.model.id,
          version_id: posture.version?.id ?? null,
          digest,
          posture: json(posture),
          trigger,
          created_at: now,
        })
        .execute();
      const ref = modelRefOf(posture.model);
      return {
        result: null,
        events: [
          {
            type: 'compliance-posture-recorded',
            subject: { kind: 'model', id: posture.model.id, ref },
            payload: {
              model: ref,
              version: posture.version?.label ?? null,
              catalogue: posture.catalogueVersion,
              digest,
              summary: posture.summary,
              controls: Object.fromEntries(posture.controls.map((c) => [c.id, c.status])),
              trigger,
            },
          },
        ],
      };
    });
    recorded += 1;
  }
  return { models: postures.length, recorded };
}

/** The posture recorded for a model at or before `at` (for comparisons between dates). */
export async function recordedPosture(
  ctx: RegistryContext,
  modelRef: string,
  at: Date,
): Promise<ModelPosture> {
  const model = await findModel(ctx.db, modelRef);
  const row = await ctx.db
    .selectFrom('compliance_snapshots')
    .select('posture')
    .where('model_id', '=', model.id)
    .where('created_at', '<=', at)
    .orderBy('created_at', 'desc')
    .executeTakeFirst();
  if (row === undefined)
    throw new NotFoundError('recorded posture of', `${modelRefOf(model)} at ${at.toISOString()}`);
  return row.posture as ModelPosture;
}

/**
 * Verifies the whole audit log (every leaf and root against every stored checkpoint) and records
 * the result, ledgered, so the C4.1 check has evidence. A failure is also recorded as an integrity
 * failure by the caller's `onFailure` (which opens an incident).
 */
export async function verifyAndRecordLedger(
  ctx: RegistryContext,
  ledger: Ledger,
  requestedBy: string,
  onFailure: (report: LogVerificationReport) => Promise<void>,
): Promise<LogVerificationReport> {
  const report = await selfCheck(ledger, onFailure);
  await ctx.committer.commit(SYSTEM_ACTOR, 'ledger.verified', async (tx, now) => {
    const id = newId(ctx);
    await tx
      .insertInto('ledger_verifications')
      .values({
        id,
        ok: report.ok,
        size: report.size,
        first_bad_index: report.firstBadIndex,
        verified_at: now,
        verified_by: requestedBy,
      })
      .execute();
    return {
      result: null,
      events: [
        {
          type: 'ledger-verified',
          subject: { kind: 'ledger', id, ref: ledger.origin },
          payload: {
            ok: report.ok,
            size: report.size,
            rootHash: report.rootHash,
            checkpointsChecked: report.checkpointsChecked,
            firstBadIndex: report.firstBadIndex,
            requestedBy,
          },
        },
      ],
    };
  });
  return report;
}

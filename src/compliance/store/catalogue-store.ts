import type { Kysely, Transaction } from 'kysely';
import type { Actor } from '../../auth/index.js';
import { ConflictError, jsonDigest, ValidationError } from '../../lib/index.js';
import { iso, SYSTEM_ACTOR, type RegistryContext } from '../../registry/index.js';
import { json, type Database } from '../../store/index.js';
import {
  controlSchema,
  frameworkSchema,
  loadShippedCatalogue,
  parseFrameworkSource,
  type Control,
  type Framework,
} from '../catalogue/index.js';
import type { CatalogueView } from '../posture/compute-posture.js';

type Db = Kysely<Database> | Transaction<Database>;

export interface FrameworkVersionView {
  id: string;
  name: string;
  version: string;
  origin: 'shipped' | 'imported';
  status: string;
  voluntary: boolean;
  requirements: number;
  digest: string;
  publishedAt: string;
  publishedBy: string;
}

/**
 * Publishes the catalogue shipped with this Verity release: the controls version and every
 * framework version not stored yet, each ledgered. Versions already stored are never edited; a
 * shipped file changed without a new version is ignored and reported in the return value.
 */
export async function publishShippedCatalogue(
  ctx: RegistryContext,
): Promise<{ published: string[]; unchanged: string[]; conflicts: string[] }> {
  const shipped = loadShippedCatalogue();
  const published: string[] = [];
  const unchanged: string[] = [];
  const conflicts: string[] = [];
  const controlsDigest = jsonDigest(shipped.controls);
  const stored = await ctx.db
    .selectFrom('compliance_catalogues')
    .select(['version', 'digest'])
    .where('version', '=', shipped.version)
    .executeTakeFirst();
  const storedFrameworks = await ctx.db
    .selectFrom('compliance_frameworks')
    .select(['id', 'version', 'digest'])
    .execute();
  const pending = shipped.frameworks.filter((f) => {
    const row = storedFrameworks.find((r) => r.id === f.id && r.version === f.version);
    if (row === undefined) return true;
    (row.digest === jsonDigest(f) ? unchanged : conflicts).push(`${f.id}@${f.version}`);
    return false;
  });
  if (stored !== undefined && stored.digest !== controlsDigest)
    conflicts.push(`controls@${shipped.version}`);
  if (stored === undefined || pending.length > 0) {
    await ctx.committer.commit(SYSTEM_ACTOR, 'catalogue.publish', async (tx, now) => {
      const events = [];
      if (stored === undefined) {
        await tx
          .insertInto('compliance_catalogues')
          .values({
            version: shipped.version,
            controls: json(shipped.controls),
            digest: controlsDigest,
            published_at: now,
            published_by: SYSTEM_ACTOR.name,
          })
          .execute();
        events.push({
          type: 'control-catalogue-published',
          subject: { kind: 'control-catalogue', id: shipped.version },
          payload: { version: shipped.version, digest: controlsDigest },
        });
        published.push(`controls@${shipped.version}`);
      }
      for (const f of pending) {
        events.push(await insertFramework(tx, f, 'shipped', SYSTEM_ACTOR.name, now));
        published.push(`${f.id}@${f.version}`);
      }
      return { result: null, events };
    });
  }
  return { published, unchanged, conflicts };
}

async function insertFramework(
  tx: Transaction<Database>,
  framework: Framework,
  origin: 'shipped' | 'imported',
  actor: string,
  now: Date,
) {
  const digest = jsonDigest(framework);
  await tx
    .insertInto('compliance_frameworks')
    .values({
      id: framework.id,
      version: framework.version,
      origin,
      definition: json(framework),
      digest,
      published_at: now,
      published_by: actor,
    })
    .execute();
  return {
    type: 'framework-published',
    subject: { kind: 'framework', id: framework.id, ref: `${framework.id}@${framework.version}` },
    payload: {
      id: framework.id,
      version: framework.version,
      origin,
      status: framework.status,
      requirements: framework.requirements.length,
      digest,
    },
  };
}

/**
 * Imports an organisation's own framework (YAML or JSON in the catalogue format). A version is
 * never edited: the same id and version with other content is refused; the same content again
 * is a no-op.
 */
export async function importFramework(
  ctx: RegistryContext,
  actor: Actor,
  source: string,
  format: 'yaml' | 'json',
): Promise<FrameworkVersionView> {
  const parsed = parseFrameworkSource(source, format);
  if (!parsed.ok)
    throw new ValidationError(
      `the framework is not valid: ${parsed.problems.map((p) => p.message).join('; ')}`,
      parsed.problems.map((p) => ({
        code: p.code,
        path: p.path,
        message:
          p.line === undefined ? p.message : `${p.message} (line ${p.line}, column ${p.column})`,
      })),
    );
  const framework = parsed.framework;
  const digest = jsonDigest(framework);
  const existing = await ctx.db
    .selectFrom('compliance_frameworks')
    .select(['digest'])
    .where('id', '=', framework.id)
    .where('version', '=', framework.version)
    .executeTakeFirst();
  if (existing !== undefined && existing.digest !== digest)
    throw new ConflictError(
      `framework ${framework.id} version ${framework.version} is already published with other content; publish a new version`,
    );
  if (existing === undefined) {
    await ctx.committer.commit(actor, 'framework.import', async (tx, now) => ({
      result: null,
      events: [await insertFramework(tx, framework, 'imported', actor.name, now)],
    }));
  }
  const view = (await listFrameworkVersions(ctx.db)).find(
    (v) => v.id === framework.id && v.version === framework.version,
  );
  return view as FrameworkVersionView;
}

export async function listFrameworkVersions(db: Db): Promise<FrameworkVersionView[]> {
  const rows = await db
    .selectFrom('compliance_frameworks')
    .selectAll()
    .orderBy('id')
    .orderBy('published_at')
    .execute();
  return rows.map((r) => {
    const f = r.definition as Framework;
    return {
      id: r.id,
      name: f.name,
      version: r.version,
      origin: r.origin as 'shipped' | 'imported',
      status: f.status,
      voluntary: f.voluntary,
      requirements: f.requirements.length,
      digest: r.digest,
      publishedAt: iso(r.published_at),
      publishedBy: r.published_by,
    };
  });
}

export async function getFrameworkVersion(
  db: Db,
  id: string,
  version?: string,
): Promise<(Framework & { origin: string; publishedAt: string }) | undefined> {
  let query = db.selectFrom('compliance_frameworks').selectAll().where('id', '=', id);
  if (version !== undefined) query = query.where('version', '=', version);
  const row = await query.orderBy('published_at', 'desc').executeTakeFirst();
  if (row === undefined) return undefined;
  return {
    ...frameworkSchema.parse(row.definition),
    origin: row.origin,
    publishedAt: iso(row.published_at),
  };
}

/**
 * The catalogue as Verity believed it at `asOf`: the latest controls version and, per framework,
 * the latest version published at or before that time. For a time before a framework's first
 * version was published, that first version is used (so a posture can always be computed).
 */
export async function catalogueAsOf(db: Db, asOf: Date): Promise<CatalogueView> {
  const catalogues = await db
    .selectFrom('compliance_catalogues')
    .selectAll()
    .orderBy('published_at')
    .execute();
  if (catalogues.length === 0) {
    const shipped = loadShippedCatalogue();
    return { version: shipped.version, controls: shipped.controls, frameworks: shipped.frameworks };
  }
  const known = catalogues.filter((c) => c.published_at <= asOf);
  const catalogue = known.at(-1) ?? catalogues[0];
  const controls: Control[] = (catalogue?.controls as unknown[]).map((c) => controlSchema.parse(c));
  const rows = await db
    .selectFrom('compliance_frameworks')
    .selectAll()
    .orderBy('published_at')
    .execute();
  // Per framework: the latest version known at asOf; before the first one, the first one.
  const latest = new Map<string, Framework>();
  for (const r of rows)
    if (r.published_at <= asOf || !latest.has(r.id))
      latest.set(r.id, frameworkSchema.parse(r.definition));
  return { version: catalogue?.version ?? '', controls, frameworks: [...latest.values()] };
}

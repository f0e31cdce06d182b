import type { Kysely, Transaction } from 'kysely';
import type { Actor } from '../auth/index.js';
import { NotFoundError, sha256Digest, ConflictError } from '../lib/index.js';
import { iso, type RegistryContext } from '../registry/index.js';
import type { Database } from '../store/index.js';
import {
  assertPlaybook,
  loadPlaybook,
  matchPlaybook,
  SHIPPED_PLAYBOOKS,
  type Playbook,
} from './playbooks/index.js';

type Db = Kysely<Database> | Transaction<Database>;

/** A playbook as incidents use it: shipped with Verity, or published by the organisation. */
export interface StoredPlaybook {
  playbook: Playbook;
  origin: 'shipped' | 'published';
  version: number | null;
  digest: string;
  publishedAt: string | null;
  publishedBy: string | null;
}

let shipped: StoredPlaybook[] | undefined;
function shippedPlaybooks(): StoredPlaybook[] {
  shipped ??= SHIPPED_PLAYBOOKS.map(({ name, source }) => {
    const loaded = loadPlaybook(source);
    if (!loaded.ok) throw new Error(`shipped playbook ${name} is invalid`);
    return {
      playbook: loaded.playbook,
      origin: 'shipped' as const,
      version: null,
      digest: loaded.digest,
      publishedAt: null,
      publishedBy: null,
    };
  });
  return shipped;
}

/**
 * Every playbook in matching order: the organisation's (latest version of each, by name) before
 * the shipped ones, so a published playbook overrides a shipped one of the same name.
 */
export async function listPlaybooks(db: Db): Promise<StoredPlaybook[]> {
  const rows = await db
    .selectFrom('playbooks')
    .selectAll()
    .orderBy('name')
    .orderBy('version', 'desc')
    .execute();
  const published = new Map<string, StoredPlaybook>();
  for (const row of rows) {
    if (published.has(row.name)) continue;
    published.set(row.name, {
      playbook: assertPlaybook(row.source, row.name),
      origin: 'published',
      version: row.version,
      digest: row.digest,
      publishedAt: iso(row.published_at),
      publishedBy: row.published_by,
    });
  }
  return [
    ...published.values(),
    ...shippedPlaybooks().filter((p) => !published.has(p.playbook.name)),
  ];
}

/** The named playbook, or the first that applies to the incident; undefined if none applies. */
export async function choosePlaybook(
  db: Db,
  incident: { type: string; severity: string; playbook?: string | undefined },
): Promise<StoredPlaybook | undefined> {
  const all = await listPlaybooks(db);
  if (incident.playbook !== undefined) {
    const named = all.find((p) => p.playbook.name === incident.playbook);
    if (named === undefined) throw new NotFoundError('playbook', incident.playbook);
    return named;
  }
  const match = matchPlaybook(
    all.map((p) => p.playbook),
    incident,
  );
  return all.find((p) => p.playbook === match);
}

/** Publishes a playbook's YAML as the next version of its name (validated, ledgered). */
export async function publishPlaybook(
  ctx: RegistryContext,
  actor: Actor,
  source: string,
): Promise<StoredPlaybook> {
  const playbook = assertPlaybook(source);
  const digest = sha256Digest(source);
  await ctx.committer.commit(actor, 'playbook.publish', async (tx, now) => {
    const latest = await tx
      .selectFrom('playbooks')
      .select(['version', 'digest'])
      .where('name', '=', playbook.name)
      .orderBy('version', 'desc')
      .executeTakeFirst();
    if (latest?.digest === digest) {
      throw new ConflictError(
        `playbook ${playbook.name} version ${latest.version} already has this text`,
        { name: playbook.name, version: latest.version },
        'ALREADY_EXISTS',
      );
    }
    const version = (latest?.version ?? 0) + 1;
    await tx
      .insertInto('playbooks')
      .values({
        name: playbook.name,
        version,
        source,
        digest,
        published_at: now,
        published_by: actor.name,
      })
      .execute();
    return {
      result: version,
      events: [
        {
          type: 'playbook-published',
          subject: { kind: 'playbook', id: `${playbook.name}@${version}`, ref: playbook.name },
          payload: { name: playbook.name, version, digest, steps: playbook.steps.map((s) => s.id) },
        },
      ],
    };
  });
  const stored = (await listPlaybooks(ctx.db)).find((p) => p.playbook.name === playbook.name);
  if (stored === undefined) throw new NotFoundError('playbook', playbook.name);
  return stored;
}

import type { Kysely, Transaction } from 'kysely';
import { z } from 'zod';
import { parseInput } from '../../auth/identity/parse-input.js';
import type { Actor } from '../../auth/index.js';
import { NotFoundError, ValidationError } from '../../lib/index.js';
import {
  findModel,
  iso,
  modelNamespace,
  modelRefOf,
  newId,
  type RegistryContext,
} from '../../registry/index.js';
import type { Database } from '../../store/index.js';
import type { SubControl } from '../catalogue/index.js';

type Db = Kysely<Database> | Transaction<Database>;

export const attestationInputSchema = z.strictObject({
  /** The attested sub-control, e.g. `C5.4`. */
  subControl: z.string().regex(/^C(?:[1-9]|1[0-2])\.[1-9][0-9]?$/, 'like C5.4'),
  /** Required for sub-controls attested per model; refused for organisation-wide ones. */
  model: z.string().min(1).max(300).optional(),
  /** What happened, when and who took part. */
  statement: z.string().min(10).max(5000),
  /** Where the underlying document lives: a URL, a document id, or `sha256:<digest>` of a file. */
  reference: z.string().min(1).max(1000).optional(),
  /** When it happened (default: now); validity counts from here. */
  heldAt: z.iso.datetime({ offset: true }).optional(),
});

export interface AttestationView {
  id: string;
  subControl: string;
  model: string | null;
  statement: string;
  reference: string | null;
  attestedBy: string;
  attestedAt: string;
  validUntil: string;
}

/**
 * Records a person's attestation for an attested sub-control (a training, a drill, a restore
 * test). It counts for the sub-control's `validForDays` from when it was held. Per-model
 * attestations need `compliance:write` in the model's namespace; organisation-wide ones
 * `catalogue:write`.
 */
export async function recordAttestation(
  ctx: RegistryContext,
  actor: Actor,
  controls: readonly { subControls: SubControl[] }[],
  body: unknown,
): Promise<AttestationView> {
  const input = parseInput(attestationInputSchema, body, 'attestation');
  const sub = controls.flatMap((c) => c.subControls).find((s) => s.id === input.subControl);
  if (sub === undefined) throw new NotFoundError('sub-control', input.subControl);
  if (sub.kind !== 'attested')
    throw new ValidationError(
      `${sub.id} is decided by the automated check '${sub.check ?? ''}', not by attestation`,
    );
  if (sub.scope === 'model' && input.model === undefined)
    throw new ValidationError(`${sub.id} is attested per model: give the model`);
  if (sub.scope === 'organisation' && input.model !== undefined)
    throw new ValidationError(`${sub.id} is attested for the whole organisation: give no model`);
  const model = input.model === undefined ? null : await findModel(ctx.db, input.model);
  const now = ctx.clock.now();
  const heldAt = input.heldAt === undefined ? now : new Date(input.heldAt);
  if (heldAt.getTime() > now.getTime() + 60_000)
    throw new ValidationError('heldAt is in the future');
  const validUntil = new Date(heldAt.getTime() + (sub.validForDays ?? 365) * 86_400_000);
  const id = await ctx.committer.commit(
    actor,
    model === null ? 'organisation-attestation.record' : 'attestation.record',
    async (tx) => {
      const attestationId = newId(ctx);
      await tx
        .insertInto('compliance_attestations')
        .values({
          id: attestationId,
          sub_control: sub.id,
          model_id: model?.id ?? null,
          statement: input.statement,
          reference: input.reference ?? null,
          attested_by: actor.name,
          attested_at: heldAt,
          valid_until: validUntil,
        })
        .execute();
      return {
        result: attestationId,
        events: [
          {
            type: 'attestation-recorded',
            subject: {
              kind: 'attestation',
              id: attestationId,
              ref: model === null ? sub.id : `${modelRefOf(model)}/${sub.id}`,
            },
            payload: {
              subControl: sub.id,
              model: model === null ? null : modelRefOf(model),
              statement: input.statement,
              reference: input.reference ?? null,
              heldAt: heldAt.toISOString(),
              validUntil: validUntil.toISOString(),
            },
          },
        ],
      };
    },
    model === null ? undefined : { namespace: await modelNamespace(ctx.db, modelRefOf(model)) },
  );
  return (await listAttestations(ctx.db, {})).find((a) => a.id === id) as AttestationView;
}

export async function listAttestations(
  db: Db,
  filter: { modelId?: string; subControl?: string },
): Promise<AttestationView[]> {
  let query = db
    .selectFrom('compliance_attestations as a')
    .leftJoin('models as m', 'm.id', 'a.model_id')
    .selectAll('a')
    .select(['m.namespace', 'm.name']);
  if (filter.modelId !== undefined) query = query.where('a.model_id', '=', filter.modelId);
  if (filter.subControl !== undefined) query = query.where('a.sub_control', '=', filter.subControl);
  const rows = await query.orderBy('a.attested_at', 'desc').execute();
  return rows.map((r) => ({
    id: r.id,
    subControl: r.sub_control,
    model:
      r.name === null || r.namespace === null
        ? null
        : modelRefOf({ namespace: r.namespace, name: r.name }),
    statement: r.statement,
    reference: r.reference,
    attestedBy: r.attested_by,
    attestedAt: iso(r.attested_at),
    validUntil: iso(r.valid_until),
  }));
}

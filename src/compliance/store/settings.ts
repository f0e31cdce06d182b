import type { Kysely, Transaction } from 'kysely';
import { z } from 'zod';
import type { Actor } from '../../auth/index.js';
import { parseInput } from '../../auth/identity/parse-input.js';
import { ValidationError } from '../../lib/index.js';
import { iso, type RegistryContext } from '../../registry/index.js';
import { json, type Database } from '../../store/index.js';

type Db = Kysely<Database> | Transaction<Database>;

/**
 * Organisation-wide compliance settings. The retention defaults are the legal minimums:
 * EU AI Act Arts 19 and 26(6) keep logs at least six months, Art 18 keeps technical documentation
 * ten years, HIPAA 45 CFR 164.316(b)(2)(i) keeps Security Rule documentation six years.
 */
export const complianceSettingsSchema = z.strictObject({
  /** Raw prediction logs of deployed models are kept at least this long (C4.3). */
  logRetentionDays: z.number().int().min(1).max(36_500).default(184),
  /** Technical documentation (cards, reports, evidence) is kept at least this long. */
  documentationRetentionYears: z.number().int().min(1).max(100).default(10),
  /** For models processing ePHI (HIPAA). */
  hipaaDocumentationRetentionYears: z.number().int().min(1).max(100).default(6),
  /** Voluntary frameworks the organisation follows; they apply to every model. */
  adoptedFrameworks: z
    .array(z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/))
    .max(50)
    .default(['nist-ai-rmf', 'iso-42001']),
});
export type ComplianceSettings = z.infer<typeof complianceSettingsSchema>;

export const DEFAULT_SETTINGS: ComplianceSettings = complianceSettingsSchema.parse({});

export interface SettingsView extends ComplianceSettings {
  /** Where each default comes from, for the reader. */
  basis: Record<string, string>;
  updatedAt: string | null;
  updatedBy: string | null;
}

const BASIS = {
  logRetentionDays:
    'EU AI Act Arts 19(1), 26(6): logs kept at least six months (184 days covers any six calendar months)',
  documentationRetentionYears: 'EU AI Act Arts 18(1), 47(1): documentation kept ten years',
  hipaaDocumentationRetentionYears: 'HIPAA 45 CFR 164.316(b)(2)(i): six years',
  adoptedFrameworks: 'voluntary frameworks apply only where adopted',
};

export async function getComplianceSettings(db: Db): Promise<SettingsView> {
  const row = await db
    .selectFrom('compliance_settings')
    .selectAll()
    .where('id', '=', 1)
    .executeTakeFirst();
  const settings =
    row === undefined ? DEFAULT_SETTINGS : complianceSettingsSchema.parse(row.settings);
  return {
    ...settings,
    basis: BASIS,
    updatedAt: row === undefined ? null : iso(row.updated_at),
    updatedBy: row?.updated_by ?? null,
  };
}

/** Changes some settings (the rest keep their values); validated and ledgered. */
export async function putComplianceSettings(
  ctx: RegistryContext,
  actor: Actor,
  body: unknown,
): Promise<SettingsView> {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new ValidationError('settings must be a JSON object');
  const current = await getComplianceSettings(ctx.db);
  const values: ComplianceSettings = {
    logRetentionDays: current.logRetentionDays,
    documentationRetentionYears: current.documentationRetentionYears,
    hipaaDocumentationRetentionYears: current.hipaaDocumentationRetentionYears,
    adoptedFrameworks: current.adoptedFrameworks,
  };
  const settings = parseInput(
    complianceSettingsSchema,
    { ...values, ...body },
    'compliance settings',
  );
  await ctx.committer.commit(actor, 'compliance-settings.write', async (tx, now) => {
    await tx
      .insertInto('compliance_settings')
      .values({ id: 1, settings: json(settings), updated_at: now, updated_by: actor.name })
      .onConflict((oc) =>
        oc
          .column('id')
          .doUpdateSet({ settings: json(settings), updated_at: now, updated_by: actor.name }),
      )
      .execute();
    return {
      result: null,
      events: [
        {
          type: 'compliance-settings-changed',
          subject: { kind: 'compliance-settings', id: 'organisation' },
          payload: settings,
        },
      ],
    };
  });
  return getComplianceSettings(ctx.db);
}

import { z } from 'zod';
import { aliasSchema, environmentSchema } from '../../lib/index.js';
import { INCIDENT_TYPES, SEVERITIES } from '../rules/index.js';
import {
  placeholdersIn,
  PAYLOAD_PLACEHOLDERS,
  type PayloadValue,
} from './render-webhook-payload.js';

export const PLAYBOOK_API_VERSION = 'verity.dev/v1';

export const ACTION_KINDS = [
  'rollback',
  'move-alias',
  'freeze-version',
  'retrain-webhook',
] as const;
export type ActionKind = (typeof ACTION_KINDS)[number];

/** `move-alias` target meaning "the version the alias pointed at before its latest move". */
export const PREVIOUS_VERSION = 'previous';

/**
 * Problem codes carried by custom zod issues (`params.problem`), so the loader can report them
 * under their own code instead of the generic SCHEMA.
 */
export const INVALID_URL = 'INVALID_URL';
export const UNKNOWN_PLACEHOLDER = 'UNKNOWN_PLACEHOLDER';

const KEBAB_PATTERN = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;
/** As `parseRef` in lib/names.ts accepts after the `@`: a sequence, a label or an alias. */
const VERSION_REF_PATTERN = /^[A-Za-z0-9][A-Za-z0-9.+_-]{0,127}$/;
const MAX_TEXT = 2000;
const MAX_URL = 2048;

const kebab = (what: string) =>
  z
    .string()
    .max(64, `${what} must be at most 64 characters`)
    .regex(KEBAB_PATTERN, `${what} must be lowercase kebab-case starting with a letter`);
const text = z.string().trim().min(1).max(MAX_TEXT);

/** Why `url` cannot be a retraining webhook, or undefined when it can. */
export function webhookUrlProblem(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `'${url.slice(0, 100)}' is not an absolute URL`;
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    return `the webhook URL must use http or https, not ${parsed.protocol.slice(0, -1)}`;
  }
  // Playbooks are shown to every reader of an incident and recorded in the ledger; a secret
  // in them is a leaked secret.
  if (parsed.username !== '' || parsed.password !== '') {
    return 'the webhook URL must not carry credentials; give the receiver a token another way';
  }
  return undefined;
}

const webhookUrl = z
  .string()
  .max(MAX_URL)
  .superRefine((url, ctx) => {
    const problem = webhookUrlProblem(url);
    if (problem !== undefined) {
      ctx.addIssue({ code: 'custom', message: problem, params: { problem: INVALID_URL } });
    }
  });

const payloadValue: z.ZodType<PayloadValue> = z.lazy(() =>
  z.union([
    z.string().max(MAX_TEXT),
    z.number(),
    z.boolean(),
    z.null(),
    z.array(payloadValue).max(100),
    z.record(z.string().max(100), payloadValue),
  ]),
);

const payloadTemplate = z.record(z.string().max(100), payloadValue).superRefine((payload, ctx) => {
  for (const { name, path } of placeholdersIn(payload)) {
    if (!(PAYLOAD_PLACEHOLDERS as readonly string[]).includes(name)) {
      ctx.addIssue({
        code: 'custom',
        path,
        message: `unknown placeholder {{${name}}}; use one of ${PAYLOAD_PLACEHOLDERS.map((p) => `{{${p}}}`).join(', ')}`,
        params: { problem: UNKNOWN_PLACEHOLDER },
      });
    }
  }
});

export const playbookActionSchema = z.discriminatedUnion('kind', [
  /** Redeploy, in `environment`, the version that served it before the current one. */
  z.strictObject({
    kind: z.literal('rollback'),
    environment: environmentSchema.default('production'),
  }),
  /** Point the model's alias at a version (a ref, or `previous`). */
  z.strictObject({
    kind: z.literal('move-alias'),
    alias: aliasSchema.refine((a) => a !== 'latest', "'latest' is not an alias that can move"),
    to: z
      .string()
      .regex(
        VERSION_REF_PATTERN,
        `must be a version reference (sequence, label or alias) or '${PREVIOUS_VERSION}'`,
      ),
  }),
  /** Freeze the affected version so it cannot be promoted or changed while it is investigated. */
  z.strictObject({ kind: z.literal('freeze-version') }),
  /** POST a JSON payload to a retraining pipeline. */
  z.strictObject({
    kind: z.literal('retrain-webhook'),
    url: webhookUrl,
    payload: payloadTemplate.optional(),
  }),
]);

const stepBase = {
  id: kebab('a step id'),
  title: text,
  /** Guidance for whoever carries the step out. */
  description: text.optional(),
};

export const playbookStepSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    ...stepBase,
    kind: z.literal('action'),
    /** Run as soon as the incident opens, without waiting for a person. */
    auto: z.boolean().default(false),
    action: playbookActionSchema,
  }),
  z.strictObject({ ...stepBase, kind: z.literal('checklist') }),
]);

const uniqueList = <T extends string>(values: readonly [T, ...T[]], what: string) =>
  z
    .array(z.enum(values))
    .min(1, `list at least one ${what}, or leave the filter out`)
    .transform((list) => values.filter((v) => list.includes(v)));

/**
 * The normalised form of a playbook: strings trimmed, defaults applied, filter lists in their
 * canonical order without repeats. Its RFC 8785 canonical JSON is what the playbook digest covers.
 */
export const playbookSchema = z.strictObject({
  apiVersion: z.literal(PLAYBOOK_API_VERSION),
  kind: z.literal('Playbook'),
  name: kebab('a playbook name'),
  description: z.string().trim().max(MAX_TEXT).default(''),
  /** Absent filters match every incident. */
  appliesTo: z
    .strictObject({
      types: uniqueList(INCIDENT_TYPES, 'incident type').optional(),
      severities: uniqueList(SEVERITIES, 'severity').optional(),
    })
    .default({}),
  steps: z.array(playbookStepSchema).min(1, 'a playbook needs at least one step').max(100),
});

export type Playbook = z.output<typeof playbookSchema>;
export type PlaybookStep = z.output<typeof playbookStepSchema>;
export type PlaybookAction = z.output<typeof playbookActionSchema>;

/**
 * Escalation: who is notified when an incident is opened, and who next while nobody has
 * acknowledged it. Deciding which levels are due is pure; sending the notifications and recording
 * `notifiedLevels` is the caller's job.
 */
import { z } from 'zod';
import { actorSchema } from '../../lib/index.js';
import type { Issue } from '../../lib/index.js';
import { SEVERITIES, SEVERITY_LEVELS } from './severity.js';
import type { Severity } from './severity.js';
import { MINUTE_MS, readInstant, throwIfIssues, validationError } from './time.js';
import type { Instant } from './time.js';

/** The longest escalation delay accepted: 30 days, beyond the slowest resolve target. */
export const MAX_ESCALATION_MINUTES = 30 * 24 * 60;

// Same alphabet as role names in auth/roles.ts; not imported, to keep this module free of the
// store and other IO behind auth.
const roleNameSchema = z
  .string()
  .regex(/^[a-z][a-z0-9-]{0,63}$/, 'must be lowercase kebab-case, 1-64 characters');

export const escalationLevelSchema = z
  .strictObject({
    /** Minutes after opening at which this level is notified, if still unacknowledged. */
    afterMinutes: z.number().int().min(0).max(MAX_ESCALATION_MINUTES),
    /** Role names (`maintainer`, `risk-officer`, ...) whose holders are notified. */
    roles: z.array(roleNameSchema).max(20),
    /** Individual users notified in addition. */
    users: z.array(actorSchema).max(50).optional(),
  })
  .superRefine((level, ctx) => {
    if (level.roles.length === 0 && (level.users?.length ?? 0) === 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['roles'],
        message: 'a level must notify at least one role or user',
        params: { code: 'no_recipients' },
      });
    }
  });

/** One escalation policy per severity; levels in strictly ascending `afterMinutes`. */
export const escalationPolicySchema = z
  .strictObject({
    severity: z.enum(SEVERITIES),
    levels: z.array(escalationLevelSchema).min(1).max(10),
  })
  .superRefine((policy, ctx) => {
    policy.levels.forEach((level, i) => {
      const previous = policy.levels[i - 1];
      if (previous !== undefined && level.afterMinutes <= previous.afterMinutes) {
        ctx.addIssue({
          code: 'custom',
          path: ['levels', i, 'afterMinutes'],
          message: `level ${i} (after ${level.afterMinutes} min) must come strictly after level ${i - 1} (after ${previous.afterMinutes} min)`,
          params: { code: 'levels_not_ascending' },
        });
      }
    });
  });

export type EscalationLevel = z.infer<typeof escalationLevelSchema>;
export type EscalationPolicy = z.infer<typeof escalationPolicySchema>;

/**
 * `input` as a policy; throws `ValidationError` listing every problem. Our own checks carry the
 * codes `no_recipients` and `levels_not_ascending`; shape problems keep Zod's codes.
 */
export function parseEscalationPolicy(input: unknown): EscalationPolicy {
  const parsed = escalationPolicySchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issues: Issue[] = parsed.error.issues.map((i) => {
    const custom =
      i.code === 'custom' ? (i.params as { code?: unknown } | undefined)?.code : undefined;
    return {
      code: typeof custom === 'string' ? custom : i.code,
      path: i.path.filter((p): p is string | number => typeof p !== 'symbol'),
      message: i.message,
    };
  });
  throw validationError('invalid escalation policy', issues);
}

/**
 * Verity's defaults, using the built-in roles. Level 0 goes out at opening; level 1 at the
 * severity's acknowledgement target (SEVERITY_LEVELS), then up to `admin`. SEV1 tells the
 * compliance officer at once because regulatory clocks may already be running.
 */
export const DEFAULT_ESCALATION_POLICIES: Readonly<Record<Severity, EscalationPolicy>> = {
  SEV1: {
    severity: 'SEV1',
    levels: [
      { afterMinutes: 0, roles: ['maintainer', 'risk-officer', 'compliance-officer'] },
      { afterMinutes: SEVERITY_LEVELS.SEV1.acknowledgeWithinMinutes, roles: ['admin'] },
    ],
  },
  SEV2: {
    severity: 'SEV2',
    levels: [
      { afterMinutes: 0, roles: ['maintainer', 'risk-officer'] },
      {
        afterMinutes: SEVERITY_LEVELS.SEV2.acknowledgeWithinMinutes,
        roles: ['compliance-officer'],
      },
      { afterMinutes: 2 * 60, roles: ['admin'] },
    ],
  },
  SEV3: {
    severity: 'SEV3',
    levels: [
      { afterMinutes: 0, roles: ['maintainer'] },
      { afterMinutes: SEVERITY_LEVELS.SEV3.acknowledgeWithinMinutes, roles: ['risk-officer'] },
    ],
  },
  SEV4: {
    severity: 'SEV4',
    levels: [
      { afterMinutes: 0, roles: ['maintainer'] },
      { afterMinutes: SEVERITY_LEVELS.SEV4.acknowledgeWithinMinutes, roles: ['risk-officer'] },
    ],
  },
};

/** What `dueEscalations` needs to know about the incident. */
export interface EscalationState {
  openedAt: Instant;
  /** Null while unacknowledged. An acknowledgement after `now` is not yet one. */
  acknowledgedAt: Instant | null;
  /** Indices of levels already notified. */
  notifiedLevels: readonly number[];
}

/**
 * Indices (ascending) of the levels that are due at `now` and not yet notified. A level is due
 * once `now ≥ openedAt + afterMinutes`, to the millisecond. Once the incident is acknowledged no
 * level escalates any more, except level 0: it is the opening notice, not an escalation, so it is
 * still due if it was never sent. Several levels can be due at once after a notifier outage; all
 * are returned.
 */
export function dueEscalations(
  policy: EscalationPolicy,
  state: EscalationState,
  now: Instant,
): number[] {
  const { levels } = parseEscalationPolicy(policy);
  const issues: Issue[] = [];
  const opened = readInstant(state.openedAt, ['openedAt'], issues);
  const at = readInstant(now, ['now'], issues);
  const acked =
    state.acknowledgedAt === null
      ? null
      : readInstant(state.acknowledgedAt, ['acknowledgedAt'], issues);
  if (!Array.isArray(state.notifiedLevels)) {
    issues.push({
      code: 'invalid_type',
      path: ['notifiedLevels'],
      message: 'notifiedLevels must be an array',
    });
  } else {
    state.notifiedLevels.forEach((n, i) => {
      if (!Number.isSafeInteger(n) || n < 0 || n >= levels.length) {
        issues.push({
          code: 'unknown_level',
          path: ['notifiedLevels', i],
          message: `notifiedLevels.${i}: ${String(n)} is not a level of this policy (0-${levels.length - 1})`,
        });
      }
    });
  }
  if (opened === null || at === null) throw validationError('invalid escalation state', issues);
  if (at < opened) {
    issues.push({
      code: 'before_open',
      path: ['now'],
      message: 'now is before the incident was opened',
    });
  }
  if (acked !== null && acked < opened) {
    issues.push({
      code: 'acknowledged_before_open',
      path: ['acknowledgedAt'],
      message: 'acknowledgedAt is before the incident was opened',
    });
  }
  throwIfIssues('invalid escalation state', issues);

  const acknowledged = acked !== null && acked <= at;
  const notified = new Set(state.notifiedLevels);
  const due: number[] = [];
  levels.forEach((level, i) => {
    if (notified.has(i)) return;
    if (acknowledged && i > 0) return;
    if (at >= opened + level.afterMinutes * MINUTE_MS) due.push(i);
  });
  return due;
}

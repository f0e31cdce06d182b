import type { Transaction } from 'kysely';
import type { Actor } from '../auth/index.js';
import type { EventDraft } from '../ledger/index.js';
import { VerityError } from '../lib/index.js';
import { rollbackWithin, setAliasWithin, type RegistryContext } from '../registry/index.js';
import type { Database } from '../store/index.js';
import type { AffectedModel } from './incident-view.js';
import { queueNotification } from './incident-records.js';
import {
  DEFAULT_RETRAIN_PAYLOAD,
  describeAction,
  PREVIOUS_VERSION,
  renderWebhookPayload,
  type PlaybookAction,
} from './playbooks/index.js';

/** What an action step did: a line for the timeline and the events to record with it. */
export interface StepOutcome {
  ok: boolean;
  detail: string;
  events: EventDraft[];
}

interface IncidentRef {
  id: string;
  key: string;
  title: string;
  drill: boolean;
  affected: AffectedModel[];
}

/** The versions deployed last and before it in an environment (labels), for descriptions. */
async function deployedPair(tx: Transaction<Database>, modelId: string, environment: string) {
  const rows = await tx
    .selectFrom('deployments as d')
    .innerJoin('model_versions as v', 'v.id', 'd.version_id')
    .select(['v.label', 'd.version_id'])
    .where('d.model_id', '=', modelId)
    .where('d.environment', '=', environment)
    .orderBy('d.deployed_at', 'desc')
    .orderBy('d.id', 'desc')
    .limit(50)
    .execute();
  const current = rows[0];
  const previous = rows.find((r) => r.version_id !== current?.version_id);
  return { current: current?.label, previous: previous?.label };
}

async function previousAliasTarget(
  tx: Transaction<Database>,
  modelId: string,
  alias: string,
): Promise<string | undefined> {
  const row = await tx
    .selectFrom('alias_history as h')
    .innerJoin('model_versions as v', 'v.id', 'h.previous_version_id')
    .select('v.label')
    .where('h.model_id', '=', modelId)
    .where('h.alias', '=', alias)
    .orderBy('h.at', 'desc')
    .orderBy('h.id', 'desc')
    .executeTakeFirst();
  return row?.label;
}

/**
 * Carries out one playbook action inside the incident's transaction, on the incident's first
 * affected model (the one an alert or a person named). In a drill the action is described, not
 * done: "simulated: roll credit-risk in production back from 1.1.0 to 1.0.0". A refusal by the
 * registry (nothing to roll back to, a frozen version) is an outcome, not an error: the step
 * fails and the incident goes on.
 */
export async function runAction(
  ctx: RegistryContext,
  tx: Transaction<Database>,
  actor: Actor,
  incident: IncidentRef,
  action: PlaybookAction,
  now: Date,
): Promise<StepOutcome> {
  const target = incident.affected[0];
  if (target === undefined) {
    return { ok: false, detail: 'the incident names no affected model to act on', events: [] };
  }
  const environment =
    action.kind === 'rollback' ? action.environment : (target.environment ?? 'production');
  const pair = await deployedPair(tx, target.modelId, environment);
  const context = {
    model: target.model,
    environment,
    ...(target.version !== null
      ? { version: target.version }
      : pair.current === undefined
        ? {}
        : { version: pair.current }),
    ...(pair.previous === undefined ? {} : { previousVersion: pair.previous }),
  };
  const description = describeAction(action, context);
  if (incident.drill) return { ok: true, detail: `simulated: ${description}`, events: [] };
  const reason = `incident ${incident.key}: ${incident.title}`;
  try {
    switch (action.kind) {
      case 'rollback': {
        const rolled = await rollbackWithin(
          ctx,
          tx,
          actor,
          { model: target.model, environment: action.environment, reason },
          now,
        );
        return {
          ok: true,
          detail: `${description} (deployment ${rolled.result})`,
          events: rolled.events,
        };
      }
      case 'move-alias': {
        const to =
          action.to === PREVIOUS_VERSION
            ? await previousAliasTarget(tx, target.modelId, action.alias)
            : action.to;
        if (to === undefined) {
          return {
            ok: false,
            detail: `${target.model}@${action.alias} has no previous version`,
            events: [],
          };
        }
        const moved = await setAliasWithin(
          ctx,
          tx,
          actor,
          { model: target.model, alias: action.alias, version: to },
          now,
        );
        return {
          ok: true,
          detail: `point ${target.model}@${action.alias} at ${to}`,
          events: moved.events,
        };
      }
      case 'freeze-version': {
        const versionId =
          target.versionId ??
          (
            await tx
              .selectFrom('deployments')
              .select('version_id')
              .where('model_id', '=', target.modelId)
              .where('environment', '=', environment)
              .orderBy('deployed_at', 'desc')
              .orderBy('id', 'desc')
              .executeTakeFirst()
          )?.version_id;
        if (versionId === undefined) {
          return { ok: false, detail: `no version of ${target.model} to freeze`, events: [] };
        }
        const version = await tx
          .selectFrom('model_versions')
          .select(['label', 'frozen_at'])
          .where('id', '=', versionId)
          .executeTakeFirstOrThrow();
        if (version.frozen_at !== null) {
          return {
            ok: true,
            detail: `${target.model} ${version.label} was already frozen`,
            events: [],
          };
        }
        await tx
          .updateTable('model_versions')
          .set({ frozen_at: now, frozen_reason: `incident ${incident.key}` })
          .where('id', '=', versionId)
          .execute();
        return {
          ok: true,
          detail: `froze ${target.model} ${version.label}`,
          events: [
            {
              type: 'model-version-frozen',
              subject: {
                kind: 'model-version',
                id: versionId,
                ref: `${target.model}@${version.label}`,
              },
              payload: { incident: incident.key, reason },
            },
          ],
        };
      }
      case 'retrain-webhook': {
        const payload = renderWebhookPayload(action.payload ?? DEFAULT_RETRAIN_PAYLOAD, {
          model: target.model,
          ...(context.version === undefined ? {} : { version: context.version }),
          environment,
          incidentKey: incident.key,
        });
        // Delivered after the commit by the notifier (never from inside a transaction).
        await queueNotification(
          ctx,
          tx,
          incident.id,
          { level: -1, reason: 'retrain-webhook', recipients: { url: action.url, payload } },
          now,
        );
        return {
          ok: true,
          detail: `retraining requested from ${new URL(action.url).host}`,
          events: [
            {
              type: 'retraining-requested',
              subject: { kind: 'model', id: target.modelId, ref: target.model },
              payload: { incident: incident.key, url: action.url, reason },
            },
          ],
        };
      }
    }
  } catch (error) {
    if (error instanceof VerityError)
      return { ok: false, detail: `${description}: ${error.message}`, events: [] };
    throw error;
  }
}

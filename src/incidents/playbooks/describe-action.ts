import { PREVIOUS_VERSION, type PlaybookAction } from './playbook-schema.js';

/** What an action applies to: the incident's model and, when known, its versions. */
export interface ActionContext {
  model: string;
  /** Where the incident happened; actions that name their own environment use theirs. */
  environment?: string;
  /** The affected version. */
  version?: string;
  /**
   * For `rollback`, the version that served the environment before the affected one; for
   * `move-alias` to `previous`, the version the alias pointed at before its latest move.
   */
  previousVersion?: string;
}

/**
 * One line saying what `action` does or would do, e.g. "roll credit-risk in production back
 * from 1.1.0 to 1.0.0". Used in timelines and by drills, which simulate actions instead of
 * running them. Context values are flattened to one line: they may come from user input.
 */
export function describeAction(action: PlaybookAction, context: ActionContext): string {
  const model = oneLine(context.model);
  const version = context.version === undefined ? undefined : oneLine(context.version);
  const previous =
    context.previousVersion === undefined ? undefined : oneLine(context.previousVersion);
  const where = context.environment === undefined ? '' : ` in ${oneLine(context.environment)}`;
  const affected =
    version === undefined ? `the affected version of ${model}` : `${model} ${version}`;

  switch (action.kind) {
    case 'rollback': {
      const from = version === undefined ? '' : ` from ${version}`;
      const to = previous === undefined ? 'the previous version' : previous;
      return `roll ${model} in ${action.environment} back${from} to ${to}`;
    }
    case 'move-alias': {
      const target =
        action.to !== PREVIOUS_VERSION
          ? action.to
          : previous === undefined
            ? 'the previous version'
            : `${previous} (the previous version)`;
      return `point ${model}@${action.alias} at ${target}`;
    }
    case 'freeze-version':
      return `freeze ${affected}${where} so it cannot be promoted or changed`;
    case 'retrain-webhook': {
      const affectedVersion = version === undefined ? '' : ` (affected version ${version})`;
      return `trigger retraining of ${model}${affectedVersion} via POST ${safeUrl(action.url)}`;
    }
  }
}

function oneLine(text: string): string {
  // eslint-disable-next-line no-control-regex
  const flat = text.replace(/[\u0000-\u001f\u007f\s]+/g, ' ').trim();
  return flat.length > 200 ? `${flat.slice(0, 199)}…` : flat;
}

/** Origin and path only: a query string may hold a token. */
function safeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}`;
  } catch {
    return 'the configured URL';
  }
}

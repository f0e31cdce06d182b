export {
  ACTION_KINDS,
  PLAYBOOK_API_VERSION,
  PREVIOUS_VERSION,
  playbookActionSchema,
  playbookSchema,
  playbookStepSchema,
  webhookUrlProblem,
  type ActionKind,
  type Playbook,
  type PlaybookAction,
  type PlaybookStep,
} from './playbook-schema.js';
export {
  PLAYBOOK_PROBLEM_CODES,
  type PlaybookProblem,
  type PlaybookProblemCode,
} from './playbook-problem.js';
export {
  assertPlaybook,
  loadPlaybook,
  MAX_PLAYBOOK_SOURCE_LENGTH,
  type PlaybookLoadResult,
} from './load-playbook.js';
export { matchPlaybook, type PlaybookMatchInput } from './match-playbook.js';
export { describeAction, type ActionContext } from './describe-action.js';
export {
  DEFAULT_RETRAIN_PAYLOAD,
  PAYLOAD_PLACEHOLDERS,
  renderWebhookPayload,
  type PayloadContext,
  type PayloadPlaceholder,
  type PayloadValue,
} from './render-webhook-payload.js';
export {
  loadShippedPlaybooks,
  SHIPPED_PLAYBOOK_NAMES,
  SHIPPED_PLAYBOOKS,
} from './shipped-playbooks.js';

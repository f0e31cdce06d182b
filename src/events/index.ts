export * from './cloud-event.js';
export * from './event-patterns.js';
export * from './retry-backoff.js';
export * from './webhook-signature.js';
export * from './webhook-schemas.js';
export type { EventsContext } from './context.js';
export { deliversTo, PING_EVENT_TYPE, webhookOutbox, type WebhookOutboxOptions } from './outbox.js';
export {
  WebhookDispatcher,
  WEBHOOK_USER_AGENT,
  type AttemptOutcome,
  type WebhookDispatcherOptions,
  type WebhookLogger,
} from './webhook-dispatcher.js';
export {
  createWebhook,
  deleteWebhook,
  getWebhook,
  getWebhookDelivery,
  listWebhookDeliveries,
  listWebhooks,
  pingWebhook,
  redeliverWebhookDelivery,
  rotateWebhookSecret,
  updateWebhook,
} from './webhooks.js';

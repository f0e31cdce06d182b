import type {
  CreateWebhookInput,
  ListDeliveriesQuery,
  UpdateWebhookInput,
  Webhook,
  WebhookDelivery,
  WebhookDeliveryPage,
  WebhookWithSecret,
} from '../events/index.js';
import { qs, seg, type HttpTransport } from './http-transport.js';

export type {
  CreateWebhookInput,
  ListDeliveriesQuery,
  UpdateWebhookInput,
  Webhook,
  WebhookDelivery,
  WebhookDeliveryPage,
  WebhookWithSecret,
};

/**
 * Webhook subscriptions and their delivery log (server side: src/server/routes/webhooks.ts).
 * `name` is a webhook's name or id. The signing secret is only in the answers to `createWebhook`
 * and `rotateWebhookSecret`. Reached as `client.webhooks`.
 */
export class WebhookApi {
  constructor(private readonly http: HttpTransport) {}

  async listWebhooks(): Promise<Webhook[]> {
    return (await this.http.json<{ items: Webhook[] }>('GET', '/webhooks')).items;
  }
  getWebhook(name: string): Promise<Webhook> {
    return this.http.json('GET', `/webhooks/${seg(name)}`);
  }
  /** Subscribes a URL; the answer carries the signing secret, shown this once. */
  createWebhook(input: CreateWebhookInput): Promise<WebhookWithSecret> {
    return this.http.json('POST', '/webhooks', input);
  }
  updateWebhook(name: string, input: UpdateWebhookInput): Promise<Webhook> {
    return this.http.json('PATCH', `/webhooks/${seg(name)}`, input);
  }
  /** Deletes the webhook with its delivery log; pending deliveries are dropped. */
  deleteWebhook(name: string): Promise<void> {
    return this.http.empty('DELETE', `/webhooks/${seg(name)}`);
  }
  /** Replaces the signing secret; the answer carries the new one, shown this once. */
  rotateWebhookSecret(name: string): Promise<WebhookWithSecret> {
    return this.http.json('POST', `/webhooks/${seg(name)}/rotate-secret`, undefined, true);
  }
  /** Queues a `webhook-pinged` event for this webhook alone. */
  pingWebhook(name: string): Promise<WebhookDelivery> {
    return this.http.json('POST', `/webhooks/${seg(name)}/ping`, undefined, true);
  }
  /** The delivery log, newest first. */
  listWebhookDeliveries(
    name: string,
    query: Partial<ListDeliveriesQuery> = {},
  ): Promise<WebhookDeliveryPage> {
    return this.http.json('GET', `/webhooks/${seg(name)}/deliveries${qs({ ...query })}`);
  }
  getWebhookDelivery(name: string, id: string): Promise<WebhookDelivery> {
    return this.http.json('GET', `/webhooks/${seg(name)}/deliveries/${seg(id)}`);
  }
  /** Queues a delivery again with a fresh retry budget (same webhook-id). */
  redeliverWebhookDelivery(name: string, id: string): Promise<WebhookDelivery> {
    return this.http.json(
      'POST',
      `/webhooks/${seg(name)}/deliveries/${seg(id)}/redeliver`,
      undefined,
      true,
    );
  }
}

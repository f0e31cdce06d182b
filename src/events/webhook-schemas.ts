import { z } from 'zod';
import { nameSchema } from '../lib/index.js';
import { eventTypePatternsSchema } from './event-patterns.js';

/**
 * Input and output shapes of the webhook API. The same schemas validate HTTP input and describe
 * the OpenAPI document, so the two cannot drift apart.
 */

const MAX_URL_LENGTH = 2048;

/**
 * Where deliveries go: an absolute http(s) URL without credentials. Userinfo is refused because a
 * password in a URL ends up in logs and listings; receivers authenticate Verity by the signature,
 * and Verity authenticates receivers by TLS.
 */
export const webhookUrlSchema = z
  .string()
  .max(MAX_URL_LENGTH)
  .superRefine((text, ctx) => {
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      ctx.addIssue({ code: 'custom', message: 'must be an absolute URL' });
      return;
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      ctx.addIssue({ code: 'custom', message: 'must be an http or https URL' });
    }
    if (url.username !== '' || url.password !== '') {
      ctx.addIssue({ code: 'custom', message: 'must not contain a user name or password' });
    }
    if (url.hash !== '') {
      ctx.addIssue({ code: 'custom', message: 'must not contain a #fragment' });
    }
  });

export const createWebhookSchema = z.object({
  name: nameSchema,
  url: webhookUrlSchema,
  eventTypes: eventTypePatternsSchema,
  active: z.boolean().optional(),
});
export type CreateWebhookInput = z.infer<typeof createWebhookSchema>;

export const updateWebhookSchema = z
  .object({
    url: webhookUrlSchema.optional(),
    eventTypes: eventTypePatternsSchema.optional(),
    active: z.boolean().optional(),
  })
  .refine(
    (u) => u.url !== undefined || u.eventTypes !== undefined || u.active !== undefined,
    'give at least one of url, eventTypes, active',
  );
export type UpdateWebhookInput = z.infer<typeof updateWebhookSchema>;

/** A webhook as listed and read: never its secret. */
export const webhookSchema = z.object({
  id: z.string(),
  name: z.string(),
  url: z.string(),
  eventTypes: z.array(z.string()),
  active: z.boolean(),
  createdAt: z.string(),
  createdBy: z.string(),
  updatedAt: z.string(),
});
export type Webhook = z.infer<typeof webhookSchema>;

/** Answer to creation and to `rotate-secret`: the only times the secret is ever shown. */
export const webhookWithSecretSchema = webhookSchema.extend({
  secret: z.string().describe('whsec_ + base64; shown once, store it now'),
});
export type WebhookWithSecret = z.infer<typeof webhookWithSecretSchema>;

export const DELIVERY_STATUSES = ['pending', 'delivered', 'dead'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export const webhookAttemptSchema = z.object({
  attempt: z.number().int(),
  at: z.string(),
  statusCode: z.number().int().nullable(),
  error: z.string().nullable(),
  durationMs: z.number().int(),
});
export type WebhookAttempt = z.infer<typeof webhookAttemptSchema>;

export const webhookDeliverySchema = z.object({
  id: z.string(),
  webhook: z.string().describe('the webhook’s name'),
  eventId: z.string().describe('the CloudEvent id, also sent as webhook-id'),
  eventType: z.string(),
  ledgerSeq: z.number().int().nullable(),
  status: z.enum(DELIVERY_STATUSES),
  attempts: z.number().int().describe('attempts since the delivery was last (re)queued'),
  nextAttemptAt: z.string().nullable().describe('null once delivered or dead'),
  lastStatusCode: z.number().int().nullable(),
  lastError: z.string().nullable(),
  createdAt: z.string(),
  deliveredAt: z.string().nullable(),
  history: z.array(webhookAttemptSchema).describe('every attempt, oldest first'),
});
export type WebhookDelivery = z.infer<typeof webhookDeliverySchema>;

export const listDeliveriesQuerySchema = z.object({
  status: z.enum(DELIVERY_STATUSES).optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
  cursor: z.string().min(1).max(2000).optional(),
});
export type ListDeliveriesQuery = z.infer<typeof listDeliveriesQuerySchema>;

export const webhookDeliveryPageSchema = z.object({
  items: z.array(webhookDeliverySchema),
  nextCursor: z.string().nullable(),
});
export type WebhookDeliveryPage = z.infer<typeof webhookDeliveryPageSchema>;

import type { Command } from 'commander';
import type { WebhookWithSecret } from '../../client/index.js';
import { intOption } from '../args.js';
import { contextOf, type CliContext } from '../context.js';
import { CliError } from '../errors.js';
import { parseNameList } from '../governance-args.js';
import {
  deliveriesTable,
  deliveryDetail,
  webhookDetail,
  webhooksTable,
} from '../governance-format.js';

interface UpdateOptions {
  url?: string;
  events?: string;
  active?: boolean;
}

/**
 * `verity webhook list|show|create|update|delete|deliveries|delivery|redeliver|ping|rotate-secret`:
 * CloudEvents delivered to a URL, signed with a secret that is shown only when it is made.
 */
export function registerWebhookCommands(program: Command): void {
  const webhook = program
    .command('webhook')
    .description('subscribe URLs to events and follow their deliveries');

  webhook
    .command('list')
    .description('every webhook (never their secrets)')
    .action(async (_options: unknown, command: Command) => {
      const ctx = contextOf(command);
      const items = await ctx.client.webhooks.listWebhooks();
      ctx.out.result({ items }, () => webhooksTable(items));
    });

  webhook
    .command('show')
    .description('one webhook')
    .argument('<name>', 'the webhook’s name or id')
    .action(async (name: string, _options: unknown, command: Command) => {
      const ctx = contextOf(command);
      const found = await ctx.client.webhooks.getWebhook(name);
      ctx.out.result(found, () => webhookDetail(found));
    });

  webhook
    .command('create')
    .description('subscribe a URL to events; the signing secret is printed this once')
    .argument('<name>', 'a name for it, e.g. slack-approvals')
    .requiredOption('--url <url>', 'where deliveries are POSTed (http or https)')
    .requiredOption('--events <a,b>', 'event types or patterns, e.g. promotion-*,approval-granted')
    .option('--inactive', 'create it paused')
    .action(
      async (
        name: string,
        options: { url: string; events: string; inactive?: boolean },
        command: Command,
      ) => {
        const ctx = contextOf(command);
        const created = await ctx.client.webhooks.createWebhook({
          name,
          url: options.url,
          eventTypes: parseNameList(options.events, 'event type'),
          ...(options.inactive === true ? { active: false } : {}),
        });
        printSecret(ctx, created, 'Created');
      },
    );

  webhook
    .command('update')
    .description('change a webhook’s URL, event types or active flag')
    .argument('<name>', 'the webhook’s name or id')
    .option('--url <url>', 'the new URL')
    .option('--events <a,b>', 'the new event types or patterns')
    .option('--active', 'resume deliveries')
    .option('--no-active', 'pause deliveries')
    .action(async (name: string, options: UpdateOptions, command: Command) => {
      const ctx = contextOf(command);
      if (
        options.url === undefined &&
        options.events === undefined &&
        options.active === undefined
      ) {
        throw new CliError(
          'VALIDATION_ERROR',
          'give at least one of --url, --events, --active, --no-active',
          {},
        );
      }
      const updated = await ctx.client.webhooks.updateWebhook(name, {
        ...(options.url === undefined ? {} : { url: options.url }),
        ...(options.events === undefined
          ? {}
          : { eventTypes: parseNameList(options.events, 'event type') }),
        ...(options.active === undefined ? {} : { active: options.active }),
      });
      ctx.out.result(updated, () => `Updated webhook ${updated.name}\n${webhookDetail(updated)}`);
    });

  webhook
    .command('delete')
    .description('delete a webhook with its delivery log (pending deliveries are dropped)')
    .argument('<name>', 'the webhook’s name or id')
    .action(async (name: string, _options: unknown, command: Command) => {
      const ctx = contextOf(command);
      await ctx.client.webhooks.deleteWebhook(name);
      ctx.out.result({ deleted: name }, () => `Deleted webhook ${name}`);
    });

  webhook
    .command('deliveries')
    .description('the delivery log, newest first')
    .argument('<name>', 'the webhook’s name or id')
    .option('--status <status>', 'pending, delivered or dead')
    .option('--limit <n>', 'page size (1-500)', intOption(1, 500))
    .option('--cursor <cursor>', 'the next page, from nextCursor')
    .action(
      async (
        name: string,
        options: { status?: string; limit?: number; cursor?: string },
        command: Command,
      ) => {
        const ctx = contextOf(command);
        const page = await ctx.client.webhooks.listWebhookDeliveries(name, {
          ...(options.status === undefined
            ? {}
            : { status: options.status as 'pending' | 'delivered' | 'dead' }),
          ...(options.limit === undefined ? {} : { limit: options.limit }),
          ...(options.cursor === undefined ? {} : { cursor: options.cursor }),
        });
        ctx.out.result(page, () => deliveriesTable(page.items));
        if (page.nextCursor !== null) {
          ctx.out.note(`more deliveries: --cursor ${page.nextCursor}`);
        }
      },
    );

  webhook
    .command('delivery')
    .description('one delivery with every attempt')
    .argument('<name>', 'the webhook’s name or id')
    .argument('<delivery-id>', 'from `webhook deliveries`')
    .action(async (name: string, id: string, _options: unknown, command: Command) => {
      const ctx = contextOf(command);
      const delivery = await ctx.client.webhooks.getWebhookDelivery(name, id);
      ctx.out.result(delivery, () => deliveryDetail(delivery));
    });

  webhook
    .command('redeliver')
    .description('queue a delivery again with a fresh retry budget (same webhook-id)')
    .argument('<name>', 'the webhook’s name or id')
    .argument('<delivery-id>', 'from `webhook deliveries`')
    .action(async (name: string, id: string, _options: unknown, command: Command) => {
      const ctx = contextOf(command);
      const delivery = await ctx.client.webhooks.redeliverWebhookDelivery(name, id);
      ctx.out.result(
        delivery,
        () => `Queued delivery ${delivery.id} of ${delivery.eventType} again`,
      );
    });

  webhook
    .command('ping')
    .description('queue a webhook-pinged event for this webhook alone, to test the receiver')
    .argument('<name>', 'the webhook’s name or id')
    .action(async (name: string, _options: unknown, command: Command) => {
      const ctx = contextOf(command);
      const delivery = await ctx.client.webhooks.pingWebhook(name);
      ctx.out.result(
        delivery,
        () =>
          `Queued ping delivery ${delivery.id}; follow it with \`verity webhook delivery ${name} ${delivery.id}\``,
      );
    });

  webhook
    .command('rotate-secret')
    .description('replace the signing secret; the new one is printed this once')
    .argument('<name>', 'the webhook’s name or id')
    .action(async (name: string, _options: unknown, command: Command) => {
      const ctx = contextOf(command);
      printSecret(
        ctx,
        await ctx.client.webhooks.rotateWebhookSecret(name),
        'Rotated the secret of',
      );
    });
}

/** The secret alone on stdout (so it can be captured), the rest and a warning on stderr. */
function printSecret(ctx: CliContext, webhook: WebhookWithSecret, verb: string): void {
  ctx.out.result(webhook, () => webhook.secret);
  ctx.out.note(`${verb} webhook ${webhook.name} (${webhook.url})`);
  ctx.out.note(
    'warning: this is the only time the signing secret is shown; give it to the receiver now.',
  );
}

import type { Command } from 'commander';
import type { PromotionStatus } from '../../client/index.js';
import { intOption, nameArg, parseRefArg } from '../args.js';
import { contextOf } from '../context.js';
import { blockedPromotionOf, gateBlockedError } from '../gate-checks.js';
import {
  failedRulesText,
  promotionDetail,
  promotionLine,
  promotionsTable,
} from '../governance-format.js';

interface ListOptions {
  status?: string;
  env?: string;
  model?: string;
  mine?: boolean;
  limit?: number;
}

/**
 * `verity promote request|list|show|approve|reject|cancel|override`: a version earns its way
 * into an environment through the gate, then the quorum of approvals. Separation of duties is
 * the server's: nobody approves what they authored or requested.
 */
export function registerPromoteCommands(program: Command): void {
  const promote = program
    .command('promote')
    .description('request, approve and follow promotions of versions to environments');

  promote
    .command('request')
    .description(
      'run the environment’s gate and open a promotion request (exit 1 and every failed rule when it blocks)',
    )
    .argument('<model@version>', 'the version to promote (a ref is required)')
    .requiredOption('--env <environment>', 'the target environment, e.g. production')
    .option('--justification <text>', 'why it should be promoted (kept in the audit trail)')
    .action(
      async (text: string, options: { env: string; justification?: string }, command: Command) => {
        const ctx = contextOf(command);
        const ref = parseRefArg(text, { kind: 'model', ref: 'required' });
        let promotion;
        try {
          promotion = await ctx.client.governance.requestPromotion({
            model: ref.name,
            version: ref.ref!,
            environment: options.env,
            ...(options.justification === undefined
              ? {}
              : { justification: options.justification }),
          });
        } catch (error) {
          const blocked = blockedPromotionOf(error);
          if (blocked === undefined) throw error;
          // The request is recorded as `blocked`; only a break-glass override reopens it.
          if (!ctx.out.json) {
            ctx.out.result(blocked, () =>
              [
                `Promotion ${blocked.promotionId} is blocked: the gate refused ${blocked.decision.model}@${blocked.decision.version} for ${blocked.decision.environment}`,
                failedRulesText(blocked.decision),
                `Every rule's result: verity gate show ${blocked.decision.id ?? ''}`,
              ].join('\n'),
            );
          }
          throw gateBlockedError(blocked.decision, blocked.promotionId);
        }
        ctx.out.result(promotion, () => promotionLine(promotion));
      },
    );

  promote
    .command('list')
    .description('promotion requests, newest first')
    .option(
      '--status <status>',
      'blocked, pending, approved, rejected, voided, expired, cancelled or superseded',
    )
    .option('--env <environment>', 'only this environment')
    .option('--model <model>', 'only this model')
    .option('--mine', 'only requests awaiting my approval (my approval inbox)')
    .option('--limit <n>', 'at most this many (1-500)', intOption(1, 500))
    .action(async (options: ListOptions, command: Command) => {
      const ctx = contextOf(command);
      const items = await ctx.client.governance.listPromotions({
        ...(options.status === undefined ? {} : { status: options.status as PromotionStatus }),
        ...(options.env === undefined ? {} : { environment: options.env }),
        ...(options.model === undefined ? {} : { model: nameArg(options.model, 'model') }),
        ...(options.mine === true ? { awaiting: 'me' as const } : {}),
        ...(options.limit === undefined ? {} : { limit: options.limit }),
      });
      ctx.out.result({ items }, () => promotionsTable(items));
    });

  promote
    .command('show')
    .description('one promotion with its approvals and what is still needed')
    .argument('<id>', 'the promotion id')
    .action(async (id: string, _options: unknown, command: Command) => {
      const ctx = contextOf(command);
      const promotion = await ctx.client.governance.getPromotion(id);
      ctx.out.result(promotion, () => promotionDetail(promotion));
    });

  promote
    .command('approve')
    .description(
      'approve a pending promotion (refused with SEPARATION_OF_DUTIES for its author, run owner or requester)',
    )
    .argument('<id>', 'the promotion id')
    .option('--reason <text>', 'what you checked (kept in the audit trail)')
    .option('--role <role>', 'the quorum role this approval fills, when you hold several')
    .action(async (id: string, options: { reason?: string; role?: string }, command: Command) => {
      const ctx = contextOf(command);
      const promotion = await ctx.client.governance.approvePromotion(id, {
        ...(options.reason === undefined ? {} : { reason: options.reason }),
        ...(options.role === undefined ? {} : { role: options.role }),
      });
      ctx.out.result(promotion, () => promotionLine(promotion));
    });

  promote
    .command('reject')
    .description('reject a pending or approved promotion')
    .argument('<id>', 'the promotion id')
    .requiredOption('--reason <text>', 'why (required; kept in the audit trail)')
    .action(async (id: string, options: { reason: string }, command: Command) => {
      const ctx = contextOf(command);
      const promotion = await ctx.client.governance.rejectPromotion(id, { reason: options.reason });
      ctx.out.result(promotion, () => promotionLine(promotion));
    });

  promote
    .command('cancel')
    .description('withdraw your own open request')
    .argument('<id>', 'the promotion id')
    .action(async (id: string, _options: unknown, command: Command) => {
      const ctx = contextOf(command);
      const promotion = await ctx.client.governance.cancelPromotion(id);
      ctx.out.result(promotion, () => promotionLine(promotion));
    });

  promote
    .command('override')
    .description(
      'break-glass: override a blocked gate (flagged in the audit trail, opens a review item)',
    )
    .argument('<id>', 'the blocked promotion id')
    .requiredOption('--justification <text>', 'why, in at least 20 characters')
    .action(async (id: string, options: { justification: string }, command: Command) => {
      const ctx = contextOf(command);
      const promotion = await ctx.client.governance.overrideGate(id, {
        justification: options.justification,
      });
      ctx.out.result(promotion, () => promotionLine(promotion));
      ctx.out.note('A review item is open for this override: see `verity review list --open`.');
    });
}

import type { Command } from 'commander';
import { collect, intOption } from '../args.js';
import { contextOf } from '../context.js';
import { parseScope } from '../governance-args.js';
import { tokenDetail, tokensTable } from '../governance-format.js';

/** `verity token create|list|revoke`: API tokens for scripts and CI. */
export function registerTokenCommands(program: Command): void {
  const token = program.command('token').description('create, list and revoke API tokens');

  token
    .command('create')
    .description(
      'create an API token for yourself (or, with identity:write, for --user); the secret is printed on stdout, this once only',
    )
    .argument('<name>', 'what it is for, e.g. ci-credit')
    .option(
      '--scope <role[@namespace]>',
      'narrow it to a role you hold, in a namespace or everywhere (repeatable)',
      collect,
    )
    .option('--expires-in-days <n>', 'lifetime (default 90)', intOption(1, 36_500))
    .option('--user <name>', 'issue it to another user, e.g. a CI service account (admins)')
    .action(
      async (
        name: string,
        options: { scope?: string[]; expiresInDays?: number; user?: string },
        command: Command,
      ) => {
        const ctx = contextOf(command);
        const created = await ctx.client.identity.createToken({
          name,
          ...(options.scope === undefined ? {} : { scopes: options.scope.map(parseScope) }),
          ...(options.expiresInDays === undefined ? {} : { expiresInDays: options.expiresInDays }),
          ...(options.user === undefined ? {} : { user: options.user }),
        });
        // stdout carries the secret alone, so `TOKEN=$(verity token create ci)` works.
        ctx.out.result(created, () => created.secret);
        ctx.out.note(tokenDetail(created.token));
        ctx.out.note(
          'warning: this is the only time the secret is shown; store it now (Verity keeps only its hash).',
        );
      },
    );

  token
    .command('list')
    .description('your tokens (metadata only), or another user’s with identity:read')
    .option('--user <name>', 'whose tokens')
    .action(async (options: { user?: string }, command: Command) => {
      const ctx = contextOf(command);
      const items = await ctx.client.identity.listTokens(
        options.user === undefined ? {} : { user: options.user },
      );
      ctx.out.result({ items }, () => tokensTable(items));
    });

  token
    .command('revoke')
    .description('revoke a token at once (yours, or anyone’s with identity:write)')
    .argument('<id>', 'the token id, from `token list`')
    .action(async (id: string, _options: unknown, command: Command) => {
      const ctx = contextOf(command);
      const revoked = await ctx.client.identity.revokeToken(id);
      ctx.out.result(
        revoked,
        () =>
          `Revoked token ${revoked.id} (${revoked.name}, ${revoked.prefix}…) of ${revoked.user}`,
      );
    });
}

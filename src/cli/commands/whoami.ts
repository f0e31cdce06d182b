import type { Command } from 'commander';
import { contextOf } from '../context.js';
import { meText } from '../governance-format.js';

/** `verity whoami`: who the server thinks you are, and what you may do where. */
export function registerWhoamiCommand(program: Command): void {
  program
    .command('whoami')
    .description('who the token belongs to, its roles and scopes, and what it may do where')
    .action(async (_options: unknown, command: Command) => {
      const ctx = contextOf(command);
      const me = await ctx.client.access.me();
      ctx.out.result(me, () => meText(me));
    });
}

import type { Command } from 'commander';
import { contextOf } from '../context.js';
import { passwordChangeFromStdin, passwordFromStdin } from '../governance-args.js';
import { userDetail, usersTable } from '../governance-format.js';

interface CreateOptions {
  displayName?: string;
  email?: string;
  passwordStdin?: boolean;
  oidc?: boolean;
}

/** `verity user list|show|create|set-password|disable|enable`: local users and pre-registered OIDC users. */
export function registerUserCommands(program: Command): void {
  const user = program.command('user').description('manage users');

  user
    .command('list')
    .description('every user')
    .action(async (_options: unknown, command: Command) => {
      const ctx = contextOf(command);
      const items = await ctx.client.identity.listUsers();
      ctx.out.result({ items }, () => usersTable(items));
    });

  user
    .command('show')
    .description('one user')
    .argument('<name>', 'the user')
    .action(async (name: string, _options: unknown, command: Command) => {
      const ctx = contextOf(command);
      const found = await ctx.client.identity.getUser(name);
      ctx.out.result(found, () => userDetail(found));
    });

  user
    .command('create')
    .description('create a user (bind roles to them with `verity role bind`)')
    .argument('<name>', 'the user name they sign in with')
    .option('--display-name <text>', 'a name for people')
    .option('--email <address>', 'their e-mail (stored as given, never in the audit log)')
    .option(
      '--password-stdin',
      'read a password for dashboard sign-in from standard input (one line)',
    )
    .option('--oidc', 'pre-register someone who will sign in through the identity provider')
    .action(async (name: string, options: CreateOptions, command: Command) => {
      const ctx = contextOf(command);
      const password =
        options.passwordStdin === true ? passwordFromStdin(await readStdin()) : undefined;
      const created = await ctx.client.identity.createUser({
        name,
        ...(options.displayName === undefined ? {} : { displayName: options.displayName }),
        ...(options.email === undefined ? {} : { email: options.email }),
        ...(password === undefined ? {} : { password }),
        ...(options.oidc === true ? { source: 'oidc' as const } : {}),
      });
      ctx.out.result(created, () => `Created user ${created.name}\n${userDetail(created)}`);
      ctx.out.note(`Next: \`verity role bind ROLE --user ${created.name}\` to give them rights.`);
    });

  user
    .command('set-password')
    .description(
      'set a dashboard password, read from standard input: the new password on the first line; to change your own existing password, your current one on the second',
    )
    .argument('<name>', 'the user (yourself, or anyone with identity:write)')
    .action(async (name: string, _options: unknown, command: Command) => {
      const ctx = contextOf(command);
      const input = passwordChangeFromStdin(await readStdin());
      await ctx.client.identity.setPassword(name, input);
      ctx.out.result({ name, passwordSet: true }, () => `Set the dashboard password of ${name}`);
    });

  for (const [verb, disabled] of [
    ['disable', true],
    ['enable', false],
  ] as const) {
    user
      .command(verb)
      .description(
        disabled
          ? 'disable a user at once: sessions end, tokens are refused'
          : 'enable a disabled user again',
      )
      .argument('<name>', 'the user')
      .action(async (name: string, _options: unknown, command: Command) => {
        const ctx = contextOf(command);
        const updated = await ctx.client.identity.updateUser(name, { disabled });
        ctx.out.result(updated, () => `${disabled ? 'Disabled' : 'Enabled'} user ${updated.name}`);
      });
  }
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

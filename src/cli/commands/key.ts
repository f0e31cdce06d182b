import type { Command } from 'commander';
import { contextOf, outputOf } from '../context.js';
import { fields, formatTime } from '../output.js';

/** `verity key generate|register|list|revoke`: the keys model signatures are made with. */
export function registerKeyCommands(program: Command): void {
  const key = program
    .command('key')
    .description('create and manage the EC P-256 keys that sign models');

  key
    .command('generate')
    .description('create an EC P-256 key pair for signing models (offline)')
    .requiredOption(
      '--out <dir>',
      'directory to write signing-key.pem and signing-key.pub.pem into',
    )
    .action(async (options: { out: string }, command: Command) => {
      const out = outputOf(command);
      const { generateKeyFiles } = await import('../signing.js');
      const generated = await generateKeyFiles(options.out);
      out.result(generated, () =>
        [
          'Generated an EC P-256 signing key',
          fields([
            ['private key', `${generated.privateKey} (mode 0600: keep it secret, never upload it)`],
            ['public key', generated.publicKey],
            ['hint', generated.hint],
          ]),
        ].join('\n'),
      );
      out.note(
        `Next: \`verity key register NAME ${generated.publicKey}\` so the server accepts its signatures.`,
      );
    });

  key
    .command('register')
    .description('register a public key whose model signatures the server accepts')
    .argument('<name>', 'a name for the key, e.g. release-2026')
    .argument('<public.pem>', 'the SPKI PEM public key (signing-key.pub.pem)')
    .option('--owner <owner>', 'who holds the private key (default: you)')
    .action(async (name: string, file: string, options: { owner?: string }, command: Command) => {
      const ctx = contextOf(command);
      const { readPublicKeyFile } = await import('../signing.js');
      const { pem } = await readPublicKeyFile(file);
      const registered = await ctx.client.registerSigningKey({
        name,
        publicKeyPem: pem,
        ...(options.owner === undefined ? {} : { owner: options.owner }),
      });
      ctx.out.result(
        registered,
        () =>
          `Registered signing key ${registered.name} (owner ${registered.owner}, hint ${registered.hint})`,
      );
    });

  key
    .command('list')
    .description('list registered signing keys, revoked ones included')
    .action(async (_options: unknown, command: Command) => {
      const ctx = contextOf(command);
      const { keysTable } = await import('../signing.js');
      const items = await ctx.client.listSigningKeys();
      ctx.out.result({ items }, () => keysTable(items));
    });

  key
    .command('revoke')
    .description('revoke a key: its signatures stop counting (they stay on record)')
    .argument('<name>', 'the key to revoke')
    .requiredOption('--reason <text>', 'why (kept in the audit trail)')
    .action(async (name: string, options: { reason: string }, command: Command) => {
      const ctx = contextOf(command);
      const revoked = await ctx.client.revokeSigningKey(name, options.reason);
      ctx.out.result(
        revoked,
        () =>
          `Revoked signing key ${revoked.name} at ${formatTime(revoked.revokedAt)}: its signatures no longer count`,
      );
    });
}

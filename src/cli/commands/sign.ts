import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { parseRefArg } from '../args.js';
import { contextOf, outputOf } from '../context.js';
import { CliError } from '../errors.js';
import { fields } from '../output.js';

/**
 * `verity sign` and `verity verify`: OpenSSF Model Signing v1.0 signatures over a version's
 * files, made with a local P-256 key and checked offline against a model directory.
 */
export function registerSignCommands(program: Command): void {
  program
    .command('sign')
    .description('sign a registered model version’s files and attach the signature on the server')
    .argument('<model@ref>', 'the version to sign (a ref is required)')
    .requiredOption('--key <private.pem>', 'your PKCS#8 EC P-256 private key (signing-key.pem)')
    .option('--out <file>', 'also write the signature bundle here (conventionally model.sig)')
    .action(async (text: string, options: { key: string; out?: string }, command: Command) => {
      const ctx = contextOf(command);
      const ref = parseRefArg(text, { kind: 'model', ref: 'required' });
      const signing = await import('../signing.js');
      const privateKey = await signing.readPrivateKeyFile(options.key);
      const version = await ctx.client.getVersion(ref.name, ref.ref!);
      const { signature, bundle } = await signing.signVersion(ctx.client, version, privateKey);
      if (options.out !== undefined) await writeFile(options.out, `${JSON.stringify(bundle)}\n`);
      ctx.out.result({ signature, out: options.out ?? null }, () =>
        [
          `Signed ${signature.version} (#${version.seq}) with key ${signature.keyName}: ${version.files.length} file(s)`,
          fields([
            ['signature', signature.id],
            ['key hint', signature.keyHint],
            ['subject', signature.subjectDigest],
            ...(options.out === undefined
              ? []
              : [['bundle', `${options.out} (OpenSSF Model Signing v1.0)`] as [string, string]]),
          ]),
        ].join('\n'),
      );
    });

  program
    .command('verify')
    .description(
      'verify a model directory against a signature bundle offline (or, without --bundle, a registered version’s signatures)',
    )
    .argument('<dir | model@ref>', 'a model directory (with --bundle), or a registered version')
    .requiredOption('--key <public.pem>', 'the signer’s SPKI PEM public key you trust')
    .option('--bundle <model.sig>', 'the signature bundle (OpenSSF Model Signing v1.0)')
    .option('--ignore-unsigned', 'accept files in the directory that the signature does not cover')
    .action(
      async (
        target: string,
        options: { key: string; bundle?: string; ignoreUnsigned?: boolean },
        command: Command,
      ) => {
        const signing = await import('../signing.js');
        if (options.bundle !== undefined) {
          // Offline: no server, whatever VERITY_URL says.
          const out = outputOf(command);
          const { key } = await signing.readPublicKeyFile(options.key);
          const result = await signing.verifyDirectory(
            target,
            options.bundle,
            key,
            options.ignoreUnsigned === true,
          );
          out.result({ ok: true, ...result }, () => signing.directoryVerificationText(result));
          return;
        }
        if (options.ignoreUnsigned === true) {
          throw new CliError('USAGE_ERROR', '--ignore-unsigned goes with a directory and --bundle');
        }
        const ctx = contextOf(command);
        const ref = parseRefArg(target, { kind: 'model', ref: 'required' });
        const { key } = await signing.readPublicKeyFile(options.key);
        const result = await signing.verifyVersionSignatures(ctx.client, ref.name, ref.ref!, key);
        ctx.out.result({ ok: true, ...result }, () =>
          [
            `Verified: ${result.version} is signed with this key (signature ${result.signatureId}, key ${result.keyName}, ${result.status})`,
            fields([
              ['key hint', result.keyHint],
              ['subject', `${result.subject.name} ${result.subject.digest}`],
            ]),
          ].join('\n'),
        );
      },
    );
}

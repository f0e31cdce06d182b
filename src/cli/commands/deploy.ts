import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { isoInstantOption, nameArg, parseRefArg } from '../args.js';
import { contextOf } from '../context.js';
import { deploymentLine, deploymentsTable } from '../format.js';
import { addPagingOptions, fetchPages, noteMore, type PagingOptions } from '../paging.js';

interface FilterOptions {
  model?: string;
  env?: string;
}

/**
 * `verity deploy record|history|current|rollback|attestation`: what serves where, since when,
 * and the signed attestation a deploy target checks before serving.
 */
export function registerDeployCommands(program: Command): void {
  const deploy = program.command('deploy').description('record and query deployments');

  deploy
    .command('record')
    .description('record that a model version now serves an environment')
    .argument('<model@ref>', 'the version deployed (a ref is required)')
    .requiredOption('--env <environment>', 'environment, e.g. production')
    .option('--reason <text>', 'why (kept in the audit trail)')
    .action(async (text: string, options: { env: string; reason?: string }, command: Command) => {
      const ctx = contextOf(command);
      const ref = parseRefArg(text, { kind: 'model', ref: 'required' });
      const recorded = await ctx.client.recordDeployment({
        model: ref.name,
        version: ref.ref!,
        environment: options.env,
        ...(options.reason === undefined ? {} : { reason: options.reason }),
      });
      ctx.out.result(recorded, () => deploymentLine(recorded));
    });

  addPagingOptions(
    deploy
      .command('history')
      .description('deployments and rollbacks, newest first')
      .option('--model <model>', 'only this model')
      .option('--env <environment>', 'only this environment'),
  ).action(async (options: FilterOptions & PagingOptions, command: Command) => {
    const ctx = contextOf(command);
    const filter = filterOf(options);
    const page = await fetchPages(
      (q) => ctx.client.deploymentHistory({ ...filter, ...q }),
      options,
    );
    ctx.out.result(page, () => deploymentsTable(page.items));
    noteMore(ctx.out, page);
  });

  deploy
    .command('current')
    .description('what serves each environment now, or at a past instant')
    .option('--model <model>', 'only this model')
    .option('--env <environment>', 'only this environment')
    .option('--at <iso>', 'as of this instant, e.g. 2026-03-01T09:00:00Z', isoInstantOption)
    .action(async (options: FilterOptions & { at?: string }, command: Command) => {
      const ctx = contextOf(command);
      const items = await ctx.client.currentDeployments({
        ...filterOf(options),
        ...(options.at === undefined ? {} : { at: options.at }),
      });
      ctx.out.result({ items }, () => deploymentsTable(items));
    });

  deploy
    .command('rollback')
    .description('deploy again the version that served the environment before the current one')
    .argument('<model>', '[namespace/]name')
    .requiredOption('--env <environment>', 'environment, e.g. production')
    .option('--reason <text>', 'why (kept in the audit trail)')
    .action(async (model: string, options: { env: string; reason?: string }, command: Command) => {
      const ctx = contextOf(command);
      const recorded = await ctx.client.rollback({
        model: nameArg(model, 'model'),
        environment: options.env,
        ...(options.reason === undefined ? {} : { reason: options.reason }),
      });
      ctx.out.result(recorded, () => deploymentLine(recorded));
    });

  deploy
    .command('attestation')
    .description('show (and with --verify, check) the signed promotion attestation of a deployment')
    .argument('<deployment-id>', 'the deployment, as printed by `deploy record`')
    .option('--verify', 'verify the signature and that it covers exactly the version’s files')
    .option(
      '--key <public.pem>',
      'the attestation public key you trust (implies --verify; default: the server’s)',
    )
    .option('--out <file>', 'write the DSSE envelope to this file')
    .action(
      async (
        id: string,
        options: { verify?: boolean; key?: string; out?: string },
        command: Command,
      ) => {
        const ctx = contextOf(command);
        const signing = await import('../signing.js');
        const trusted =
          options.verify === true || options.key !== undefined
            ? await signing.trustedAttestationKey(ctx.client, options.key, (t) => ctx.out.note(t))
            : undefined;
        const result = await signing.checkAttestation(ctx.client, id, trusted);
        if (options.out !== undefined) {
          await writeFile(options.out, `${JSON.stringify(result.envelope, null, 2)}\n`);
        }
        ctx.out.result(result, () => signing.attestationText(result, options.out));
      },
    );
}

function filterOf(options: FilterOptions): { model?: string; environment?: string } {
  return {
    ...(options.model === undefined ? {} : { model: nameArg(options.model, 'model') }),
    ...(options.env === undefined ? {} : { environment: options.env }),
  };
}

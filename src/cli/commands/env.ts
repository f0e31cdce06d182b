import type { Command } from 'commander';
import { ApiError, type Environment, type EnvironmentConfig } from '../../client/index.js';
import { intOption } from '../args.js';
import { contextOf } from '../context.js';
import { CliError } from '../errors.js';
import { parseNameList, parseQuorum } from '../governance-args.js';
import { environmentDetail, environmentsTable } from '../governance-format.js';

interface SetOptions {
  rank?: number;
  packs?: string;
  quorum?: string;
  ttlDays?: number;
  freeze?: boolean;
  description?: string;
}

/**
 * `verity env list|show|set|delete`: the environments versions are promoted through, each with
 * its policy packs (the gate) and the approvals it needs (the quorum).
 */
export function registerEnvCommands(program: Command): void {
  const env = program
    .command('env')
    .description('configure environments: rank, policy packs, approval quorum');

  env
    .command('list')
    .description('environments in promotion order')
    .action(async (_options: unknown, command: Command) => {
      const ctx = contextOf(command);
      const items = await ctx.client.governance.listEnvironments();
      ctx.out.result({ items }, () => environmentsTable(items));
    });

  env
    .command('show')
    .description('one environment')
    .argument('<name>', 'the environment')
    .action(async (name: string, _options: unknown, command: Command) => {
      const ctx = contextOf(command);
      const environment = await ctx.client.governance.getEnvironment(name);
      ctx.out.result(environment, () => environmentDetail(environment));
    });

  env
    .command('set')
    .description('create an environment or change it; options not given keep their current values')
    .argument('<name>', 'lowercase kebab-case, e.g. production')
    .option(
      '--rank <n>',
      'promotion order: 0 development, 1 staging, 2 production (required to create)',
      intOption(0, 100),
    )
    .option('--packs <a,b>', 'policy packs the gate evaluates, by name ("" for none)')
    .option(
      '--quorum <role=n,...>',
      'approvals needed by role, e.g. risk-officer=1,maintainer=1 ("" for none)',
    )
    .option('--ttl-days <n>', 'how long an approval stays valid', intOption(1, 3650))
    .option('--freeze', 'approval freezes the version (production)')
    .option('--no-freeze', 'approval does not freeze the version')
    .option('--description <text>', 'what the environment is for')
    .action(async (name: string, options: SetOptions, command: Command) => {
      const ctx = contextOf(command);
      const current = await findEnvironment(ctx.client.governance, name);
      const config = environmentConfig(current, options);
      const saved = await ctx.client.governance.putEnvironment(name, config);
      ctx.out.result(saved, () =>
        [
          `${current === undefined ? 'Created' : 'Updated'} environment ${saved.name}`,
          environmentDetail(saved),
        ].join('\n'),
      );
    });

  env
    .command('delete')
    .description('delete an environment that has never had a deployment')
    .argument('<name>', 'the environment')
    .action(async (name: string, _options: unknown, command: Command) => {
      const ctx = contextOf(command);
      await ctx.client.governance.deleteEnvironment(name);
      ctx.out.result({ deleted: name }, () => `Deleted environment ${name}`);
    });
}

async function findEnvironment(
  governance: { getEnvironment(name: string): Promise<Environment> },
  name: string,
): Promise<Environment | undefined> {
  try {
    return await governance.getEnvironment(name);
  } catch (error) {
    if (error instanceof ApiError && error.code === 'NOT_FOUND') return undefined;
    throw error;
  }
}

/** The full configuration to PUT: the options given, over the current values or the defaults. */
export function environmentConfig(
  current: Environment | undefined,
  options: SetOptions,
): EnvironmentConfig {
  const rank = options.rank ?? current?.rank;
  if (rank === undefined) {
    throw new CliError('VALIDATION_ERROR', '--rank is required to create an environment', {
      option: '--rank',
    });
  }
  return {
    rank,
    description: options.description ?? current?.description ?? '',
    policyPacks:
      options.packs === undefined
        ? (current?.policyPacks ?? [])
        : parseNameList(options.packs, 'pack'),
    quorum: options.quorum === undefined ? (current?.quorum ?? {}) : parseQuorum(options.quorum),
    approvalTtlDays: options.ttlDays ?? current?.approvalTtlDays ?? 30,
    freezeOnApproval: options.freeze ?? current?.freezeOnApproval ?? false,
  };
}

import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { ApiError } from '../../client/index.js';
import { intOption, parseRefArg } from '../args.js';
import { contextOf } from '../context.js';
import { CliError } from '../errors.js';
import { gateBlockedError } from '../gate-checks.js';
import {
  decisionText,
  packDetail,
  packHistoryTable,
  packsTable,
  policyProblemsText,
} from '../governance-format.js';

/** `verity policy list|show|history|publish|test`: the CEL policy packs gates evaluate. */
export function registerPolicyCommands(program: Command): void {
  const policy = program
    .command('policy')
    .description('publish, read and dry-run policy packs (CEL rules in YAML)');

  policy
    .command('list')
    .description('the latest version of every policy pack')
    .action(async (_options: unknown, command: Command) => {
      const ctx = contextOf(command);
      const items = await ctx.client.governance.listPolicyPacks();
      ctx.out.result({ items }, () => packsTable(items));
    });

  policy
    .command('show')
    .description('a pack with its rules (--json includes its YAML source)')
    .argument('<pack>', 'the pack’s name')
    .option('--version <n>', 'this published version (default: the latest)', intOption(1, 1e9))
    .action(async (name: string, options: { version?: number }, command: Command) => {
      const ctx = contextOf(command);
      const pack = await ctx.client.governance.getPolicyPack(name, options.version);
      ctx.out.result(pack, () => packDetail(pack));
    });

  policy
    .command('history')
    .description('every published version of a pack, newest first')
    .argument('<pack>', 'the pack’s name')
    .action(async (name: string, _options: unknown, command: Command) => {
      const ctx = contextOf(command);
      const items = await ctx.client.governance.policyPackHistory(name);
      ctx.out.result({ items }, () => packHistoryTable(items));
    });

  policy
    .command('publish')
    .description(
      'publish a pack from its YAML file; every rule is compiled first, identical content is a no-op',
    )
    .argument('<file.yaml>', 'the pack (kind: PolicyPack)')
    .action(async (file: string, _options: unknown, command: Command) => {
      const ctx = contextOf(command);
      const source = await readFile(file, 'utf8');
      let published;
      try {
        published = await ctx.client.governance.publishPolicyPack(source);
      } catch (error) {
        throw policyInvalid(error, file);
      }
      const { pack, changed } = published;
      ctx.out.result(published, () =>
        changed
          ? `Published policy pack ${pack.name} version ${pack.version} (${pack.rules} rules, ${pack.digest})`
          : `Policy pack ${pack.name} is unchanged: version ${pack.version} has identical content (${pack.digest})`,
      );
    });

  policy
    .command('test')
    .description(
      'dry-run one pack against a version; nothing is recorded (exit 1 if it would block)',
    )
    .argument('<pack>', 'the pack’s name (its latest version)')
    .argument('<model@version>', 'the version to judge (a ref is required)')
    .option('--env <environment>', 'the environment the rules see', 'production')
    .action(async (name: string, text: string, options: { env: string }, command: Command) => {
      const ctx = contextOf(command);
      const ref = parseRefArg(text, { kind: 'model', ref: 'required' });
      const decision = await ctx.client.governance.testPolicyPack(name, {
        model: ref.name,
        version: ref.ref!,
        environment: options.env,
      });
      ctx.out.result(decision, () => decisionText(decision, `dry run of ${name}`));
      if (decision.outcome === 'blocked') throw gateBlockedError(decision);
    });
}

/**
 * A refused pack: every problem with its rule id and line:column in the message, so the one
 * error line a person sees is enough to fix the file (the problems stay in details for --json).
 */
function policyInvalid(error: unknown, file: string): unknown {
  if (!(error instanceof ApiError) || error.code !== 'POLICY_INVALID') return error;
  const problems = Array.isArray(error.details.problems)
    ? (error.details.problems as Record<string, unknown>[])
    : [];
  return new CliError(
    'POLICY_INVALID',
    `${file}: ${error.message}\n${policyProblemsText(problems)}`,
    { file, ...error.details },
  );
}

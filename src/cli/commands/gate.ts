import type { Command } from 'commander';
import { parseRefArg } from '../args.js';
import { contextOf } from '../context.js';
import { gateBlockedError } from '../gate-checks.js';
import { decisionsTable, decisionText } from '../governance-format.js';

/**
 * `verity gate check|show|history`: run an environment's policy gate against a model version,
 * as CI does before shipping. `check` exits 0 when the gate passes and 1 when it blocks.
 */
export function registerGateCommands(program: Command): void {
  const gate = program
    .command('gate')
    .description('evaluate policy gates and read recorded gate decisions');

  gate
    .command('check')
    .description(
      'evaluate the environment’s gate for a version and record the decision (exit 0 passed, 1 blocked)',
    )
    .argument('<model@version>', 'the version to judge (a ref is required)')
    .requiredOption('--env <environment>', 'the environment whose gate runs, e.g. production')
    .action(async (text: string, options: { env: string }, command: Command) => {
      const ctx = contextOf(command);
      const ref = parseRefArg(text, { kind: 'model', ref: 'required' });
      const decision = await ctx.client.governance.checkGate({
        model: ref.name,
        version: ref.ref!,
        environment: options.env,
      });
      ctx.out.result(decision, () => decisionText(decision));
      if (decision.outcome === 'blocked') throw gateBlockedError(decision);
    });

  gate
    .command('show')
    .description('one recorded gate decision with every rule’s outcome')
    .argument('<decision-id>', 'as printed by `gate check` or `promote show`')
    .action(async (id: string, _options: unknown, command: Command) => {
      const ctx = contextOf(command);
      const decision = await ctx.client.governance.getGateDecision(id);
      ctx.out.result(decision, () => decisionText(decision));
    });

  gate
    .command('history')
    .description('gate decisions recorded for a version, newest first')
    .argument('<model@version>', 'the version (a ref is required)')
    .option('--env <environment>', 'only this environment')
    .action(async (text: string, options: { env?: string }, command: Command) => {
      const ctx = contextOf(command);
      const ref = parseRefArg(text, { kind: 'model', ref: 'required' });
      const items = await ctx.client.governance.listGateDecisions(ref.name, ref.ref!, options.env);
      ctx.out.result({ items }, () => decisionsTable(items));
    });
}

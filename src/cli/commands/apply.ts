import type { Command } from 'commander';
import { contextOf, type CliContext } from '../context.js';
import { CheckFailedError } from '../errors.js';

interface Options {
  file: string;
  prune?: boolean;
}

/**
 * `verity apply -f DIR` and `verity diff -f DIR`: governance as code. The directory's YAML
 * documents (namespaces, roles, policy packs, environments, role bindings, webhooks) are the
 * desired state; diff shows how the server differs (exit 1 when it does), apply makes it so.
 * The parsing and planning are pure (src/cli/apply/), loaded only by these two commands.
 */
export function registerApplyCommands(program: Command): void {
  program
    .command('diff')
    .description(
      'compare a governance directory with the server (exit 0 in sync, 1 when apply would change something)',
    )
    .requiredOption('-f, --file <dir>', 'directory (or file) of governance YAML')
    .option('--prune', 'also count what apply --prune would delete')
    .action(async (options: Options, command: Command) => {
      const ctx = contextOf(command);
      const { planDirectory } = await import('../apply/apply-governance.js');
      const { planChangesServer, planText } = await import('../apply/governance-plan.js');
      const { plan } = await planDirectory(ctx.client, options.file, {
        prune: options.prune === true,
      });
      const drift = planChangesServer(plan);
      ctx.out.result({ directory: options.file, drift, ...plan }, () => planText(plan));
      if (drift) {
        const s = plan.summary;
        throw new CheckFailedError(
          'CONFLICT',
          `the server differs from ${options.file}: ${s.create} to create, ${s.update} to update, ${s.delete} to delete; run \`verity apply -f ${options.file}\``,
          { directory: options.file, summary: s },
        );
      }
    });

  program
    .command('apply')
    .description(
      'make the server match a governance directory (creates and updates; deletes only with --prune)',
    )
    .requiredOption('-f, --file <dir>', 'directory (or file) of governance YAML')
    .option(
      '--prune',
      'delete role bindings, webhooks and custom roles that are not in the directory',
    )
    .action(async (options: Options, command: Command) => {
      const ctx = contextOf(command);
      await apply(ctx, options);
    });
}

async function apply(ctx: CliContext, options: Options): Promise<void> {
  const { executePlan, planDirectory } = await import('../apply/apply-governance.js');
  const { planText } = await import('../apply/governance-plan.js');
  const { objects, plan } = await planDirectory(ctx.client, options.file, {
    prune: options.prune === true,
  });
  const result = await executePlan(ctx.client, plan, objects);
  ctx.out.result({ directory: options.file, ...plan, ...result }, () => {
    const done = result.applied.length;
    const lines = [
      planText(plan),
      done === 0
        ? 'Nothing to change: the server already matches the directory.'
        : `Applied ${done} change${done === 1 ? '' : 's'} to ${ctx.url}.`,
    ];
    for (const { webhook, secret } of result.secrets) {
      lines.push(`webhook ${webhook} signing secret: ${secret}`);
    }
    return lines.join('\n');
  });
  if (result.secrets.length > 0) {
    ctx.out.note(
      'warning: webhook signing secrets are shown only this once; give them to the receivers now (never commit them).',
    );
  }
}

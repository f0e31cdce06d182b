import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError } from 'commander';
import { registerAliasCommands } from './commands/alias.js';
import { registerApplyCommands } from './commands/apply.js';
import { registerAuditCommands } from './commands/audit.js';
import { registerCardCommands } from './commands/card.js';
import { registerExportCommands } from './commands/export.js';
import { registerMonitorCommands } from './commands/monitor.js';
import { registerEvaluateCommands } from './commands/evaluate.js';
import { registerIncidentCommands } from './commands/incident.js';
import { registerComplianceCommands } from './commands/compliance.js';
import { registerDriftCommands } from './commands/drift.js';
import { registerDatasetCommands } from './commands/dataset.js';
import { registerDbCommands } from './commands/db.js';
import { registerDeployCommands } from './commands/deploy.js';
import { registerEnvCommands } from './commands/env.js';
import { registerGateCommands } from './commands/gate.js';
import { registerKeyCommands } from './commands/key.js';
import { registerLineageCommands } from './commands/lineage.js';
import { registerModelCommands } from './commands/model.js';
import { registerNamespaceCommands } from './commands/namespace.js';
import { registerPolicyCommands } from './commands/policy.js';
import { registerPromoteCommands } from './commands/promote.js';
import { registerReviewCommands } from './commands/review.js';
import { registerRoleCommands } from './commands/role.js';
import { registerRunCommands } from './commands/run.js';
import { registerServerCommand } from './commands/server.js';
import { registerSignCommands } from './commands/sign.js';
import { registerTokenCommands } from './commands/token.js';
import { registerUserCommands } from './commands/user.js';
import { registerVersionCommands } from './commands/version.js';
import { registerWebhookCommands } from './commands/webhook.js';
import { registerWhoamiCommand } from './commands/whoami.js';
import { packageVersion } from '../server/version.js';
import { exitCodeFor, formatErrorLine, reportOf, type ExitCode } from './errors.js';

const HELP_FOOTER = `
Environment:
  VERITY_URL            server to talk to (default http://127.0.0.1:8470)
  VERITY_TOKEN          API token (else VERITY_TOKEN_FILE, else $VERITY_HOME/admin-token)
  VERITY_HOME           data directory for \`server\` and \`db\` (default ./.verity)
  VERITY_DATABASE_URL   PostgreSQL URL for \`server\` and \`db\` (default: embedded)
  VERITY_PORT, VERITY_HOST   where \`server\` listens (default 8470, 127.0.0.1)

Exit codes: 0 success, 1 a check failed (e.g. a digest did not match),
2 usage or input error, refused request, or server unreachable.
References: [namespace/]name@ref, ref = sequence number, semantic version, alias or latest.`;

/** Builds the whole `verity` command tree; separate from running it so tests can inspect it. */
export function buildProgram(): Command {
  const program = new Command('verity')
    .description('Verity: the MLOps governance control plane (model registry and audit ledger)')
    .version(packageVersion(), '-V, --version')
    .option('--json', 'print the API’s JSON on stdout (and errors as JSON on stderr)')
    // Errors are printed once, by runCli, in Verity's `error CODE: message` form.
    .exitOverride()
    .configureOutput({ outputError: () => undefined })
    .configureHelp({ showGlobalOptions: true, sortSubcommands: false })
    .showSuggestionAfterError(true)
    .addHelpText('after', HELP_FOOTER);
  registerServerCommand(program);
  registerDbCommands(program);
  registerModelCommands(program);
  registerVersionCommands(program);
  registerDatasetCommands(program);
  registerRunCommands(program);
  registerLineageCommands(program);
  registerAliasCommands(program);
  registerDeployCommands(program);
  registerAuditCommands(program);
  registerCardCommands(program);
  registerExportCommands(program);
  registerMonitorCommands(program);
  registerEvaluateCommands(program);
  registerIncidentCommands(program);
  registerComplianceCommands(program);
  registerDriftCommands(program);
  registerKeyCommands(program);
  registerSignCommands(program);
  registerGateCommands(program);
  registerPolicyCommands(program);
  registerEnvCommands(program);
  registerPromoteCommands(program);
  registerReviewCommands(program);
  registerUserCommands(program);
  registerTokenCommands(program);
  registerRoleCommands(program);
  registerNamespaceCommands(program);
  registerWhoamiCommand(program);
  registerWebhookCommands(program);
  registerApplyCommands(program);
  return program;
}

/**
 * Runs the CLI on a full argv (`[node, script, ...args]`) and returns the exit status instead
 * of exiting, so the process can finish writing and close its handles normally.
 */
export async function runCli(
  argv: readonly string[],
  stderr: NodeJS.WritableStream = process.stderr,
): Promise<ExitCode> {
  try {
    await buildProgram().parseAsync([...argv]);
    return 0;
  } catch (error) {
    const status = exitCodeFor(error);
    // Commander has already written the help or the version; there is nothing to add.
    if (error instanceof CommanderError && (status === 0 || error.code === 'commander.help')) {
      return status;
    }
    const report = reportOf(error);
    stderr.write(
      jsonRequested(argv) ? `${JSON.stringify(report)}\n` : `${formatErrorLine(report)}\n`,
    );
    if (process.env.VERITY_DEBUG === '1' && error instanceof Error && error.stack !== undefined) {
      stderr.write(`${error.stack}\n`);
    }
    return status;
  }
}

/** Whether `--json` was given, read from argv directly because parsing may be what failed. */
export function jsonRequested(argv: readonly string[]): boolean {
  const args = argv.slice(2);
  const end = args.indexOf('--');
  return (end === -1 ? args : args.slice(0, end)).includes('--json');
}

function isEntryPoint(): boolean {
  const script = process.argv[1];
  if (script === undefined) return false;
  try {
    return realpathSync(script) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isEntryPoint()) {
  process.exitCode = await runCli(process.argv);
}

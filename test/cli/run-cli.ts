import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { inject } from 'vitest';

/** The repository root: the CLI runs from here, so relative paths in tests resolve against it. */
export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Starts the real CLI as a child process, the way a user or a CI job runs it: the same code,
 * compiled once for the test run by the global setup (test/support/cli-bundle.ts).
 * `launcher.test.ts` runs `bin/verity.js` itself.
 */
export function spawnCli(args: readonly string[], env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, [inject('cliEntry'), ...args], {
    cwd: ROOT,
    env: { ...process.env, VERITY_DEBUG: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Runs the CLI to completion and returns its exit code and output. */
export function runCli(args: readonly string[], env: Record<string, string>): Promise<CliResult> {
  const child = spawnCli(args, env);
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Parses stdout of a `--json` command, failing with the output when it is not JSON. */
export function jsonOf<T>(result: CliResult): T {
  try {
    return JSON.parse(result.stdout) as T;
  } catch {
    throw new Error(
      `expected JSON on stdout (exit ${result.code}):\n${result.stdout}\nstderr:\n${result.stderr}`,
    );
  }
}

/** Parses the JSON error body printed on stderr by a failing `--json` command. */
export function errorOf(result: CliResult): { code: string; message: string } {
  try {
    return (JSON.parse(result.stderr) as { error: { code: string; message: string } }).error;
  } catch {
    throw new Error(`expected a JSON error on stderr (exit ${result.code}):\n${result.stderr}`);
  }
}

import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, spawnCli } from './run-cli.js';

/** Resolves with the server's URL once it prints its ready line; rejects if it exits first. */
function urlOf(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      const match = /Verity is running at (http:\/\/\S+) \(data in /.exec(stdout);
      if (match?.[1] !== undefined) resolve(match[1]);
    });
    child.on('exit', (code) =>
      reject(new Error(`server exited with ${code}:\n${stdout}\n${stderr}`)),
    );
  });
}

function exitOf(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode);
    else child.on('exit', (code) => resolve(code));
  });
}

describe('verity server', () => {
  const home = mkdtempSync(join(tmpdir(), 'verity-cli-home-'));
  let first: ChildProcess | undefined;
  afterAll(() => {
    if (first?.exitCode === null) first.kill('SIGKILL');
    rmSync(home, { recursive: true, force: true });
  });

  it('serves, refuses a second process on the same VERITY_HOME naming the first pid, and stops on SIGTERM', async () => {
    const env = { VERITY_HOME: home, VERITY_LOG_LEVEL: 'warn' };
    first = spawnCli(['server', '--port', '0'], env);
    const url = await urlOf(first);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

    const [second, health] = await Promise.all([
      runCli(['server', '--port', '0'], env),
      fetch(`${url}/readyz`).then((r) => r.json() as Promise<{ status: string }>),
    ]);
    expect(health.status).toBe('ready');
    expect(second.code).toBe(2);
    expect(second.stderr).toMatch(/^error HOME_LOCKED: /);
    expect(second.stderr).toContain(`(pid ${first.pid})`);

    first.kill('SIGTERM');
    expect(await exitOf(first)).toBe(0);
    // Closed gracefully: the lock was released, so the next start will not be refused.
    expect(existsSync(join(home, 'verity.lock'))).toBe(false);
  }, 60_000);
});

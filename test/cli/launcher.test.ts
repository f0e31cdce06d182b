import { execFile } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { packageVersion } from '../../src/server/version.js';
import { ROOT } from './run-cli.js';

/**
 * The other CLI tests spawn the command compiled once per run (test/support/cli-bundle.ts).
 * These run `bin/verity.js`, the launcher `npx verity` starts, so a fault in it cannot hide.
 */
function launch(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['bin/verity.js', ...args],
      // Port 9 (discard) on localhost: nothing answers there.
      { cwd: ROOT, env: { ...process.env, VERITY_URL: 'http://127.0.0.1:9', VERITY_DEBUG: '' } },
      (error, stdout, stderr) =>
        resolve({ code: error === null ? 0 : Number(error.code), stdout, stderr }),
    );
  });
}

describe('bin/verity.js, the installed command', () => {
  it('prints the package version', async () => {
    const result = await launch(['--version']);
    expect(result).toMatchObject({ code: 0, stdout: `${packageVersion()}\n` });
  });

  it('reports an unreachable server with its stable code and exit code 2', async () => {
    const result = await launch(['model', 'list', '--json']);
    expect(result.code).toBe(2);
    expect((JSON.parse(result.stderr) as { error: { code: string } }).error.code).toBe(
      'SERVER_UNREACHABLE',
    );
  });
});

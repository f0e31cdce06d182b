import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HomeLock } from './home-lock.js';

/** Runs HomeLock.acquire on `home` in a separate Node process and reports what happened. */
function acquireInOtherProcess(home: string): { code: string; pid: unknown } {
  const script = `
    import { HomeLock } from ${JSON.stringify(new URL('./home-lock.ts', import.meta.url).pathname)};
    try { HomeLock.acquire(${JSON.stringify(home)}).release(); console.log(JSON.stringify({ code: 'ACQUIRED' })); }
    catch (e) { console.log(JSON.stringify({ code: e.code, pid: e.details?.pid })); }`;
  const out = execFileSync(
    process.execPath,
    ['--import', 'tsx', '--input-type=module', '-e', script],
    { encoding: 'utf8' },
  );
  return JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as { code: string; pid: unknown };
}

describe('HomeLock', () => {
  let home: string;
  beforeEach(() => {
    home = mkdtempSync(join(tmpdir(), 'verity-lock-'));
  });
  afterEach(() => rmSync(home, { recursive: true, force: true }));

  it('refuses a second process with HOME_LOCKED naming the holder’s pid', () => {
    const lock = HomeLock.acquire(home);
    try {
      expect(readFileSync(join(home, 'verity.lock'), 'utf8').trim()).toBe(String(process.pid));
      expect(acquireInOtherProcess(home)).toEqual({ code: 'HOME_LOCKED', pid: process.pid });
    } finally {
      lock.release();
    }
    expect(existsSync(join(home, 'verity.lock'))).toBe(false);
    expect(acquireInOtherProcess(home).code).toBe('ACQUIRED');
  });

  it('takes over a lock left by a process that no longer runs', () => {
    const dead = spawnSync(process.execPath, ['-e', '0']).pid ?? 999_999;
    writeFileSync(join(home, 'verity.lock'), `${dead}\n`);
    const lock = HomeLock.acquire(home);
    expect(readFileSync(join(home, 'verity.lock'), 'utf8').trim()).toBe(String(process.pid));
    lock.release();
  });

  it('refuses to open the same home twice in one process', () => {
    const lock = HomeLock.acquire(home);
    try {
      expect(() => HomeLock.acquire(home)).toThrow(
        expect.objectContaining({ code: 'HOME_LOCKED' }) as Error,
      );
    } finally {
      lock.release();
    }
  });
});

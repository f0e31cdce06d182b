import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { VerityError } from '../lib/index.js';

/**
 * An exclusive lock on a VERITY_HOME directory. PGlite does not stop two processes from opening
 * one data directory (which corrupts it), so Verity takes this lock before opening it.
 * The lock file holds the owner's pid; a lock whose owner no longer runs is taken over.
 */
export class HomeLock {
  private constructor(private readonly path: string) {}

  static acquire(home: string): HomeLock {
    const path = join(home, 'verity.lock');
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const fd = openSync(path, 'wx', 0o600);
        writeSync(fd, `${process.pid}\n`);
        closeSync(fd);
        return new HomeLock(path);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        const holder = readHolder(path);
        if (holder !== undefined && holder !== process.pid && isRunning(holder)) {
          throw new VerityError(
            'HOME_LOCKED',
            `${home} is in use by another Verity process (pid ${holder}). Stop it, or point VERITY_HOME elsewhere; use the CLI against the running server (VERITY_URL) instead of opening the directory twice.`,
            { home, pid: holder },
          );
        }
        if (holder === process.pid) {
          throw new VerityError('HOME_LOCKED', `${home} is already open in this process`, {
            home,
            pid: holder,
          });
        }
        // Stale lock: its process is gone. Remove it and try once more.
        try {
          unlinkSync(path);
        } catch {
          // Another process may have removed it first; the next attempt decides.
        }
      }
    }
    throw new VerityError('HOME_LOCKED', `could not lock ${home}`, { home });
  }

  release(): void {
    try {
      if (readHolder(this.path) === process.pid) unlinkSync(this.path);
    } catch {
      // Already gone.
    }
  }
}

function readHolder(path: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(path, 'utf8').trim(), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

import { SingleBar } from 'cli-progress';
import { formatBytes } from './output.js';

/** What a progress bar counts: bytes (hashing, transfers) or items (audit log entries). */
export type ProgressUnit = 'bytes' | 'entries';

/** Progress of one long step (hashing, uploading, downloading, reading the audit log). */
export interface Progress {
  start(phase: string, total: number, unit?: ProgressUnit): void;
  advance(amount: number): void;
  stop(): void;
}

/** For pipes, CI logs and `--json`: progress bars there are noise, so draw nothing. */
export const silentProgress: Progress = {
  start() {},
  advance() {},
  stop() {},
};

/** A cli-progress bar on stderr, so stdout stays clean for results and `--json`. */
export function progressFor(interactive: boolean): Progress {
  if (!interactive) return silentProgress;
  let bar: SingleBar | undefined;
  let value = 0;
  let total = 0;
  // Bytes read as sizes ("1.5 MiB of 3.0 MiB"), counts as counts ("1200 of 5000 entries").
  let done: (n: number) => string = formatBytes;
  return {
    start(phase, totalAmount, unit = 'bytes') {
      bar?.stop();
      value = 0;
      total = totalAmount;
      done = unit === 'bytes' ? formatBytes : String;
      const size = unit === 'bytes' ? formatBytes(totalAmount) : `${totalAmount} ${unit}`;
      bar = new SingleBar({
        stream: process.stderr,
        format: '{phase} [{bar}] {percentage}% | {done} of {size} | ETA {eta_formatted}',
        hideCursor: true,
        clearOnComplete: true,
        barsize: 30,
      });
      bar.start(Math.max(totalAmount, 1), 0, {
        phase: phase.padEnd(11),
        done: done(0),
        size,
      });
    },
    advance(amount) {
      value += amount;
      bar?.update(Math.min(value, Math.max(total, 1)), { done: done(value) });
    },
    stop() {
      bar?.stop();
      bar = undefined;
    },
  };
}

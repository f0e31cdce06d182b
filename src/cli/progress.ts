import { SingleBar } from 'cli-progress';
import { formatBytes } from './output.js';

/** Byte progress of one long step (hashing, uploading, downloading). */
export interface Progress {
  start(phase: string, totalBytes: number): void;
  advance(bytes: number): void;
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
  return {
    start(phase, totalBytes) {
      bar?.stop();
      value = 0;
      total = totalBytes;
      bar = new SingleBar({
        stream: process.stderr,
        format: '{phase} [{bar}] {percentage}% | {done} of {size} | ETA {eta_formatted}',
        hideCursor: true,
        clearOnComplete: true,
        barsize: 30,
      });
      bar.start(Math.max(totalBytes, 1), 0, {
        phase: phase.padEnd(11),
        done: formatBytes(0),
        size: formatBytes(totalBytes),
      });
    },
    advance(bytes) {
      value += bytes;
      bar?.update(Math.min(value, Math.max(total, 1)), { done: formatBytes(value) });
    },
    stop() {
      bar?.stop();
      bar = undefined;
    },
  };
}

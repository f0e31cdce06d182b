import { runClosedLoop, type ClosedLoopOptions } from './closed-loop.js';

/**
 * Child-process entry of the load generator. `bench/api.ts` forks it once per target, so the
 * client has its own event loop (and can use the second core) instead of competing with the
 * server inside one thread. Protocol: one options message in, one result message out, exit.
 */

function isOptions(value: unknown): value is ClosedLoopOptions {
  const v = value as Partial<ClosedLoopOptions> | null;
  return (
    typeof v?.url === 'string' &&
    typeof v.connections === 'number' &&
    typeof v.durationMs === 'number' &&
    typeof v.warmupMs === 'number' &&
    typeof v.timeoutMs === 'number'
  );
}

if (process.send === undefined) {
  console.error('bench/load-client.ts is started by bench/api.ts (it needs an IPC channel)');
  process.exit(2);
}

process.once('message', (message: unknown) => {
  if (!isOptions(message)) {
    console.error('load-client: malformed options message');
    process.exit(2);
  }
  runClosedLoop(message).then(
    (result) => process.send?.(result, () => process.exit(0)),
    (error: unknown) => {
      console.error('load-client:', error);
      process.exit(1);
    },
  );
});

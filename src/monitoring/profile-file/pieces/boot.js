// Entry of a piece worker. Verity runs its TypeScript through tsx, whose loader a worker thread
// does not inherit: register it here, then load the worker module itself.
import { workerData } from 'node:worker_threads';

if (workerData.module.endsWith('.ts')) {
  const { register } = await import('tsx/esm/api');
  register();
}
await import(workerData.module);

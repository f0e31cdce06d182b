import pino from 'pino';
import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.js';
import type { VerityConfig } from './config.js';
import { blobRootFor, databaseConfigFor, openRuntime, type Runtime } from './runtime.js';

export interface StartOptions {
  /** Seed the demo scenario when the registry is empty. */
  demo?: boolean;
  /** Called once the server listens, with its URL. */
  onListening?: (url: string) => void;
}

export interface RunningServer {
  url: string;
  app: FastifyInstance;
  runtime: Runtime;
  close(): Promise<void>;
}

/**
 * Starts Verity: takes the home lock (embedded engine), checks the schema, seeds the demo if
 * asked, and listens. `close()` stops accepting requests, then closes the database and lock.
 */
export async function startServer(
  config: VerityConfig,
  options: StartOptions = {},
): Promise<RunningServer> {
  // Logs go to stderr so stdout stays free for the CLI's own (possibly --json) output.
  const logger = pino({ level: config.logLevel }, pino.destination(2));
  const runtime = await openRuntime({
    database: databaseConfigFor(config.home, config.databaseUrl),
    blobRoot: blobRootFor(config.home),
  });
  try {
    if (options.demo === true) {
      const { seedDemo } = await import('../demo/index.js');
      const seeded = await seedDemo(runtime.registry);
      if (seeded) logger.info('seeded the demo scenario');
    }
    const app = await buildApp({
      runtime,
      maxUploadBytes: config.maxUploadBytes,
      maxJsonBytes: config.maxJsonBytes,
      logger,
    });
    const url = await app.listen({ host: config.host, port: config.port });
    options.onListening?.(url);
    return {
      url,
      app,
      runtime,
      close: async () => {
        await app.close();
        await runtime.close();
      },
    };
  } catch (error) {
    await runtime.close();
    throw error;
  }
}

import type { Command } from 'commander';
import { intOption } from '../args.js';
import { outputOf } from '../context.js';
import { describeDatabase } from './db.js';

interface ServerOptions {
  port?: number;
  host?: string;
  demo?: boolean;
}

/** `verity server`: runs the API in this process until SIGINT/SIGTERM, then closes cleanly. */
export function registerServerCommand(program: Command): void {
  program
    .command('server')
    .description(
      'run the Verity server (embedded database in VERITY_HOME unless VERITY_DATABASE_URL is set)',
    )
    .option(
      '--port <n>',
      'port to listen on; 0 picks a free one (default: VERITY_PORT or 8470)',
      intOption(0, 65535),
    )
    .option('--host <host>', 'address to bind (default: VERITY_HOST or 127.0.0.1)')
    .option('--demo', 'seed the demo scenario into an empty registry')
    .action(async (options: ServerOptions, command: Command) => {
      const out = outputOf(command);
      // Loaded on demand: the server stack (Fastify, PGlite) would slow every client command.
      const { configFromEnv } = await import('../../server/config.js');
      const { startServer } = await import('../../server/start.js');
      const config = {
        ...configFromEnv(),
        ...(options.port === undefined ? {} : { port: options.port }),
        ...(options.host === undefined ? {} : { host: options.host }),
      };
      const running = await startServer(config, { demo: options.demo === true });
      const where =
        config.databaseUrl === undefined
          ? `data in ${config.home}`
          : `${describeDatabase(config.home, config.databaseUrl)}, blobs in ${config.home}/blobs`;
      out.result(
        {
          url: running.url,
          home: config.home,
          engine: running.runtime.database.engine,
          pid: process.pid,
        },
        () => `Verity is running at ${running.url} (${where})`,
      );
      if (options.demo === true) {
        const { DEMO_PASSWORD, DEMO_PEOPLE } = await import('../../demo/index.js');
        const people = DEMO_PEOPLE.map((p) => `  ${p.actor.name.padEnd(14)} ${p.displayName}`);
        out.note(
          [
            `Dashboard: ${running.url}/  (demo password for everyone below: ${DEMO_PASSWORD})`,
            ...people,
          ].join('\n'),
        );
      }
      const signal = await nextSignal();
      out.note(`${signal}: shutting down (send it again to stop at once)`);
      const force = () => process.exit(130);
      process.once('SIGINT', force);
      process.once('SIGTERM', force);
      try {
        await running.close();
      } finally {
        process.removeListener('SIGINT', force);
        process.removeListener('SIGTERM', force);
      }
    });
}

/** Resolves on the first SIGINT or SIGTERM; the server closes before the process exits. */
function nextSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const on = (signal: NodeJS.Signals) => {
      process.removeListener('SIGINT', on);
      process.removeListener('SIGTERM', on);
      resolve(signal);
    };
    process.once('SIGINT', on);
    process.once('SIGTERM', on);
  });
}

import pino from 'pino';
import type { FastifyInstance } from 'fastify';
import { OidcVerifier } from '../auth/identity/index.js';
import { WebhookDispatcher } from '../events/index.js';
import { deliverNotifications, runIncidentTimers } from '../incidents/index.js';
import { IntervalJob } from '../lib/interval-job.js';
import { ComplianceJob } from '../compliance/index.js';
import { recordIntegrityFailure } from '../registry/index.js';
import { purgeExpiredFeatures, runDueMonitors } from '../monitoring/index.js';
import { ManualClock, type Clock } from '../lib/index.js';
import { buildApp } from './app.js';
import { firstStart } from './first-start.js';
import type { VerityConfig } from './config.js';
import { loadServerKeys } from './server-keys.js';
import { blobRootFor, databaseConfigFor, openRuntime, type Runtime } from './runtime.js';

/** A clock at the demo's epoch when the store is empty, else the runtime's own clock. */
async function demoClock(runtime: Runtime): Promise<Clock> {
  const used = await runtime.database.db
    .selectFrom('users')
    .select('name')
    .limit(1)
    .executeTakeFirst();
  if (used !== undefined) return runtime.clock;
  const { demoEpoch } = await import('../demo/index.js');
  return new ManualClock(demoEpoch(runtime.clock.now()));
}

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
  const keys = loadServerKeys({
    home: config.home,
    ledgerOrigin: config.ledgerOrigin,
    ledgerSignerKey: config.ledgerSignerKey,
    attestationKeyPem: config.attestationKeyPem,
  });
  const runtime = await openRuntime({
    database: databaseConfigFor(config.home, config.databaseUrl),
    blobRoot: blobRootFor(config.home),
    keys,
    proofCacheBytes: config.proofCacheBytes,
    ...(config.oidc === undefined ? {} : { oidc: new OidcVerifier(config.oidc) }),
  });
  try {
    // On an empty store the demo's history (and so the first start) is backdated 90 days.
    const first = await firstStart(
      runtime,
      config.home,
      options.demo === true ? { clock: await demoClock(runtime) } : {},
    );
    if (first.admin.created) {
      logger.info(
        { tokenFile: first.admin.tokenFile },
        'bootstrapped the first administrator; its API token is in the token file (shown once)',
      );
    }
    if (first.packsPublished.length > 0) {
      logger.info({ packs: first.packsPublished }, 'published the shipped policy packs');
    }
    if (first.cataloguePublished.length > 0) {
      logger.info({ versions: first.cataloguePublished }, 'published the control catalogue');
    }
    if (first.environmentsCreated.length > 0) {
      logger.info({ environments: first.environmentsCreated }, 'created the default environments');
    }
    if (options.demo === true) {
      const { seedDemo } = await import('../demo/index.js');
      const seeded = await seedDemo(runtime);
      if (seeded) logger.info('seeded the demo scenario');
    }
    const app = await buildApp({
      runtime,
      maxUploadBytes: config.maxUploadBytes,
      maxJsonBytes: config.maxJsonBytes,
      logger,
      secureCookies: config.secureCookies,
      ...(config.dashboardDir === undefined ? {} : { dashboardDir: config.dashboardDir }),
    });
    // A checkpoint at start, then periodically while the log grows: auditors can save one at
    // any time, and `verity audit verify` checks every stored one.
    await runtime.ledger.checkpoint();
    const timer =
      config.checkpointIntervalSeconds > 0
        ? setInterval(() => {
            runtime.ledger.checkpoint().catch((error: unknown) => {
              logger.error({ err: error }, 'periodic checkpoint failed');
            });
          }, config.checkpointIntervalSeconds * 1000)
        : undefined;
    timer?.unref();
    // Webhook deliveries from the outbox; several instances share the work through leases.
    const dispatcher = config.webhooks.enabled
      ? new WebhookDispatcher({
          db: runtime.database.db,
          clock: runtime.clock,
          timeoutMs: config.webhooks.timeoutMs,
          maxAttempts: config.webhooks.maxAttempts,
          // The lease must outlast an attempt, or another instance would take it over mid-flight.
          leaseSeconds: Math.max(60, Math.ceil((2 * config.webhooks.timeoutMs) / 1000)),
          logger: logger.child({ component: 'webhooks' }),
        })
      : undefined;
    dispatcher?.start();
    // Monitors run on each window once it closes.
    const ctx = runtime.registry;
    const monitors = new IntervalJob(
      config.monitorIntervalSeconds * 1000,
      async () => {
        await runDueMonitors(ctx);
        await purgeExpiredFeatures(ctx);
      },
      (error) =>
        logger.warn({ err: error }, 'scheduled monitor runs failed; retrying on the next tick'),
    );
    monitors.start();
    // Incident escalations, regulatory clock warnings and e-mail/webhook notifications.
    const incidents = new IntervalJob(
      config.incidentIntervalSeconds * 1000,
      async () => {
        await runIncidentTimers(ctx, ctx.clock.now());
        await deliverNotifications(ctx, { smtp: config.smtp, publicUrl: config.publicUrl });
      },
      (error) => logger.warn({ err: error }, 'incident timers failed; retrying on the next tick'),
    );
    incidents.start();
    // Continuous compliance checks: posture snapshots when something changed, and a daily
    // verification of the whole audit log (C4.1).
    const compliance = new ComplianceJob(ctx, runtime.ledger, {
      verifyEveryMs: config.ledgerVerifyIntervalSeconds * 1000,
      onVerificationFailure: async (report) => {
        await recordIntegrityFailure(
          ctx,
          'ledger-verification-failed',
          'ledger',
          runtime.ledger.origin,
          {
            check: 'ledger-verification',
            firstBadIndex: report.firstBadIndex,
            problems: report.problems.slice(0, 10),
          },
        );
      },
    });
    const complianceJob = new IntervalJob(
      config.complianceIntervalSeconds * 1000,
      () => compliance.round(),
      (error) => logger.warn({ err: error }, 'compliance checks failed; retrying on the next tick'),
    );
    complianceJob.start();
    // A first round at once, in the background: the log is verified and postures recorded.
    if (config.complianceIntervalSeconds > 0) void complianceJob.tick();
    const url = await app.listen({ host: config.host, port: config.port });
    options.onListening?.(url);
    return {
      url,
      app,
      runtime,
      close: async () => {
        if (timer !== undefined) clearInterval(timer);
        monitors.stop();
        incidents.stop();
        complianceJob.stop();
        await dispatcher?.stop();
        await app.close();
        await runtime.close();
      },
    };
  } catch (error) {
    await runtime.close();
    throw error;
  }
}

import { randomUUID } from 'node:crypto';
import swagger from '@fastify/swagger';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { API_PREFIX } from './api-prefix.js';
import { dashboardRoutes } from './dashboard.js';
import { installAccessControl, type RouteAccessEntry } from './access-hook.js';
import { installErrorHandling } from './error-handler.js';
import { installNulCharacterCheck } from './nul-character.js';
import { accessRoutes } from './routes/access.js';
import { governanceRoutes } from './routes/governance.js';
import { cardRoutes } from './routes/cards.js';
import { evaluationRoutes } from './routes/evaluations.js';
import { incidentRoutes } from './routes/incidents.js';
import { complianceRoutes, metricsRoutes } from './routes/compliance.js';
import { packageVersion } from './version.js';
import { exportRoutes } from './routes/exports.js';
import { monitoringRoutes } from './routes/monitoring.js';
import { identityRoutes } from './routes/identity.js';
import { webhookRoutes } from './routes/webhooks.js';
import { blobRoutes } from './routes/blobs.js';
import { datasetRoutes } from './routes/datasets.js';
import { deploymentRoutes } from './routes/deployments.js';
import { healthRoutes } from './routes/health.js';
import { auditRoutes } from './routes/audit.js';
import { signingRoutes } from './routes/signing.js';
import { modelRoutes } from './routes/models.js';
import { runRoutes } from './routes/runs.js';
import { versionRoutes } from './routes/versions.js';
import type { Runtime } from './runtime.js';

export interface AppOptions {
  runtime: Runtime;
  maxUploadBytes: number;
  maxJsonBytes: number;
  /** A pino logger; none means silent (tests). */
  logger?: FastifyBaseLogger;
  /** Mark the session cookie `Secure` (when the dashboard is served over HTTPS). */
  secureCookies?: boolean;
  /** The built dashboard (default `web/dist` in the package); `false` serves no dashboard. */
  dashboardDir?: string | false;
  version?: string;
}

export { API_PREFIX };

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route with the access it declares (the permission matrix is generated from it). */
    routeAccess: RouteAccessEntry[];
  }
}

/** Builds the HTTP application. Handlers parse, call a domain service and serialise; nothing else. */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    ...(options.logger === undefined ? { logger: false } : { loggerInstance: options.logger }),
    bodyLimit: options.maxJsonBytes,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[A-Za-z0-9._-]{1,64}$/.test(given)
        ? given
        : randomUUID();
    },
    requestIdHeader: false,
    exposeHeadRoutes: false,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandling(app);
  installNulCharacterCheck(app);
  const routes: RouteAccessEntry[] = [];
  app.decorate('routeAccess', routes);
  installAccessControl(app, options.runtime.authenticator, options.runtime.access, routes);
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  // Artifact uploads stream straight to the blob store: the parser hands over the raw stream.
  app.addContentTypeParser('application/octet-stream', (_request, payload, done) =>
    done(null, payload),
  );

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Verity API',
        version: options.version ?? packageVersion(),
        description:
          'MLOps governance control plane. Every change is recorded in the audit ledger. Errors share one body: { error: { code, message, details }, requestId }.',
      },
      components: {
        securitySchemes: {
          bearer: {
            type: 'http',
            scheme: 'bearer',
            description: 'An API token (vrt_...) or an OIDC access token',
          },
          session: { type: 'apiKey', in: 'cookie', name: 'verity_session' },
        },
      },
    },
    transform: jsonSchemaTransform,
  });

  const api = app.withTypeProvider<ZodTypeProvider>();
  healthRoutes(api, options.runtime);
  metricsRoutes(api, options.runtime);
  await app.register(
    (scoped, _opts, done) => {
      const z = scoped.withTypeProvider<ZodTypeProvider>();
      modelRoutes(z, options.runtime);
      versionRoutes(z, options.runtime);
      blobRoutes(z, options.runtime, options.maxUploadBytes);
      datasetRoutes(z, options.runtime);
      runRoutes(z, options.runtime);
      deploymentRoutes(z, options.runtime);
      auditRoutes(z, options.runtime);
      signingRoutes(z, options.runtime);
      governanceRoutes(z, options.runtime);
      cardRoutes(z, options.runtime);
      exportRoutes(z, options.runtime);
      monitoringRoutes(z, options.runtime);
      evaluationRoutes(z, options.runtime);
      incidentRoutes(z, options.runtime);
      complianceRoutes(z, options.runtime);
      accessRoutes(z, options.runtime);
      webhookRoutes(z, options.runtime);
      identityRoutes(z, options.runtime, { secureCookies: options.secureCookies ?? false });
      z.get('/openapi.json', { config: { access: 'public' }, schema: { hide: true } }, () =>
        app.swagger(),
      );
      done();
    },
    { prefix: API_PREFIX },
  );
  if (options.dashboardDir !== false) dashboardRoutes(app, options.dashboardDir);
  await app.ready();
  return app;
}

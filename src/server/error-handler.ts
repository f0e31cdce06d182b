import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ERROR_CODES, VerityError, type ErrorCode, type Issue } from '../lib/index.js';

/** The one error body every failing request gets. */
export const errorBodySchema = z.object({
  error: z.object({
    code: z.enum(Object.keys(ERROR_CODES) as [ErrorCode, ...ErrorCode[]]),
    message: z.string(),
    details: z.record(z.string(), z.unknown()),
  }),
  requestId: z.string(),
});
export type ErrorBody = z.infer<typeof errorBodySchema>;

/** Fastify's own error codes for bad requests, mapped to Verity codes. */
const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'VALIDATION_ERROR',
  FST_ERR_CTP_BODY_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'MALFORMED_JSON',
  FST_ERR_CTP_INVALID_JSON_BODY: 'MALFORMED_JSON',
  FST_ERR_VALIDATION: 'VALIDATION_ERROR',
};

/** Converts any thrown value into (status, body). The only place errors become HTTP. */
export function toErrorResponse(
  error: unknown,
  requestId: string,
): { status: number; body: ErrorBody; internal: boolean } {
  if (error instanceof VerityError) {
    return {
      status: error.status,
      body: {
        error: { code: error.code, message: error.message, details: error.details },
        requestId,
      },
      internal: error.status >= 500,
    };
  }
  if (hasZodFastifySchemaValidationErrors(error)) {
    const context = (error as { validationContext?: string }).validationContext ?? 'body';
    const issues: Issue[] = error.validation.map((v) => {
      const issue = (v.params as { issue?: { code?: string } } | undefined)?.issue;
      return {
        code: issue?.code ?? v.keyword,
        path: [context, ...v.instancePath.split('/').filter((s) => s !== '')],
        message: v.message ?? 'invalid',
      };
    });
    const summary = issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    return {
      status: 400,
      body: {
        error: {
          code: 'VALIDATION_ERROR',
          message: `invalid request: ${summary}`,
          details: { issues },
        },
        requestId,
      },
      internal: false,
    };
  }
  if (isUnavailable(error)) {
    return {
      status: 503,
      body: {
        error: {
          code: 'UNAVAILABLE',
          message: 'the database is not reachable; retry later',
          details: {},
        },
        requestId,
      },
      internal: true,
    };
  }
  const fastifyError = error as Partial<FastifyError> | null;
  const mapped = fastifyError?.code === undefined ? undefined : FASTIFY_CODES[fastifyError.code];
  if (mapped !== undefined) {
    return {
      status: ERROR_CODES[mapped],
      body: {
        error: { code: mapped, message: fastifyError?.message ?? mapped, details: {} },
        requestId,
      },
      internal: false,
    };
  }
  if (error instanceof SyntaxError && (error as Partial<FastifyError>).statusCode === 400) {
    return {
      status: 400,
      body: {
        error: {
          code: 'MALFORMED_JSON',
          message: `the body is not valid JSON: ${error.message}`,
          details: {},
        },
        requestId,
      },
      internal: false,
    };
  }
  const status = fastifyError?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    const code: ErrorCode =
      status === 413
        ? 'PAYLOAD_TOO_LARGE'
        : status === 415
          ? 'UNSUPPORTED_MEDIA_TYPE'
          : 'VALIDATION_ERROR';
    return {
      status: ERROR_CODES[code],
      body: {
        error: { code, message: fastifyError?.message ?? 'bad request', details: {} },
        requestId,
      },
      internal: false,
    };
  }
  return {
    status: 500,
    body: {
      error: {
        code: 'INTERNAL',
        message: 'internal error; the server log has the details',
        details: {},
      },
      requestId,
    },
    internal: true,
  };
}

export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: unknown, request: FastifyRequest, reply: FastifyReply) => {
    const { status, body, internal } = toErrorResponse(error, request.id);
    if (internal) request.log.error({ err: error }, 'request failed');
    else if (status === 401 || status === 403 || status === 429) {
      // Refused credentials and permissions are security events: logged at warn with who and why.
      request.log.warn(
        {
          code: body.error.code,
          details: body.error.details,
          actor: (request as { actor?: { name: string } | null }).actor?.name ?? null,
          ip: request.ip,
          route: request.routeOptions.url,
        },
        body.error.message,
      );
    } else request.log.info({ code: body.error.code }, body.error.message);
    return reply.status(status).type('application/json').send(body);
  });
  app.setNotFoundHandler((request, reply) => {
    const body: ErrorBody = {
      error: {
        code: 'ROUTE_NOT_FOUND',
        message: `no route for ${request.method} ${request.url.split('?')[0]}`,
        details: {},
      },
      requestId: request.id,
    };
    return reply.status(404).type('application/json').send(body);
  });
}

/**
 * Connection-level failures of the database: refused or reset sockets, and SQLSTATE classes 08
 * (connection exception) and 57P (operator intervention, e.g. the server shutting down).
 */
function isUnavailable(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return false;
  return (
    code === 'ECONNREFUSED' ||
    code === 'ECONNRESET' ||
    code === 'ETIMEDOUT' ||
    code.startsWith('08') ||
    code.startsWith('57P')
  );
}

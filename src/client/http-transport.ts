import { isErrorCode, VerityError, type ErrorCode } from '../lib/errors.js';

/** An error answered by the server, rebuilt with the same code the server used. */
export class ApiError extends VerityError {
  constructor(
    code: ErrorCode,
    message: string,
    details: Record<string, unknown>,
    readonly httpStatus: number,
    readonly requestId: string | undefined,
  ) {
    super(code, message, details);
  }
}

export interface ClientOptions {
  /** Server root, e.g. http://127.0.0.1:8470 */
  baseUrl: string;
  /** An API token (`vrt_...`) or OIDC access token, sent as `Authorization: Bearer`. */
  token?: string;
  /** Extra headers on every request (the dashboard sends its CSRF header this way). */
  headers?: Record<string, string>;
  fetch?: typeof fetch;
}

/** Query parameters; `undefined` values are left out. */
export type Query = Record<string, string | number | boolean | undefined>;

/**
 * The request plumbing shared by VerityClient and its domain clients (governance, access,
 * identity, webhooks): one base URL, one bearer token, one way of turning an error answer back
 * into an ApiError with the server's code. Domain clients hold a transport, never a fetch.
 */
export class HttpTransport {
  private readonly base: string;
  readonly fetchImpl: typeof fetch;

  constructor(private readonly options: ClientOptions) {
    this.base = options.baseUrl.replace(/\/+$/, '');
    // Bound: a browser's fetch refuses to be called as a method of another object.
    this.fetchImpl = options.fetch ?? ((input, init) => fetch(input, init));
  }

  url(path: string, prefix = '/api/v1'): string {
    return `${this.base}${prefix}${path}`;
  }

  headers(): Record<string, string> {
    return this.options.token === undefined
      ? { ...this.options.headers }
      : { ...this.options.headers, authorization: `Bearer ${this.options.token}` };
  }

  /** A JSON request under /api/v1 answered with JSON. `emptyBody` sends `{}` for a bodiless POST. */
  json<T>(method: string, path: string, body?: unknown, emptyBody = false): Promise<T> {
    return this.request(method, path, emptyBody && body === undefined ? {} : body, '/api/v1');
  }

  async request<T>(method: string, path: string, body: unknown, prefix: string): Promise<T> {
    const response = await this.send(method, path, { body, prefix });
    return (await response.json()) as T;
  }

  /** A request whose answer has no body (204). */
  async empty(method: string, path: string, body?: unknown): Promise<void> {
    const response = await this.send(method, path, { body });
    // Drain it so the connection can be reused.
    await response.arrayBuffer();
  }

  /** The raw answer (already checked to be a success), for streams and response headers. */
  raw(method: string, path: string): Promise<Response> {
    return this.send(method, path, {});
  }

  /** Sends a request; an error answer is thrown as an ApiError. */
  async send(
    method: string,
    path: string,
    init: { body?: unknown; prefix?: string; headers?: Record<string, string> },
  ): Promise<Response> {
    const headers = { ...this.headers(), ...init.headers };
    const response = await this.fetchImpl(this.url(path, init.prefix), {
      method,
      headers:
        init.body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    });
    if (!response.ok) await this.fail(response);
    return response;
  }

  async fail(response: Response): Promise<never> {
    const text = await response.text().catch(() => '');
    let parsed: {
      error?: { code?: unknown; message?: unknown; details?: unknown };
      requestId?: unknown;
    } = {};
    try {
      parsed = JSON.parse(text) as typeof parsed;
    } catch {
      // Not a Verity error body (a proxy in between, say): keep the status.
    }
    const code = isErrorCode(parsed.error?.code)
      ? parsed.error.code
      : fallbackCode(response.status);
    const message =
      typeof parsed.error?.message === 'string'
        ? parsed.error.message
        : `HTTP ${response.status}: ${text.slice(0, 200)}`;
    const details =
      typeof parsed.error?.details === 'object' && parsed.error.details !== null
        ? (parsed.error.details as Record<string, unknown>)
        : {};
    throw new ApiError(
      code,
      message,
      details,
      response.status,
      typeof parsed.requestId === 'string' ? parsed.requestId : undefined,
    );
  }
}

function fallbackCode(status: number): ErrorCode {
  if (status === 404) return 'NOT_FOUND';
  if (status === 401) return 'UNAUTHENTICATED';
  if (status === 403) return 'FORBIDDEN';
  if (status === 409) return 'CONFLICT';
  if (status === 413) return 'PAYLOAD_TOO_LARGE';
  if (status >= 500) return status === 503 ? 'UNAVAILABLE' : 'INTERNAL';
  return 'VALIDATION_ERROR';
}

/** One path segment, percent-encoded. */
export function seg(value: string): string {
  return encodeURIComponent(value);
}

/** `?a=1&b=2` from the defined values, or '' when there are none. */
export function qs(query: Query): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined) params.set(k, String(v));
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}

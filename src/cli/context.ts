import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { VerityClient } from '../client/index.js';
import { CliError } from './errors.js';
import { createOutput, type Output } from './output.js';

export const DEFAULT_URL = 'http://127.0.0.1:8470';

/** What every client command needs: the API client and where to print. */
export interface CliContext {
  client: VerityClient;
  out: Output;
  /** The server root the client talks to, for messages. */
  url: string;
  /** Whether stderr is an interactive terminal (progress bars are drawn only then). */
  interactive: boolean;
}

/** Options every command accepts (declared once on the root program). */
export interface GlobalOptions {
  json?: boolean;
}

/** Builds the context for a command from the environment and the global `--json` flag. */
export function contextOf(command: Command, env: NodeJS.ProcessEnv = process.env): CliContext {
  const json = command.optsWithGlobals<GlobalOptions>().json === true;
  const url = serverUrlFromEnv(env);
  return {
    client: new VerityClient({
      baseUrl: url,
      ...tokenOption(env),
      fetch: reachableFetch(url),
    }),
    out: createOutput(json),
    url,
    interactive: process.stderr.isTTY === true && !json,
  };
}

export function outputOf(command: Command): Output {
  return createOutput(command.optsWithGlobals<GlobalOptions>().json === true);
}

/** VERITY_URL, checked up front so a typo is reported as such, not as a network failure. */
export function serverUrlFromEnv(env: NodeJS.ProcessEnv): string {
  const raw = env.VERITY_URL === undefined || env.VERITY_URL === '' ? DEFAULT_URL : env.VERITY_URL;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new CliError('VALIDATION_ERROR', `VERITY_URL '${raw}' is not a URL`, { url: raw });
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new CliError('VALIDATION_ERROR', `VERITY_URL '${raw}' must be an http or https URL`, {
      url: raw,
    });
  }
  return raw.replace(/\/+$/, '');
}

/**
 * The API token the CLI sends: VERITY_TOKEN, else the file named by VERITY_TOKEN_FILE, else the
 * admin token a local server wrote on first start (`<VERITY_HOME>/admin-token`, default
 * `./.verity`), so `npm start` followed by `npm run verity -- ...` works on one machine.
 */
export function tokenFromEnv(env: NodeJS.ProcessEnv): string | undefined {
  if (env.VERITY_TOKEN !== undefined && env.VERITY_TOKEN !== '') return env.VERITY_TOKEN.trim();
  const file =
    env.VERITY_TOKEN_FILE !== undefined && env.VERITY_TOKEN_FILE !== ''
      ? env.VERITY_TOKEN_FILE
      : join(
          env.VERITY_HOME !== undefined && env.VERITY_HOME !== '' ? env.VERITY_HOME : '.verity',
          'admin-token',
        );
  try {
    const text = readFileSync(file, 'utf8').trim();
    return text === '' ? undefined : text;
  } catch (error) {
    if (env.VERITY_TOKEN_FILE !== undefined && env.VERITY_TOKEN_FILE !== '') {
      throw new CliError(
        'VALIDATION_ERROR',
        `cannot read VERITY_TOKEN_FILE '${file}': ${(error as Error).message}`,
        {
          file,
        },
      );
    }
    return undefined;
  }
}

function tokenOption(env: NodeJS.ProcessEnv): { token?: string } {
  const token = tokenFromEnv(env);
  return token === undefined ? {} : { token };
}

/** Failures after the connection was made: the request was cut off, not refused. */
const LOST_CONNECTION = new Set([
  'ECONNRESET',
  'EPIPE',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
]);

/**
 * Wraps fetch so a connection failure says which server was tried and how to change it,
 * instead of undici's bare "fetch failed".
 */
function reachableFetch(url: string): typeof fetch {
  return async (input, init) => {
    try {
      return await fetch(input, init);
    } catch (error) {
      if (!(error instanceof TypeError) || error.message !== 'fetch failed') throw error;
      const cause = rootCause((error as { cause?: unknown }).cause);
      if (cause === undefined || !LOST_CONNECTION.has(String(cause.code))) {
        throw new CliError(
          'SERVER_UNREACHABLE',
          `cannot reach the Verity server at ${url} (VERITY_URL)${cause === undefined ? '' : `: ${cause.message}`}. Start one with \`verity server\`, or set VERITY_URL to the server's address.`,
          { url, ...(cause?.code === undefined ? {} : { cause: cause.code }) },
        );
      }
      // Connected, then lost the connection mid-request (server stopped, proxy cut it off).
      throw new CliError(
        'UNAVAILABLE',
        `the connection to the Verity server at ${url} (VERITY_URL) failed during the request: ${cause.message}`,
        { url, ...(cause.code === undefined ? {} : { cause: cause.code }) },
      );
    }
  };
}

function rootCause(cause: unknown): { message: string; code: unknown } | undefined {
  if (cause instanceof AggregateError) return rootCause(cause.errors[0]);
  if (cause instanceof Error)
    return { message: cause.message, code: (cause as { code?: unknown }).code };
  return undefined;
}

import { userInfo } from 'node:os';
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
      actor: actorFromEnv(env),
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
 * VERITY_ACTOR, else the login name. Until real identities exist the server trusts this name,
 * so it defaults to who is at the keyboard rather than to a shared placeholder.
 */
export function actorFromEnv(env: NodeJS.ProcessEnv): string {
  if (env.VERITY_ACTOR !== undefined && env.VERITY_ACTOR !== '') return env.VERITY_ACTOR;
  try {
    return userInfo().username;
  } catch {
    // No passwd entry (some containers): fall back to the shell's idea of the user.
    return env.USER ?? env.LOGNAME ?? 'unknown';
  }
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

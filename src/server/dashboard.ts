import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { API_PREFIX } from './api-prefix.js';

/** Where `npm run build:web` writes the dashboard (relative to the package root). */
export const DEFAULT_DASHBOARD_DIR = fileURLToPath(new URL('../../web/dist/', import.meta.url));

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json',
};

/**
 * The page shell's security headers. Scripts and styles come only from Verity itself; inline
 * style attributes (chart geometry) are allowed, inline scripts are not. The dashboard may not be
 * framed, so a hostile page cannot trick a signed-in officer into clicking "approve".
 */
const SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'same-origin',
};

/** Paths the single-page app never owns: unknown ones there stay JSON 404s. */
const SERVER_PATHS = [API_PREFIX + '/', '/healthz', '/readyz', '/metrics'];

const NOT_BUILT = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Verity</title></head>
<body><h1>The Verity dashboard is not built</h1><p>Run <code>npm run build:web</code> (it is part of
<code>npm start</code>) and reload. The API is available under <code>${API_PREFIX}</code>.</p></body></html>`;

/**
 * Serves the dashboard (a Vite build of `web/`) at `/`: hashed files under `/assets/` are cached
 * for a year, every other path that is not a file answers `index.html` so the app's own router
 * handles it. The shell is public; everything it shows comes from the API, which requires a
 * session (the app shows its sign-in page until `GET /api/v1/auth/me` succeeds).
 */
export function dashboardRoutes(app: FastifyInstance, dir: string = DEFAULT_DASHBOARD_DIR): void {
  const root = normalize(dir.endsWith(sep) ? dir : dir + sep);

  const sendIndex = async (reply: FastifyReply) => {
    const html = await readFile(join(root, 'index.html'), 'utf8').catch(() => undefined);
    void reply.headers(SECURITY_HEADERS).header('cache-control', 'no-cache');
    if (html === undefined) return reply.status(503).type(CONTENT_TYPES['.html']!).send(NOT_BUILT);
    return reply.type(CONTENT_TYPES['.html']!).send(html);
  };

  const handler = async (request: FastifyRequest, reply: FastifyReply) => {
    const path = decodePath(request.url.split('?')[0] ?? '/');
    if (path === undefined) return reply.callNotFound();
    if (SERVER_PATHS.some((p) => path === p.replace(/\/$/, '') || path.startsWith(p))) {
      return reply.callNotFound();
    }
    const type = CONTENT_TYPES[extname(path)];
    if (path !== '/' && type !== undefined && !path.endsWith('.html')) {
      const file = normalize(join(root, path));
      if (!file.startsWith(root)) return reply.callNotFound();
      const info = await stat(file).catch(() => undefined);
      if (info === undefined || !info.isFile()) return reply.callNotFound();
      const immutable = path.startsWith('/assets/');
      return reply
        .headers(SECURITY_HEADERS)
        .header('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache')
        .type(type)
        .send(await readFile(file));
    }
    return sendIndex(reply);
  };

  const options = { config: { access: 'public' as const }, schema: { hide: true } };
  app.get('/', options, handler);
  app.get('/*', options, handler);
}

function decodePath(raw: string): string | undefined {
  try {
    const decoded = decodeURIComponent(raw);
    return decoded.includes('\0') ? undefined : decoded;
  } catch {
    return undefined;
  }
}

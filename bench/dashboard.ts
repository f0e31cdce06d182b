/**
 * `npm run bench:dashboard`: how long the dashboard takes to show its first page on localhost
 * with the demo data, in headless Chromium, the way a signed-in officer opens it.
 *
 * A "load" starts when navigation starts and ends when the page's content is on screen: for the
 * inventory, the first model row; for a model page, its h1 and its first section. Each round
 * uses a new browser context (empty cache: a first visit) and then reloads the same page in it
 * (a return visit, assets from cache). The server is started exactly as `npm start` starts it
 * (demo on an empty embedded database, the built dashboard from web/dist).
 *
 * Options: --rounds / BENCH_ROUNDS (default 10).
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium, type Page } from 'playwright-core';
import {
  CHROMIUM_ARGS,
  defaultChromiumPath,
  pdfRenderingAvailable,
} from '../src/cards/render/pdf.js';
import { DEMO_PASSWORD } from '../src/demo/index.js';
import { configFromEnv } from '../src/server/config.js';
import { startServer } from '../src/server/start.js';

const { values } = parseArgs({ options: { rounds: { type: 'string' } } });
const rounds = Number(values.rounds ?? process.env.BENCH_ROUNDS ?? 10);
const dashboardDir = resolve(import.meta.dirname, '../web/dist');

if (!pdfRenderingAvailable()) {
  console.error(
    `Chromium is not available at ${defaultChromiumPath()} (apt-get install -y chromium)`,
  );
  process.exit(2);
}
if (!existsSync(join(dashboardDir, 'index.html'))) {
  console.error('The dashboard is not built: run `npm run build:web` first');
  process.exit(2);
}

const home = mkdtempSync(join(tmpdir(), 'verity-bench-dashboard-'));
const started = performance.now();
const server = await startServer(
  {
    ...configFromEnv({}),
    home,
    port: 0,
    logLevel: 'silent',
    dashboardDir,
    complianceIntervalSeconds: 0,
    monitorIntervalSeconds: 0,
    incidentIntervalSeconds: 0,
    checkpointIntervalSeconds: 0,
  },
  { demo: true },
);
console.log(`server with the demo ready in ${((performance.now() - started) / 1000).toFixed(1)} s`);
const browser = await chromium.launch({
  executablePath: defaultChromiumPath(),
  args: [...CHROMIUM_ARGS],
});

interface Target {
  name: string;
  /** Opened with priya.nair's session cookie. */
  signedIn: boolean;
  path: string;
  ready: (page: Page) => Promise<unknown>;
}
const targets: Target[] = [
  {
    // The floor: what a new browser context costs to show any page at all on this machine.
    name: 'floor: a static 1 KB page',
    signedIn: false,
    path: '/favicon.svg',
    ready: (page) => page.locator('svg').first().waitFor(),
  },
  {
    name: 'sign-in page (signed out)',
    signedIn: false,
    path: '/',
    ready: (page) => page.getByRole('button', { name: 'Sign in' }).waitFor(),
  },
  {
    name: 'inventory',
    signedIn: true,
    path: '/',
    ready: (page) => page.locator('table.data tbody tr').first().waitFor(),
  },
  {
    name: 'model version (credit-risk)',
    signedIn: true,
    path: '/models/credit-risk',
    ready: (page) => page.locator('h1').first().waitFor(),
  },
];

const results = new Map<string, { cold: number[]; warm: number[]; bytes: number }>();
try {
  for (let round = 0; round < rounds; round++) {
    for (const target of targets) {
      const context = await browser.newContext({ baseURL: server.url });
      if (target.signedIn) {
        // The session cookie, as the sign-in form would leave it.
        const response = await context.request.post('/api/v1/auth/login', {
          data: { name: 'priya.nair', password: DEMO_PASSWORD },
        });
        if (!response.ok()) throw new Error(`sign-in failed: ${response.status()}`);
      }
      const page = await context.newPage();
      const timed = async () => {
        const t0 = performance.now();
        await page.goto(target.path, { waitUntil: 'commit' });
        await target.ready(page);
        return performance.now() - t0;
      };
      const cold = await timed();
      const bytes = await page.evaluate(() =>
        performance
          .getEntriesByType('resource')
          .concat(performance.getEntriesByType('navigation'))
          .reduce((n, e) => n + ((e as PerformanceResourceTiming).encodedBodySize || 0), 0),
      );
      const warm = await timed();
      const entry = results.get(target.name) ?? { cold: [], warm: [], bytes };
      entry.cold.push(cold);
      entry.warm.push(warm);
      results.set(target.name, entry);
      await context.close();
    }
  }
} finally {
  await browser.close();
  await server.close();
  rmSync(home, { recursive: true, force: true });
}

const pct = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
};
console.log(
  `\nFirst load on localhost, ${rounds} rounds, Chromium headless (ms; goal: under 1000)\n`,
);
console.log(
  'page'.padEnd(30) +
    'first visit p50'.padStart(17) +
    'p90'.padStart(8) +
    'max'.padStart(8) +
    'return p50'.padStart(12) +
    'bytes (first)'.padStart(15),
);
for (const [name, r] of results) {
  console.log(
    name.padEnd(30) +
      pct(r.cold, 50).toFixed(0).padStart(17) +
      pct(r.cold, 90).toFixed(0).padStart(8) +
      Math.max(...r.cold)
        .toFixed(0)
        .padStart(8) +
      pct(r.warm, 50).toFixed(0).padStart(12) +
      r.bytes.toLocaleString('en-GB').padStart(15),
  );
}

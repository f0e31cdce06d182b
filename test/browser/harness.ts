/// <reference lib="dom" />
import {
  accessSync,
  constants,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { inject } from 'vitest';
import { CHROMIUM_ARGS, defaultChromiumPath } from '../../src/cards/render/pdf.js';
import { configFromEnv, type VerityConfig } from '../../src/server/config.js';
import { startServer, type RunningServer } from '../../src/server/start.js';
import { DEMO_PASSWORD } from '../../src/demo/index.js';

/**
 * Where the dashboard is built (`npm run build:web`; `VERITY_DASHBOARD_DIR` overrides); the
 * tests build it there when it is missing.
 */
export const DASHBOARD_DIR = resolve(
  process.env.VERITY_DASHBOARD_DIR ?? join(import.meta.dirname, '../../web/dist'),
);

/** Screenshots of every page land here for review (`VERITY_SCREENSHOTS` overrides). */
export const SCREENSHOT_DIR = resolve(
  process.env.VERITY_SCREENSHOTS ?? join(import.meta.dirname, '../../test-results/screenshots'),
);

/** Why the browser tests cannot run here, or undefined when they can. */
export function browserUnavailable(): string | undefined {
  const path = defaultChromiumPath();
  try {
    accessSync(path, constants.X_OK);
    return undefined;
  } catch {
    return `Chromium is not installed at ${path} (apt-get install -y chromium, or set VERITY_CHROMIUM); the browser tests are skipped`;
  }
}

export interface Dashboard {
  url: string;
  server: RunningServer;
  browser: Browser;
  /** A fresh browser context (own cookies) signed in as `user`, with its console errors kept. */
  signIn(user: string, options?: { width?: number; height?: number }): Promise<SignedIn>;
  close(): Promise<void>;
}

export interface SignedIn {
  context: BrowserContext;
  page: Page;
  /** Console errors and uncaught page errors seen so far (a test asserts there are none). */
  errors: string[];
  /** Goes to a dashboard path and waits until the page has finished loading its data. */
  open(path: string): Promise<void>;
  /** Full-page screenshot into SCREENSHOT_DIR/<name>.png. */
  screenshot(name: string): Promise<string>;
  close(): Promise<void>;
}

function dashboardConfig(home: string): VerityConfig {
  return {
    ...configFromEnv({}),
    home,
    port: 0,
    logLevel: 'silent',
    dashboardDir: DASHBOARD_DIR,
    // Background jobs would change what the pages show while a test reads them.
    checkpointIntervalSeconds: 0,
    monitorIntervalSeconds: 0,
    incidentIntervalSeconds: 0,
    complianceIntervalSeconds: 0,
    webhooks: { enabled: false, timeoutMs: 1000, maxAttempts: 1 },
  };
}

/** A seeder that died holding the lock for longer than this is taken over. */
const STALE_LOCK_MS = 180_000;

/**
 * A home holding the demo exactly as `npm start` seeds it, for one test file. The demo is seeded
 * once per test run, by the first browser test file to get here (the others wait), into a home
 * the others copy: seeding takes about 10 s, a copy a fraction of one. The seeded home is kept per
 * UTC day, since the demo's dates count back from the day it was seeded.
 */
async function demoHome(): Promise<string> {
  const template = join(inject('browserDemoRoot'), `demo-${new Date().toISOString().slice(0, 10)}`);
  const ready = `${template}.ready`;
  const lock = `${template}.lock`;
  while (!existsSync(ready)) {
    try {
      mkdirSync(lock);
    } catch {
      const since = statSync(lock, { throwIfNoEntry: false })?.mtimeMs;
      if (since !== undefined && Date.now() - since > STALE_LOCK_MS) {
        rmSync(lock, { recursive: true, force: true });
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
      continue;
    }
    try {
      if (!existsSync(ready)) {
        rmSync(template, { recursive: true, force: true });
        const seeding = await startServer(dashboardConfig(template), { demo: true });
        await seeding.close();
        writeFileSync(ready, '');
      }
    } finally {
      rmSync(lock, { recursive: true, force: true });
    }
  }
  const home = mkdtempSync(join(tmpdir(), 'verity-browser-'));
  cpSync(template, home, { recursive: true });
  return home;
}

/**
 * Starts Verity on a copy of the demo scenario's embedded database (what `npm start` seeds) and
 * headless Chromium. Each test file gets its own server and copy, so files can run in parallel.
 */
export async function startDashboard(): Promise<Dashboard> {
  if (!existsSync(join(DASHBOARD_DIR, 'index.html'))) {
    const { build } = await import('vite');
    await build({
      configFile: resolve(import.meta.dirname, '../../web/vite.config.ts'),
      logLevel: 'warn',
    });
  }
  const home = await demoHome();
  const config = dashboardConfig(home);
  const server = await startServer(config, { demo: true });
  let browser: Browser;
  try {
    browser = await chromium.launch({
      executablePath: defaultChromiumPath(),
      args: [...CHROMIUM_ARGS],
    });
  } catch (error) {
    await server.close();
    rmSync(home, { recursive: true, force: true });
    throw error;
  }
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const url = server.url;

  const signIn = async (user: string, options: { width?: number; height?: number } = {}) => {
    const context = await browser.newContext({
      viewport: { width: options.width ?? 1440, height: options.height ?? 900 },
      baseURL: url,
    });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto('/');
    await page.getByLabel('User name').fill(user);
    await page.getByLabel('Password').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    const signedIn: SignedIn = {
      context,
      page,
      errors,
      open: async (path) => {
        await page.goto(path);
        await settle(page);
      },
      screenshot: async (name) => {
        await settle(page);
        // The sidebar is sticky: scrolled down, a full-page capture would draw it mid-page.
        await page.evaluate(() => window.scrollTo(0, 0));
        const file = join(SCREENSHOT_DIR, `${name}.png`);
        await page.screenshot({ path: file, fullPage: true });
        return file;
      },
      close: () => context.close(),
    };
    return signedIn;
  };

  return {
    url,
    server,
    browser,
    signIn,
    close: async () => {
      await browser.close();
      await server.close();
      rmSync(home, { recursive: true, force: true });
    },
  };
}

/** Waits for the network to go quiet and no loading indicator to remain. */
export async function settle(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle');
  await page.waitForFunction(() => document.querySelector('.state-loading') === null, undefined, {
    timeout: 15_000,
  });
}

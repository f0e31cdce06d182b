import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { TestProject } from 'vitest/node';
import { migrateToLatest, openDatabase } from '../../src/store/index.js';
import { buildCliBundle } from './cli-bundle.js';

const ROOT = resolve(import.meta.dirname, '../..');

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplate: string;
    /** Where the browser tests keep the demo home they seed once and copy (test/browser). */
    browserDemoRoot: string;
    /** The compiled `verity` command the CLI tests spawn (test/support/cli-bundle.ts). */
    cliEntry: string;
  }
}

/**
 * Creating a PGlite database runs initdb (~3 s); doing it once here and giving every test a copy
 * of the migrated data directory (~0.4 s) keeps the suite fast.
 */
export default async function setup(project: TestProject): Promise<() => void> {
  const dir = mkdtempSync(join(tmpdir(), 'verity-template-'));
  const database = await openDatabase({ engine: 'pglite' });
  await migrateToLatest(database.db);
  const dump = await database.dumpDataDir!();
  await database.close();
  const path = join(dir, 'template.tar.gz');
  writeFileSync(path, Buffer.from(await dump.arrayBuffer()));
  project.provide('pgliteTemplate', path);
  mkdirSync(join(dir, 'browser-demo'));
  project.provide('browserDemoRoot', join(dir, 'browser-demo'));
  // Inside the repository, so that the compiled CLI resolves its packages from node_modules.
  const cliDir = join(ROOT, 'node_modules/.cache', `verity-test-cli-${process.pid}`);
  project.provide('cliEntry', await buildCliBundle(cliDir));
  if (process.env.VERITY_TEST_DATABASE_URL === undefined) {
    console.log(
      '\n[verity] PostgreSQL suites are skipped: set VERITY_TEST_DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/test) to run them.\n',
    );
  }
  return () => {
    rmSync(dir, { recursive: true, force: true });
    rmSync(cliDir, { recursive: true, force: true });
  };
}

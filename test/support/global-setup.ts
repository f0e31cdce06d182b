import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { migrateToLatest, openDatabase } from '../../src/store/index.js';

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplate: string;
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
  if (process.env.VERITY_TEST_DATABASE_URL === undefined) {
    console.log(
      '\n[verity] PostgreSQL suites are skipped: set VERITY_TEST_DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/test) to run them.\n',
    );
  }
  return () => rmSync(dir, { recursive: true, force: true });
}

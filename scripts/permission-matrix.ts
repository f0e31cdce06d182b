// Writes docs/permissions.md from the code (roles, permissions and every route's declared
// access). `npm run docs:permissions`; a test fails when the file is out of date.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../src/server/app.js';
import { permissionMatrixMarkdown } from '../src/server/permission-matrix.js';
import { assembleRuntime } from '../src/server/runtime.js';
import { loadServerKeys } from '../src/server/server-keys.js';
import { migrateToLatest, openDatabase } from '../src/store/index.js';

const blobs = mkdtempSync(join(tmpdir(), 'verity-matrix-'));
const database = await openDatabase({ engine: 'pglite' });
try {
  await migrateToLatest(database.db);
  const runtime = await assembleRuntime(database, {
    blobRoot: blobs,
    keys: loadServerKeys({ home: blobs, ledgerOrigin: 'matrix.verity.local/log' }),
  });
  const app = await buildApp({ runtime, maxUploadBytes: 1024, maxJsonBytes: 1024 * 1024 });
  const target = new URL('../docs/permissions.md', import.meta.url);
  writeFileSync(target, permissionMatrixMarkdown(app.routeAccess));
  await app.close();
  console.log(`wrote docs/permissions.md (${app.routeAccess.length} routes)`);
} finally {
  await database.close();
  rmSync(blobs, { recursive: true, force: true });
}

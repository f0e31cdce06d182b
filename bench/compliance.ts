/**
 * `npm run bench:compliance`: on the demo data (seeded into a fresh embedded store), the time to
 * compute one model's posture (27 checks over its gathered facts), the organisation posture, the
 * full model report in each format (the audit-cycle KPI: evidence read to document rendered,
 * ledgered), the evidence bundle export and its offline verification. Best of --rounds
 * (default 5); PDF only when Chromium is installed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { pdfRenderingAvailable } from '../src/cards/render/index.js';
import {
  exportComplianceBundle,
  modelPosture,
  organisationPostureOf,
  produceModelReport,
  verifyComplianceBundle,
  type ReportFormat,
} from '../src/compliance/index.js';
import { DEMO_ACTORS, demoEpoch, seedDemo } from '../src/demo/index.js';
import { ManualClock } from '../src/lib/index.js';
import { firstStart } from '../src/server/first-start.js';
import { blobRootFor, databaseConfigFor, openRuntime } from '../src/server/runtime.js';
import { loadServerKeys } from '../src/server/server-keys.js';

const { values } = parseArgs({ options: { rounds: { type: 'string' } } });
const ROUNDS = Number(values.rounds ?? 5);

async function best(label: string, run: () => Promise<unknown>, rounds = ROUNDS): Promise<number> {
  let min = Infinity;
  for (let i = 0; i < rounds; i++) {
    const started = performance.now();
    await run();
    min = Math.min(min, performance.now() - started);
  }
  console.log(`${label.padEnd(46)} ${min.toFixed(1).padStart(9)} ms   (best of ${rounds})`);
  return min;
}

const home = mkdtempSync(join(os.tmpdir(), 'verity-bench-compliance-'));
const runtime = await openRuntime({
  database: databaseConfigFor(home, undefined),
  blobRoot: blobRootFor(home),
  keys: loadServerKeys({ home, ledgerOrigin: 'bench.verity.local/log' }),
  migrate: 'always',
});
try {
  await firstStart(runtime, home, { clock: new ManualClock(demoEpoch(runtime.clock.now())) });
  const seeding = performance.now();
  await seedDemo(runtime);
  console.log(`demo seeded in ${((performance.now() - seeding) / 1000).toFixed(1)} s`);
  const ctx = runtime.registry;
  const elena = DEMO_ACTORS.complianceOfficer;
  console.log(`machine: ${os.cpus().length} cores, Node ${process.version}, PGlite`);
  console.log(`ledger: ${await runtime.ledger.size()} entries\n`);
  await best('posture of credit-risk (facts + 27 checks)', () => modelPosture(ctx, 'credit-risk'));
  await best('organisation posture (2 models)', () => organisationPostureOf(ctx));
  const formats: ReportFormat[] = ['markdown', 'html', 'json'];
  if (pdfRenderingAvailable()) formats.push('pdf');
  else console.log('(pdf skipped: no Chromium at VERITY_CHROMIUM or /usr/bin/chromium)');
  for (const format of formats) {
    let reported = 0;
    await best(
      `full model report, ${format} (wall)`,
      async () => {
        const r = await produceModelReport(ctx, runtime.ledger, elena, 'credit-risk', { format });
        reported = r.durationMs;
      },
      format === 'pdf' ? 3 : ROUNDS,
    );
    console.log(
      `${'  audit-cycle KPI recorded by the server'.padEnd(46)} ${reported.toFixed(1).padStart(9)} ms`,
    );
  }
  let text = '';
  await best('evidence bundle export', async () => {
    text = (await exportComplianceBundle(ctx, runtime.ledger, elena, 'credit-risk')).text;
  });
  console.log(`  bundle: ${(text.length / 1024).toFixed(0)} KiB`);
  await best('evidence bundle verification (offline)', () =>
    Promise.resolve(verifyComplianceBundle(text, runtime.ledger.verifierKey)),
  );
} finally {
  await runtime.close();
  rmSync(home, { recursive: true, force: true });
}

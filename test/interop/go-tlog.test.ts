import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../support/engines.js';
import { upload } from '../support/fixtures.js';
import { startHarness, type Harness } from '../support/harness.js';
import { testVerifierKey } from '../support/keys.js';

/** Go's reference note/tlog packages, from Debian's golang-golang-x-mod-dev (GOPATH layout). */
const GOPATH = '/usr/share/gocode';
const hasGo =
  spawnSync('go', ['version']).status === 0 &&
  existsSync(join(GOPATH, 'src/golang.org/x/mod/sumdb/tlog'));
const why = hasGo
  ? undefined
  : 'needs Go and golang.org/x/mod (apt-get install golang-go golang-golang-x-mod-dev; .ci/run installs them)';

describe.skipIf(!hasGo)(
  `Go's golang.org/x/mod/sumdb accepts Verity's checkpoints and proofs${why ? ` (skipped: ${why})` : ''}`,
  () => {
    let h: Harness;
    let cache: string;
    beforeAll(async () => {
      cache = mkdtempSync(join(tmpdir(), 'verity-gocache-'));
      h = await startHarness(ENGINES[0]!);
    });
    afterAll(async () => {
      await h?.close();
      rmSync(cache, { recursive: true, force: true });
    });

    const runGo = (request: unknown) =>
      spawnSync('go', ['run', join(import.meta.dirname, 'go-tlog', 'main.go')], {
        input: JSON.stringify(request),
        encoding: 'utf8',
        env: { ...process.env, GO111MODULE: 'off', GOPATH, GOCACHE: cache, GOFLAGS: '' },
        timeout: 120_000,
      });

    it('verifies every inclusion proof and a consistency proof, and rejects a changed entry', async () => {
      const client = h.client();
      await client.createModel({ name: 'interop' });
      const file = await upload(client, 'model.bin', 'interop');
      await client.registerVersion('interop', { label: '1.0.0', format: 'other', files: [file] });
      const old = await client.checkpoint();
      for (const label of ['1.1.0', '1.2.0', '1.3.0']) {
        await client.registerVersion('interop', { label, format: 'other', files: [file] });
      }
      const current = await client.checkpoint();
      const { items } = await client.auditEntries({ from: 0, limit: 1000 });
      const entries = [];
      for (const e of items) {
        entries.push({
          index: e.seq,
          entry: e.entry,
          proof: (await client.inclusionProof(e.seq, current.size)).proof,
        });
      }
      const consistency = await client.consistencyProof(old.size, current.size);
      const request = {
        verifierKey: testVerifierKey(),
        checkpoint: current.note,
        entries,
        consistency: { oldCheckpoint: old.note, proof: consistency.proof },
      };
      const ok = runGo(request);
      expect(ok.stderr).toBe('');
      expect(ok.stdout.trim()).toBe('ok');

      const tampered = structuredClone(request);
      tampered.entries[2]!.entry = tampered.entries[2]!.entry.replace('"v":1', '"v":2');
      const bad = runGo(tampered);
      expect(bad.status).toBe(1);
      expect(bad.stderr).toContain('entry 2');
    });
  },
);

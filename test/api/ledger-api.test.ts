import { createPublicKey } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyMerkleInclusion } from '@sigstore/verify/dist/tlog/merkle.js';
import { verifyCheckpoint as sigstoreVerifyCheckpoint } from '@sigstore/verify/dist/tlog/checkpoint.js';
import {
  decodeBase64Strict,
  hashLeaf,
  LogVerifier,
  parseVerifierKey,
  rootFromLeafHashes,
  verifyCheckpoint,
  verifyConsistency,
  verifyEvidenceBundle,
  verifyInclusion,
} from '../../src/ledger/index.js';
import type { VerityClient } from '../../src/client/index.js';
import {
  generateSigningKeyPair,
  exportPublicKeyPem,
  signModel,
  verifyPromotionAttestation,
  importPublicKeyPem,
} from '../../src/signing/index.js';
import type { ModelFileDigest } from '../../src/signing/index.js';
import { ENGINES } from '../support/engines.js';
import { errorOf, upload } from '../support/fixtures.js';
import { startHarness, type Harness } from '../support/harness.js';
import { TEST_LOG_ORIGIN, testVerifierKey } from '../support/keys.js';

const b64 = (s: string) => decodeBase64Strict(s);

/** Everything an auditor downloads to recompute the log. */
async function auditLog(client: VerityClient) {
  const entries = [];
  for (let from = 0; ; from += 1000) {
    const page = await client.auditEntries({ from, limit: 1000 });
    entries.push(...page.items);
    if (page.items.length < 1000) break;
  }
  const checkpoints = await client.checkpoints();
  return { entries, notes: checkpoints.map((c) => c.note), size: (await client.auditHead()).size };
}

async function verifyAll(client: VerityClient) {
  const { entries, notes, size } = await auditLog(client);
  const verifier = new LogVerifier(testVerifierKey(), notes);
  for (const e of entries) verifier.add({ index: e.seq, entry: e.entry, leafHash: e.leafHash });
  return verifier.finish(size);
}

async function populate(client: VerityClient, prefix: string, versions = 3) {
  await client.createModel({ name: `${prefix}-model` });
  const file = await upload(client, 'model.bin', `${prefix} weights`);
  for (let i = 0; i < versions; i++) {
    await client.registerVersion(`${prefix}-model`, {
      label: `1.${i}.0`,
      format: 'other',
      files: [file],
    });
  }
}

describe.each(ENGINES)('verifiable audit log on $name', (engine) => {
  describe.skipIf(engine.skip !== undefined)(engine.skip ?? 'engine', () => {
    describe('proofs and checkpoints', () => {
      let h: Harness;
      beforeAll(async () => {
        h = await startHarness(engine);
      });
      afterAll(async () => {
        await h.close();
      });

      it('signs checkpoints whose root is the RFC 9162 root of the stored entries', async () => {
        const client = h.client();
        await populate(client, 'ckpt');
        const checkpoint = await client.checkpoint();
        const { entries } = await auditLog(client);
        expect(checkpoint.size).toBe(entries.length);
        const root = rootFromLeafHashes(entries.map((e) => hashLeaf(Buffer.from(e.entry, 'utf8'))));
        expect(checkpoint.rootHash).toBe(Buffer.from(root).toString('base64'));
        const verified = verifyCheckpoint(checkpoint.note, testVerifierKey());
        expect(verified.checkpoint.origin).toBe(TEST_LOG_ORIGIN);
        expect(Number(verified.checkpoint.size)).toBe(entries.length);
        expect((await client.auditKey()).verifierKey).toBe(testVerifierKey());
        // The same size gives back the same stored note.
        expect((await client.checkpoint()).note).toBe(checkpoint.note);
      });

      it('serves inclusion proofs for every entry that verify against the signed root', async () => {
        const client = h.client();
        const checkpoint = await client.checkpoint();
        const { entries } = await auditLog(client);
        for (const e of entries.slice(0, checkpoint.size)) {
          const proof = await client.inclusionProof(e.seq, checkpoint.size);
          expect(proof.rootHash).toBe(checkpoint.rootHash);
          verifyInclusion(
            BigInt(e.seq),
            BigInt(checkpoint.size),
            hashLeaf(Buffer.from(e.entry, 'utf8')),
            proof.proof.map(b64),
            b64(checkpoint.rootHash),
          );
        }
      });

      it('has its checkpoints and inclusion proofs accepted by sigstore-js, an independent RFC 6962 verifier', async () => {
        const client = h.client();
        const checkpoint = await client.checkpoint();
        const { entries } = await auditLog(client);
        const verifier = parseVerifierKey(testVerifierKey());
        const keyId = Buffer.alloc(4);
        keyId.writeUInt32BE(verifier.keyId);
        const tlog = {
          logID: Buffer.concat([keyId, Buffer.alloc(28)]),
          baseURL: `https://${TEST_LOG_ORIGIN}`,
          publicKey: createPublicKey({
            key: Buffer.concat([
              Buffer.from('302a300506032b6570032100', 'hex'),
              Buffer.from(verifier.publicKey),
            ]),
            format: 'der',
            type: 'spki',
          }),
          validFor: { start: new Date(0), end: new Date('2100-01-01') },
        };
        for (const index of [0, Math.floor(checkpoint.size / 2), checkpoint.size - 1]) {
          const e = entries[index]!;
          const proof = await client.inclusionProof(index, checkpoint.size);
          const tlogEntry = {
            canonicalizedBody: Buffer.from(e.entry, 'utf8'),
            inclusionProof: {
              logIndex: String(index),
              treeSize: String(checkpoint.size),
              rootHash: Buffer.from(checkpoint.rootHash, 'base64'),
              hashes: proof.proof.map((p) => Buffer.from(p, 'base64')),
              checkpoint: { envelope: checkpoint.note },
            },
          };
          type Entry = Parameters<typeof verifyMerkleInclusion>[0];
          const parsed = sigstoreVerifyCheckpoint(tlogEntry as unknown as Entry, [tlog]);
          expect(parsed.logSize).toBe(BigInt(checkpoint.size));
          expect(() => verifyMerkleInclusion(tlogEntry as unknown as Entry, parsed)).not.toThrow();
          // And rejected once one byte of the entry changes.
          const forged = {
            ...tlogEntry,
            canonicalizedBody: Buffer.from(e.entry.replace('"v":1', '"v":2'), 'utf8'),
          };
          expect(() => verifyMerkleInclusion(forged as unknown as Entry, parsed)).toThrow(
            /root hash/,
          );
        }
      });

      it('proves with a consistency proof that a later checkpoint extends an earlier one', async () => {
        const client = h.client();
        const first = await client.checkpoint();
        await populate(client, 'grow', 2);
        const second = await client.checkpoint();
        expect(second.size).toBeGreaterThan(first.size);
        const proof = await client.consistencyProof(first.size, second.size);
        verifyConsistency(
          BigInt(first.size),
          BigInt(second.size),
          b64(first.rootHash),
          b64(second.rootHash),
          proof.proof.map(b64),
        );
        expect(() =>
          verifyConsistency(
            BigInt(first.size),
            BigInt(second.size),
            b64(second.rootHash),
            b64(second.rootHash),
            proof.proof.map(b64),
          ),
        ).toThrow();
      });

      it('answers bad proof requests with VALIDATION_ERROR', async () => {
        const client = h.client();
        const size = (await client.auditHead()).size;
        expect((await errorOf(() => client.inclusionProof(size, size))).code).toBe(
          'VALIDATION_ERROR',
        );
        expect((await errorOf(() => client.consistencyProof(size + 5))).code).toBe(
          'VALIDATION_ERROR',
        );
        expect((await errorOf(() => client.inclusionProof(0, size + 1))).code).toBe(
          'VALIDATION_ERROR',
        );
        // A size far beyond the log names the current size, whatever subtree hashes it lacks.
        const beyond = await errorOf(() => client.inclusionProof(size - 1, size * 4));
        expect(beyond.code).toBe('VALIDATION_ERROR');
        expect(beyond.message).toContain(`current size ${size}`);
        const consistencyBeyond = await errorOf(() => client.consistencyProof(1, size + 3));
        expect(consistencyBeyond.code).toBe('VALIDATION_ERROR');
        expect(consistencyBeyond.message).toContain(`current size ${size}`);
        expect((await errorOf(() => client.consistencyProof(1, 0))).code).toBe('VALIDATION_ERROR');
      });

      it('exports an evidence bundle for a model version that verifies offline, and not after tampering', async () => {
        const client = h.client();
        const version = await client.getVersion('ckpt-model', '1.1.0');
        await client.recordDeployment({
          model: 'ckpt-model',
          version: '1.1.0',
          environment: 'production',
        });
        const bundle = await client.evidence('model-version', version.id, 'ckpt-model@1.1.0');
        expect(bundle.entries.map((e) => (JSON.parse(e.entry) as { type: string }).type)).toEqual([
          'model-version-registered',
          'deployment-recorded',
        ]);
        const report = verifyEvidenceBundle(JSON.parse(JSON.stringify(bundle)), testVerifierKey());
        expect(report).toMatchObject({ ok: true, entriesVerified: 2 });

        const editedPayload = structuredClone(bundle);
        (editedPayload.entries[0]!.payload as { label: string }).label = '9.9.9';
        expect(
          verifyEvidenceBundle(editedPayload, testVerifierKey()).problems.map((p) => p.code),
        ).toEqual(['PAYLOAD_MISMATCH']);
        const editedEntry = structuredClone(bundle);
        editedEntry.entries[1]!.entry = editedEntry.entries[1]!.entry.replace(
          '"actor":"alice"',
          '"actor":"mallory"',
        );
        expect(
          verifyEvidenceBundle(editedEntry, testVerifierKey()).problems.map((p) => p.code),
        ).toEqual(['PROOF_INVALID']);
        const otherKey = 'other.example/log+00000000+AWlmZmZmZmZmZmZmZmZmZmZmZmZmZmZmZmZmZmZmZmZm';
        expect(verifyEvidenceBundle(bundle, otherKey).problems.map((p) => p.code)).toEqual([
          'KEY_NOT_TRUSTED',
        ]);
        // Several trusted keys (a rotation): the bundle's key must be one of them.
        expect(verifyEvidenceBundle(bundle, [otherKey, testVerifierKey()])).toMatchObject({
          ok: true,
          problems: [],
        });
        expect(verifyEvidenceBundle(bundle, [otherKey]).problems).toEqual([
          {
            code: 'KEY_NOT_TRUSTED',
            index: null,
            message: 'the bundle was signed by a key other than the one you trust',
          },
        ]);
      });

      it('verifies the whole log end to end', async () => {
        const report = await verifyAll(h.client());
        expect(report.problems).toEqual([]);
        expect(report.ok).toBe(true);
        expect(report.checkpointsChecked).toBeGreaterThanOrEqual(2);
      });
    });

    describe('when ledger rows are tampered with directly in the database', () => {
      let h: Harness;
      beforeAll(async () => {
        h = await startHarness(engine);
        await populate(h.client(), 'tamper', 6);
        await h.client().checkpoint();
      });
      afterAll(async () => {
        await h.close();
      });
      const db = () => h.runtime.database.db;

      it('starts out verifying', async () => {
        expect((await verifyAll(h.client())).ok).toBe(true);
      });

      it('names an edited entry', async () => {
        const row = await db()
          .selectFrom('ledger_entries')
          .select('entry')
          .where('seq', '=', 3)
          .executeTakeFirstOrThrow();
        await db()
          .updateTable('ledger_entries')
          .set({ entry: row.entry.replace('"actor":"alice"', '"actor":"bob"') })
          .where('seq', '=', 3)
          .execute();
        try {
          const report = await verifyAll(h.client());
          expect(report.ok).toBe(false);
          expect(report.firstBadIndex).toBe(3);
          expect(report.problems[0]?.code).toBe('LEAF_HASH_MISMATCH');
          // The server's own check finds it too, and records the failure in the log.
          const response = await h.app.inject({
            method: 'POST',
            url: '/api/v1/audit/verify',
            headers: { authorization: `Bearer ${h.token()}` },
          });
          expect(response.json<{ ok: boolean; firstBadIndex: number }>()).toMatchObject({
            ok: false,
            firstBadIndex: 3,
          });
          const recorded = await h.client().auditEntries({ type: 'ledger-verification-failed' });
          expect(recorded.items).toHaveLength(1);
          expect(recorded.items[0]?.payload).toMatchObject({ firstBadIndex: 3 });
        } finally {
          await db()
            .updateTable('ledger_entries')
            .set({ entry: row.entry })
            .where('seq', '=', 3)
            .execute();
        }
      });

      it('names an edited entry whose stored leaf hash was rewritten too, through the signed checkpoint', async () => {
        const row = await db()
          .selectFrom('ledger_entries')
          .select(['entry', 'leaf_hash'])
          .where('seq', '=', 4)
          .executeTakeFirstOrThrow();
        const forged = row.entry.replace('"actor":"alice"', '"actor":"bob"');
        await db()
          .updateTable('ledger_entries')
          .set({
            entry: forged,
            leaf_hash: Buffer.from(hashLeaf(Buffer.from(forged))).toString('hex'),
          })
          .where('seq', '=', 4)
          .execute();
        try {
          const report = await verifyAll(h.client());
          expect(report.ok).toBe(false);
          expect(report.problems.map((p) => p.code)).toContain('CHECKPOINT_ROOT_MISMATCH');
          expect(report.firstBadIndex).toBeLessThanOrEqual(4);
        } finally {
          await db()
            .updateTable('ledger_entries')
            .set({ entry: row.entry, leaf_hash: row.leaf_hash })
            .where('seq', '=', 4)
            .execute();
        }
      });

      it('names a deleted entry', async () => {
        const row = await db()
          .selectFrom('ledger_entries')
          .selectAll()
          .where('seq', '=', 2)
          .executeTakeFirstOrThrow();
        await db().deleteFrom('ledger_entries').where('seq', '=', 2).execute();
        try {
          const report = await verifyAll(h.client());
          expect(report.ok).toBe(false);
          expect(report.firstBadIndex).toBe(2);
          expect(report.problems[0]?.code).toBe('ENTRY_MISSING');
        } finally {
          await db()
            .insertInto('ledger_entries')
            .values({ ...row, payload: JSON.stringify(row.payload) })
            .execute();
        }
      });

      it('names reordered entries', async () => {
        const a = await db()
          .selectFrom('ledger_entries')
          .select(['entry', 'leaf_hash'])
          .where('seq', '=', 1)
          .executeTakeFirstOrThrow();
        const b = await db()
          .selectFrom('ledger_entries')
          .select(['entry', 'leaf_hash'])
          .where('seq', '=', 5)
          .executeTakeFirstOrThrow();
        await db().updateTable('ledger_entries').set(b).where('seq', '=', 1).execute();
        await db().updateTable('ledger_entries').set(a).where('seq', '=', 5).execute();
        try {
          const report = await verifyAll(h.client());
          expect(report.ok).toBe(false);
          expect(report.firstBadIndex).toBe(1);
          expect(report.problems[0]?.code).toBe('ENTRY_OUT_OF_PLACE');
        } finally {
          await db().updateTable('ledger_entries').set(a).where('seq', '=', 1).execute();
          await db().updateTable('ledger_entries').set(b).where('seq', '=', 5).execute();
        }
      });

      it('names an inserted entry', async () => {
        // Shift entries 3.. up by one and insert a forged entry at 3, as an attacker with SQL would.
        await sql`update ledger_entries set seq = seq + 1000 where seq >= 3`.execute(db());
        await sql`update ledger_entries set seq = seq - 999 where seq >= 1000`.execute(db());
        const forged = JSON.stringify({ v: 1, index: 3, type: 'model-created', actor: 'mallory' });
        await db()
          .insertInto('ledger_entries')
          .values({
            seq: 3,
            leaf_hash: Buffer.from(hashLeaf(Buffer.from(forged))).toString('hex'),
            entry: forged,
            type: 'model-created',
            actor: 'mallory',
            subject_kind: 'model',
            subject_id: 'x',
            recorded_at: new Date(),
            payload: null,
          })
          .execute();
        try {
          const report = await verifyAll(h.client());
          expect(report.ok).toBe(false);
          expect(report.firstBadIndex).toBe(3);
        } finally {
          await db().deleteFrom('ledger_entries').where('seq', '=', 3).execute();
          await sql`update ledger_entries set seq = seq + 1000 where seq >= 4`.execute(db());
          await sql`update ledger_entries set seq = seq - 1001 where seq >= 1000`.execute(db());
        }
        expect((await verifyAll(h.client())).ok).toBe(true);
      });

      it('names the truncation point when the newest entries are deleted', async () => {
        const size = (await h.client().auditHead()).size;
        const rows = await db()
          .selectFrom('ledger_entries')
          .selectAll()
          .where('seq', '>=', size - 2)
          .execute();
        await db()
          .deleteFrom('ledger_entries')
          .where('seq', '>=', size - 2)
          .execute();
        try {
          const report = await verifyAll(h.client());
          expect(report.ok).toBe(false);
          expect(report.firstBadIndex).toBe(size - 2);
        } finally {
          for (const row of rows)
            await db()
              .insertInto('ledger_entries')
              .values({ ...row, payload: JSON.stringify(row.payload) })
              .execute();
        }
      });
    });

    describe('model signatures and promotion attestations', () => {
      let h: Harness;
      beforeAll(async () => {
        h = await startHarness(engine);
      });
      afterAll(async () => {
        await h.close();
      });

      it('accepts a signature by a registered key, records it, and stops counting it once the key is revoked', async () => {
        const client = h.client('signer');
        await client.createModel({ name: 'signed' });
        const files = [
          await upload(client, 'model.onnx', 'onnx weights'),
          await upload(client, 'config.json', '{}'),
        ];
        const version = await client.registerVersion('signed', {
          label: '1.0.0',
          format: 'onnx',
          files,
        });
        const keys = generateSigningKeyPair('ecdsa-p256');
        const digests: ModelFileDigest[] = version.files.map((f) => ({
          path: f.path,
          digest: f.digest,
        }));
        const bundle = await signModel({ files: digests, name: 'signed@1.0.0' }, keys.privateKey);

        const unknown = await errorOf(() => client.addSignature('signed', '1.0.0', bundle));
        expect([unknown.code, unknown.details.reason]).toEqual([
          'SIGNATURE_INVALID',
          'UNKNOWN_KEY',
        ]);

        await client.registerSigningKey({
          name: 'release-key',
          publicKeyPem: exportPublicKeyPem(keys.publicKey),
        });
        const signature = await client.addSignature('signed', '1.0.0', bundle);
        expect(signature).toMatchObject({
          keyName: 'release-key',
          status: 'valid',
          version: 'signed@1.0.0',
        });
        const events = await client.auditEntries({
          subjectKind: 'model-version',
          subjectId: version.id,
        });
        expect(events.items.map((e) => e.event?.type)).toEqual([
          'model-version-registered',
          'model-version-signed',
        ]);

        // The same bundle does not fit another version's files.
        await client.registerVersion('signed', {
          label: '1.1.0',
          format: 'onnx',
          files: [files[0]!],
        });
        const wrong = await errorOf(() => client.addSignature('signed', '1.1.0', bundle));
        expect(wrong.code).toBe('SIGNATURE_INVALID');

        await client.revokeSigningKey('release-key', 'laptop lost');
        expect((await client.listSignatures('signed', '1.0.0')).map((s) => s.status)).toEqual([
          'key-revoked',
        ]);
        const revoked = await errorOf(() => client.addSignature('signed', '1.0.0', bundle));
        expect([revoked.code, revoked.details.reason]).toEqual([
          'SIGNATURE_INVALID',
          'UNKNOWN_KEY',
        ]);
        const notP256 = await errorOf(() =>
          client.registerSigningKey({
            name: 'ed',
            publicKeyPem: exportPublicKeyPem(generateSigningKeyPair('ed25519').publicKey),
          }),
        );
        expect(notP256.code).toBe('VALIDATION_ERROR');
      });

      it('attaches a signed promotion attestation to every deployment, verifiable with the published key', async () => {
        const client = h.client('deployer');
        const deployment = await client.recordDeployment({
          model: 'signed',
          version: '1.0.0',
          environment: 'production',
        });
        const attestation = await client.attestation(deployment.id);
        const key = await client.auditKey();
        expect(attestation.publicKeyPem).toBe(key.attestationKey?.publicKeyPem);
        const version = await client.getVersion('signed', '1.0.0');
        const verified = verifyPromotionAttestation(
          attestation.envelope,
          [{ keyid: attestation.keyId, publicKey: importPublicKeyPem(attestation.publicKeyPem!) }],
          {
            files: version.files.map((f) => ({
              path: f.path,
              digest: f.digest,
            })),
          },
        );
        expect(verified.statement.predicate).toMatchObject({
          model: 'signed',
          version: '1.0.0',
          environment: 'production',
          deployedBy: 'deployer',
          deploymentId: deployment.id,
        });
        const entry = (
          await client.auditEntries({ subjectKind: 'model-version', subjectId: version.id })
        ).items.at(-1);
        expect((entry?.payload as { attestationDigest: string }).attestationDigest).toBe(
          attestation.statementDigest,
        );
      });
    });
  });
});

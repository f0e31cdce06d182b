import { verify } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { bundleFromJSON } from '@sigstore/bundle';
import { toSignedEntity, toTrustMaterial, Verifier } from '@sigstore/verify';
import { describe, expect, it } from 'vitest';
import {
  bundlePayload,
  loadOmsValidators,
  OMS_SCHEMA_DIR,
  OMS_SCHEMAS_MISSING,
  readJson,
  readShared,
} from './__fixtures__/oms-schemas.js';
import {
  SIGNME_FILES,
  SIGNME_ROOT,
  SPEC_P384_HINT,
  SPEC_P384_PUBLIC_KEY_PEM,
} from './__fixtures__/oms-spec-vectors.js';
import { thrownReason } from './__fixtures__/thrown-reason.js';
import { preAuthEncoding, verifyEnvelope } from './dsse.js';
import { importPublicKeyPem, keyHint } from './keys.js';
import {
  buildModelSigningStatement,
  modelRootDigest,
  verifyModelSignature,
  type OmsStatement,
} from './model-signing.js';

/**
 * The OMS v1.0 specification's own test bundles (ossf/model-signing-spec `test-vectors/v1.0/`,
 * copied to ../shared/schemas/model-signing-v1.0; standards §7).
 */
const list = (folder: string) =>
  OMS_SCHEMAS_MISSING === undefined ? readdirSync(new URL(`${folder}/`, OMS_SCHEMA_DIR)) : [];
const signme = SIGNME_FILES.map(({ path, digest }) => ({ path, digest }));
const specKey = importPublicKeyPem(SPEC_P384_PUBLIC_KEY_PEM);

describe.skipIf(OMS_SCHEMAS_MISSING !== undefined)(
  OMS_SCHEMAS_MISSING ?? 'the OMS v1.0 test bundles',
  () => {
    const validators = OMS_SCHEMAS_MISSING === undefined ? loadOmsValidators() : undefined;

    it('has the three valid, four invalid and one invalid-payload bundles', () => {
      expect(list('valid')).toHaveLength(3);
      expect(list('invalid')).toHaveLength(4);
      expect(list('invalid-payload')).toHaveLength(1);
    });

    it.each(list('valid'))(
      'valid/%s passes the bundle schema, and its payload the statement schema',
      (file) => {
        const bundle = readJson(`valid/${file}`);
        expect(validators!.bundle(bundle), JSON.stringify(validators!.bundle.errors)).toBe(true);
        expect(validators!.statement(bundlePayload(bundle))).toBe(true);
      },
    );

    it.each(list('invalid'))('invalid/%s is not JSON or fails the bundle schema', (file) => {
      const text = readShared(`invalid/${file}`);
      let bundle: unknown;
      try {
        bundle = JSON.parse(text);
      } catch {
        expect(text.trim()).toBe(''); // only the empty bundle is meant not to parse
        return;
      }
      expect(validators!.bundle(bundle)).toBe(false);
    });

    it.each(list('invalid-payload'))(
      'invalid-payload/%s passes the bundle schema but its payload fails the statement schema',
      (file) => {
        const bundle = readJson(`invalid-payload/${file}`);
        expect(validators!.bundle(bundle)).toBe(true);
        expect(validators!.statement(bundlePayload(bundle))).toBe(false);
        expect(validators!.statement.errors?.map((e) => e.instancePath)).toContain(
          '/predicateType',
        );
      },
    );

    describe('valid/key.bundle.json (P-384 key, §7)', () => {
      // Read only when the shared schemas exist: the describe body runs even when skipped.
      const bundle = (
        OMS_SCHEMAS_MISSING === undefined ? readJson('valid/key.bundle.json') : {}
      ) as {
        verificationMaterial: { publicKey: { hint: string } };
        dsseEnvelope: { payload: string; payloadType: string; signatures: { sig: string }[] };
      };
      const pae = () =>
        preAuthEncoding(
          bundle.dsseEnvelope.payloadType,
          Buffer.from(bundle.dsseEnvelope.payload, 'base64'),
        );
      const sig = () => Buffer.from(bundle.dsseEnvelope.signatures[0]!.sig, 'base64');

      it('names the spec key by its hint: SHA-256 of the PEM text, e8450dec…', () => {
        expect(keyHint(specKey)).toBe(SPEC_P384_HINT);
        expect(bundle.verificationMaterial.publicKey.hint).toBe(SPEC_P384_HINT);
        expect(specKey.asymmetricKeyDetails?.namedCurve).toBe('secp384r1');
      });

      it('signs the signme statement this module builds (same resources and subject root)', () => {
        const statement = bundlePayload(bundle) as OmsStatement;
        const ours = buildModelSigningStatement({ files: signme, name: 'model' });
        expect(statement.subject).toEqual(ours.subject);
        expect(statement.subject[0]?.digest.sha256).toBe(SIGNME_ROOT);
        expect(statement.predicate?.resources).toEqual(ours.predicate?.resources);
      });

      it('verifies natively with SHA-384 (hash by curve), not with SHA-256', () => {
        expect(verify('sha384', pae(), specKey, sig())).toBe(true);
        expect(verify('sha256', pae(), specKey, sig())).toBe(false);
      });

      it('verifies with this module’s DSSE verifier, which picks the hash by curve', () => {
        const verified = verifyEnvelope(bundle.dsseEnvelope, [
          { keyid: SPEC_P384_HINT, publicKey: specKey },
        ]);
        expect(verified.payload.toString('base64')).toBe(bundle.dsseEnvelope.payload);
      });

      it('is rejected by @sigstore/verify 3.1.1 with SIGNATURE_ERROR (it hashes EC with SHA-256)', () => {
        const trust = toTrustMaterial(
          {
            mediaType: 'application/vnd.dev.sigstore.trustedroot.v0.2+json',
            tlogs: [],
            certificateAuthorities: [],
            ctlogs: [],
            timestampAuthorities: [],
          },
          () => ({ publicKey: specKey, validFor: () => true }),
        );
        const verifier = new Verifier(trust, {
          tlogThreshold: 0,
          ctlogThreshold: 0,
          timestampThreshold: 0,
        });
        expect(() => verifier.verify(toSignedEntity(bundleFromJSON(bundle)))).toThrow(
          expect.objectContaining({ code: 'SIGNATURE_ERROR' }),
        );
      });

      it('is refused by verifyModelSignature with UNSUPPORTED_KEY rather than a false SIGNATURE_INVALID', () => {
        expect(thrownReason(() => verifyModelSignature(bundle, [specKey], signme))).toBe(
          'UNSUPPORTED_KEY',
        );
      });
    });

    it('valid/sigstore.bundle.json has a subject that is the root of its resources', () => {
      const statement = bundlePayload(readJson('valid/sigstore.bundle.json')) as OmsStatement;
      expect(modelRootDigest(statement.predicate!.resources)).toBe(
        statement.subject[0]?.digest.sha256,
      );
      expect(statement.subject[0]?.digest.sha256).toBe(
        '61d4849d9d90076d6215f4d525f13d6574af8e3f67aef3e6f36fc40a14fdd226',
      );
    });

    it.each([
      ['valid/certificate.bundle.json', 'UNSUPPORTED_SIGNING_METHOD'],
      ['valid/sigstore.bundle.json', 'UNSUPPORTED_SIGNING_METHOD'],
      ['invalid/empty.bundle.json', 'BUNDLE_INVALID'],
      ['invalid/missing-envelope.bundle.json', 'BUNDLE_INVALID'],
      ['invalid/missing-verification-material.bundle.json', 'BUNDLE_INVALID'],
      ['invalid/missing-tlog-entries.bundle.json', 'UNSUPPORTED_SIGNING_METHOD'],
    ])('verifyModelSignature refuses %s with %s', (file, reason) => {
      const text = readShared(file);
      expect(thrownReason(() => verifyModelSignature(text, [specKey], signme))).toBe(reason);
    });
  },
);

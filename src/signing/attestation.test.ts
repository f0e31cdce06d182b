import { describe, expect, it } from 'vitest';
import { thrownReason } from './__fixtures__/thrown-reason.js';
import {
  createPromotionAttestation,
  PROMOTION_PREDICATE_TYPE,
  verifyPromotionAttestation,
  type PromotionPredicate,
} from './attestation.js';
import { keySigner, signEnvelope, type TrustedKey } from './dsse.js';
import { IN_TOTO_PAYLOAD_TYPE } from './in-toto.js';
import { generateSigningKeyPair, keyHint } from './keys.js';

const server = generateSigningKeyPair('ed25519');
const releaser = generateSigningKeyPair();
const stranger = generateSigningKeyPair('ed25519');
const trust = (pair: typeof server): TrustedKey => ({
  keyid: keyHint(pair.publicKey),
  publicKey: pair.publicKey,
});

const files = [
  { path: 'model.onnx', digest: `sha256:${'a'.repeat(64)}` },
  { path: 'config.json', digest: `sha256:${'b'.repeat(64)}` },
];
const predicate: PromotionPredicate = {
  model: 'credit-risk',
  version: '1.4.0',
  environment: 'production',
  deployedAt: '2026-06-01T12:00:00.000Z',
  deployedBy: 'alice',
  deploymentId: 'dep_01',
  modelCardDigest: `sha256:${'c'.repeat(64)}`,
  evidenceDigests: [`sha256:${'d'.repeat(64)}`],
  policyDecision: { allowed: true, rules: ['fairness-gate'] },
  approvers: ['bob', 'carol'],
};
const envelope = createPromotionAttestation({ files, predicate }, keySigner(server.privateKey));

describe('promotion attestations (DSSE §4 + in-toto §5)', () => {
  it('round-trips: subjects are the files, predicate as given, signed by the server key', () => {
    expect(envelope.payloadType).toBe(IN_TOTO_PAYLOAD_TYPE);
    const verified = verifyPromotionAttestation(envelope, [trust(server)], { files });
    expect(verified.verifiedBy).toEqual([keyHint(server.publicKey)]);
    expect(verified.statement).toEqual({
      _type: 'https://in-toto.io/Statement/v1',
      subject: [
        { name: 'model.onnx', digest: { sha256: 'a'.repeat(64) } },
        { name: 'config.json', digest: { sha256: 'b'.repeat(64) } },
      ],
      predicateType: PROMOTION_PREDICATE_TYPE,
      predicate,
    });
  });

  it('signs the RFC 8785 form, so the payload bytes are reproducible', () => {
    const again = createPromotionAttestation({ files, predicate }, keySigner(server.privateKey));
    expect(again.payload).toBe(envelope.payload);
    expect(Buffer.from(envelope.payload, 'base64').toString()).toMatch(/^\{"_type":/);
  });

  it('accepts a P-256 signer and 2-of-2 with both keys', () => {
    const both = createPromotionAttestation({ files, predicate }, [
      keySigner(server.privateKey),
      keySigner(releaser.privateKey),
    ]);
    const verified = verifyPromotionAttestation(both, [trust(server), trust(releaser)], {
      threshold: 2,
    });
    expect(verified.verifiedBy).toHaveLength(2);
  });

  it('matches subjects by digest only: renamed files still match', () => {
    const renamed = files.map((f) => ({ ...f, path: `renamed/${f.path}` }));
    expect(() =>
      verifyPromotionAttestation(envelope, [trust(server)], { files: renamed }),
    ).not.toThrow();
  });

  describe('when the payload is tampered with', () => {
    it('fails with SIGNATURE_INVALID', () => {
      const statement = JSON.parse(Buffer.from(envelope.payload, 'base64').toString()) as {
        predicate: PromotionPredicate;
      };
      statement.predicate.environment = 'staging';
      const tampered = {
        ...envelope,
        payload: Buffer.from(JSON.stringify(statement)).toString('base64'),
      };
      expect(thrownReason(() => verifyPromotionAttestation(tampered, [trust(server)]))).toBe(
        'SIGNATURE_INVALID',
      );
    });
  });

  describe('when the signer is not trusted', () => {
    it('fails with UNKNOWN_KEY', () => {
      expect(thrownReason(() => verifyPromotionAttestation(envelope, [trust(stranger)]))).toBe(
        'UNKNOWN_KEY',
      );
    });
  });

  describe('when the subjects are not the expected files', () => {
    it.each([
      ['a file digest differs', [files[0]!, { ...files[1]!, digest: `sha256:${'e'.repeat(64)}` }]],
      [
        'a file is missing from the attestation',
        [...files, { path: 'x', digest: `sha256:${'f'.repeat(64)}` }],
      ],
      ['the attestation has an extra subject', [files[0]!]],
    ])('fails with SUBJECT_MISMATCH when %s', (_, expected) => {
      expect(
        thrownReason(() =>
          verifyPromotionAttestation(envelope, [trust(server)], { files: expected }),
        ),
      ).toBe('SUBJECT_MISMATCH');
    });
  });

  describe('when a trusted key signed something else', () => {
    const sign = (statement: unknown, payloadType = IN_TOTO_PAYLOAD_TYPE) =>
      signEnvelope(
        payloadType,
        Buffer.from(JSON.stringify(statement)),
        keySigner(server.privateKey),
      );
    const statement = JSON.parse(Buffer.from(envelope.payload, 'base64').toString()) as Record<
      string,
      unknown
    >;

    it('fails another predicateType with WRONG_PREDICATE', () => {
      const other = sign({ ...statement, predicateType: 'https://slsa.dev/provenance/v1' });
      expect(thrownReason(() => verifyPromotionAttestation(other, [trust(server)]))).toBe(
        'WRONG_PREDICATE',
      );
    });

    it('fails another payloadType with PAYLOAD_TYPE_MISMATCH', () => {
      expect(
        thrownReason(() =>
          verifyPromotionAttestation(sign(statement, 'application/json'), [trust(server)]),
        ),
      ).toBe('PAYLOAD_TYPE_MISMATCH');
    });

    it('fails a statement without subjects with STATEMENT_INVALID', () => {
      expect(
        thrownReason(() =>
          verifyPromotionAttestation(sign({ ...statement, subject: [] }), [trust(server)]),
        ),
      ).toBe('STATEMENT_INVALID');
    });

    it.each<[string, Partial<Record<keyof PromotionPredicate, unknown>>]>([
      ['a missing model', { model: undefined }],
      ['a non-RFC 3339 deployedAt', { deployedAt: 'June 1st' }],
      ['a bare-hex modelCardDigest', { modelCardDigest: 'c'.repeat(64) }],
      ['evidenceDigests not an array', { evidenceDigests: 'sha256:x' }],
      ['approvers with a number', { approvers: ['bob', 7] }],
    ])('fails %s with PREDICATE_INVALID', (_, change) => {
      const bad = sign({ ...statement, predicate: { ...predicate, ...change } });
      expect(thrownReason(() => verifyPromotionAttestation(bad, [trust(server)]))).toBe(
        'PREDICATE_INVALID',
      );
    });
  });

  describe('when the input to sign is invalid', () => {
    it('refuses it with VALIDATION_ERROR listing every problem', () => {
      let error: unknown;
      try {
        createPromotionAttestation(
          {
            files: [{ path: 'a', digest: 'md5:1' }],
            predicate: { ...predicate, deployedBy: '', approvers: [''] },
          },
          keySigner(server.privateKey),
        );
      } catch (e) {
        error = e;
      }
      expect(error).toMatchObject({ code: 'VALIDATION_ERROR' });
      const paths = (error as { details: { issues: { path: unknown[] }[] } }).details.issues.map(
        (i) => i.path,
      );
      expect(paths).toEqual([
        ['files', 0, 'digest'],
        ['predicate', 'deployedBy'],
        ['predicate', 'approvers'],
      ]);
    });
  });
});

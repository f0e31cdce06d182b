import { createPublicKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DSSE_VECTOR, dsseVectorPrivateKey } from './__fixtures__/dsse-spec-vector.js';
import { thrownReason } from './__fixtures__/thrown-reason.js';
import {
  decodeBase64,
  keySigner,
  MAX_DSSE_SIGNATURES,
  preAuthEncoding,
  signEnvelope,
  verifyEnvelope,
  type DsseEnvelope,
  type TrustedKey,
} from './dsse.js';
import { generateSigningKeyPair, keyHint } from './keys.js';

const vectorPublicKey = createPublicKey(dsseVectorPrivateKey());
const vectorKey: TrustedKey = {
  keyid: 'dsse-vector',
  publicKey: vectorPublicKey,
  ecdsaEncoding: 'ieee-p1363',
};

const alice = generateSigningKeyPair();
const bob = generateSigningKeyPair('ed25519');
const carol = generateSigningKeyPair();
const trusted = (pair: { publicKey: KeyObject }): TrustedKey => ({
  keyid: keyHint(pair.publicKey),
  publicKey: pair.publicKey,
});
const body = Buffer.from('{"hello":"world"}');
const aliceEnvelope = signEnvelope('application/json', body, keySigner(alice.privateKey));

describe('preAuthEncoding (DSSE §4 PAE)', () => {
  it('reproduces the spec vector byte for byte', () => {
    const pae = preAuthEncoding(DSSE_VECTOR.payloadType, Buffer.from(DSSE_VECTOR.body));
    expect(pae.toString('latin1')).toBe(DSSE_VECTOR.pae);
    expect(pae.length).toBe(54);
  });

  it('counts UTF-8 bytes, not characters, and writes zero lengths without padding', () => {
    expect(
      preAuthEncoding('é', Buffer.from([0xff])).equals(
        Buffer.concat([Buffer.from('DSSEv1 2 é 1 ', 'utf8'), Buffer.from([0xff])]),
      ),
    ).toBe(true);
    expect(preAuthEncoding('', Buffer.alloc(0)).toString()).toBe('DSSEv1 0  0 ');
  });
});

describe('the DSSE spec vector (§4)', () => {
  it('rebuilds the P-256 key from X, Y and d: its SPKI is the published one', () => {
    expect(vectorPublicKey.export({ format: 'der', type: 'spki' }).toString('base64')).toBe(
      DSSE_VECTOR.spkiBase64,
    );
  });

  it('verifies the published raw r||s signature and returns exactly the payload bytes', () => {
    const verified = verifyEnvelope(DSSE_VECTOR.envelope, [vectorKey]);
    expect(verified.payload.toString('utf8')).toBe('hello world');
    expect(verified.payloadType).toBe(DSSE_VECTOR.payloadType);
    expect(verified.verifiedBy).toEqual(['dsse-vector']);
  });

  it("cannot reproduce the RFC 6979 signature: Node's ECDSA (OpenSSL 3.0) uses a random nonce, so the vector is verify-only", () => {
    const pae = Buffer.from(DSSE_VECTOR.pae);
    const key = { key: dsseVectorPrivateKey(), dsaEncoding: 'ieee-p1363' } as const;
    const first = sign('sha256', pae, key);
    const second = sign('sha256', pae, key);
    expect(first.equals(second)).toBe(false);
    expect(first.toString('base64')).not.toBe(DSSE_VECTOR.envelope.signatures[0].sig);
    // Both are still valid signatures under the vector key.
    for (const sig of [first, second]) {
      const envelope = { ...DSSE_VECTOR.envelope, signatures: [{ sig: sig.toString('base64') }] };
      expect(verifyEnvelope(envelope, [vectorKey]).payload.toString()).toBe('hello world');
    }
  });

  it('accepts the signature in URL-safe base64, unpadded', () => {
    const sig = Buffer.from(DSSE_VECTOR.envelope.signatures[0].sig, 'base64').toString('base64url');
    expect(sig).toMatch(/[-_]/);
    const envelope = {
      ...DSSE_VECTOR.envelope,
      payload: 'aGVsbG8gd29ybGQ',
      signatures: [{ sig }],
    };
    expect(verifyEnvelope(envelope, [vectorKey]).payload.toString()).toBe('hello world');
  });

  it.each([
    ['absent', {}],
    ['empty', { keyid: '' }],
    ['null', { keyid: null }],
    ['unknown', { keyid: 'some-other-key' }],
  ])('accepts a %s keyid, since keyid is not authenticated', (_, keyid) => {
    const envelope = {
      ...DSSE_VECTOR.envelope,
      signatures: [{ ...DSSE_VECTOR.envelope.signatures[0], ...keyid }],
    };
    expect(verifyEnvelope(envelope, [vectorKey]).payload.toString()).toBe('hello world');
  });

  it('ignores unknown fields in the envelope and its signatures', () => {
    const envelope = {
      ...DSSE_VECTOR.envelope,
      extra: { nested: true },
      signatures: [{ ...DSSE_VECTOR.envelope.signatures[0], comment: 'ignored' }],
    };
    expect(verifyEnvelope(envelope, [vectorKey]).payload.toString()).toBe('hello world');
  });

  describe('when the key expects DER signatures (the Sigstore default)', () => {
    it('refuses the raw r||s vector signature with SIGNATURE_INVALID', () => {
      const derKey = { keyid: 'dsse-vector', publicKey: vectorPublicKey };
      expect(thrownReason(() => verifyEnvelope(DSSE_VECTOR.envelope, [derKey]))).toBe(
        'SIGNATURE_INVALID',
      );
    });
  });
});

describe('signEnvelope and verifyEnvelope', () => {
  it('round-trips with P-256 (DER), Ed25519 and P-384 (SHA-384) keys', () => {
    const p384 = generateKeyPairSync('ec', { namedCurve: 'P-384' });
    for (const pair of [alice, bob, p384]) {
      const envelope = signEnvelope('application/json', body, keySigner(pair.privateKey));
      expect(envelope.signatures[0]?.keyid).toBe(keyHint(pair.publicKey));
      const verified = verifyEnvelope(envelope, [trusted(pair)]);
      expect(verified.payload.equals(body)).toBe(true);
    }
  });

  it('writes standard base64 and the payloadType unchanged', () => {
    expect(aliceEnvelope.payload).toBe(body.toString('base64'));
    expect(aliceEnvelope.payloadType).toBe('application/json');
  });

  it('omits keyid when the signer has none', () => {
    const { sign: signPae } = keySigner(alice.privateKey);
    const signer = { sign: signPae };
    const envelope = signEnvelope('t', body, signer);
    expect(envelope.signatures[0]).not.toHaveProperty('keyid');
    expect(verifyEnvelope(envelope, [trusted(alice)]).verifiedBy).toEqual([
      keyHint(alice.publicKey),
    ]);
  });

  describe('when the payload is tampered with', () => {
    it('fails with SIGNATURE_INVALID', () => {
      const envelope = {
        ...aliceEnvelope,
        payload: Buffer.from('{"hello":"mars"}').toString('base64'),
      };
      expect(thrownReason(() => verifyEnvelope(envelope, [trusted(alice)]))).toBe(
        'SIGNATURE_INVALID',
      );
    });
  });

  describe('when the payloadType is changed', () => {
    it('fails with SIGNATURE_INVALID, since the PAE covers the type', () => {
      const envelope = { ...aliceEnvelope, payloadType: 'application/vnd.in-toto+json' };
      expect(thrownReason(() => verifyEnvelope(envelope, [trusted(alice)]))).toBe(
        'SIGNATURE_INVALID',
      );
    });
  });

  describe('when a signature byte is flipped', () => {
    it('fails with SIGNATURE_INVALID', () => {
      const sig = Buffer.from(aliceEnvelope.signatures[0]!.sig, 'base64');
      sig[sig.length - 1]! ^= 0x01;
      const envelope = {
        ...aliceEnvelope,
        signatures: [{ ...aliceEnvelope.signatures[0], sig: sig.toString('base64') }],
      };
      expect(thrownReason(() => verifyEnvelope(envelope, [trusted(alice)]))).toBe(
        'SIGNATURE_INVALID',
      );
    });
  });

  describe('when the signer is not trusted and its keyid says so', () => {
    it('fails with UNKNOWN_KEY', () => {
      expect(thrownReason(() => verifyEnvelope(aliceEnvelope, [trusted(carol)]))).toBe(
        'UNKNOWN_KEY',
      );
    });
  });

  describe('when the payloadType is not the expected one', () => {
    it('fails with PAYLOAD_TYPE_MISMATCH after the signature verifies', () => {
      expect(
        thrownReason(() =>
          verifyEnvelope(aliceEnvelope, [trusted(alice)], {
            payloadType: 'application/vnd.in-toto+json',
          }),
        ),
      ).toBe('PAYLOAD_TYPE_MISMATCH');
    });
  });

  describe('when the envelope is malformed', () => {
    const good = aliceEnvelope.signatures[0]!;
    it.each<[string, unknown]>([
      ['not an object', 'envelope'],
      ['an array', [aliceEnvelope]],
      ['missing payload', { payloadType: 't', signatures: [good] }],
      ['missing payloadType', { payload: aliceEnvelope.payload, signatures: [good] }],
      ['missing signatures', { payload: aliceEnvelope.payload, payloadType: 't' }],
      ['empty signatures', { ...aliceEnvelope, signatures: [] }],
      ['a signature without sig', { ...aliceEnvelope, signatures: [{ keyid: good.keyid }] }],
      ['an empty sig', { ...aliceEnvelope, signatures: [{ sig: '' }] }],
      ['a numeric keyid', { ...aliceEnvelope, signatures: [{ ...good, keyid: 7 }] }],
      ['a payload with spaces', { ...aliceEnvelope, payload: `${aliceEnvelope.payload} ` }],
      [
        'a payload with a stray character',
        { ...aliceEnvelope, payload: `*${aliceEnvelope.payload}` },
      ],
      ['a sig with bad padding', { ...aliceEnvelope, signatures: [{ sig: 'AAAA=' }] }],
      [
        `more than ${MAX_DSSE_SIGNATURES} signatures`,
        {
          ...aliceEnvelope,
          signatures: Array.from({ length: MAX_DSSE_SIGNATURES + 1 }, () => good),
        },
      ],
    ])('refuses %s with ENVELOPE_INVALID', (_, envelope) => {
      expect(thrownReason(() => verifyEnvelope(envelope, [trusted(alice)]))).toBe(
        'ENVELOPE_INVALID',
      );
    });
  });

  describe('when a trusted key is of an unsupported type', () => {
    it('fails with UNSUPPORTED_KEY', () => {
      const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 });
      const keys = [trusted(alice), { keyid: 'rsa', publicKey: rsa.publicKey }];
      expect(thrownReason(() => verifyEnvelope(aliceEnvelope, keys))).toBe('UNSUPPORTED_KEY');
    });
  });
});

describe('t-of-n (§4: distinct trusted keys)', () => {
  const keys = [trusted(alice), trusted(bob), trusted(carol)];
  const twoSigners = signEnvelope('t', body, [
    keySigner(alice.privateKey),
    keySigner(bob.privateKey),
  ]);

  it('accepts 2-of-3 signed by two distinct trusted keys, reporting both', () => {
    const verified = verifyEnvelope(twoSigners, keys, { threshold: 2 });
    expect(verified.verifiedBy).toEqual([keyHint(alice.publicKey), keyHint(bob.publicKey)]);
  });

  describe('when one key signs twice', () => {
    it('counts it once and fails with THRESHOLD_NOT_MET', () => {
      const twice = signEnvelope('t', body, [
        keySigner(alice.privateKey),
        keySigner(alice.privateKey, { keyid: 'alias' }),
      ]);
      expect(twice.signatures).toHaveLength(2);
      expect(thrownReason(() => verifyEnvelope(twice, keys, { threshold: 2 }))).toBe(
        'THRESHOLD_NOT_MET',
      );
    });
  });

  describe('when one key is trusted under two keyids', () => {
    it('counts it once and fails with THRESHOLD_NOT_MET', () => {
      const duplicated = [trusted(alice), { keyid: 'alice-again', publicKey: alice.publicKey }];
      const envelope: DsseEnvelope = signEnvelope('t', body, keySigner(alice.privateKey));
      expect(thrownReason(() => verifyEnvelope(envelope, duplicated, { threshold: 2 }))).toBe(
        'THRESHOLD_NOT_MET',
      );
    });
  });

  it('refuses a threshold that is not a positive integer', () => {
    expect(thrownReason(() => verifyEnvelope(twoSigners, keys, { threshold: 0 }))).toMatch(
      /^ValidationError/,
    );
  });
});

describe('decodeBase64 (§4: standard and URL-safe)', () => {
  it.each([
    ['', ''],
    ['aGk=', 'hi'],
    ['aGk', 'hi'],
    ['-_8=', Buffer.from([0xfb, 0xff]).toString('latin1')],
    ['+/8', Buffer.from([0xfb, 0xff]).toString('latin1')],
  ])('decodes %j', (text, expected) => {
    expect(decodeBase64(text)?.toString('latin1')).toBe(expected);
  });

  it.each(['a', 'aGk==', 'aG k=', 'aGk=aGk=', 'aGl=', '====', 'a\n'])(
    'refuses %j (bad length, padding, characters or trailing bits)',
    (text) => {
      expect(decodeBase64(text)).toBeUndefined();
    },
  );
});

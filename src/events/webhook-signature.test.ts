import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { REFERENCE_VECTOR } from './__fixtures__/standard-webhooks-vectors.js';
import {
  generateWebhookSecret,
  signWebhook,
  verifyWebhook,
  WebhookVerificationError,
  type VerifyWebhookInput,
  type WebhookVerificationCode,
} from './webhook-signature.js';

/** Runs a verification that must fail and returns its code (never the message). */
function codeOf(input: VerifyWebhookInput): WebhookVerificationCode {
  try {
    verifyWebhook(input);
  } catch (error) {
    if (error instanceof WebhookVerificationError) return error.code;
    throw error;
  }
  throw new Error('expected a WebhookVerificationError, but the delivery verified');
}

// A secret of 32 known bytes (0x01 … 0x20) and a CloudEvent body, signed below with node:crypto
// directly: an independent computation of "<id>.<timestamp>.<body>" under the decoded key.
const KEY = Buffer.from(Array.from({ length: 32 }, (_, i) => i + 1));
const SECRET = `whsec_${KEY.toString('base64')}`;
const ID = '01951d3c-8a00-7000-8000-000000000001';
const TIMESTAMP = 1_772_355_600; // 2026-03-01T09:00:00Z
const NOW = new Date(TIMESTAMP * 1000);
const BODY =
  '{"specversion":"1.0","id":"01951d3c-8a00-7000-8000-000000000001","source":"/verity/test","type":"dev.verity.model-created","subject":"model/m1","time":"2026-03-01T09:00:00.000Z","datacontenttype":"application/json","data":{"ledgerSeq":7}}';
const EXPECTED = `v1,${createHmac('sha256', KEY).update(`${ID}.${TIMESTAMP}.${BODY}`).digest('base64')}`;

const headers = (signature: string, timestamp = TIMESTAMP, id = ID) => ({
  'webhook-id': id,
  'webhook-timestamp': String(timestamp),
  'webhook-signature': signature,
});

describe('signWebhook', () => {
  it('produces the Standard Webhooks reference vector', () => {
    const v = REFERENCE_VECTOR;
    expect(signWebhook(v.secret, v.id, v.timestamp, v.body)).toBe(v.signature);
  });

  it('signs "<id>.<timestamp>.<body>" with the base64-decoded secret, as node:crypto computes it', () => {
    expect(signWebhook(SECRET, ID, TIMESTAMP, BODY)).toBe(EXPECTED);
    expect(signWebhook(SECRET, ID, TIMESTAMP, new TextEncoder().encode(BODY))).toBe(EXPECTED);
  });

  it('refuses an id containing "." (it would shift the signed fields) and a fractional timestamp', () => {
    expect(() => signWebhook(SECRET, 'a.b', TIMESTAMP, BODY)).toThrow(TypeError);
    expect(() => signWebhook(SECRET, ID, 1.5, BODY)).toThrow(TypeError);
  });

  it('refuses a secret that is not canonical base64 of 24 to 64 bytes', () => {
    expect(() => signWebhook('whsec_not base64!', ID, TIMESTAMP, BODY)).toThrow(TypeError);
    expect(() => signWebhook('whsec_AAAA', ID, TIMESTAMP, BODY)).toThrow(TypeError);
  });
});

describe('generateWebhookSecret', () => {
  it('is whsec_ and the base64 of 32 bytes from the random source', () => {
    const secret = generateWebhookSecret((n) => new Uint8Array(n).fill(0xab));
    expect(secret).toBe(`whsec_${Buffer.alloc(32, 0xab).toString('base64')}`);
    expect(generateWebhookSecret()).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
  });
});

describe('verifyWebhook', () => {
  it('accepts the reference vector within the tolerance and returns its id', () => {
    const v = REFERENCE_VECTOR;
    expect(
      verifyWebhook({
        secret: v.secret,
        headers: headers(v.signature, v.timestamp, v.id),
        body: v.body,
        now: new Date((v.timestamp + 299) * 1000),
      }),
    ).toEqual({ id: v.id, timestamp: v.timestamp });
  });

  it('accepts fetch Headers, mixed-case header names and a byte body', () => {
    const h = new Headers(headers(EXPECTED));
    expect(verifyWebhook({ secret: SECRET, headers: h, body: BODY, now: NOW }).id).toBe(ID);
    const mixed = {
      'Webhook-Id': ID,
      'Webhook-Timestamp': String(TIMESTAMP),
      'Webhook-Signature': EXPECTED,
    };
    const bytes = new TextEncoder().encode(BODY);
    expect(verifyWebhook({ secret: SECRET, headers: mixed, body: bytes, now: NOW }).id).toBe(ID);
  });

  it('accepts a matching v1 signature among several space-separated ones (secret rotation)', () => {
    const other = signWebhook(generateWebhookSecret(), ID, TIMESTAMP, BODY);
    const list = `v1a,aGVsbG8= ${other} ${EXPECTED} v2,${EXPECTED.slice(3)}`;
    expect(verifyWebhook({ secret: SECRET, headers: headers(list), body: BODY, now: NOW }).id).toBe(
      ID,
    );
  });

  describe('when a header is missing', () => {
    it.each(['webhook-id', 'webhook-timestamp', 'webhook-signature'])(
      'refuses without %s with MISSING_HEADERS',
      (name) => {
        const h: Record<string, string> = headers(EXPECTED);
        delete h[name];
        expect(codeOf({ secret: SECRET, headers: h, body: BODY, now: NOW })).toBe(
          'MISSING_HEADERS',
        );
      },
    );

    it('refuses a timestamp that is not whole Unix seconds with MISSING_HEADERS', () => {
      const h = { ...headers(EXPECTED), 'webhook-timestamp': '1772355600.0' };
      expect(codeOf({ secret: SECRET, headers: h, body: BODY, now: NOW })).toBe('MISSING_HEADERS');
    });

    it('refuses a repeated webhook-id with MISSING_HEADERS', () => {
      const h = { ...headers(EXPECTED), 'webhook-id': [ID, 'other'] };
      expect(codeOf({ secret: SECRET, headers: h, body: BODY, now: NOW })).toBe('MISSING_HEADERS');
    });
  });

  describe('when the request is replayed after the tolerance', () => {
    it('refuses the same, valid signature once 301 s have passed with TIMESTAMP_OUT_OF_TOLERANCE', () => {
      const request = { secret: SECRET, headers: headers(EXPECTED), body: BODY };
      expect(verifyWebhook({ ...request, now: new Date((TIMESTAMP + 300) * 1000) }).id).toBe(ID);
      expect(codeOf({ ...request, now: new Date((TIMESTAMP + 301) * 1000) })).toBe(
        'TIMESTAMP_OUT_OF_TOLERANCE',
      );
    });

    it('refuses a timestamp from the future beyond the tolerance too', () => {
      const request = { secret: SECRET, headers: headers(EXPECTED), body: BODY };
      expect(codeOf({ ...request, now: new Date((TIMESTAMP - 301) * 1000) })).toBe(
        'TIMESTAMP_OUT_OF_TOLERANCE',
      );
    });

    it('honours a custom tolerance', () => {
      const request = { secret: SECRET, headers: headers(EXPECTED), body: BODY };
      const now = new Date((TIMESTAMP + 61) * 1000);
      expect(codeOf({ ...request, now, toleranceSeconds: 60 })).toBe('TIMESTAMP_OUT_OF_TOLERANCE');
    });
  });

  describe('when the signature does not match', () => {
    it('refuses a tampered body with SIGNATURE_MISMATCH', () => {
      const tampered = BODY.replace('"ledgerSeq":7', '"ledgerSeq":8');
      expect(codeOf({ secret: SECRET, headers: headers(EXPECTED), body: tampered, now: NOW })).toBe(
        'SIGNATURE_MISMATCH',
      );
    });

    it('refuses a changed webhook-id (the id is signed) with SIGNATURE_MISMATCH', () => {
      const h = headers(EXPECTED, TIMESTAMP, '01951d3c-8a00-7000-8000-000000000002');
      expect(codeOf({ secret: SECRET, headers: h, body: BODY, now: NOW })).toBe(
        'SIGNATURE_MISMATCH',
      );
    });

    it('refuses a re-stamped timestamp (the timestamp is signed) with SIGNATURE_MISMATCH', () => {
      const h = headers(EXPECTED, TIMESTAMP + 10);
      expect(codeOf({ secret: SECRET, headers: h, body: BODY, now: NOW })).toBe(
        'SIGNATURE_MISMATCH',
      );
    });

    it('refuses another secret’s signature with SIGNATURE_MISMATCH', () => {
      expect(
        codeOf({
          secret: generateWebhookSecret(),
          headers: headers(EXPECTED),
          body: BODY,
          now: NOW,
        }),
      ).toBe('SIGNATURE_MISMATCH');
    });

    it.each([
      ['a truncated signature', EXPECTED.slice(0, 12)],
      ['an empty v1 signature', 'v1,'],
      ['only another scheme', `v1a,${EXPECTED.slice(3)}`],
      ['no scheme', EXPECTED.slice(3)],
    ])('refuses %s with SIGNATURE_MISMATCH', (_, signature) => {
      expect(codeOf({ secret: SECRET, headers: headers(signature), body: BODY, now: NOW })).toBe(
        'SIGNATURE_MISMATCH',
      );
    });
  });
});

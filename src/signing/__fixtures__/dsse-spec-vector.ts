import { createPrivateKey, type KeyObject } from 'node:crypto';

/**
 * [SPEC] secure-systems-lab/dsse v1.0.2 `protocol.md` test vector (standards §4): ECDSA P-256
 * with SHA-256, deterministic nonce (RFC 6979), signature as raw r||s (IEEE P1363).
 */
export const DSSE_VECTOR = {
  payloadType: 'http://example.com/HelloWorld',
  body: 'hello world',
  pae: 'DSSEv1 29 http://example.com/HelloWorld 11 hello world',
  x: 46950820868899156662930047687818585632848591499744589407958293238635476079160n,
  y: 5640078356564379163099075877009565129882514886557779369047442380624545832820n,
  d: 97358161215184420915383655311931858321456579547487070936769975997791359926199n,
  spkiBase64:
    'MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEZ805D3eqNZywjCI19lInBJOp7YMrCrzAH3CVTAOQ0jgMeCvVTiaRJaRPRDOv8UMs6U4SvKc6pnrIDOoSYI3fdA==',
  envelope: {
    payload: 'aGVsbG8gd29ybGQ=',
    payloadType: 'http://example.com/HelloWorld',
    signatures: [
      {
        sig: 'A3JqsQGtVsJ2O2xqrI5IcnXip5GToJ3F+FnZ+O88SjtR6rDAajabZKciJTfUiHqJPcIAriEGAHTVeCUjW2JIZA==',
      },
    ],
  },
} as const;

/** The vector's private key, rebuilt from X, Y and d through a JWK (RFC 7518 §6.2). */
export function dsseVectorPrivateKey(): KeyObject {
  const b64url = (n: bigint) =>
    Buffer.from(n.toString(16).padStart(64, '0'), 'hex').toString('base64url');
  return createPrivateKey({
    key: {
      kty: 'EC',
      crv: 'P-256',
      x: b64url(DSSE_VECTOR.x),
      y: b64url(DSSE_VECTOR.y),
      d: b64url(DSSE_VECTOR.d),
    },
    format: 'jwk',
  });
}

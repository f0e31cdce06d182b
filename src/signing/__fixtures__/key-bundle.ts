import type { KeyObject } from 'node:crypto';
import { keySigner, signEnvelope } from '../dsse.js';
import { IN_TOTO_PAYLOAD_TYPE } from '../in-toto.js';
import { keyHint } from '../keys.js';

/**
 * A key-method OMS bundle (standards §7) over any statement, signed with this module's own DSSE
 * code (DER ECDSA): lets a test sign statements `signModel` would never produce.
 */
export function keyBundleFor(
  statement: unknown,
  privateKey: KeyObject,
  payloadType = IN_TOTO_PAYLOAD_TYPE,
): Record<string, unknown> {
  return {
    mediaType: 'application/vnd.dev.sigstore.bundle.v0.3+json',
    verificationMaterial: { publicKey: { hint: keyHint(privateKey) }, tlogEntries: [] },
    dsseEnvelope: signEnvelope(
      payloadType,
      Buffer.from(JSON.stringify(statement), 'utf8'),
      keySigner(privateKey),
    ),
  };
}

import { createPrivateKey } from 'node:crypto';
import { ed25519Signer, formatVerifierKey } from '../../src/ledger/index.js';
import { attestorFor } from '../../src/server/server-keys.js';
import type { ServerKeys } from '../../src/server/runtime.js';

/** A fixed checkpoint key for tests (origin `test.verity.local/log`). */
export const TEST_LOG_ORIGIN = 'test.verity.local/log';
const LEDGER_SEED = Buffer.from(
  '0f1e2d3c4b5a69788796a5b4c3d2e1f00112233445566778899aabbccddeeff0',
  'hex',
);

/** A fixed Ed25519 attestation key (PKCS#8 DER prefix + seed). */
const ATTESTATION_KEY = createPrivateKey({
  key: Buffer.concat([
    Buffer.from('302e020100300506032b657004220420', 'hex'),
    Buffer.from('a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90', 'hex'),
  ]),
  format: 'der',
  type: 'pkcs8',
});

export function testServerKeys(): ServerKeys {
  return {
    ledger: ed25519Signer(TEST_LOG_ORIGIN, LEDGER_SEED),
    attestor: attestorFor(ATTESTATION_KEY),
  };
}

export function testVerifierKey(): string {
  const signer = ed25519Signer(TEST_LOG_ORIGIN, LEDGER_SEED);
  return formatVerifierKey(signer.name, signer.publicKey);
}

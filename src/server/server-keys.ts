import { closeSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { generateLedgerSignerKey, ledgerSignerFrom } from '../ledger/index.js';
import type { Attestor } from '../registry/index.js';
import {
  createPromotionAttestation,
  exportPrivateKeyPem,
  exportPublicKeyPem,
  generateSigningKeyPair,
  importPrivateKeyPem,
  keyHint,
  keySigner,
} from '../signing/index.js';
import { createPublicKey, type KeyObject } from 'node:crypto';
import type { ServerKeys } from './runtime.js';

export interface ServerKeyOptions {
  home: string;
  ledgerOrigin: string;
  /** Checkpoint signer key text (`PRIVATE+KEY+...`); else `<home>/keys/ledger.key`. */
  ledgerSignerKey?: string | undefined;
  /** PKCS#8 PEM of the attestation key; else `<home>/keys/attestation.pem`. */
  attestationKeyPem?: string | undefined;
}

/**
 * Loads the server's signing keys, generating them on first start into VERITY_HOME/keys
 * (mode 0600). A multi-instance PostgreSQL deployment supplies both so every instance signs
 * with the same keys.
 */
export function loadServerKeys(options: ServerKeyOptions): ServerKeys {
  const ledgerKey =
    options.ledgerSignerKey ??
    readOrCreate(
      join(options.home, 'keys', 'ledger.key'),
      () => `${generateLedgerSignerKey(options.ledgerOrigin)}\n`,
    );
  const ledger = ledgerSignerFrom(ledgerKey, options.ledgerOrigin);
  const pem =
    options.attestationKeyPem ??
    readOrCreate(join(options.home, 'keys', 'attestation.pem'), () =>
      exportPrivateKeyPem(generateSigningKeyPair('ed25519').privateKey),
    );
  return { ledger, attestor: attestorFor(importPrivateKeyPem(pem)) };
}

/** Signs promotion attestations with one private key (Ed25519 or P-256). */
export function attestorFor(privateKey: KeyObject): Attestor {
  const publicKey = createPublicKey(privateKey);
  const keyId = keyHint(publicKey);
  const signer = keySigner(privateKey, { keyid: keyId });
  return {
    keyId,
    publicKeyPem: exportPublicKeyPem(publicKey),
    attest: (input) => createPromotionAttestation(input, signer),
  };
}

function readOrCreate(path: string, create: () => string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  mkdirSync(join(path, '..'), { recursive: true, mode: 0o700 });
  const text = create();
  let fd: number;
  try {
    fd = openSync(path, 'wx', 0o600);
  } catch (error) {
    // Another process created it first: use theirs.
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return readFileSync(path, 'utf8');
    throw error;
  }
  try {
    writeSync(fd, text);
  } finally {
    closeSync(fd);
  }
  return text;
}

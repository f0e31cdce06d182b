import { randomBytes } from 'node:crypto';
import { ValidationError } from '../lib/index.js';
import { formatSignerKey, parseSignerKey, type Ed25519NoteSigner } from './note/index.js';

/**
 * The Ed25519 key that signs checkpoints, from its note signer form
 * (`PRIVATE+KEY+<name>+<keyid>+<base64>`). Its name must equal the log origin, as
 * c2sp.org/tlog-checkpoint recommends, so a key cannot silently sign for another log.
 */
export function ledgerSignerFrom(signerKey: string, origin: string): Ed25519NoteSigner {
  let signer: Ed25519NoteSigner;
  try {
    signer = parseSignerKey(signerKey.trim());
  } catch (error) {
    throw new ValidationError(
      `the ledger signing key is not a valid note signer key: ${(error as Error).message}`,
    );
  }
  if (signer.name !== origin) {
    throw new ValidationError(
      `the ledger signing key is named '${signer.name}' but the log origin is '${origin}': set VERITY_LEDGER_ORIGIN to '${signer.name}', or supply a key for the new origin`,
    );
  }
  return signer;
}

/** A fresh checkpoint key for `origin`, in note signer form. */
export function generateLedgerSignerKey(origin: string): string {
  return formatSignerKey(origin, randomBytes(32));
}

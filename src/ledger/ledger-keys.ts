import { randomBytes } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { ValidationError } from '../lib/index.js';
import { formatSignerKey, parseSignerKey, type Ed25519NoteSigner } from './note/index.js';

export interface LedgerKeyOptions {
  /** Verity home; the generated key lives in `<home>/keys/ledger.key`. */
  home: string;
  /** The log's origin line, which is also the key name (c2sp.org/tlog-checkpoint). */
  origin: string;
  /** A signer key in `PRIVATE+KEY+<name>+<id>+<base64>` form, given instead of the file. */
  signerKey?: string;
}

/**
 * The Ed25519 key that signs checkpoints. Supplied by the operator (every instance of a
 * PostgreSQL deployment must use the same one), or generated on first start into VERITY_HOME
 * with mode 0600. Its name must equal the log origin.
 */
export function loadLedgerSigner(options: LedgerKeyOptions): Ed25519NoteSigner {
  const text = options.signerKey ?? readOrCreate(options);
  let signer: Ed25519NoteSigner;
  try {
    signer = parseSignerKey(text.trim());
  } catch (error) {
    throw new ValidationError(
      `the ledger signing key is not a valid note signer key: ${(error as Error).message}`,
    );
  }
  if (signer.name !== options.origin) {
    throw new ValidationError(
      `the ledger signing key is named '${signer.name}' but the log origin is '${options.origin}': set VERITY_LEDGER_ORIGIN to '${signer.name}', or supply a key for the new origin`,
    );
  }
  return signer;
}

function readOrCreate(options: LedgerKeyOptions): string {
  const dir = join(options.home, 'keys');
  const path = join(dir, 'ledger.key');
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const text = `${formatSignerKey(options.origin, randomBytes(32))}\n`;
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

import type { CheckpointView, VerityClient } from '../client/index.js';
import {
  decodeBase64Strict,
  encodeBase64,
  hashLeaf,
  verifyConsistency,
  verifyInclusion,
} from '../ledger/merkle/index.js';
import { formatTlogProof, verifyCheckpoint, verifyTlogProof } from '../ledger/note/index.js';
import { verifiedCheckpoint } from './audit.js';
import { CheckFailedError, CliError } from './errors.js';
import { fields } from './output.js';

/**
 * `verity audit proof`: RFC 9162 proofs fetched from the server and verified here before they
 * are shown or saved. A root is only as good as its signature, so whenever a stored signed
 * checkpoint has the proof's size, its signature is verified and its root must be the proof's.
 */

/** A signed checkpoint backing a proof's root, verified with the log key. */
export interface SignedRoot {
  size: number;
  note: string;
}

export interface InclusionCheck {
  index: number;
  size: number;
  /** The entry's exact logged text, from which the leaf hash was recomputed. */
  entry: string;
  leafHash: string;
  rootHash: string;
  proof: string[];
  /** The stored checkpoint of this size, when there is one (its signature verified). */
  checkpoint: SignedRoot | null;
  /** The c2sp.org/tlog-proof text, when a signed checkpoint backs the proof. */
  tlogProof: string | null;
}

export interface ConsistencyCheck {
  from: number;
  to: number;
  fromRoot: string;
  toRoot: string;
  proof: string[];
  fromCheckpoint: SignedRoot | null;
  toCheckpoint: SignedRoot | null;
}

/**
 * The trusted log keys (the current one, and those before a rotation), fetched only when a
 * signed checkpoint is involved.
 */
export type KeyProvider = () => Promise<readonly string[]>;

/**
 * Inclusion of entry `index` in the tree of `size` entries (default: the newest checkpoint when
 * a tlog-proof is wanted, else the current log): the leaf is recomputed from the entry's text,
 * the audit path checked against the root, and the root against a signed checkpoint when one
 * of that size is stored. `needSignedCheckpoint` (for `--out`) refuses sizes without one.
 */
export async function checkInclusion(
  client: VerityClient,
  index: number,
  size: number | undefined,
  key: KeyProvider,
  needSignedCheckpoint: boolean,
): Promise<InclusionCheck> {
  const checkpoints = await client.checkpoints();
  let treeSize = size;
  if (needSignedCheckpoint && treeSize === undefined) {
    const covering = checkpoints.filter((c) => c.size > index).sort((a, b) => b.size - a.size)[0];
    if (covering === undefined) {
      throw new CliError(
        'NOT_FOUND',
        `no signed checkpoint covers entry ${index} yet: make one with \`verity audit checkpoint --new\``,
        { index },
      );
    }
    treeSize = covering.size;
  }
  const proof = await client.inclusionProof(index, treeSize);
  const stored = checkpoints.find((c) => c.size === proof.size);
  if (needSignedCheckpoint && stored === undefined) {
    throw new CliError(
      'NOT_FOUND',
      `no signed checkpoint of size ${proof.size} is stored, and a tlog-proof needs one: pass the --size of a stored checkpoint (${sizesOf(checkpoints)}) or make one with \`verity audit checkpoint --new\``,
      { size: proof.size },
    );
  }
  const page = await client.auditEntries({ from: index, limit: 1 });
  const item = page.items[0];
  if (item?.seq !== index) {
    throw new CheckFailedError(
      'PROOF_INVALID',
      `the server proves entry ${index} but does not serve it: the entry is missing from the log`,
      { index },
    );
  }
  const leaf = hashLeaf(Buffer.from(item.entry, 'utf8'));
  if (encodeBase64(leaf) !== proof.leafHash) {
    throw new CheckFailedError(
      'PROOF_INVALID',
      `entry ${index} does not hash to the leaf the proof is for: its text was changed`,
      { index },
    );
  }
  const path = decodeAll(proof.proof);
  const root = decodeOrFail(proof.rootHash, 'rootHash');
  try {
    verifyInclusion(index, proof.size, leaf, path, root);
  } catch (error) {
    throw new CheckFailedError(
      'PROOF_INVALID',
      `the inclusion proof of entry ${index} in the tree of ${proof.size} does not verify: ${(error as Error).message}`,
      { index, size: proof.size },
    );
  }
  let checkpoint: SignedRoot | null = null;
  let tlogProof: string | null = null;
  if (stored !== undefined) {
    const logKeys = await key();
    checkSignedRoot(stored, proof.rootHash, logKeys);
    checkpoint = { size: stored.size, note: stored.note };
    try {
      tlogProof = formatTlogProof({ index, path, signedCheckpoint: stored.note });
      // The file must verify on its own, exactly as an auditor will check it.
      verifyTlogProof(tlogProof, leaf, signerOf(stored.note, logKeys));
    } catch (error) {
      throw new CheckFailedError(
        'PROOF_INVALID',
        `the c2sp.org/tlog-proof of entry ${index} does not verify: ${(error as Error).message}`,
        { index, size: stored.size },
      );
    }
  }
  return {
    index,
    size: proof.size,
    entry: item.entry,
    leafHash: proof.leafHash,
    rootHash: proof.rootHash,
    proof: proof.proof,
    checkpoint,
    tlogProof,
  };
}

/** Consistency of the tree of `from` entries with the tree of `to` (default: current). */
export async function checkConsistency(
  client: VerityClient,
  from: number,
  to: number | undefined,
  key: KeyProvider,
): Promise<ConsistencyCheck> {
  const proof = await client.consistencyProof(from, to);
  try {
    verifyConsistency(
      from,
      proof.to,
      decodeOrFail(proof.fromRoot, 'fromRoot'),
      decodeOrFail(proof.toRoot, 'toRoot'),
      decodeAll(proof.proof),
    );
  } catch (error) {
    throw new CheckFailedError(
      'PROOF_INVALID',
      `the consistency proof from ${from} to ${proof.to} does not verify: ${(error as Error).message}`,
      { from, to: proof.to },
    );
  }
  const checkpoints = await client.checkpoints();
  const signed = async (size: number, root: string): Promise<SignedRoot | null> => {
    const stored = checkpoints.find((c) => c.size === size);
    if (stored === undefined) return null;
    checkSignedRoot(stored, root, await key());
    return { size, note: stored.note };
  };
  return {
    from,
    to: proof.to,
    fromRoot: proof.fromRoot,
    toRoot: proof.toRoot,
    proof: proof.proof,
    fromCheckpoint: await signed(from, proof.fromRoot),
    toCheckpoint: await signed(proof.to, proof.toRoot),
  };
}

export function inclusionText(check: InclusionCheck, out: string | undefined): string {
  return [
    `Entry ${check.index} is in the log of ${check.size} entries: inclusion proof of ${check.proof.length} hash(es) verified`,
    '',
    fields([
      ['leaf', `${check.leafHash} (recomputed from the entry's text)`],
      ['root', `${check.rootHash} (${rootSource(check.checkpoint)})`],
      ...check.proof.map((hash, i): [string, string] => [i === 0 ? 'proof' : '', hash]),
    ]),
    ...(out === undefined ? [] : ['', `Wrote the c2sp.org/tlog-proof to ${out}`]),
  ].join('\n');
}

export function consistencyText(check: ConsistencyCheck): string {
  return [
    `The log of ${check.to} entries extends the log of ${check.from}: consistency proof of ${check.proof.length} hash(es) verified`,
    '',
    fields([
      ['from', `size ${check.from}, root ${check.fromRoot} (${rootSource(check.fromCheckpoint)})`],
      ['to', `size ${check.to}, root ${check.toRoot} (${rootSource(check.toCheckpoint)})`],
      ...check.proof.map((hash, i): [string, string] => [i === 0 ? 'proof' : '', hash]),
    ]),
  ].join('\n');
}

function rootSource(checkpoint: SignedRoot | null): string {
  return checkpoint === null
    ? 'no signed checkpoint of this size: the server’s word only'
    : 'signed checkpoint verified';
}

/** The key, of those trusted, that signed a checkpoint already verified with them. */
function signerOf(note: string, keys: readonly string[]): string {
  const signer = keys.find((k) => {
    try {
      verifyCheckpoint(note, k);
      return true;
    } catch {
      return false;
    }
  });
  if (signer === undefined) throw new Error('no trusted key signed the checkpoint');
  return signer;
}

function checkSignedRoot(stored: CheckpointView, root: string, key: readonly string[]): void {
  const signed = verifiedCheckpoint(
    stored.note,
    key,
    `the stored checkpoint of size ${stored.size}`,
  );
  if (signed.size !== stored.size || signed.rootHash !== root) {
    throw new CheckFailedError(
      'PROOF_INVALID',
      `the proof's root at size ${stored.size} is not the root the log signed at that size`,
      { size: stored.size, proofRoot: root, signedRoot: signed.rootHash },
    );
  }
}

function decodeAll(hashes: readonly string[]): Uint8Array[] {
  return hashes.map((h, i) => decodeOrFail(h, `proof[${i}]`));
}

function decodeOrFail(text: string, field: string): Uint8Array {
  try {
    return decodeBase64Strict(text, field);
  } catch (error) {
    throw new CheckFailedError('PROOF_INVALID', (error as Error).message, { field });
  }
}

function sizesOf(checkpoints: readonly CheckpointView[]): string {
  const sizes = checkpoints.map((c) => c.size);
  return sizes.length === 0 ? 'none yet' : sizes.join(', ');
}

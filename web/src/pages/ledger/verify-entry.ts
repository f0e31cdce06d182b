import {
  decodeBase64Strict,
  encodeBase64,
  equalBytes,
  hashLeaf,
  inclusionProofLength,
  MerkleError,
  rootFromInclusionProof,
  toHex,
  utf8,
  type InclusionStep,
} from '../../lib/merkle.js';

/*
 * Checks in the browser that one audit-log entry is in the log: hash its exact bytes into a leaf,
 * walk the server's audit path up to a root (RFC 9162 §2.1.3.2), and compare that root with the
 * root of a checkpoint whose signature this browser verified. The server's own claims (its leaf
 * hash, its root) are shown for comparison but never trusted.
 */

/** What the entry is checked against: a signed checkpoint, or the current (unsigned) head. */
export interface VerificationTarget {
  kind: 'checkpoint' | 'head';
  size: number;
  rootHash: Uint8Array;
  /** Whether the checkpoint's signature verified here; `unsigned` for the head. */
  signature: 'verified' | 'failed' | 'unchecked' | 'unsigned';
  /** `name+keyid` of the key that signed it. */
  signer?: string;
}

export interface EntryToVerify {
  seq: number;
  /** The exact logged text. */
  entry: string;
  /** The leaf hash the server stores, hex. */
  leafHash: string;
}

export interface ProofView {
  index: number;
  size: number;
  leafHash: string;
  rootHash: string;
  proof: string[];
}

export type StepKey = 'bytes' | 'leaf' | 'proof' | 'root' | 'compare';

export interface VerificationStep {
  key: StepKey;
  title: string;
  status: 'ok' | 'failed' | 'skipped';
  detail: string;
  values: { label: string; value: string }[];
  /** The hashing steps of the audit path (step `root`). */
  path?: InclusionStep[];
}

export interface VerificationResult {
  ok: boolean;
  steps: VerificationStep[];
  /** One sentence: where the entry is included, or why it is not proven. */
  summary: string;
  failure?: { reason: string; message: string };
}

const TITLES: Record<StepKey, string> = {
  bytes: 'Read the entry’s exact bytes',
  leaf: 'Hash the leaf: SHA-256(0x00 ‖ entry bytes)',
  proof: 'Fetch the inclusion proof (audit path)',
  root: 'Recompute the root (RFC 9162 §2.1.3.2)',
  compare: 'Compare with the trusted root',
};

const ORDER: StepKey[] = ['bytes', 'leaf', 'proof', 'root', 'compare'];

class StepFailure extends Error {
  constructor(
    readonly reason: string,
    message: string,
  ) {
    super(message);
  }
}

/** The target described in words, e.g. "the checkpoint of size 188 signed by vm/verity". */
export function describeTarget(target: VerificationTarget): string {
  if (target.kind === 'head') return `the current log head of size ${target.size} (not signed)`;
  const signed =
    target.signature === 'verified' && target.signer !== undefined
      ? `, signed by ${target.signer}`
      : target.signature === 'failed'
        ? ', whose signature did NOT verify'
        : target.signature === 'unchecked'
          ? ' (signature not checked in this browser)'
          : '';
  return `the checkpoint of size ${target.size}${signed}`;
}

/**
 * Runs every step in order and stops at the first failure; later steps are marked skipped.
 * `fetchProof(index, size)` asks the server for the audit path.
 */
export async function verifyEntryInclusion(
  entry: EntryToVerify,
  target: VerificationTarget,
  fetchProof: (index: number, size: number) => Promise<ProofView>,
): Promise<VerificationResult> {
  const steps: VerificationStep[] = [];
  const done = (
    key: StepKey,
    detail: string,
    values: VerificationStep['values'] = [],
    path?: InclusionStep[],
  ) => {
    steps.push({
      key,
      title: TITLES[key],
      status: 'ok',
      detail,
      values,
      ...(path === undefined ? {} : { path }),
    });
  };
  let current: StepKey = 'bytes';
  try {
    // 1. The bytes. The entry's own text names its index: a row moved elsewhere is caught here.
    const bytes = utf8(entry.entry);
    const claimed = claimedIndex(entry.entry);
    if (claimed !== undefined && claimed !== entry.seq) {
      throw new StepFailure(
        'INDEX_MISMATCH',
        `the entry text says index ${claimed}, but it is served as entry ${entry.seq}`,
      );
    }
    done('bytes', `${bytes.length.toLocaleString('en-GB')} bytes of UTF-8 text (canonical JSON)`, [
      { label: 'index in the text', value: claimed === undefined ? '—' : String(claimed) },
    ]);

    // 2. The leaf, computed here.
    current = 'leaf';
    const leaf = await hashLeaf(bytes);
    if (toHex(leaf) !== entry.leafHash) {
      throw new StepFailure(
        'LEAF_MISMATCH',
        `the entry text hashes to ${toHex(leaf)}, but the log stores leaf ${entry.leafHash} at index ${entry.seq}: the text is not what was logged`,
      );
    }
    done('leaf', 'Computed with WebCrypto; it equals the leaf hash the log stores.', [
      { label: 'leaf hash (hex)', value: toHex(leaf) },
    ]);

    // 3. The proof, from the server, checked for shape before any hashing.
    current = 'proof';
    let view: ProofView;
    try {
      view = await fetchProof(entry.seq, target.size);
    } catch (error) {
      throw new StepFailure(
        'PROOF_UNAVAILABLE',
        `the server gave no proof: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    if (view.index !== entry.seq || view.size !== target.size) {
      throw new StepFailure(
        'PROOF_MISMATCH',
        `the server answered a proof for entry ${view.index} in a tree of ${view.size}, not entry ${entry.seq} in ${target.size}`,
      );
    }
    const path = view.proof.map((p, i) => decodeBase64Strict(p, `proof[${i}]`));
    const expected = inclusionProofLength(BigInt(entry.seq), BigInt(target.size));
    done(
      'proof',
      `${path.length} sibling hashes for entry ${entry.seq} in a tree of ${target.size.toLocaleString('en-GB')} (RFC 9162 §1.6 requires ${expected}).`,
    );

    // 4. The root, walked up from the leaf computed here (not the server's).
    current = 'root';
    const { root, steps: hashing } = await rootFromInclusionProof(
      entry.seq,
      target.size,
      leaf,
      path,
    );
    done(
      'root',
      `${hashing.length} hashing steps from the leaf to a root.`,
      [{ label: 'computed root', value: encodeBase64(root) }],
      hashing,
    );

    // 5. The comparison with the trusted root.
    current = 'compare';
    if (!equalBytes(root, target.rootHash)) {
      throw new StepFailure(
        'ROOT_MISMATCH',
        `the recomputed root ${encodeBase64(root)} is not the root ${encodeBase64(target.rootHash)} of ${describeTarget(target)}`,
      );
    }
    if (target.kind === 'checkpoint' && target.signature === 'failed') {
      throw new StepFailure(
        'CHECKPOINT_UNTRUSTED',
        `the recomputed root matches, but the checkpoint's signature did not verify with the log's key, so its root is not trusted`,
      );
    }
    done('compare', `The recomputed root equals the root of ${describeTarget(target)}.`, [
      { label: 'trusted root', value: encodeBase64(target.rootHash) },
    ]);
  } catch (error) {
    const failure =
      error instanceof StepFailure || error instanceof MerkleError
        ? { reason: error.reason, message: error.message }
        : {
            reason: 'UNEXPECTED',
            message: error instanceof Error ? error.message : String(error),
          };
    steps.push({
      key: current,
      title: TITLES[current],
      status: 'failed',
      detail: failure.message,
      values: [],
    });
    for (const key of ORDER.slice(ORDER.indexOf(current) + 1)) {
      steps.push({
        key,
        title: TITLES[key],
        status: 'skipped',
        detail: 'Not run.',
        values: [],
      });
    }
    return {
      ok: false,
      steps,
      failure,
      summary: `Not verified: ${failure.message} (${failure.reason}).`,
    };
  }
  const where =
    target.kind === 'head'
      ? `the current log head of size ${target.size.toLocaleString('en-GB')} (unsigned: a signed checkpoint will cover it later)`
      : `the checkpoint of size ${target.size.toLocaleString('en-GB')}, root ${encodeBase64(target.rootHash)}${target.signer === undefined || target.signature !== 'verified' ? '' : `, signed by ${target.signer}`}`;
  return {
    ok: true,
    steps,
    summary: `Verified: entry ${entry.seq} is included in ${where}.`,
  };
}

function claimedIndex(text: string): number | undefined {
  try {
    const parsed = JSON.parse(text) as { index?: unknown };
    return typeof parsed.index === 'number' ? parsed.index : undefined;
  } catch {
    return undefined;
  }
}

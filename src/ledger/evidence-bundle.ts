import { z } from 'zod';
import { canonicalJson, jsonDigest, ValidationError } from '../lib/index.js';
import { decodeBase64Strict, hashLeaf, verifyInclusion } from './merkle/index.js';
import { parseVerifierKey, verifyCheckpoint } from './note/index.js';

/** The format identifier written into every bundle; bumped on any incompatible change. */
export const EVIDENCE_FORMAT = 'https://verity.dev/evidence-bundle/v1';

/**
 * An evidence bundle: the audit-log entries about one subject, each with an inclusion proof to
 * one signed checkpoint, plus the key that signed it. Everything needed to check it offline is
 * inside; see docs/ledger.md for the field-by-field description.
 */
export const evidenceBundleSchema = z.object({
  format: z.literal(EVIDENCE_FORMAT),
  createdAt: z.string(),
  subject: z.object({ kind: z.string(), id: z.string(), ref: z.string().optional() }),
  log: z.object({ origin: z.string(), verifierKey: z.string() }),
  /** The signed checkpoint (c2sp.org/tlog-checkpoint note), byte for byte. */
  checkpoint: z.string(),
  entries: z.array(
    z.object({
      index: z.number().int().min(0),
      /** The exact logged bytes (RFC 8785 canonical JSON of the event), as a string. */
      entry: z.string(),
      /** The event's payload, when not erased; its RFC 8785 SHA-256 is the event's payloadDigest. */
      payload: z.unknown(),
      /** RFC 9162 §2.1.3 audit path to the checkpoint's root, leaf sibling first, base64. */
      inclusionProof: z.array(z.string()),
    }),
  ),
  readme: z.string(),
});
export type EvidenceBundle = z.infer<typeof evidenceBundleSchema>;

export interface EvidenceProblem {
  index: number | null;
  code:
    | 'BUNDLE_MALFORMED'
    | 'KEY_NOT_TRUSTED'
    | 'CHECKPOINT_INVALID'
    | 'ENTRY_INVALID'
    | 'PROOF_INVALID'
    | 'PAYLOAD_MISMATCH'
    | 'SUBJECT_MISMATCH';
  message: string;
}

export interface EvidenceReport {
  ok: boolean;
  subject: { kind: string; id: string; ref?: string | undefined } | null;
  checkpointSize: number | null;
  entriesVerified: number;
  problems: EvidenceProblem[];
}

/**
 * Checks a bundle offline: the checkpoint signature (with the bundle's key, which must equal
 * `trustedKey` when the auditor pins one), then for each entry its leaf hash, its inclusion proof
 * to the signed root, its claimed index and subject, and its payload against the payload digest.
 */
export function verifyEvidenceBundle(
  input: unknown,
  trustedKey?: string | readonly string[],
): EvidenceReport {
  const parsed = evidenceBundleSchema.safeParse(input);
  if (!parsed.success) {
    return {
      ok: false,
      subject: null,
      checkpointSize: null,
      entriesVerified: 0,
      problems: parsed.error.issues.map((i) => ({
        index: null,
        code: 'BUNDLE_MALFORMED' as const,
        message: `${i.path.join('.')}: ${i.message}`,
      })),
    };
  }
  const bundle = parsed.data;
  const { problems, checkpointSize, verified } = verifyLogEntries(
    bundle,
    trustedKey,
    bundle.subject,
  );
  return {
    ok: problems.length === 0,
    subject: bundle.subject,
    checkpointSize,
    entriesVerified: verified,
    problems,
  };
}

/** The README written into every bundle, so a reader without Verity knows how to check it. */
export const EVIDENCE_README = `This is a Verity evidence bundle (${EVIDENCE_FORMAT}).

It holds every audit-log entry about one subject, an inclusion proof for each, one signed
checkpoint of the log, and the key that signed the checkpoint. To check it without Verity:

1. Obtain the log's verifier key from a source you trust (not only this file) and compare it with
   log.verifierKey. It has the form name+keyid+base64(0x01 || Ed25519 public key).
2. Verify "checkpoint" as a C2SP signed note (c2sp.org/signed-note) with that key: the signed text
   is origin, tree size and base64 root hash, one per line (c2sp.org/tlog-checkpoint).
3. For each entry: leaf = SHA-256(0x00 || UTF-8 bytes of "entry"); check "inclusionProof" (base64
   hashes, leaf sibling first) against the checkpoint's size and root as in RFC 9162 §2.1.3.2,
   with leaf index "index".
4. Parse "entry" (RFC 8785 canonical JSON): its "index" must equal the entry's index and its
   "subject" the bundle's subject. When "payload" is present, SHA-256 of its RFC 8785 form,
   written sha256:<hex>, must equal the entry's "payloadDigest".

\`verity audit verify-bundle <file>\` does all of this offline.
`;

/** The logged entries, proofs and checkpoint that every Verity bundle carries. */
export interface SignedEntries {
  log: { origin: string; verifierKey: string };
  checkpoint: string;
  entries: { index: number; entry: string; payload?: unknown; inclusionProof: string[] }[];
}

/**
 * Checks the checkpoint signature (with the bundle's key, which must be `trustedKey`, or one of
 * them, when the auditor pins keys: the log's current key and the ones before a rotation), then for each entry its canonical form, its claimed index, its subject (when
 * `subject` is given), its inclusion proof to the signed root, and its payload digest.
 */
export function verifyLogEntries(
  bundle: SignedEntries,
  trustedKey: string | readonly string[] | undefined,
  subject: { kind: string; id: string } | null,
): { problems: EvidenceProblem[]; checkpointSize: number | null; verified: number } {
  const problems: EvidenceProblem[] = [];
  const fail = (code: EvidenceProblem['code'], index: number | null, message: string) =>
    problems.push({ code, index, message });
  const trusted =
    trustedKey === undefined
      ? undefined
      : (typeof trustedKey === 'string' ? [trustedKey] : trustedKey).map((k) => k.trim());
  if (trusted !== undefined && !trusted.includes(bundle.log.verifierKey)) {
    fail(
      'KEY_NOT_TRUSTED',
      null,
      `the bundle was signed by a key other than the one${trusted.length === 1 ? '' : 's'} you trust`,
    );
    return { problems, checkpointSize: null, verified: 0 };
  }
  let size: bigint;
  let root: Uint8Array;
  try {
    const { checkpoint } = verifyCheckpoint(
      bundle.checkpoint,
      parseVerifierKey(bundle.log.verifierKey),
      bundle.log.origin,
    );
    size = checkpoint.size;
    root = checkpoint.rootHash;
  } catch (error) {
    fail('CHECKPOINT_INVALID', null, `the checkpoint does not verify: ${(error as Error).message}`);
    return { problems, checkpointSize: null, verified: 0 };
  }
  let verified = 0;
  for (const item of bundle.entries) {
    let event: {
      index?: unknown;
      subject?: { kind?: unknown; id?: unknown };
      payloadDigest?: unknown;
    };
    try {
      event = JSON.parse(item.entry) as typeof event;
      if (canonicalJson(event) !== item.entry)
        throw new ValidationError('not RFC 8785 canonical JSON');
    } catch (error) {
      fail('ENTRY_INVALID', item.index, `entry ${item.index}: ${(error as Error).message}`);
      continue;
    }
    if (event.index !== item.index) {
      fail(
        'ENTRY_INVALID',
        item.index,
        `entry ${item.index} says it is entry ${String(event.index)}`,
      );
      continue;
    }
    if (
      subject !== null &&
      (event.subject?.kind !== subject.kind || event.subject.id !== subject.id)
    ) {
      fail('SUBJECT_MISMATCH', item.index, `entry ${item.index} is about another subject`);
      continue;
    }
    try {
      verifyInclusion(
        BigInt(item.index),
        size,
        hashLeaf(Buffer.from(item.entry, 'utf8')),
        item.inclusionProof.map((p, i) => decodeBase64Strict(p, `inclusionProof[${i}]`)),
        root,
      );
    } catch (error) {
      fail(
        'PROOF_INVALID',
        item.index,
        `entry ${item.index} is not in the signed tree: ${(error as Error).message}`,
      );
      continue;
    }
    if (
      item.payload !== null &&
      item.payload !== undefined &&
      jsonDigest(item.payload) !== event.payloadDigest
    ) {
      fail(
        'PAYLOAD_MISMATCH',
        item.index,
        `the payload of entry ${item.index} does not match the digest in the log`,
      );
      continue;
    }
    verified++;
  }
  return { problems, checkpointSize: Number(size), verified };
}

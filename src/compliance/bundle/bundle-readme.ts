import { COMPLIANCE_BUNDLE_FORMAT } from './bundle-format.js';

/** The README inside every compliance bundle, for a reader without Verity. */
export const BUNDLE_README = `# Verity compliance evidence bundle

Format: ${COMPLIANCE_BUNDLE_FORMAT}

This file is one JSON document in RFC 8785 canonical form. It holds:

- files: this README, the compliance report (report.md, report.html), the posture
  (posture.json), OSCAL assessment results, and the signatures and public keys of the assessed
  model version;
- manifest: path, media type, SHA-256 and size of every file;
- entries: each audit-log entry that backs a status in the report, with its RFC 9162 inclusion
  proof to the signed checkpoint; and the entry that logged this export (exportEntry), whose
  payload commits to the bundle id, time, author, subject, the SHA-256 of the canonical manifest
  and the list of evidence entries;
- checkpoint: a C2SP signed note (origin, tree size, root hash) and log.verifierKey, the
  Ed25519 key that signed it.

To check it without Verity:

1. Re-serialise the JSON as RFC 8785 canonical JSON; it must equal the file byte for byte.
2. Verify the checkpoint signature with the verifier key you trust (compare it with the one the
   operator published at /api/v1/audit/keys).
3. For each entry: it is canonical JSON; its "index" is the entry's index; the SHA-256 of
   0x00 || entry, with the inclusion proof, gives the checkpoint's root (RFC 9162 2.1.3.2); when
   a payload is present, its canonical JSON SHA-256 equals the entry's payloadDigest.
4. The export entry's payload equals this bundle's format, id, createdAt, createdBy and subject;
   its manifestDigest is the SHA-256 of the canonical JSON of the manifest; its evidence list is
   exactly the other entries' indexes.
5. Every file's UTF-8 bytes have the SHA-256 and size the manifest lists.

\`verity audit verify-bundle <file> [--key <verifier key>]\` does all of this offline.
`;

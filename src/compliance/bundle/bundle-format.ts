import { z } from 'zod';

/** The format identifier of a compliance evidence bundle; bumped on any incompatible change. */
export const COMPLIANCE_BUNDLE_FORMAT = 'https://verity.dev/compliance-bundle/v1';

/**
 * A compliance evidence bundle: one RFC 8785 canonical JSON text holding the report and the
 * posture as files, the signatures and public keys of the assessed version, a manifest of every
 * file's SHA-256, and the audit-log entries behind every status, each with an inclusion proof to
 * one signed checkpoint. The export itself is a logged entry whose payload commits to the
 * manifest, so no byte of the bundle can change unnoticed. See docs/compliance.md.
 */
export const complianceBundleSchema = z.strictObject({
  format: z.literal(COMPLIANCE_BUNDLE_FORMAT),
  id: z.string(),
  createdAt: z.string(),
  createdBy: z.string(),
  subject: z.strictObject({
    model: z.string(),
    modelId: z.string(),
    version: z.string().nullable(),
  }),
  files: z.array(z.strictObject({ path: z.string(), mediaType: z.string(), content: z.string() })),
  manifest: z.array(
    z.strictObject({
      path: z.string(),
      mediaType: z.string(),
      sha256: z.string(),
      bytes: z.number().int().min(0),
    }),
  ),
  log: z.strictObject({ origin: z.string(), verifierKey: z.string() }),
  checkpoint: z.string(),
  /** The index of the `compliance-bundle-exported` entry. */
  exportEntry: z.number().int().min(0),
  entries: z.array(
    z.strictObject({
      index: z.number().int().min(0),
      entry: z.string(),
      payload: z.unknown(),
      inclusionProof: z.array(z.string()),
    }),
  ),
});
export type ComplianceBundle = z.infer<typeof complianceBundleSchema>;

/** What the export entry commits to: everything in the bundle that is not itself logged. */
export interface BundleCommitment {
  format: string;
  bundle: string;
  createdAt: string;
  createdBy: string;
  subject: ComplianceBundle['subject'];
  /** SHA-256 (hex) of the canonical JSON of the manifest. */
  manifestDigest: string;
  /** Indexes of the evidence entries the bundle carries. */
  evidence: number[];
}

export function isComplianceBundle(value: unknown): boolean {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { format?: unknown }).format === COMPLIANCE_BUNDLE_FORMAT
  );
}

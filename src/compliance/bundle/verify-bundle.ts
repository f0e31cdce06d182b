import { verifyLogEntries } from '../../ledger/index.js';
import { canonicalJson, sha256Hex } from '../../lib/index.js';
import {
  complianceBundleSchema,
  type BundleCommitment,
  type ComplianceBundle,
} from './bundle-format.js';

export interface BundleProblem {
  code: string;
  message: string;
  index?: number | null;
}

export interface BundleReport {
  ok: boolean;
  subject: ComplianceBundle['subject'] | null;
  checkpointSize: number | null;
  files: number;
  entriesVerified: number;
  problems: BundleProblem[];
}

/**
 * Checks a compliance bundle offline, trusting only the verifier key (pinned by `trustedKey`
 * when given): the text is canonical JSON; the checkpoint signature; every entry's inclusion
 * proof and payload digest; the export entry commits to this bundle's id, time, subject and
 * manifest, and lists exactly the evidence entries carried; every file matches the manifest.
 */
export function verifyComplianceBundle(
  text: string,
  trustedKey?: string | readonly string[],
): BundleReport {
  const report = (problems: BundleProblem[], extra: Partial<BundleReport> = {}): BundleReport => ({
    ok: problems.length === 0,
    subject: null,
    checkpointSize: null,
    files: 0,
    entriesVerified: 0,
    problems,
    ...extra,
  });
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    return report([{ code: 'BUNDLE_MALFORMED', message: `not JSON: ${(error as Error).message}` }]);
  }
  if (canonicalJson(raw) !== text.replace(/\n$/, ''))
    return report([
      {
        code: 'BUNDLE_NOT_CANONICAL',
        message: 'the bundle is not the RFC 8785 canonical JSON it was written as: it was edited',
      },
    ]);
  const parsed = complianceBundleSchema.safeParse(raw);
  if (!parsed.success)
    return report(
      parsed.error.issues.map((i) => ({
        code: 'BUNDLE_MALFORMED',
        message: `${i.path.join('.')}: ${i.message}`,
      })),
    );
  const bundle = parsed.data;
  const checked = verifyLogEntries(bundle, trustedKey, null);
  const problems: BundleProblem[] = [...checked.problems];
  const base = { subject: bundle.subject, checkpointSize: checked.checkpointSize };
  if (checked.checkpointSize === null) return report(problems, base);

  const exported = bundle.entries.find((e) => e.index === bundle.exportEntry);
  const commitment = exported?.payload as BundleCommitment | undefined;
  if (exported === undefined || commitment === undefined || commitment === null) {
    problems.push({
      code: 'EXPORT_ENTRY_MISSING',
      message: `the export entry ${bundle.exportEntry} is not in the bundle`,
    });
    return report(problems, base);
  }
  const event = JSON.parse(exported.entry) as { type?: string };
  if (event.type !== 'compliance-bundle-exported')
    problems.push({
      code: 'EXPORT_ENTRY_INVALID',
      message: `entry ${bundle.exportEntry} is a ${String(event.type)}, not the export`,
    });
  const manifestDigest = sha256Hex(canonicalJson(bundle.manifest));
  const expect = (field: string, actual: unknown, logged: unknown) => {
    if (canonicalJson(actual) !== canonicalJson(logged ?? null))
      problems.push({
        code: 'COMMITMENT_MISMATCH',
        message: `the bundle's ${field} differs from what the export entry logged`,
      });
  };
  expect('format', bundle.format, commitment.format);
  expect('id', bundle.id, commitment.bundle);
  expect('createdAt', bundle.createdAt, commitment.createdAt);
  expect('createdBy', bundle.createdBy, commitment.createdBy);
  expect('subject', bundle.subject, commitment.subject);
  expect('manifest', manifestDigest, commitment.manifestDigest);
  const carried = bundle.entries
    .map((e) => e.index)
    .filter((i) => i !== bundle.exportEntry)
    .sort((a, b) => a - b);
  expect(
    'evidence entries',
    carried,
    [...(commitment.evidence ?? [])].sort((a, b) => a - b),
  );

  const byPath = new Map(bundle.files.map((f) => [f.path, f]));
  if (byPath.size !== bundle.files.length)
    problems.push({ code: 'FILE_DUPLICATE', message: 'two files have the same path' });
  if (bundle.manifest.length !== bundle.files.length)
    problems.push({
      code: 'MANIFEST_MISMATCH',
      message: `the manifest lists ${bundle.manifest.length} files, the bundle holds ${bundle.files.length}`,
    });
  for (const item of bundle.manifest) {
    const file = byPath.get(item.path);
    if (file === undefined) {
      problems.push({
        code: 'FILE_MISSING',
        message: `${item.path} is in the manifest but not in the bundle`,
      });
      continue;
    }
    const bytes = Buffer.from(file.content, 'utf8');
    if (
      bytes.length !== item.bytes ||
      sha256Hex(bytes) !== item.sha256 ||
      file.mediaType !== item.mediaType
    )
      problems.push({
        code: 'FILE_MODIFIED',
        message: `${item.path} does not match its SHA-256 in the manifest`,
      });
  }
  return report(problems, {
    ...base,
    files: bundle.files.length,
    entriesVerified: checked.verified,
  });
}

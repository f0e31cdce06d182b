import type { Actor } from '../../auth/index.js';
import type { Ledger } from '../../ledger/index.js';
import { canonicalJson, sha256Hex } from '../../lib/index.js';
import { findModel, modelRefOf, newId, type RegistryContext } from '../../registry/index.js';
import { modelPosture } from '../posture-service.js';
import { modelReportHtml, modelReportMarkdown, oscalAssessmentResults } from '../report/index.js';
import { modelReportData } from '../report-service.js';
import {
  COMPLIANCE_BUNDLE_FORMAT,
  type BundleCommitment,
  type ComplianceBundle,
} from './bundle-format.js';
import { BUNDLE_README } from './bundle-readme.js';

/**
 * Writes the compliance evidence bundle of one model: the full report (Markdown and HTML), the
 * posture (JSON), its OSCAL assessment results, the signatures and keys of the assessed version,
 * a manifest of hashes, and every ledger entry a status rests on with its inclusion proof to one
 * fresh signed checkpoint. The export is logged first, committing to the manifest, and that entry
 * is carried too, so the bundle proves its own content.
 */
export async function exportComplianceBundle(
  ctx: RegistryContext,
  ledger: Ledger,
  actor: Actor,
  modelRef: string,
  options: { version?: string; verityVersion?: string } = {},
): Promise<{ text: string; filename: string }> {
  const model = await findModel(ctx.db, modelRef);
  const { posture, facts } = await modelPosture(
    ctx,
    model,
    options.version === undefined ? {} : { version: options.version },
  );
  const head = await ledger.head();
  const createdAt = ctx.clock.now().toISOString();
  const meta = {
    generatedAt: createdAt,
    generatedBy: actor.name,
    verityVersion: options.verityVersion ?? 'unknown',
    ledger: { origin: ledger.origin, size: head.size, rootHash: head.rootHash },
  };
  const data = await modelReportData(ctx, meta, posture, facts);
  const files: ComplianceBundle['files'] = [
    { path: 'README.md', mediaType: 'text/markdown', content: BUNDLE_README },
    { path: 'report.md', mediaType: 'text/markdown', content: modelReportMarkdown(data) },
    { path: 'report.html', mediaType: 'text/html', content: modelReportHtml(data) },
    { path: 'posture.json', mediaType: 'application/json', content: canonicalJson(posture) },
    {
      path: 'oscal-assessment-results.json',
      mediaType: 'application/json',
      content: canonicalJson(oscalAssessmentResults([posture], meta, {})),
    },
  ];
  if (posture.version !== null) {
    const signatures = await ctx.db
      .selectFrom('model_signatures as s')
      .innerJoin('signing_keys as k', 'k.id', 's.key_id')
      .select(['s.id', 's.bundle', 'k.name', 'k.public_key_pem', 'k.revoked_at'])
      .where('s.version_id', '=', posture.version.id)
      .orderBy('s.created_at')
      .execute();
    const keys = new Map<string, string>();
    for (const s of signatures) {
      files.push({
        path: `signatures/${s.id}.sigstore.json`,
        mediaType: 'application/vnd.dev.sigstore.bundle.v0.3+json',
        content: canonicalJson(s.bundle),
      });
      keys.set(s.name, s.public_key_pem);
    }
    for (const [name, pem] of keys)
      files.push({ path: `keys/${name}.pem`, mediaType: 'application/x-pem-file', content: pem });
  }
  const manifest = files.map((f) => {
    const bytes = Buffer.from(f.content, 'utf8');
    return { path: f.path, mediaType: f.mediaType, sha256: sha256Hex(bytes), bytes: bytes.length };
  });
  const evidence = [
    ...new Set(
      posture.controls.flatMap((c) =>
        c.subControls.flatMap((s) => s.evidence.map((e) => e.ledgerIndex)),
      ),
    ),
  ].sort((a, b) => a - b);
  const bundleId = newId(ctx);
  const subject = {
    model: modelRefOf(model),
    modelId: model.id,
    version: posture.version?.label ?? null,
  };
  const commitment: BundleCommitment = {
    format: COMPLIANCE_BUNDLE_FORMAT,
    bundle: bundleId,
    createdAt,
    createdBy: actor.name,
    subject,
    manifestDigest: sha256Hex(canonicalJson(manifest)),
    evidence,
  };
  await ctx.committer.commit(actor, 'compliance-report.record', () =>
    Promise.resolve({
      result: null,
      events: [
        {
          type: 'compliance-bundle-exported',
          subject: { kind: 'compliance-bundle', id: bundleId, ref: subject.model },
          payload: commitment as unknown as Record<string, unknown>,
        },
      ],
    }),
  );
  const exportRow = await ctx.db
    .selectFrom('ledger_entries')
    .select('seq')
    .where('subject_kind', '=', 'compliance-bundle')
    .where('subject_id', '=', bundleId)
    .executeTakeFirstOrThrow();
  const checkpoint = await ledger.checkpoint();
  const indexes = [...evidence, exportRow.seq];
  const rows = await ctx.db
    .selectFrom('ledger_entries')
    .select(['seq', 'entry', 'payload'])
    .where('seq', 'in', indexes)
    .orderBy('seq')
    .execute();
  const entries: ComplianceBundle['entries'] = [];
  for (const row of rows) {
    const proof = await ledger.inclusionProof(row.seq, checkpoint.size);
    entries.push({
      index: row.seq,
      entry: row.entry,
      payload: row.payload ?? null,
      inclusionProof: proof.proof,
    });
  }
  const bundle: ComplianceBundle = {
    format: COMPLIANCE_BUNDLE_FORMAT,
    id: bundleId,
    createdAt,
    createdBy: actor.name,
    subject,
    files,
    manifest,
    log: { origin: ledger.origin, verifierKey: ledger.verifierKey },
    checkpoint: checkpoint.note,
    exportEntry: exportRow.seq,
    entries,
  };
  const stamp = createdAt.slice(0, 10);
  return {
    text: canonicalJson(bundle),
    filename: `verity-compliance-${subject.model.replace(/[^A-Za-z0-9._-]+/g, '-')}-${stamp}.json`,
  };
}

/**
 * Deterministic synthetic audit events for the large-log part of `npm run bench:ledger`. Entry i
 * is always the same bytes, so the builder, the proof checks and the in-memory verification can
 * each recompute it without the log being held in memory more than once. The events have the
 * shape and size of real ones (`Committer.commit` writes the same fields, canonicalised with the
 * same `canonicalJson`), so the stored rows, the leaf hashes and the verifier's work are real.
 */
import { canonicalJson, jsonDigest } from '../src/lib/index.js';
import type { AuditEvent } from '../src/ledger/index.js';

const TYPES = [
  { type: 'model-version-registered', kind: 'model-version' },
  { type: 'dataset-version-registered', kind: 'dataset-version' },
  { type: 'run-logged', kind: 'run' },
  { type: 'alias-set', kind: 'model' },
  { type: 'deployment-recorded', kind: 'model-version' },
  { type: 'dataset-created', kind: 'dataset' },
  { type: 'model-created', kind: 'model' },
] as const;
const ACTORS = ['alice', 'bob', 'ci-bot@verity', 'carol.ml', 'release-manager'];
const START_MS = Date.parse('2026-01-01T00:00:00.000Z');

export interface SyntheticEntry {
  /** The exact logged text: RFC 8785 canonical JSON of the event. */
  entry: string;
  event: AuditEvent;
  payload: Record<string, unknown>;
}

/** Entry `index` of the synthetic log. */
export function syntheticEntry(index: number): SyntheticEntry {
  const { type, kind } = TYPES[index % TYPES.length] as (typeof TYPES)[number];
  const id = `0190b000-0000-7000-8000-${index.toString(16).padStart(12, '0')}`;
  const model = `credit-risk-${index % 97}`;
  const label = `1.${index % 13}.${index % 7}`;
  const payload: Record<string, unknown> = { name: model, label, note: `synthetic #${index}` };
  const event: AuditEvent = {
    v: 1,
    index,
    type,
    actor: ACTORS[index % ACTORS.length] as string,
    // Ten events a second, in order: a million entries span about 28 hours.
    time: new Date(START_MS + index * 100).toISOString(),
    subject: { kind, id, ref: `default/${model}@${label}` },
    payloadDigest: jsonDigest(payload),
  };
  return { entry: canonicalJson(event), event, payload };
}

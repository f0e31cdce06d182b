import { z } from 'zod';
import { evidenceBundleSchema, selfCheck } from '../../ledger/index.js';
import { recordIntegrityFailure } from '../../registry/index.js';
import type { Runtime } from '../runtime.js';
import { errorResponses, type Api } from './common.js';

const eventSchema = z.object({
  v: z.literal(1),
  index: z.number(),
  type: z.string(),
  actor: z.string(),
  time: z.string(),
  subject: z.object({ kind: z.string(), id: z.string(), ref: z.string().optional() }),
  payloadDigest: z.string(),
});

const entrySchema = z.object({
  seq: z.number(),
  leafHash: z.string(),
  entry: z.string(),
  /** Parsed for convenience; served as stored, so a tampered row is shown, not refused. */
  event: z.union([eventSchema, z.record(z.string(), z.unknown())]).nullable(),
  payload: z.unknown(),
});

const checkpointSchema = z.object({
  size: z.number(),
  rootHash: z.string(),
  note: z.string(),
  keyId: z.string(),
  createdAt: z.string(),
});

const sizeParam = z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER);

/**
 * The audit log as an auditor reads it: raw entries (the exact hashed bytes), signed checkpoints,
 * RFC 9162 proofs and evidence bundles. Reading needs no actor; checkpoints are metadata about the
 * log, not changes to Verity's state, so making one writes no entry.
 */
export function auditRoutes(app: Api, runtime: Runtime): void {
  const ledger = runtime.ledger;
  app.get(
    '/audit/entries',
    {
      config: { access: 'audit:read' },
      schema: {
        tags: ['audit'],
        summary: 'Audit log entries, oldest first; by subject, by type, or from an index',
        querystring: z
          .object({
            subjectKind: z.string().min(1).max(64).optional(),
            subjectId: z.string().min(1).max(64).optional(),
            type: z.string().min(1).max(64).optional(),
            from: z.coerce.number().int().min(0).optional(),
            limit: z.coerce.number().int().min(1).max(1000).optional(),
          })
          .refine(
            (q) => (q.subjectKind === undefined) === (q.subjectId === undefined),
            'give subjectKind and subjectId together',
          ),
        response: {
          200: z.object({ size: z.number(), items: z.array(entrySchema) }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const { subjectKind, subjectId, from, limit, type } = request.query;
      const items =
        subjectKind !== undefined && subjectId !== undefined
          ? await ledger.reader.forSubject(subjectKind, subjectId, limit ?? 1000)
          : await ledger.reader.range(from ?? 0, limit ?? 100, type);
      return {
        size: await ledger.size(),
        items: items.map((e) => ({ ...e, payload: e.payload ?? null })),
      };
    },
  );
  app.get(
    '/audit/key',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['audit'],
        summary: 'The log origin and the keys that verify checkpoints and promotion attestations',
        response: {
          200: z.object({
            origin: z.string(),
            verifierKey: z.string(),
            keyId: z.string(),
            checkpointKeys: z.array(
              z.object({ keyId: z.string(), vkey: z.string(), createdAt: z.string() }),
            ),
            attestationKey: z.object({ keyId: z.string(), publicKeyPem: z.string() }).nullable(),
          }),
        },
      },
    },
    async () => ({
      origin: ledger.origin,
      verifierKey: ledger.verifierKey,
      keyId: ledger.keyId,
      checkpointKeys: await ledger.keys(),
      attestationKey:
        runtime.registry.attestor === undefined
          ? null
          : {
              keyId: runtime.registry.attestor.keyId,
              publicKeyPem: runtime.registry.attestor.publicKeyPem,
            },
    }),
  );
  app.get(
    '/audit/head',
    {
      config: { access: 'audit:read' },
      schema: {
        tags: ['audit'],
        summary: 'Current size and RFC 9162 root of the log (unsigned; see checkpoints)',
        response: { 200: z.object({ size: z.number(), rootHash: z.string() }) },
      },
    },
    () => ledger.head(),
  );
  app.get(
    '/audit/checkpoints',
    {
      config: { access: 'audit:read' },
      schema: {
        tags: ['audit'],
        summary: 'Every stored signed checkpoint, oldest first',
        response: { 200: z.object({ items: z.array(checkpointSchema) }) },
      },
    },
    async () => ({ items: await ledger.checkpoints() }),
  );
  app.get(
    '/audit/checkpoints/latest',
    {
      config: { access: 'audit:read' },
      schema: {
        tags: ['audit'],
        summary: 'The newest signed checkpoint',
        response: { 200: checkpointSchema, ...errorResponses },
      },
    },
    async (_request, reply) => {
      const latest = await ledger.latestCheckpoint();
      if (latest === undefined) {
        return reply.status(404).send({
          error: {
            code: 'NOT_FOUND',
            message: 'no checkpoint yet: POST /api/v1/audit/checkpoints',
            details: {},
          },
          requestId: _request.id,
        });
      }
      return latest;
    },
  );
  app.post(
    '/audit/checkpoints',
    {
      config: { access: 'audit:checkpoint' },
      schema: {
        tags: ['audit'],
        summary: 'Sign a checkpoint of the current log now (or return the one for this size)',
        response: { 200: checkpointSchema },
      },
    },
    () => ledger.checkpoint(),
  );
  app.get(
    '/audit/proofs/inclusion',
    {
      config: { access: 'audit:read' },
      schema: {
        tags: ['audit'],
        summary: 'RFC 9162 inclusion proof of entry `index` in the tree of `size` entries',
        querystring: z.object({
          index: z.coerce.number().int().min(0),
          size: sizeParam.optional(),
        }),
        response: {
          200: z.object({
            index: z.number(),
            size: z.number(),
            leafHash: z.string(),
            rootHash: z.string(),
            proof: z.array(z.string()),
          }),
          ...errorResponses,
        },
      },
    },
    (request) => ledger.inclusionProof(request.query.index, request.query.size),
  );
  app.get(
    '/audit/proofs/consistency',
    {
      config: { access: 'audit:read' },
      schema: {
        tags: ['audit'],
        summary:
          'RFC 9162 consistency proof that the tree of `to` entries extends the one of `from`',
        querystring: z.object({ from: sizeParam, to: sizeParam.optional() }),
        response: {
          200: z.object({
            from: z.number(),
            to: z.number(),
            fromRoot: z.string(),
            toRoot: z.string(),
            proof: z.array(z.string()),
          }),
          ...errorResponses,
        },
      },
    },
    (request) => ledger.consistencyProof(request.query.from, request.query.to),
  );
  app.get(
    '/audit/evidence',
    {
      config: { access: 'audit:export' },
      schema: {
        tags: ['audit'],
        summary:
          'Evidence bundle: a subject’s entries with inclusion proofs to one signed checkpoint',
        querystring: z.object({
          subjectKind: z.string().min(1).max(64),
          subjectId: z.string().min(1).max(64),
          ref: z.string().min(1).max(300).optional(),
        }),
        response: { 200: evidenceBundleSchema, ...errorResponses },
      },
    },
    (request) =>
      ledger.evidence({
        kind: request.query.subjectKind,
        id: request.query.subjectId,
        ...(request.query.ref === undefined ? {} : { ref: request.query.ref }),
      }),
  );
  app.post(
    '/audit/verify',
    {
      config: { access: 'audit:read' },
      schema: {
        tags: ['audit'],
        summary:
          'The server recomputes its whole log against its stored checkpoints; a failure is recorded as ledger-verification-failed',
        response: {
          200: z.object({
            ok: z.boolean(),
            size: z.number(),
            rootHash: z.string(),
            checkpointsChecked: z.number(),
            firstBadIndex: z.number().nullable(),
            problems: z.array(
              z.object({ code: z.string(), index: z.number().nullable(), message: z.string() }),
            ),
          }),
        },
      },
    },
    () =>
      selfCheck(ledger, async (report) => {
        await recordIntegrityFailure(
          runtime.registry,
          'ledger-verification-failed',
          'ledger',
          ledger.origin,
          {
            check: 'ledger-verification',
            firstBadIndex: report.firstBadIndex,
            problems: report.problems.slice(0, 10),
          },
        );
      }),
  );
}

import { z } from 'zod';
import {
  aliasSchema,
  DIGEST_PATTERN,
  environmentSchema,
  isSemver,
  nameSchema,
} from '../lib/index.js';

/**
 * Input and output shapes of the registry. The same schemas validate HTTP input, describe the
 * OpenAPI document and type the client, so the three cannot drift apart.
 */

const MAX_TEXT = 10_000;

export const digestSchema = z
  .string()
  .regex(DIGEST_PATTERN, 'must be sha256: followed by 64 lowercase hex digits');
export const tagsSchema = z
  .record(
    z
      .string()
      .regex(
        /^[A-Za-z0-9][A-Za-z0-9._:/-]{0,127}$/,
        'tag keys: 1-128 of letters, digits and ._:/-',
      ),
    z.string().max(1000),
  )
  .refine((t) => Object.keys(t).length <= 100, 'at most 100 tags');
export const textSchema = z.string().max(MAX_TEXT);
const finiteNumber = z.number().refine(Number.isFinite, 'must be a finite number');
export const metricsSchema = z.record(z.string().min(1).max(256), finiteNumber);
export const paramsSchema = z.record(
  z.string().min(1).max(256),
  z.union([z.string().max(MAX_TEXT), finiteNumber, z.boolean(), z.null()]),
);
/** An opaque JSON document (input/output schema of a model), bounded in size. */
export const jsonDocumentSchema = z
  .unknown()
  .refine(
    (v) => v === undefined || JSON.stringify(v).length <= 256 * 1024,
    'at most 256 KiB of JSON',
  );

/**
 * A relative POSIX path inside a model version or dataset: no absolute paths, no `..`, no empty
 * segments, no backslashes or control characters, so it can be written safely under any directory.
 */
export const artifactPathSchema = z
  .string()
  .min(1)
  .max(1024)
  .refine(
    (p) =>
      !p.startsWith('/') &&
      !p.includes('\\') &&
      // eslint-disable-next-line no-control-regex
      !/[\u0000-\u001f\u007f]/.test(p) &&
      p.split('/').every((s) => s !== '' && s !== '.' && s !== '..'),
    'must be a relative path without "..", empty segments, backslashes or control characters',
  );

export const artifactFileSchema = z.object({
  path: artifactPathSchema,
  size: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  digest: digestSchema,
});
export type ArtifactFileInput = z.infer<typeof artifactFileSchema>;

const uniquePaths = (files: { path: string }[]) =>
  new Set(files.map((f) => f.path)).size === files.length;

export const MODEL_FORMATS = ['onnx', 'pickle', 'safetensors', 'pytorch', 'other'] as const;

export const createModelSchema = z.object({
  name: nameSchema,
  namespace: nameSchema.optional(),
  description: textSchema.optional(),
  owner: z.string().min(1).max(256).optional(),
  useCase: textSchema.optional(),
  riskTier: z.string().min(1).max(64).nullable().optional(),
  tags: tagsSchema.optional(),
});
export type CreateModelInput = z.infer<typeof createModelSchema>;

export const updateModelSchema = createModelSchema
  .omit({ name: true, namespace: true })
  .refine((v) => Object.keys(v).length > 0, 'nothing to update');
export type UpdateModelInput = z.infer<typeof updateModelSchema>;

export const registerVersionSchema = z.object({
  label: z.string().refine(isSemver, 'must be a semantic version such as 1.2.0'),
  description: textSchema.optional(),
  format: z.enum(MODEL_FORMATS),
  files: z
    .array(artifactFileSchema)
    .min(1)
    .max(1000)
    .refine(uniquePaths, 'file paths must be unique'),
  inputSchema: jsonDocumentSchema.optional(),
  outputSchema: jsonDocumentSchema.optional(),
  params: paramsSchema.optional(),
  metrics: metricsSchema.optional(),
  tags: tagsSchema.optional(),
  runId: z.string().min(1).max(64).optional(),
});
export type RegisterVersionInput = z.infer<typeof registerVersionSchema>;

export const setAliasSchema = z.object({ version: z.string().min(1).max(128) });

export const createDatasetSchema = z.object({
  name: nameSchema,
  namespace: nameSchema.optional(),
  description: textSchema.optional(),
  owner: z.string().min(1).max(256).optional(),
  tags: tagsSchema.optional(),
});
export type CreateDatasetInput = z.infer<typeof createDatasetSchema>;

export const columnSchema = z.object({
  name: z.string().min(1).max(256),
  type: z.string().min(1).max(64),
});

export const registerDatasetVersionSchema = z.object({
  label: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._+-]{0,127}$/, 'must be 1-128 of letters, digits and ._+-'),
  files: z
    .array(artifactFileSchema)
    .min(1)
    .max(10_000)
    .refine(uniquePaths, 'file paths must be unique'),
  columns: z.array(columnSchema).max(10_000).optional(),
  rowCount: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
  sourceUri: z.string().min(1).max(2048).optional(),
  tags: tagsSchema.optional(),
});
export type RegisterDatasetVersionInput = z.infer<typeof registerDatasetVersionSchema>;

export const RUN_STATUSES = ['running', 'completed', 'failed'] as const;

export const metricPointSchema = z.object({
  key: z.string().min(1).max(256),
  value: finiteNumber,
  step: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
});

/** A dataset version as written in a run: `name@label`, `ns/name@label` or `name@3`. */
export const datasetRefSchema = z.string().min(3).max(300);

export const createRunSchema = z.object({
  name: z.string().min(1).max(256),
  status: z.enum(RUN_STATUSES).optional(),
  params: paramsSchema.optional(),
  metrics: z.array(metricPointSchema).max(100_000).optional(),
  code: z
    .object({
      repository: z.string().min(1).max(2048),
      commit: z.string().regex(/^[0-9a-f]{7,64}$/, 'must be a hex commit id'),
    })
    .optional(),
  environment: z
    .object({
      image: digestSchema.optional(),
      packages: z.array(z.string().min(1).max(256)).max(10_000).optional(),
    })
    .optional(),
  inputs: z.array(datasetRefSchema).max(1000).optional(),
  tags: tagsSchema.optional(),
  startedAt: z.iso.datetime({ offset: true }).optional(),
  endedAt: z.iso.datetime({ offset: true }).optional(),
});
export type CreateRunInput = z.infer<typeof createRunSchema>;

export const updateRunSchema = z
  .object({
    status: z.enum(RUN_STATUSES).optional(),
    metrics: z.array(metricPointSchema).max(100_000).optional(),
    endedAt: z.iso.datetime({ offset: true }).optional(),
  })
  .refine((v) => Object.keys(v).length > 0, 'nothing to update');
export type UpdateRunInput = z.infer<typeof updateRunSchema>;

export const recordDeploymentSchema = z.object({
  model: z.string().min(1).max(300),
  version: z.string().min(1).max(128),
  environment: environmentSchema,
  reason: textSchema.optional(),
});
export type RecordDeploymentInput = z.infer<typeof recordDeploymentSchema>;

export const rollbackSchema = z.object({
  model: z.string().min(1).max(300),
  environment: environmentSchema,
  reason: textSchema.optional(),
});
export type RollbackInput = z.infer<typeof rollbackSchema>;

export { aliasSchema };

// ---- outputs ----

export const modelSchema = z.object({
  id: z.string(),
  namespace: z.string(),
  name: z.string(),
  description: z.string(),
  owner: z.string(),
  useCase: z.string(),
  riskTier: z.string().nullable(),
  tags: z.record(z.string(), z.string()),
  aliases: z.record(z.string(), z.number()),
  latestVersion: z.object({ seq: z.number(), label: z.string() }).nullable(),
  createdAt: z.string(),
  createdBy: z.string(),
  updatedAt: z.string(),
});
export type Model = z.infer<typeof modelSchema>;

export const modelVersionSchema = z.object({
  id: z.string(),
  model: z.string(),
  modelId: z.string(),
  seq: z.number(),
  label: z.string(),
  description: z.string(),
  format: z.string(),
  files: z.array(artifactFileSchema),
  inputSchema: z.unknown(),
  outputSchema: z.unknown(),
  params: z.record(z.string(), z.unknown()),
  metrics: z.record(z.string(), z.number()),
  tags: z.record(z.string(), z.string()),
  aliases: z.array(z.string()),
  author: z.string(),
  runId: z.string().nullable(),
  createdAt: z.string(),
});
export type ModelVersion = z.infer<typeof modelVersionSchema>;

export const aliasEventSchema = z.object({
  alias: z.string(),
  version: z.object({ seq: z.number(), label: z.string() }).nullable(),
  previous: z.object({ seq: z.number(), label: z.string() }).nullable(),
  actor: z.string(),
  at: z.string(),
});
export type AliasEvent = z.infer<typeof aliasEventSchema>;

export const datasetSchema = z.object({
  id: z.string(),
  namespace: z.string(),
  name: z.string(),
  description: z.string(),
  owner: z.string(),
  tags: z.record(z.string(), z.string()),
  latestVersion: z.object({ seq: z.number(), label: z.string() }).nullable(),
  createdAt: z.string(),
  createdBy: z.string(),
});
export type Dataset = z.infer<typeof datasetSchema>;

export const datasetVersionSchema = z.object({
  id: z.string(),
  dataset: z.string(),
  datasetId: z.string(),
  seq: z.number(),
  label: z.string(),
  digest: z.string(),
  files: z.array(artifactFileSchema),
  columns: z.array(columnSchema),
  rowCount: z.number().nullable(),
  sourceUri: z.string().nullable(),
  tags: z.record(z.string(), z.string()),
  createdAt: z.string(),
  createdBy: z.string(),
});
export type DatasetVersion = z.infer<typeof datasetVersionSchema>;

export const runSchema = z.object({
  id: z.string(),
  name: z.string(),
  status: z.enum(RUN_STATUSES),
  params: z.record(z.string(), z.unknown()),
  metrics: z.array(z.object({ key: z.string(), step: z.number(), value: z.number() })),
  code: z.object({ repository: z.string(), commit: z.string() }).nullable(),
  environment: z.object({ image: z.string().nullable(), packages: z.array(z.string()) }),
  inputs: z.array(z.object({ id: z.string(), ref: z.string(), digest: z.string() })),
  outputs: z.array(z.object({ id: z.string(), ref: z.string() })),
  tags: z.record(z.string(), z.string()),
  startedAt: z.string().nullable(),
  endedAt: z.string().nullable(),
  createdAt: z.string(),
  createdBy: z.string(),
});
export type Run = z.infer<typeof runSchema>;

export const deploymentSchema = z.object({
  id: z.string(),
  environment: z.string(),
  model: z.string(),
  modelId: z.string(),
  versionId: z.string(),
  version: z.object({ seq: z.number(), label: z.string() }),
  kind: z.enum(['deploy', 'rollback']),
  reason: z.string(),
  actor: z.string(),
  deployedAt: z.string(),
  replacesId: z.string().nullable(),
});
export type Deployment = z.infer<typeof deploymentSchema>;

export const versionLineageSchema = z.object({
  version: z.object({ id: z.string(), ref: z.string(), files: z.array(artifactFileSchema) }),
  run: runSchema.nullable(),
  datasets: z.array(datasetVersionSchema),
  code: z.object({ repository: z.string(), commit: z.string() }).nullable(),
  image: z.string().nullable(),
});
export type VersionLineage = z.infer<typeof versionLineageSchema>;

export const datasetLineageSchema = z.object({
  datasetVersion: datasetVersionSchema,
  runs: z.array(z.object({ id: z.string(), name: z.string(), status: z.string() })),
  modelVersions: z.array(z.object({ id: z.string(), ref: z.string(), runId: z.string() })),
});
export type DatasetLineage = z.infer<typeof datasetLineageSchema>;

export function pageSchema<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

// ---- signing keys and model signatures ----

export const registerSigningKeySchema = z.object({
  name: nameSchema,
  publicKeyPem: z.string().min(1).max(10_000),
  owner: z.string().min(1).max(256).optional(),
});
export type RegisterSigningKeyInput = z.infer<typeof registerSigningKeySchema>;

export const revokeSigningKeySchema = z.object({ reason: z.string().min(1).max(2000) });

export const signingKeySchema = z.object({
  id: z.string(),
  name: z.string(),
  owner: z.string(),
  algorithm: z.string(),
  publicKeyPem: z.string(),
  hint: z.string(),
  createdAt: z.string(),
  createdBy: z.string(),
  revokedAt: z.string().nullable(),
  revokedBy: z.string().nullable(),
  revocationReason: z.string().nullable(),
});
export type SigningKey = z.infer<typeof signingKeySchema>;

/** An OpenSSF Model Signing bundle (Sigstore bundle v0.3 JSON), checked in full by the verifier. */
export const addSignatureSchema = z.object({
  bundle: z
    .record(z.string(), z.unknown())
    .refine((b) => JSON.stringify(b).length <= 1024 * 1024, 'at most 1 MiB'),
});

export const modelSignatureSchema = z.object({
  id: z.string(),
  version: z.string(),
  keyName: z.string(),
  keyHint: z.string(),
  status: z.enum(['valid', 'key-revoked']),
  subjectDigest: z.string(),
  bundle: z.unknown(),
  createdAt: z.string(),
  createdBy: z.string(),
});
export type ModelSignature = z.infer<typeof modelSignatureSchema>;

export const attestationSchema = z.object({
  deploymentId: z.string(),
  envelope: z.object({
    payload: z.string(),
    payloadType: z.string(),
    signatures: z.array(z.object({ keyid: z.string().nullable().optional(), sig: z.string() })),
  }),
  statementDigest: z.string(),
  keyId: z.string(),
  publicKeyPem: z.string().nullable(),
});

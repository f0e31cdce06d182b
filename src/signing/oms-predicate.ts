import type { Issue } from '../lib/index.js';
import { isRecord } from './json-value.js';
import { isModelPath } from './model-paths.js';
import { SignatureVerificationError } from './signature-verification-error.js';

/** Digest algorithms of the OMS algorithm registry (§7 `algorithm`/`hash_type`). */
export const OMS_HASH_ALGORITHMS = ['sha256', 'blake2b', 'blake3'] as const;

/** One of {@link OMS_HASH_ALGORITHMS}. */
export type OmsHashAlgorithm = (typeof OMS_HASH_ALGORITHMS)[number];

/** An OMS resource (§7): a file name, its lowercase hex digest and the digest algorithm. */
export interface OmsResource {
  name: string;
  digest: string;
  algorithm: OmsHashAlgorithm;
}

/** How files were enumerated and hashed (§7 `serialization`). */
export interface OmsSerialization {
  method: 'files' | 'shards';
  hash_type: OmsHashAlgorithm;
  allow_symlinks: boolean;
  shard_size?: number;
  ignore_paths?: string[];
}

/** The OMS predicate: exactly `resources` and `serialization` (§7). */
export interface OmsPredicate {
  resources: OmsResource[];
  serialization: OmsSerialization;
}

const SERIALIZATION_FIELDS = new Set([
  'method',
  'hash_type',
  'allow_symlinks',
  'shard_size',
  'ignore_paths',
]);
const HASHES = new Set<unknown>(OMS_HASH_ALGORITHMS);

/**
 * Checks a signed predicate against the OMS v1.0 predicate schema (§7,
 * `predicate.schema.json`: `additionalProperties: false` at both levels, resources may carry
 * extra fields), then narrows it to what this verifier re-checks: `files` with SHA-256.
 *
 * @throws SignatureVerificationError `PREDICATE_INVALID` with every issue in `details.issues`,
 *   or `UNSUPPORTED_SERIALIZATION` for a valid `shards`, `blake2b` or `blake3` predicate.
 */
export function parseOmsPredicate(value: unknown): OmsPredicate {
  const issues: Issue[] = [];
  const add = (path: (string | number)[], message: string) =>
    issues.push({ code: 'invalid_predicate', path: ['predicate', ...path], message });
  if (!isRecord(value)) {
    add([], 'must be an object');
  } else {
    for (const key of Object.keys(value)) {
      if (key !== 'resources' && key !== 'serialization') add([key], 'unknown field');
    }
    checkResources(value.resources, add);
    checkSerialization(value.serialization, add);
  }
  if (issues.length > 0) {
    throw new SignatureVerificationError('PREDICATE_INVALID', 'not an OMS v1.0 predicate', {
      issues,
    });
  }

  const predicate = value as OmsPredicate;
  const { method, hash_type: hashType } = predicate.serialization;
  const algorithms = new Set(predicate.resources.map((r) => r.algorithm));
  if (method !== 'files' || hashType !== 'sha256' || [...algorithms].some((a) => a !== 'sha256')) {
    throw new SignatureVerificationError(
      'UNSUPPORTED_SERIALIZATION',
      `only method 'files' with sha256 is re-checked; this predicate uses '${method}' with ${[hashType, ...algorithms].join(', ')}`,
      { method, hashType },
    );
  }
  const notSha256 = predicate.resources.find((r) => r.digest.length !== 64);
  if (notSha256 !== undefined) {
    throw new SignatureVerificationError(
      'PREDICATE_INVALID',
      `resource '${notSha256.name}' does not have a 64-digit sha256 digest`,
    );
  }
  return predicate;
}

type AddIssue = (path: (string | number)[], message: string) => void;

function checkResources(resources: unknown, add: AddIssue): void {
  if (!Array.isArray(resources)) {
    add(['resources'], 'must be an array');
    return;
  }
  const names = new Set<string>();
  resources.forEach((resource: unknown, i) => {
    const at = (field: string) => ['resources', i, field];
    if (!isRecord(resource)) {
      add(['resources', i], 'must be an object');
      return;
    }
    const { name, digest, algorithm } = resource;
    if (typeof name !== 'string' || !isModelPath(name)) {
      add(at('name'), 'must be a normalised relative path (§7 step 2)');
    } else if (names.has(name)) {
      add(at('name'), `'${name}' appears twice`);
    } else {
      names.add(name);
    }
    if (typeof digest !== 'string' || !/^[0-9a-f]+$/.test(digest)) {
      add(at('digest'), 'must be lowercase hex');
    }
    if (!HASHES.has(algorithm)) {
      add(at('algorithm'), `must be one of ${OMS_HASH_ALGORITHMS.join(', ')}`);
    }
  });
}

function checkSerialization(serialization: unknown, add: AddIssue): void {
  if (!isRecord(serialization)) {
    add(['serialization'], 'must be an object');
    return;
  }
  const at = (field: string) => ['serialization', field];
  for (const key of Object.keys(serialization)) {
    if (!SERIALIZATION_FIELDS.has(key)) add(at(key), 'unknown field');
  }
  const { method, hash_type: hashType, allow_symlinks: allowSymlinks } = serialization;
  const { shard_size: shardSize, ignore_paths: ignorePaths } = serialization;
  if (method !== 'files' && method !== 'shards') add(at('method'), 'must be files or shards');
  if (!HASHES.has(hashType)) {
    add(at('hash_type'), `must be one of ${OMS_HASH_ALGORITHMS.join(', ')}`);
  }
  if (typeof allowSymlinks !== 'boolean') add(at('allow_symlinks'), 'must be a boolean');
  if (method === 'shards' && shardSize === undefined) {
    add(at('shard_size'), 'is required with method shards');
  }
  if (
    shardSize !== undefined &&
    !(typeof shardSize === 'number' && Number.isSafeInteger(shardSize) && shardSize > 0)
  ) {
    add(at('shard_size'), 'must be a positive integer');
  }
  if (
    ignorePaths !== undefined &&
    !(Array.isArray(ignorePaths) && ignorePaths.every((p) => typeof p === 'string' && p !== ''))
  ) {
    add(at('ignore_paths'), 'must be an array of non-empty strings');
  }
}

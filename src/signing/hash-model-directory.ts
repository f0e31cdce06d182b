import { createHash } from 'node:crypto';
import { constants } from 'node:fs';
import { lstat, open, readdir } from 'node:fs/promises';
import { basename } from 'node:path';
import { ValidationError, type Digest, type Issue } from '../lib/index.js';
import {
  compareCodePoints,
  isIgnoredPath,
  normaliseModelPath,
  OMS_DEFAULT_IGNORE_PATHS,
} from './model-paths.js';

/** A hashed model file, in the registry's shape (`files[]` of a model version). */
export interface HashedModelFile {
  path: string;
  size: number;
  digest: Digest;
}

/** The result of {@link hashModelDirectory}. */
export interface HashedModel {
  /** Regular files, sorted by name in code-point order (§7 step 5). */
  files: HashedModelFile[];
  /** Every ignore path applied (defaults, signature file, user paths), sorted: record these. */
  ignorePaths: string[];
}

/** Options of {@link hashModelDirectory}. */
export interface HashModelDirectoryOptions {
  /** Exact relative paths to leave out (§7 step 3: no globs). */
  ignorePaths?: readonly string[];
  /** The signature file, left out of the manifest (§7 "Signing methods"). Default `model.sig`. */
  signatureFile?: string;
}

const CHUNK_BYTES = 1 << 20;

/**
 * Hashes a model on disk per OMS v1.0 "Hashing files" with `method: files`, SHA-256 and
 * `allow_symlinks: false` (standards §7): (1) regular files only, symlinks and special files
 * are errors, an empty model is an error; (2) names are relative `/` paths of valid UTF-8
 * (file names are read as bytes, so an invalid one is refused, not mangled); a single file is
 * named by its basename; (3) the top-level `.git`, `.gitattributes`, `.github`, `.gitignore`,
 * the signature file and the user ignore paths are left out; (4) SHA-256 of each whole file;
 * (5) sorted by code point. Files are opened with `O_NOFOLLOW` so a file swapped for a link
 * after listing is refused too.
 *
 * @throws ValidationError listing every problem found (code per issue: `symlink`,
 *   `not_regular_file`, `invalid_name`, `invalid_ignore_path`, `empty_model`).
 */
export async function hashModelDirectory(
  root: string,
  options: HashModelDirectoryOptions = {},
): Promise<HashedModel> {
  const issues: Issue[] = [];
  const ignore = new Set(OMS_DEFAULT_IGNORE_PATHS);
  const requested = [...(options.ignorePaths ?? []), options.signatureFile ?? 'model.sig'];
  requested.forEach((path, i) => {
    const normalised = normaliseModelPath(path);
    if (normalised === undefined) {
      issues.push({
        code: 'invalid_ignore_path',
        path: ['ignorePaths', i],
        message: `'${path}' is not a relative path inside the model`,
      });
    } else {
      ignore.add(normalised);
    }
  });
  const ignorePaths = [...ignore].sort(compareCodePoints);
  const files: HashedModelFile[] = [];

  const stat = await lstat(root);
  if (stat.isSymbolicLink()) {
    issues.push({ code: 'symlink', path: [], message: `the model root ${root} is a symlink` });
  } else if (stat.isFile()) {
    const file = await hashFile(Buffer.from(root), basename(root), issues);
    if (file !== undefined) files.push(file);
  } else if (stat.isDirectory()) {
    await walk(Buffer.from(root), '', ignorePaths, files, issues);
  } else {
    issues.push({
      code: 'not_regular_file',
      path: [],
      message: `${root} is not a file or directory`,
    });
  }

  if (issues.length === 0 && files.length === 0) {
    issues.push({ code: 'empty_model', path: [], message: `${root} holds no file to sign` });
  }
  if (issues.length > 0) throw new ValidationError(`cannot hash the model at ${root}`, issues);
  files.sort((a, b) => compareCodePoints(a.path, b.path));
  return { files, ignorePaths };
}

async function walk(
  directory: Buffer,
  prefix: string,
  ignorePaths: readonly string[],
  files: HashedModelFile[],
  issues: Issue[],
): Promise<void> {
  const entries = await readdir(directory, { withFileTypes: true, encoding: 'buffer' });
  for (const entry of entries) {
    const nameBytes = Buffer.from(entry.name);
    const name = decodeName(nameBytes);
    const shown = `${prefix}${nameBytes.toString('utf8')}`;
    if (name === undefined) {
      issues.push({
        code: 'invalid_name',
        path: [shown],
        message: 'the file name is not valid UTF-8',
      });
      continue;
    }
    const path = `${prefix}${name}`;
    if (isIgnoredPath(path, ignorePaths)) continue;
    const full = Buffer.concat([directory, Buffer.from('/'), nameBytes]);
    if (entry.isSymbolicLink()) {
      issues.push({
        code: 'symlink',
        path: [path],
        message: 'symlinks are not allowed (allow_symlinks: false)',
      });
    } else if (entry.isDirectory()) {
      await walk(full, `${path}/`, ignorePaths, files, issues);
    } else if (entry.isFile()) {
      const file = await hashFile(full, path, issues);
      if (file !== undefined) files.push(file);
    } else {
      issues.push({ code: 'not_regular_file', path: [path], message: 'not a regular file' });
    }
  }
}

async function hashFile(
  full: Buffer,
  path: string,
  issues: Issue[],
): Promise<HashedModelFile | undefined> {
  // O_NOFOLLOW: refuse a final-component symlink even if it appeared after the listing.
  const flags = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0);
  let handle;
  try {
    handle = await open(full, flags);
  } catch (error) {
    if (isErrno(error, 'ELOOP')) {
      issues.push({
        code: 'symlink',
        path: [path],
        message: 'symlinks are not allowed (allow_symlinks: false)',
      });
      return undefined;
    }
    throw error;
  }
  try {
    if (!(await handle.stat()).isFile()) {
      issues.push({ code: 'not_regular_file', path: [path], message: 'not a regular file' });
      return undefined;
    }
    const hash = createHash('sha256');
    const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
    let size = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, CHUNK_BYTES, null);
      if (bytesRead === 0) break;
      hash.update(buffer.subarray(0, bytesRead));
      size += bytesRead;
    }
    return { path, size, digest: `sha256:${hash.digest('hex')}` };
  } finally {
    await handle.close();
  }
}

function decodeName(bytes: Buffer): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

function isErrno(error: unknown, code: string): boolean {
  return error instanceof Error && (error as NodeJS.ErrnoException).code === code;
}

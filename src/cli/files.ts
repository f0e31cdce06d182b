import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir, realpath, stat } from 'node:fs/promises';
import { basename, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { Digest } from '../lib/index.js';
import { CliError } from './errors.js';
import type { Progress } from './progress.js';

/** A local file picked for registration and the path it will have inside the version. */
export interface PickedFile {
  absPath: string;
  /** Relative POSIX path recorded in the registry. */
  path: string;
  size: number;
}

/** A picked file with its content digest. */
export interface HashedFile extends PickedFile {
  digest: Digest;
}

/**
 * The path a file is recorded under. With `--base`, relative to it (and it must be inside);
 * else relative to the directory argument it was found in, or its basename when given directly.
 * Always `/`-separated, whatever the local OS uses.
 */
export function recordedPath(
  absPath: string,
  from: { base: string } | { root: string } | { file: true },
): string {
  let path: string;
  if ('base' in from) {
    path = relative(from.base, absPath);
    if (path === '' || path === '..' || path.startsWith(`..${sep}`) || isAbsolute(path)) {
      throw new CliError('VALIDATION_ERROR', `'${absPath}' is not inside --base ${from.base}`, {
        file: absPath,
        base: from.base,
      });
    }
  } else if ('root' in from) {
    path = relative(from.root, absPath);
  } else {
    path = basename(absPath);
  }
  return path.split(sep).join('/');
}

/** Refuses two files that would be recorded under one path (the API would refuse it anyway). */
export function assertUniquePaths(files: readonly { path: string; absPath: string }[]): void {
  const byPath = new Map<string, string[]>();
  for (const file of files) byPath.set(file.path, [...(byPath.get(file.path) ?? []), file.absPath]);
  const clashes = [...byPath].filter(([, sources]) => sources.length > 1);
  if (clashes.length > 0) {
    const [path, sources] = clashes[0]!;
    throw new CliError(
      'VALIDATION_ERROR',
      `${sources.join(' and ')} would both be recorded as '${path}'; pass --base DIR to record paths relative to a common directory`,
      { clashes: clashes.map(([p, s]) => ({ path: p, files: s })) },
    );
  }
}

/**
 * Expands the file and directory arguments into the files to record. Directories are walked
 * recursively in name order (so the result does not depend on the filesystem's listing order);
 * symbolic links are followed, and a directory reached twice through links is walked once.
 */
export async function pickFiles(
  inputs: readonly string[],
  base: string | undefined,
): Promise<PickedFile[]> {
  const baseAbs = base === undefined ? undefined : resolve(base);
  if (baseAbs !== undefined) await statOrFail(baseAbs, '--base');
  const picked: PickedFile[] = [];
  const visited = new Set<string>();
  for (const input of inputs) {
    const absPath = resolve(input);
    const info = await statOrFail(absPath, 'file');
    if (info.isDirectory()) {
      const walk = async (dir: string) => {
        const real = await realpath(dir);
        if (visited.has(real)) return;
        visited.add(real);
        const entries = (await readdir(dir)).sort();
        for (const name of entries) {
          const child = join(dir, name);
          const childInfo = await statOrFail(child, 'file');
          if (childInfo.isDirectory()) await walk(child);
          else if (childInfo.isFile()) {
            picked.push({
              absPath: child,
              path: recordedPath(
                child,
                baseAbs === undefined ? { root: absPath } : { base: baseAbs },
              ),
              size: childInfo.size,
            });
          }
        }
      };
      await walk(absPath);
    } else if (info.isFile()) {
      picked.push({
        absPath,
        path: recordedPath(absPath, baseAbs === undefined ? { file: true } : { base: baseAbs }),
        size: info.size,
      });
    } else {
      throw new CliError('VALIDATION_ERROR', `'${input}' is not a regular file or directory`, {
        file: input,
      });
    }
  }
  if (picked.length === 0) {
    throw new CliError('VALIDATION_ERROR', `no files found in ${inputs.join(', ')}`);
  }
  assertUniquePaths(picked);
  return picked;
}

/** SHA-256 of a file, streamed (never held in memory whole). */
export async function hashFile(
  absPath: string,
  onBytes: (n: number) => void = () => {},
): Promise<{ size: number; digest: Digest }> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of createReadStream(absPath)) {
    const bytes = chunk as Buffer;
    hash.update(bytes);
    size += bytes.length;
    onBytes(bytes.length);
  }
  return { size, digest: `sha256:${hash.digest('hex')}` };
}

/** Hashes every picked file, reporting bytes to one progress bar. */
export async function hashFiles(files: readonly PickedFile[], progress: Progress) {
  progress.start(
    'hashing',
    files.reduce((sum, f) => sum + f.size, 0),
  );
  try {
    const hashed: HashedFile[] = [];
    for (const file of files) {
      const { size, digest } = await hashFile(file.absPath, (n) => progress.advance(n));
      hashed.push({ ...file, size, digest });
    }
    return hashed;
  } finally {
    progress.stop();
  }
}

async function statOrFail(path: string, what: string) {
  try {
    return await stat(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new CliError('NOT_FOUND', `${what} '${path}' does not exist`, { path });
    }
    throw error;
  }
}

/**
 * Resource names of OpenSSF Model Signing v1.0 (standards §7 "Hashing files"): relative POSIX
 * paths, `./` and `//` collapsed, no leading or trailing `/`, no `..`, valid Unicode (so valid
 * UTF-8), case-sensitive, sorted by code point.
 */

/** Paths OMS always excludes at the top level, plus the signature file (§7 step 3). */
export const OMS_DEFAULT_IGNORE_PATHS: readonly string[] = [
  '.git',
  '.gitattributes',
  '.github',
  '.gitignore',
  'model.sig',
];

/**
 * Unicode code-point order (§7 step 5), which equals UTF-8 byte order and Python's `str`
 * order. JavaScript's default `<` compares UTF-16 code units and puts U+10000 and above before
 * U+E000–U+FFFF, so it is not used here.
 */
export function compareCodePoints(a: string, b: string): number {
  const left = a[Symbol.iterator]();
  const right = b[Symbol.iterator]();
  for (;;) {
    const x = left.next();
    const y = right.next();
    if (x.done === true || y.done === true) return x.done === y.done ? 0 : x.done ? -1 : 1;
    const cx = x.value.codePointAt(0) ?? 0;
    const cy = y.value.codePointAt(0) ?? 0;
    if (cx !== cy) return cx < cy ? -1 : 1;
  }
}

/** True when `path` is already a normalised OMS resource name (§7 step 2). */
export function isModelPath(path: string): boolean {
  return (
    path !== '' &&
    !hasLoneSurrogate(path) &&
    !path.includes('\u0000') &&
    path.split('/').every((segment) => segment !== '' && segment !== '.' && segment !== '..')
  );
}

/**
 * Normalises a relative path as §7 step 2 says (`./` and `//` collapsed, trailing `/` dropped);
 * `undefined` when it stays invalid (absolute, `..`, empty, ill-formed Unicode).
 */
export function normaliseModelPath(path: string): string | undefined {
  if (path.startsWith('/')) return undefined;
  const normalised = path
    .split('/')
    .filter((segment) => segment !== '' && segment !== '.')
    .join('/');
  return isModelPath(normalised) ? normalised : undefined;
}

/** True when `path` is an ignore path or lies under one (exact relative paths, no globs; §7). */
export function isIgnoredPath(path: string, ignorePaths: readonly string[]): boolean {
  return ignorePaths.some((ignored) => path === ignored || path.startsWith(`${ignored}/`));
}

function hasLoneSurrogate(text: string): boolean {
  return /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text);
}

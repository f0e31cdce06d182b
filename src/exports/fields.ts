/*
 * Helpers shared by the export builders. Internal to `exports/`: not re-exported by its index.
 */

/**
 * `{ [key]: value }`, or `{}` when the value is absent, an empty array or an empty object, so
 * optional keys are left out rather than set to `undefined` (which JSON drops anyway) or to an
 * empty value that says nothing and that some schemas reject.
 */
export function field<K extends string, V>(
  key: K,
  value: V | undefined | null,
): Partial<Record<K, V>> {
  if (value === undefined || value === null) return {};
  if (Array.isArray(value) && value.length === 0) return {};
  if (typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 0)
    return {};
  return { [key]: value } as Record<K, V>;
}

const SHA256_DIGEST = /^sha256:([0-9a-f]{64})$/;

/** The hex part of a `sha256:<64 lowercase hex>` digest, or undefined for anything else. */
export function sha256Hex(digest: string): string | undefined {
  return SHA256_DIGEST.exec(digest)?.[1];
}

/**
 * Whether `text` is an absolute URI with a scheme (RFC 3986 §3), as `format: uri` expects. The
 * WHATWG parser is more lenient than RFC 3986 (it accepts spaces and some other characters that
 * it would percent-encode), so those are rejected here before parsing.
 */
export function isAbsoluteUri(text: string): boolean {
  if (!/^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>"{}|\\^`]+$/.test(text)) return false;
  try {
    new URL(text);
    return true;
  } catch {
    return false;
  }
}

/** The text, or undefined when it is absent or blank. */
export function nonBlank(text: string | null | undefined): string | undefined {
  return text === null || text === undefined || text.trim() === '' ? undefined : text;
}

/** Code-unit order: the same on every machine, unlike `localeCompare`. */
export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The repository as a `format: uri` URL: as given when it is one; scp-like `user@host:path`
 * rewritten to the equivalent `ssh://user@host/path` (git-clone(1), "GIT URLS"); else undefined.
 */
export function gitUrl(repository: string): string | undefined {
  if (isAbsoluteUri(repository)) return repository;
  const scp = /^([A-Za-z0-9._-]+@)?([A-Za-z0-9.-]+):(?!\/)([^\s]+)$/.exec(repository);
  if (scp === null) return undefined;
  const url = `ssh://${scp[1] ?? ''}${scp[2]}/${scp[3]}`;
  return isAbsoluteUri(url) ? url : undefined;
}

/**
 * Semantic Versioning 2.0.0 labels for model versions. The official regular expression from
 * semver.org §"Is there a suggested regular expression", without the optional leading "v".
 */
export const SEMVER_PATTERN =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;

export function isSemver(text: string): boolean {
  return text.length <= 128 && SEMVER_PATTERN.test(text);
}

/** Sequence numbers are written as plain positive integers: `model@3`. */
export function isSequenceRef(text: string): boolean {
  return /^[1-9]\d{0,9}$/.test(text);
}

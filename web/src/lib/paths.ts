/** Builds a path from segments, encoding each (so `a/b` stays one segment). */
export function pathOf(...segments: (string | number)[]): string {
  return '/' + segments.map((s) => encodeURIComponent(String(s))).join('/');
}

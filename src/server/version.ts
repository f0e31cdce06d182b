import { readFileSync } from 'node:fs';

/** Verity's release, from package.json: named in the OpenAPI document, exports and `--version`. */
export function packageVersion(): string {
  try {
    const text = readFileSync(new URL('../../package.json', import.meta.url), 'utf8');
    return (JSON.parse(text) as { version?: string }).version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

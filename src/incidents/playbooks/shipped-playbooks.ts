import { readFileSync } from 'node:fs';
import { assertPlaybook } from './load-playbook.js';
import type { Playbook } from './playbook-schema.js';

/**
 * The playbooks Verity ships, by name, in matching order (`matchPlaybook` takes the first that
 * applies); sources live beside this file in `shipped/`.
 */
export const SHIPPED_PLAYBOOK_NAMES = [
  'drift-rollback',
  'bias-incident',
  'privacy-breach',
  'security-breach',
  'model-malfunction',
] as const;

/** Each shipped playbook's YAML source, read once at module load (run from source with tsx). */
export const SHIPPED_PLAYBOOKS: readonly { name: string; source: string }[] =
  SHIPPED_PLAYBOOK_NAMES.map((name) => ({
    name,
    source: readFileSync(new URL(`./shipped/${name}.yaml`, import.meta.url), 'utf8'),
  }));

/** The shipped playbooks parsed, in matching order. Throws only if a shipped file is broken. */
export function loadShippedPlaybooks(): Playbook[] {
  return SHIPPED_PLAYBOOKS.map(({ name, source }) => assertPlaybook(source, `${name}.yaml`));
}

// Fails the check when a focused test (.only) is committed: it would silently skip the rest.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const roots = ['src', 'test'];
const offenders = [];
function walk(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path);
    else if (/\.test\.ts$/.test(name)) {
      const text = readFileSync(path, 'utf8');
      if (/\b(describe|it|test)\.only\s*\(/.test(text)) offenders.push(path);
    }
  }
}
for (const root of roots) walk(root);
if (offenders.length > 0) {
  console.error(`Focused tests (.only) found in:\n  ${offenders.join('\n  ')}`);
  process.exit(1);
}

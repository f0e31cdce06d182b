import { CliError } from './errors.js';

/**
 * Parsers for the argument languages of the governance commands (`a,b`, `role=1,role=2`,
 * `role@namespace`, `--user`/`--group`). Pure, and they throw CliError(VALIDATION_ERROR) so
 * they are tested without a server and fail with the same code the API would use.
 */

/** `a,b , c` → ['a', 'b', 'c']; '' → [] (so `--packs ''` clears a list). Repeats are refused. */
export function parseNameList(text: string, what: string): string[] {
  const items = text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  const seen = new Set<string>();
  for (const item of items) {
    if (seen.has(item)) {
      throw new CliError('VALIDATION_ERROR', `${what} '${item}' is listed more than once`, {
        [what]: item,
      });
    }
    seen.add(item);
  }
  return items;
}

/** `risk-officer=1,maintainer=2` → { 'risk-officer': 1, maintainer: 2 }; '' → {}. */
export function parseQuorum(text: string): Record<string, number> {
  const quorum: Record<string, number> = {};
  for (const part of parseNameList(text, 'quorum entry')) {
    const eq = part.indexOf('=');
    const role = eq === -1 ? '' : part.slice(0, eq).trim();
    const raw = eq === -1 ? '' : part.slice(eq + 1).trim();
    const count = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
    if (role === '' || !Number.isSafeInteger(count) || count < 1) {
      throw new CliError(
        'VALIDATION_ERROR',
        `quorum entry '${part}' must be written role=N with N ≥ 1 (for example --quorum risk-officer=1,maintainer=1)`,
        { entry: part },
      );
    }
    if (Object.hasOwn(quorum, role)) {
      throw new CliError('VALIDATION_ERROR', `quorum role '${role}' is given more than once`, {
        role,
      });
    }
    quorum[role] = count;
  }
  return quorum;
}

/** `role@namespace`, or `role` alone for every namespace (`*`). */
export function parseScope(text: string): { role: string; namespace: string } {
  const at = text.indexOf('@');
  const role = (at === -1 ? text : text.slice(0, at)).trim();
  const namespace = at === -1 ? '*' : text.slice(at + 1).trim();
  if (role === '' || namespace === '' || namespace.includes('@')) {
    throw new CliError(
      'VALIDATION_ERROR',
      `scope '${text}' must be written role or role@namespace (for example --scope contributor@fraud)`,
      { scope: text },
    );
  }
  return { role, namespace };
}

/** The binding subject from `--user NAME` or `--group NAME`: exactly one of them. */
export function subjectOf(options: { user?: string; group?: string }): string {
  if ((options.user === undefined) === (options.group === undefined)) {
    throw new CliError('VALIDATION_ERROR', 'give exactly one of --user NAME or --group NAME', {});
  }
  return options.user !== undefined ? `user:${options.user}` : `group:${options.group ?? ''}`;
}

/** A password read from stdin: one line, the trailing newline removed (not other spaces). */
export function passwordFromStdin(text: string): string {
  const password = text.replace(/\r?\n$/, '');
  if (password === '' || password.includes('\n')) {
    throw new CliError(
      'VALIDATION_ERROR',
      '--password-stdin expects the password alone on one line of standard input',
      {},
    );
  }
  return password;
}

/**
 * `verity user set-password` input: the new password on the first line and, to change one's own
 * existing password, the current one on the second. Trailing newlines are removed, not spaces.
 */
export function passwordChangeFromStdin(text: string): {
  password: string;
  currentPassword?: string;
} {
  const lines = text.replace(/\r?\n$/, '').split(/\r?\n/);
  const [password, current, ...rest] = lines;
  if (password === undefined || password === '' || rest.length > 0 || current === '') {
    throw new CliError(
      'VALIDATION_ERROR',
      'set-password expects the new password on the first line of standard input and, to change your own password, your current one on the second',
      {},
    );
  }
  return current === undefined ? { password } : { password, currentPassword: current };
}

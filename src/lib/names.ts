import { z } from 'zod';

/**
 * Names that appear in URLs, CLI references (`[namespace/]model@ref`) and ledger subjects.
 * Kept to a small alphabet so a reference can always be parsed without quoting.
 */
export const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
/** Aliases start with a letter so `model@3` (sequence) and `model@1.2.0` (label) never collide. */
export const ALIAS_PATTERN = /^[a-z][a-z0-9_-]{0,62}$/;
export const ENVIRONMENT_PATTERN = /^[a-z][a-z0-9_-]{0,62}$/;
/** Actors are user names until real identities exist; e-mail-like names are allowed. */
export const ACTOR_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._@+-]{0,127}$/;

export const DEFAULT_NAMESPACE = 'default';

export const nameSchema = z
  .string()
  .regex(
    NAME_PATTERN,
    'must be 1-128 characters of letters, digits, ".", "_" or "-", starting with a letter or digit',
  );
export const aliasSchema = z
  .string()
  .regex(
    ALIAS_PATTERN,
    'must be 1-63 lowercase letters, digits, "_" or "-", starting with a letter',
  );
export const environmentSchema = z
  .string()
  .regex(
    ENVIRONMENT_PATTERN,
    'must be 1-63 lowercase letters, digits, "_" or "-", starting with a letter',
  );
export const actorSchema = z
  .string()
  .regex(ACTOR_PATTERN, 'must be 1-128 characters of letters, digits, ".", "_", "@", "+" or "-"');

/** A model or dataset reference: `name`, `ns/name`, optionally followed by `@ref`. */
export interface ParsedRef {
  namespace: string;
  name: string;
  ref?: string;
}

/** Parses `[namespace/]name[@ref]`; returns undefined when the text is not a reference. */
export function parseRef(text: string): ParsedRef | undefined {
  const at = text.indexOf('@');
  const head = at === -1 ? text : text.slice(0, at);
  const ref = at === -1 ? undefined : text.slice(at + 1);
  const slash = head.indexOf('/');
  const namespace = slash === -1 ? DEFAULT_NAMESPACE : head.slice(0, slash);
  const name = slash === -1 ? head : head.slice(slash + 1);
  if (!NAME_PATTERN.test(namespace) || !NAME_PATTERN.test(name)) return undefined;
  if (ref !== undefined && !/^[A-Za-z0-9][A-Za-z0-9.+_-]{0,127}$/.test(ref)) return undefined;
  return ref === undefined ? { namespace, name } : { namespace, name, ref };
}

export function formatRef(namespace: string, name: string, ref?: string): string {
  const head = namespace === DEFAULT_NAMESPACE ? name : `${namespace}/${name}`;
  return ref === undefined ? head : `${head}@${ref}`;
}

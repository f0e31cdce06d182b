import type { ScopeRow } from '../store/index.js';

/** How an actor proved who they are. */
export type ActorVia = 'token' | 'session' | 'oidc' | 'system';

/**
 * Who is acting: a user (by name, as attributed in the ledger) and how they signed in. Built only
 * by the identity layer (token, session cookie, OIDC bearer JWT) or, for Verity's own jobs, as
 * `SYSTEM_ACTOR`; never from a client-supplied name.
 */
export interface Actor {
  name: string;
  via?: ActorVia;
  /** Groups from the identity provider; bindings with subject `group:<name>` apply. */
  groups?: readonly string[];
  /**
   * An API token's scopes. When present, the actor holds a permission in a namespace only if
   * both their own bindings and one of these scopes grant it: a token never widens access.
   */
  scopes?: readonly ScopeRow[];
  /** The API token used, when `via` is 'token'. */
  tokenId?: string;
}

/** Verity's own jobs (integrity records, delivery bookkeeping). Not reachable through HTTP. */
export const SYSTEM_ACTOR: Actor = Object.freeze({ name: 'verity', via: 'system' as const });

/** User names no one may register: they would read as Verity itself in the ledger. */
export const RESERVED_USER_NAMES: readonly string[] = ['verity', 'system', 'anonymous'];

import { ACTOR_PATTERN, VerityError } from '../lib/index.js';
import type { Actor } from './actor.js';

/**
 * Decides whether an actor may perform an action. Every mutation asks it through `Committer`,
 * so the REST API, the CLI and internal jobs pass the same check (ARCHITECTURE invariant 5).
 */
export interface Authorizer {
  authorize(actor: Actor, action: string, namespace?: string): Promise<void>;
}

/**
 * The authoriser until users and roles exist: any well-formed, named actor may act, and every
 * change is attributed to that name in the ledger. Anonymous changes are refused.
 */
export class NamedActorAuthorizer implements Authorizer {
  authorize(actor: Actor): Promise<void> {
    if (!ACTOR_PATTERN.test(actor.name)) {
      return Promise.reject(
        new VerityError('UNAUTHENTICATED', 'a change needs a named actor (set VERITY_ACTOR)', {}),
      );
    }
    return Promise.resolve();
  }
}

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
 * Lets any well-formed, named actor act. Not used by the server (which uses `RoleAuthorizer`):
 * it serves tests and benchmarks of the mutation path and ledger that are not about roles.
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

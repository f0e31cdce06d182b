import type { FastifyRequest } from 'fastify';
import type { Actor } from '../auth/index.js';
import { ACTOR_PATTERN, VerityError } from '../lib/index.js';

/** The header that names the acting user until real identities (tokens, OIDC) exist. */
export const ACTOR_HEADER = 'x-verity-actor';

export function actorOf(request: FastifyRequest): Actor {
  const value = request.headers[ACTOR_HEADER];
  if (typeof value !== 'string' || value === '') {
    throw new VerityError(
      'UNAUTHENTICATED',
      `a change needs a named actor: send the ${ACTOR_HEADER} header (the CLI sends VERITY_ACTOR)`,
    );
  }
  if (!ACTOR_PATTERN.test(value)) {
    throw new VerityError('UNAUTHENTICATED', `'${value.slice(0, 64)}' is not a valid actor name`);
  }
  return { name: value };
}

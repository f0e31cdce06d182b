/**
 * PostgreSQL's text and jsonb cannot hold the character U+0000, so a request carrying it in a
 * name, a description, a prediction id or a feature value would fail deep inside a query as an
 * internal error, on both engines. It is refused before any handler runs instead: 400
 * VALIDATION_ERROR with the path to the first such string (issue code `nul_character`).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ValidationError } from '../lib/index.js';

const NUL = '\u0000';

/**
 * The path to the first string (member names included) in a JSON value that holds U+0000, or
 * undefined when there is none.
 */
export function findNulCharacter(value: unknown): (string | number)[] | undefined {
  const path: (string | number)[] = [];
  const walk = (node: unknown): boolean => {
    if (typeof node === 'string') return node.includes(NUL);
    if (node === null || typeof node !== 'object') return false;
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) {
        path.push(i);
        if (walk(node[i])) return true;
        path.pop();
      }
      return false;
    }
    for (const [key, member] of Object.entries(node)) {
      path.push(key);
      if (key.includes(NUL) || walk(member)) return true;
      path.pop();
    }
    return false;
  };
  return walk(value) ? path : undefined;
}

function refuse(part: string, path: (string | number)[]): ValidationError {
  // The message names the place with the character written as its escape, never the character.
  const where = [part, ...path.map(String)].join('.').replaceAll(NUL, '\\u0000');
  return new ValidationError(
    `${where} contains the character U+0000, which cannot be stored; nothing was changed`,
    [{ code: 'nul_character', path: [part, ...path], message: 'U+0000 is not allowed in text' }],
  );
}

/**
 * Parses JSON bodies with Fastify's own parser (prototype poisoning refused, as by default), then
 * refuses U+0000. JSON can only carry it as the escape `\u0000`, so a body without that text is
 * never walked: a batch of predictions pays one substring search.
 */
export function installNulCharacterCheck(app: FastifyInstance): void {
  // Fastify's default JSON parser takes a callback (its declared type also allows a promise).
  const parseJson = app.getDefaultJsonParser('error', 'error') as (
    request: FastifyRequest,
    body: string,
    done: (error: Error | null, value?: unknown) => void,
  ) => void;
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    parseJson(request, text, (error, value) => {
      if (error !== null) {
        done(error);
        return;
      }
      const path = text.includes('\\u0000') ? findNulCharacter(value) : undefined;
      if (path !== undefined) done(refuse('body', path));
      else done(null, value);
    });
  });
  app.addHook('preValidation', (request: FastifyRequest, _reply, done) => {
    for (const part of ['params', 'query'] as const) {
      const path = findNulCharacter(request[part]);
      if (path !== undefined) {
        done(refuse(part, path));
        return;
      }
    }
    done();
  });
}

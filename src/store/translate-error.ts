import { ConflictError, VerityError } from '../lib/index.js';

/**
 * Turns a PostgreSQL error (from `pg` or PGlite; both carry the SQLSTATE in `code`) into a
 * Verity error. Raw driver errors never leave the store layer.
 */
export function translateDriverError(error: unknown): unknown {
  if (error instanceof VerityError) return error;
  const code = (error as { code?: unknown } | null)?.code;
  const constraint = (error as { constraint?: unknown } | null)?.constraint;
  if (code === '23505') {
    return new ConflictError(
      'a record with the same identity already exists',
      { constraint },
      'ALREADY_EXISTS',
    );
  }
  if (code === '23503') {
    return new ConflictError('the change refers to a record that does not exist', { constraint });
  }
  if (code === '40001' || code === '40P01') {
    return new ConflictError('the change conflicted with a concurrent change; retry it', {});
  }
  return error;
}

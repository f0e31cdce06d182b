import { z } from 'zod';
import { ValidationError } from '../lib/index.js';

/**
 * Keyset pagination cursors: the sort key of the last item returned, as base64url JSON.
 * Opaque to clients; a cursor that does not decode is INVALID_CURSOR.
 */
export function encodeCursor(key: (string | number)[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

const keySchema = z
  .array(z.union([z.string().max(1000), z.number()]))
  .min(1)
  .max(4);

/** Decodes a cursor whose key has exactly the given element types. */
export function decodeCursor(cursor: string, types: ('string' | 'number')[]): (string | number)[] {
  try {
    const key = keySchema.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
    if (key.length !== types.length || key.some((k, i) => typeof k !== types[i])) {
      throw new Error('wrong shape');
    }
    return key;
  } catch {
    throw new ValidationError('the cursor is not valid for this listing', [], 'INVALID_CURSOR');
  }
}

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 500;

/** The inferred type of a column, a pure function of how many values of each kind it holds. */
import type { ColumnType } from './schema.js';

export interface KindCounts {
  numeric: number;
  boolean: number;
  string: number;
}

/**
 * One kind seen → that kind (`string` → categorical); more than one → mixed; none (every value
 * missing) → empty. Being a function of counts that add, it survives merges exactly.
 */
export function inferColumnType(kinds: KindCounts): ColumnType {
  const seen =
    (kinds.numeric > 0 ? 1 : 0) + (kinds.boolean > 0 ? 1 : 0) + (kinds.string > 0 ? 1 : 0);
  if (seen === 0) return 'empty';
  if (seen > 1) return 'mixed';
  if (kinds.numeric > 0) return 'numeric';
  return kinds.boolean > 0 ? 'boolean' : 'categorical';
}

/**
 * JSON values are bound as JSON text. Both drivers pass a string through to a `jsonb` parameter
 * unchanged, whereas an object or array would be encoded differently by each (`pg` turns a JS
 * array into a PostgreSQL array literal), so this one form keeps one code path.
 */
export function json(value: unknown): string {
  return JSON.stringify(value);
}

import { sql, type RawBuilder } from 'kysely';

/**
 * `tag=key` matches items that have the tag; `tag=key=value` (or `key:value`) matches the value.
 * Uses `jsonb_exists` / `@>` so no `?` operator reaches the SQL text.
 */
export function tagCondition(column: string, filter: string): RawBuilder<boolean> {
  const eq = filter.indexOf('=');
  const colon = filter.indexOf(':');
  const split = eq !== -1 ? eq : colon;
  if (split === -1) return sql<boolean>`jsonb_exists(${sql.ref(column)}, ${filter})`;
  const key = filter.slice(0, split);
  const value = filter.slice(split + 1);
  return sql<boolean>`${sql.ref(column)} @> ${JSON.stringify({ [key]: value })}::jsonb`;
}

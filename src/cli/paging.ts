import type { Command } from 'commander';
import type { Page } from '../registry/schemas.js';
import { intOption } from './args.js';
import type { Output } from './output.js';

/** The paging flags shared by every `list` command. */
export interface PagingOptions {
  limit?: number;
  cursor?: string;
  all?: boolean;
}

/**
 * One page, or with `--all` every page concatenated (returned as a single page whose
 * `nextCursor` is null, so `--json` output has the same shape either way).
 */
export async function fetchPages<T>(
  fetchPage: (query: { limit?: number; cursor?: string }) => Promise<Page<T>>,
  options: PagingOptions,
): Promise<Page<T>> {
  const query = {
    ...(options.limit === undefined ? {} : { limit: options.limit }),
    ...(options.cursor === undefined ? {} : { cursor: options.cursor }),
  };
  const first = await fetchPage(query);
  if (options.all !== true) return first;
  const items = [...first.items];
  let cursor = first.nextCursor;
  while (cursor !== null) {
    const page = await fetchPage({ ...query, cursor });
    items.push(...page.items);
    cursor = page.nextCursor;
  }
  return { items, nextCursor: null };
}

/** Tells a person how to get the next page (JSON readers have `nextCursor`). */
export function noteMore(out: Output, page: Page<unknown>): void {
  if (page.nextCursor !== null) {
    out.note(`(more: repeat with --cursor ${page.nextCursor}, or use --all)`);
  }
}

/** Adds `--limit`, `--cursor` and `--all` to a list command. */
export function addPagingOptions(command: Command): Command {
  return command
    .option('--limit <n>', `page size (1-${MAX_LIMIT})`, intOption(1, MAX_LIMIT))
    .option('--cursor <cursor>', 'continue from a previous page')
    .option('--all', 'follow every page and print them as one list');
}

/** The server's largest page. */
const MAX_LIMIT = 500;

/*
 * The ledger explorer's state as it lives in the URL, and the paging arithmetic: the API reads
 * entries oldest first from an index, so the newest-first pages are computed from the log size.
 */

export const PAGE_SIZE = 25;
/** The most entries the API returns for one filtered query. */
export const FILTER_LIMIT = 1000;

export type Order = 'newest' | 'oldest';

export interface LedgerQuery {
  order: Order;
  /** 0-based page. */
  page: number;
  type: string;
  subjectKind: string;
  subjectId: string;
  /** `?entry=N`: open this entry (its page, expanded). */
  entry: number | undefined;
}

export function readQuery(params: URLSearchParams): LedgerQuery {
  const page = Number(params.get('page') ?? '1');
  const entry = params.get('entry');
  const entryIndex = entry === null || !/^\d+$/.test(entry) ? undefined : Number(entry);
  return {
    order: params.get('order') === 'oldest' ? 'oldest' : 'newest',
    page: Number.isSafeInteger(page) && page >= 1 ? page - 1 : 0,
    type: params.get('type')?.trim() ?? '',
    subjectKind: params.get('subjectKind')?.trim() ?? '',
    subjectId: params.get('subjectId')?.trim() ?? '',
    entry: entryIndex !== undefined && Number.isSafeInteger(entryIndex) ? entryIndex : undefined,
  };
}

/** The URL of a query; defaults are left out so links stay short. */
export function queryPath(query: Partial<LedgerQuery>): string {
  const params = new URLSearchParams();
  if (query.entry !== undefined) params.set('entry', String(query.entry));
  if (query.order === 'oldest') params.set('order', 'oldest');
  if (query.type) params.set('type', query.type);
  if (query.subjectKind && query.subjectId) {
    params.set('subjectKind', query.subjectKind);
    params.set('subjectId', query.subjectId);
  }
  if (query.page !== undefined && query.page > 0) params.set('page', String(query.page + 1));
  const text = params.toString();
  return text === '' ? '/ledger' : `/ledger?${text}`;
}

/** Whether the query narrows the log (then up to FILTER_LIMIT matches are read and paged here). */
export function isFiltered(query: LedgerQuery): boolean {
  return query.type !== '' || (query.subjectKind !== '' && query.subjectId !== '');
}

export function pageCount(total: number, pageSize = PAGE_SIZE): number {
  return Math.max(1, Math.ceil(total / pageSize));
}

/**
 * The index range of one page of the whole log: `from` (inclusive) and how many entries, read
 * oldest first; newest-first pages count back from the end.
 */
export function pageWindow(
  size: number,
  order: Order,
  page: number,
  pageSize = PAGE_SIZE,
): { from: number; limit: number } {
  const last = Math.max(0, pageCount(size, pageSize) - 1);
  const p = Math.min(Math.max(0, page), last);
  if (order === 'oldest') {
    return { from: p * pageSize, limit: Math.max(0, Math.min(pageSize, size - p * pageSize)) };
  }
  const end = size - p * pageSize; // exclusive
  const from = Math.max(0, end - pageSize);
  return { from, limit: Math.max(0, end - from) };
}

/** The page (0-based) that holds entry `index` of a log of `size`. */
export function pageOfEntry(size: number, order: Order, index: number, pageSize = PAGE_SIZE) {
  if (index < 0 || index >= size) return 0;
  return order === 'oldest'
    ? Math.floor(index / pageSize)
    : Math.floor((size - 1 - index) / pageSize);
}

/** Sorts entries for display and cuts out one page. */
export function pageOf<T extends { seq: number }>(
  entries: readonly T[],
  order: Order,
  page: number,
  pageSize = PAGE_SIZE,
): T[] {
  const sorted = [...entries].sort((a, b) => (order === 'newest' ? b.seq - a.seq : a.seq - b.seq));
  const last = Math.max(0, pageCount(sorted.length, pageSize) - 1);
  const p = Math.min(Math.max(0, page), last);
  return sorted.slice(p * pageSize, (p + 1) * pageSize);
}

/** An entry's text laid out for reading (the hashed bytes stay as they are, shown separately). */
export function prettyJson(value: unknown): string {
  if (typeof value === 'string') {
    try {
      return JSON.stringify(JSON.parse(value), null, 2);
    } catch {
      return value;
    }
  }
  return JSON.stringify(value, null, 2) ?? 'null';
}

/** "model credit-risk", "user admin": a subject in words, its readable ref when it has one. */
export function subjectLabel(subject: { kind: string; id: string; ref?: string }): string {
  return `${subject.kind} ${subject.ref ?? subject.id}`;
}

/** Event types seen, sorted, for the type filter's suggestions. */
export function knownTypes(entries: readonly { event: { type: string } | null }[]): string[] {
  return [...new Set(entries.flatMap((e) => (e.event === null ? [] : [e.event.type])))].sort();
}

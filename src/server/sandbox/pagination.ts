// Keyset pagination (§1.6). Page keys deliberately contain `#` and `|` like Centrapay's,
// so a client that forgets to URL-encode them breaks here rather than in production.
import { badRequest } from './errors';

const DEFAULT_LIMIT = 25;
const MAX_LIMIT = 100;

export interface Page<T> {
  items: T[];
  nextPageKey?: string;
}

export function parsePaginationLimit(raw: string | undefined): number {
  if (raw === undefined || raw === '') return DEFAULT_LIMIT;
  if (!/^\d+$/.test(raw)) throw badRequest('paginationLimit must be a whole number');
  const limit = Number(raw);
  if (limit < 1 || limit > MAX_LIMIT) throw badRequest(`paginationLimit must be between 1 and ${MAX_LIMIT}`);
  return limit;
}

/** `items` must be newest first, i.e. descending `seq`. */
export function paginate<T>(
  items: readonly T[],
  keyOf: (item: T) => { seq: number; id: string },
  pageKey: string | undefined,
  limit: number,
): Page<T> {
  let start = 0;
  if (pageKey !== undefined && pageKey !== '') {
    const match = /^PR#(\d+)\|/.exec(pageKey);
    if (!match) throw badRequest('pageKey is invalid');
    const after = Number(match[1]);
    start = items.findIndex((item) => keyOf(item).seq < after);
    if (start < 0) start = items.length;
  }
  const pageItems = items.slice(start, start + limit);
  const last = pageItems.at(-1);
  const hasMore = start + limit < items.length;
  if (!hasMore || last === undefined) return { items: pageItems };
  const { seq, id } = keyOf(last);
  return { items: pageItems, nextPageKey: `PR#${seq}|${id}` };
}

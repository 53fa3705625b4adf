// Keyset pagination (§1.6). Page keys deliberately contain `#` and `|` like Centrapay's,
// so a client that forgets to URL-encode them breaks here rather than in production.
import { badRequest } from './errors';

const DEFAULT_LIMIT = 25;
const MAX_LIMIT = 100;

export interface Page<T> {
  items: T[];
  nextPageKey?: string;
}

/** Where an item sits in a listing: `position` sorts it (descending, compared left to right). */
export interface Cursor {
  position: number[];
  id: string;
}

export function parsePaginationLimit(raw: string | undefined): number {
  if (raw === undefined || raw === '') return DEFAULT_LIMIT;
  if (!/^\d+$/.test(raw)) throw badRequest('paginationLimit must be a whole number');
  const limit = Number(raw);
  if (limit < 1 || limit > MAX_LIMIT) throw badRequest(`paginationLimit must be between 1 and ${MAX_LIMIT}`);
  return limit;
}

/** Negative when `a` sorts before `b` in a newest-first listing. */
function compareDescending(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const difference = (b[i] ?? 0) - (a[i] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}

/** Sorts `items` newest first by their cursors and cuts out the page after `pageKey`. */
export function paginate<T>(
  items: readonly T[],
  prefix: string,
  cursorOf: (item: T) => Cursor,
  pageKey: string | undefined,
  limit: number,
): Page<T> {
  const sorted = [...items].sort((a, b) => compareDescending(cursorOf(a).position, cursorOf(b).position));
  let start = 0;
  if (pageKey !== undefined && pageKey !== '') {
    const match = new RegExp(`^${prefix}#(\\d+(?:#\\d+)*)\\|`).exec(pageKey);
    if (!match) throw badRequest('pageKey is invalid');
    const after = (match[1] ?? '').split('#').map(Number);
    start = sorted.findIndex((item) => compareDescending(cursorOf(item).position, after) > 0);
    if (start < 0) start = sorted.length;
  }
  const pageItems = sorted.slice(start, start + limit);
  const last = pageItems.at(-1);
  if (start + limit >= sorted.length || last === undefined) return { items: pageItems };
  const { position, id } = cursorOf(last);
  return { items: pageItems, nextPageKey: `${prefix}#${position.join('#')}|${id}` };
}

// The records the audit compares: the sandbox's own (every Payment Request of the café, found through the
// merchant's activity feed, with its activities) and each gateway's journal (GET /api/history, paged).
import { SEED } from '../../src/domain/sandbox-seeds';
import type { JournalSale, UpstreamActivity, UpstreamRequest } from './audit';
import type { Till } from './till';

const AS_TERMINAL = { 'X-Api-Key': SEED.terminalCafeKey };

async function sandboxGet<T>(sandboxUrl: string, path: string): Promise<T> {
  let last = '';
  for (let attempt = 1; attempt <= 5; attempt += 1) {
    try {
      const response = await fetch(`${sandboxUrl}${path}`, { headers: AS_TERMINAL, signal: AbortSignal.timeout(15_000) });
      if (response.ok) return (await response.json()) as T;
      last = `${response.status} ${await response.text()}`;
    } catch (error) {
      last = String(error);
    }
    await new Promise((resolve) => setTimeout(resolve, 500 * attempt));
  }
  throw new Error(`the sandbox did not answer GET ${path}: ${last}`);
}

async function inBatches<T, R>(items: readonly T[], size: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (let i = 0; i < items.length; i += size) results.push(...(await Promise.all(items.slice(i, i + size).map(work))));
  return results;
}

/** Every Payment Request the café has, each with all its activities (newest first, as Centrapay lists them). */
export async function readUpstream(sandboxUrl: string): Promise<UpstreamRequest[]> {
  const ids = new Set<string>();
  let pageKey: string | undefined;
  do {
    const query = `merchantId=${SEED.merchantCafe}&paginationLimit=100${pageKey ? `&pageKey=${encodeURIComponent(pageKey)}` : ''}`;
    const page = await sandboxGet<{ items: { paymentRequestId: string }[]; nextPageKey?: string }>(sandboxUrl, `/api/payment-activities?${query}`);
    for (const activity of page.items) ids.add(activity.paymentRequestId);
    pageKey = page.nextPageKey;
  } while (pageKey);
  return inBatches([...ids], 16, async (id) => {
    const path = `/api/payment-requests/${encodeURIComponent(id)}`;
    const [request, activities] = await Promise.all([
      sandboxGet<Omit<UpstreamRequest, 'activities'>>(sandboxUrl, path),
      readActivities(sandboxUrl, `${path}/activities`),
    ]);
    return { ...request, activities };
  });
}

/** A request's activities; followed through pages should the listing ever be paged. */
async function readActivities(sandboxUrl: string, path: string): Promise<UpstreamActivity[]> {
  const items: UpstreamActivity[] = [];
  let pageKey: string | undefined;
  do {
    const page = await sandboxGet<{ items: UpstreamActivity[]; nextPageKey?: string }>(sandboxUrl, `${path}${pageKey ? `?pageKey=${encodeURIComponent(pageKey)}` : ''}`);
    items.push(...page.items);
    pageKey = page.nextPageKey;
  } while (pageKey);
  return items;
}

interface HistoryItem {
  ref: string;
  lane: string;
  kind: string;
  total: string;
  result: string;
  createdAt: string;
  requests: { id: string; status: string }[];
  tenders: { paymentRequestId: string | null; onRequest: boolean; method: string; amount: string }[];
}

/**
 * Every sale in a gateway's journal, newest first. Pages end at `createdAt` of the last item; the next page asks
 * for everything up to 1 ms after it, so sales journaled in the same millisecond are not skipped (seen ones are
 * dropped by ref).
 */
export async function readJournal(till: Till): Promise<JournalSale[]> {
  const sales = new Map<string, JournalSale>();
  let before: string | undefined;
  for (;;) {
    const page = await till.get<{ items: HistoryItem[] }>(`/api/history?limit=500${before ? `&before=${encodeURIComponent(before)}` : ''}`);
    let fresh = 0;
    for (const item of page.items) {
      if (sales.has(item.ref)) continue;
      fresh += 1;
      sales.set(item.ref, {
        gateway: till.gateway.name, ref: item.ref, lane: item.lane, kind: item.kind, total: item.total, result: item.result,
        requests: item.requests.map(({ id, status }) => ({ id, status })), tenders: item.tenders,
      });
    }
    const last = page.items.at(-1);
    if (!last || fresh === 0) break;
    before = new Date(Date.parse(last.createdAt) + 1).toISOString();
  }
  return [...sales.values()];
}

/** One sale as the journal tells it, for the evidence of a violation. */
export function readSaleStory(till: Till, ref: string): Promise<unknown> {
  return till.get(`/api/history/${encodeURIComponent(ref)}`, 10_000).catch((error: unknown) => ({ error: String(error) }));
}

export function readActivitiesOf(sandboxUrl: string, id: string): Promise<unknown> {
  return sandboxGet(sandboxUrl, `/api/payment-requests/${encodeURIComponent(id)}/activities`).catch((error: unknown) => ({ error: String(error) }));
}

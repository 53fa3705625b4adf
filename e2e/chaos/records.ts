// The records the audit compares: the sandbox's own (every Payment Request of the café, found through the
// merchant's activity feed, with its activities) and each gateway's journal as its API shows it: the history
// (GET /api/history, paged; each paid sale's refunds from GET /api/history/:ref), the holds (GET /api/holds) and
// the machines' vends (GET /api/machine-history, or each vend the patrons were answered with).
import type { HoldView } from '../../src/domain/pre-auth';
import type { VendView } from '../../src/domain/machine';
import { SEED } from '../../src/domain/sandbox-seeds';
import type { JournalHold, JournalRefund, JournalSale, JournalVend, UpstreamActivity, UpstreamRequest } from './audit';
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
 * Every sale in a gateway's journal, newest first, with the refunds and voids of each paid one (the journal's own
 * `refunds`, as GET /api/history/:ref shows them).
 */
export async function readJournalWithRefunds(till: Till): Promise<JournalSale[]> {
  const sales = await readJournal(till);
  await inBatches(sales.filter((sale) => sale.result === 'paid'), 8, async (sale) => {
    const story = await till.get<{ refunds: JournalRefund[] }>(`/api/history/${encodeURIComponent(sale.ref)}`, 60_000);
    sale.refunds = story.refunds.map(({ id, paymentRequestId, method, amount, status, error, actor }) => ({ id, paymentRequestId, method, amount, status, error, actor }));
  });
  return sales;
}

/** Every hold (bar tabs and pumps) of a gateway, with its confirmations and returns. */
export async function readHolds(till: Till): Promise<JournalHold[]> {
  const { holds } = await till.get<{ holds: HoldView[] }>('/api/holds', 60_000);
  return holds.map((hold) => ({
    gateway: till.gateway.name, id: hold.id, kind: hold.kind, owner: hold.owner, externalRef: hold.externalRef, paymentRequestId: hold.paymentRequestId,
    amount: hold.amount, status: hold.status, remaining: hold.remaining,
    confirmations: hold.confirmations.map(({ key, amount, status }) => ({ key, amount, status })),
    returns: hold.returns.map(({ id, kind, amount, status, confirmationKey }) => ({ id, kind, amount, status, confirmationKey })),
  }));
}

/**
 * Every vend of a gateway: the machine history (its newest 200), and each vend the patrons were answered with that
 * it does not list (GET /api/vends/:id).
 */
export async function readVends(till: Till, known: readonly string[]): Promise<JournalVend[]> {
  const { vends } = await till.get<{ vends: VendView[] }>('/api/machine-history', 60_000);
  const listed = new Set(vends.map((vend) => vend.id));
  const more = await inBatches(known.filter((id) => !listed.has(id)), 8, async (id) => {
    const reply = await till.call<VendView>('GET', `/api/vends/${encodeURIComponent(id)}`, undefined, { cashier: false });
    return reply.body;
  });
  return [...vends, ...more.filter((vend): vend is VendView => vend !== null)].map((vend) => ({
    gateway: till.gateway.name, id: vend.id, machineId: vend.machineId, amount: vend.amount, status: vend.status, paymentRequestId: vend.paymentRequestId, reason: vend.reason,
  }));
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

/** What a violation is about as the journal tells it (a sale with its refunds, a hold with its events, a vend), for its evidence. */
export function readStory(till: Till, flow: string, subject: string): Promise<unknown> {
  const path = flow === 'tab' || flow === 'pump' ? `/api/holds/${encodeURIComponent(subject)}` : flow === 'vend' ? `/api/vends/${encodeURIComponent(subject)}` : `/api/history/${encodeURIComponent(subject)}`;
  return till.get(path, 10_000).catch((error: unknown) => ({ error: String(error) }));
}

export function readActivitiesOf(sandboxUrl: string, id: string): Promise<unknown> {
  return sandboxGet(sandboxUrl, `/api/payment-requests/${encodeURIComponent(id)}/activities`).catch((error: unknown) => ({ error: String(error) }));
}

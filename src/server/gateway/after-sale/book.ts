// A finished sale's book, as the after-sale engine keeps it: what the journal recorded of the sale (its line items,
// what paid each of its Payment Requests — `paidBy` — and what was taken at the counter) with its refunds so far.
// Centrapay is read only for what the journal lacks: when a request was created, by its clock (the void window), and
// `paidBy` of a journal from before it kept them. Both never change, so they are kept once read. A sale found at
// Centrapay (another till's) may be refunded elsewhere at any time: its request's refunds are read each time.
import { z } from 'zod/mini';
import { lineItemSchema, type PaidBy } from '../../../domain/centrapay';
import { FOUND_SALE_KIND } from '../../../domain/found-sale';
import { sumCents } from '../../../domain/money';
import type { CentrapayClient } from '../centrapay/client';
import type { EngineStore } from '../engine/engine';
import type { Journal, JournalTx, RequestRow, TenderRow } from '../journal/journal';
import type { AfterSaleRecord } from './events';
import { refundsElsewhere, type SaleBook, type Tender } from './ledger';

/** What Centrapay says of a request that the journal does not keep. */
interface RequestFacts {
  createdAt: string;
  paidBy: PaidBy | undefined;
  configId: string;
}

export class SaleBooks implements EngineStore<SaleBook, AfterSaleRecord> {
  private readonly facts = new Map<string, RequestFacts>();

  constructor(
    private readonly journal: Journal,
    /** The client of the store a lane belongs to: a sale's requests are read with its lane's. */
    private readonly clientOf: (lane: string) => CentrapayClient,
  ) {}

  load(ref: string): Promise<SaleBook | null> {
    return this.read(ref);
  }

  /** The sale's book; Centrapay's facts waited for until `factsBy` at most (then the journal's, read again next time). */
  private async read(ref: string, factsBy?: number): Promise<SaleBook | null> {
    const { history } = this.journal;
    const sale = await history.sale(ref);
    if (!sale) return null;
    const [lineItems, requests, tenders, refunds] = await Promise.all([history.lineItemsOf(ref), history.requestsOf(ref), history.tendersOf(ref), this.journal.refunds.of(ref)]);
    const lines = z.safeParse(z.array(lineItemSchema), parseJson(lineItems));
    const book: SaleBook = {
      ref: sale.ref,
      number: sale.number,
      invoiceRef: sale.invoiceRef ?? sale.ref,
      total: sale.total,
      currency: sale.currency,
      result: sale.result,
      createdAt: sale.createdAt,
      lines: lines.success ? lines.data : [],
      tenders: [...requests.filter((request) => request.status === 'paid').map((request) => requestTender(request, tenders)), ...counterTenders(tenders)],
      refunds,
      found: sale.kind === FOUND_SALE_KIND,
      elsewhere: [],
      unknownPaid: false,
    };
    const client = this.clientOf(sale.lane);
    await this.complete(book, requests, client, factsBy);
    if (book.found) await this.readElsewhere(book, client, factsBy);
    return book;
  }

  /**
   * The books with refunds still pending, as a start-up loads them: Centrapay's facts are not waited for long (its
   * budget may be paused by a 429, or Centrapay slow), so an instance's start never hangs on Centrapay.
   */
  async unfinished(): Promise<{ key: string; state: SaleBook }[]> {
    const by = Date.now() + START_FACTS_WITHIN_MS;
    const books = await Promise.all((await this.journal.refunds.unfinished()).map(async (ref) => ({ key: ref, state: await this.read(ref, by) })));
    return books.filter((book): book is { key: string; state: SaleBook } => book.state !== null);
  }

  commit(ref: string, book: SaleBook, records: readonly AfterSaleRecord[], tx?: JournalTx): Promise<void> {
    return this.journal.refunds.commit(ref, book.refunds, records, tx);
  }

  /** Centrapay's clock for when each request was made, and what paid a request the journal does not know. */
  private async complete(book: SaleBook, requests: RequestRow[], client: CentrapayClient, by?: number): Promise<void> {
    for (const tender of book.tenders) {
      if (!tender.paymentRequestId) continue;
      const facts = await this.requestFacts(tender.paymentRequestId, client, by);
      if (facts) {
        tender.createdAt = facts.createdAt;
        tender.configId = facts.configId;
      }
      if (requests.find((request) => request.id === tender.paymentRequestId)?.paidBy) continue;
      if (!facts?.paidBy) {
        book.unknownPaid = true;
        continue;
      }
      tender.assets = assetsOf(facts.paidBy);
      tender.paid = sumCents(tender.assets.map((asset) => asset.amount));
    }
  }

  /** Read once and kept; given up on at `by` (the read goes on, and is kept when it comes). */
  private async requestFacts(id: string, client: CentrapayClient, by?: number): Promise<RequestFacts | null> {
    const known = this.facts.get(id);
    if (known) return known;
    const reading = client.getPaymentRequest(id, { cued: true }).then((request) => {
      const facts = { createdAt: request.createdAt, paidBy: request.status === 'paid' ? request.paidBy : undefined, configId: request.configId };
      this.facts.set(id, facts);
      return facts;
    }, () => null);
    return within(reading, by);
  }

  /**
   * What a found sale's requests gave back elsewhere, as Centrapay lists it now. Not known (Centrapay not answering by
   * `by`): the book says so, and nothing is refunded until it is known.
   */
  private async readElsewhere(book: SaleBook, client: CentrapayClient, by?: number): Promise<void> {
    for (const tender of book.tenders) {
      if (!tender.paymentRequestId) continue;
      const activities = await within(client.listPaymentRequestActivities(tender.paymentRequestId, { cued: true }).catch(() => null), by);
      if (activities) book.elsewhere.push(...refundsElsewhere(book, tender, activities));
      else book.unknownPaid = true;
    }
  }
}

/** What `reading` gives, or null once `by` has passed (undefined: wait for it). */
async function within<T>(reading: Promise<T | null>, by: number | undefined): Promise<T | null> {
  if (by === undefined) return reading;
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), Math.max(0, by - Date.now()));
  });
  try {
    return await Promise.race([reading, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** How long a start-up waits for Centrapay's facts of a book before going on with the journal's. */
const START_FACTS_WITHIN_MS = 2_000;

/** A paid request, with every asset that paid it, and how the cashier took its `external.*` part (cash or card). */
export function requestTender(request: RequestRow, tenders: readonly TenderRow[]): Tender {
  const assets = request.paidBy ? assetsOf(request.paidBy) : [];
  const external = tenders.find((tender) => tender.onRequest && tender.paymentRequestId === request.id)?.method;
  return {
    key: request.id,
    method: 'centrapay',
    paymentRequestId: request.id,
    shortCode: request.shortCode,
    paid: sumCents(assets.map((asset) => asset.amount)),
    assets,
    externalMethod: external === 'cash' || external === 'card' ? external : null,
    createdAt: request.createdAt,
  };
}

/** Cash or card taken at the counter (not recorded on a request), net of anything handed back. */
function counterTenders(tenders: readonly TenderRow[]): Tender[] {
  return (['cash', 'card'] as const).flatMap((method): Tender[] => {
    const paid = sumCents(tenders.filter((tender) => !tender.onRequest && tender.method === method).map((tender) => tender.amount));
    return BigInt(paid) > 0n ? [{ key: method, method, paymentRequestId: null, shortCode: null, paid, assets: [], externalMethod: null, createdAt: null }] : [];
  });
}

function assetsOf(paidBy: PaidBy) {
  return paidBy.assetTotals.map(({ type, description, total }) => ({ type, ...(description ? { description } : {}), amount: total.amount }));
}

function parseJson(text: string | null): unknown {
  if (text === null) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

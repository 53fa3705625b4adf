// What a finished sale can still give back, worked out from the journal's record of it: its line items, what each
// Payment Request and counter tender took, and the refunds so far. Pure: the service reads and acts, this decides.
import { REFUNDED_ELSEWHERE, type AssetAmount, type AfterSale, type HandBack, type RefundMethod, type RefundStatus } from '../../../domain/after-sale';
import type { LineItem, RefundActivity } from '../../../domain/centrapay';
import { compareCents, formatMoney, subtractCents, sumCents } from '../../../domain/money';
import { lineAtPrice, shareLines } from '../../../domain/line-share';
import { externalAmount } from '../../../domain/paid-by';

/** Centrapay allows a void until 24 h after the request's `createdAt` (§3.10); afterwards only a refund. */
export const VOID_WINDOW_MS = 24 * 3600_000;

/** One way the sale was paid: a Payment Request (with every asset that paid it), or cash or card at the counter. */
export interface Tender {
  /** The request's id, or the counter method. */
  key: string;
  method: 'centrapay' | 'cash' | 'card';
  paymentRequestId: string | null;
  shortCode: string | null;
  paid: string;
  assets: AssetAmount[];
  /** How the cashier took the `external.*` part recorded on the request (cash or card), if any. */
  externalMethod: 'cash' | 'card' | null;
  /** When the request was created: by Centrapay's clock when it could be read, else as the till recorded it. */
  createdAt: string | null;
  /** The request's merchant config, once read from Centrapay (a refund of a Farmlands payment names it). */
  configId?: string | null;
}

/** A journal row of the refunds table, read with its schemas. */
export interface Refund {
  id: string;
  orderRef: string;
  paymentRequestId: string | null;
  method: RefundMethod;
  amount: string;
  currency: string;
  lineItems: LineItem[] | null;
  reason: string | null;
  actor: string;
  status: RefundStatus;
  error: string | null;
  assetTotals: AssetAmount[] | null;
  /** Centrapay accepted it (a refund completes asynchronously, §3.9): only its completion is awaited now. */
  accepted: boolean;
  /** The line items sent with it (104.2), when the press knew them. */
  sentLineItems: LineItem[] | null;
  createdAt: string;
  updatedAt: string;
}

export interface SaleBook {
  ref: string;
  number: number;
  /** The invoice the sale's requests named (`invoiceRef`), which its refunds name too; the `ref` when none was kept. */
  invoiceRef?: string;
  total: string;
  currency: string;
  result: string;
  createdAt: string;
  lines: LineItem[];
  /** In the order refunds draw on them: Centrapay requests oldest first, then the counter. */
  tenders: Tender[];
  refunds: Refund[];
  /**
   * Found at Centrapay by its short code, not sold on this till (`FOUND_SALE_KIND`): it can be refunded here, not voided,
   * and refunds made of it elsewhere (another till or gateway) are read from Centrapay each time its book is loaded.
   */
  found: boolean;
  /** Centrapay's refunds of a found sale's request that are not this till's: counted, never sent, never journaled. */
  elsewhere: Refund[];
  /**
   * What paid one of its requests, or what a found sale already gave back, is not known (a journal from before it kept
   * `paidBy`, Centrapay not answering).
   */
  unknownPaid: boolean;
}

export interface Refusal {
  statusCode: 400 | 404 | 409;
  code: string;
  message: string;
}

/** One refund a press makes: `send` are the line items sent with it (104.2), `record` what the journal keeps. */
export interface PlannedRefund {
  tender: Tender;
  amount: string;
  send: LineItem[] | undefined;
  /** Null for the whole sale. */
  record: LineItem[] | null;
}

const refuse = (statusCode: Refusal['statusCode'], code: string, message: string): { refused: Refusal } => ({ refused: { statusCode, code, message } });

/** A refund that failed gave nothing back; a pending one is on its way and counts as given. */
const counts = (refund: Refund): boolean => refund.status !== 'failed';

const tenderKeyOf = (refund: Refund): string => refund.paymentRequestId ?? refund.method;

/** Every refund that gave back (or is giving back) money: this till's, and those made of a found sale elsewhere. */
const counted = (book: SaleBook): Refund[] => [...book.elsewhere, ...book.refunds].filter(counts);

export function refundedFrom(book: SaleBook, tender: Tender): string {
  return sumCents(counted(book).filter((refund) => tenderKeyOf(refund) === tender.key).map((refund) => refund.amount));
}

export function refundableFrom(book: SaleBook, tender: Tender): string {
  const left = subtractCents(tender.paid, refundedFrom(book, tender));
  return compareCents(left, '0') > 0 ? left : '0';
}

export function refundableTotal(book: SaleBook): string {
  return sumCents(book.tenders.map((tender) => refundableFrom(book, tender)));
}

/** A refund of the whole sale (or a void) leaves no line to refund on its own: only what is left of the whole. */
export function wholeRefunded(book: SaleBook): boolean {
  return counted(book).some((refund) => refund.lineItems === null);
}

const lineKey = (line: Pick<LineItem, 'sku' | 'name'>): string => line.sku ?? line.name;

function qtyOf(line: LineItem): bigint {
  return /^[1-9]\d*$/.test(line.qty) ? BigInt(line.qty) : 1n;
}

/** A line's price is its total (§2.8); the till's lines are whole units of one price. */
function unitOf(line: LineItem): bigint {
  return BigInt(line.price) / qtyOf(line);
}

/** Cents of the line not yet refunded line by line. */
function lineLeft(book: SaleBook, line: LineItem): bigint {
  const refunded = counted(book)
    .flatMap((refund) => refund.lineItems ?? [])
    .filter((piece) => lineKey(piece) === lineKey(line))
    .reduce((total, piece) => total + BigInt(piece.price), 0n);
  const left = BigInt(line.price) - refunded;
  return left > 0n ? left : 0n;
}

export function refundableQty(book: SaleBook, line: LineItem): number {
  const unit = unitOf(line);
  if (wholeRefunded(book) || unit <= 0n) return 0;
  return Number(lineLeft(book, line) / unit);
}

/** Line items shared out over the tenders in order, each up to what it has left (domain/line-share.ts). */
function allocate(items: readonly LineItem[], tenders: readonly { tender: Tender; left: bigint }[]): Map<Tender, LineItem[]> {
  const shares = shareLines(items, tenders.map((slot) => slot.left));
  return new Map(tenders.flatMap((slot, index) => (shares[index]!.length > 0 ? [[slot.tender, shares[index]!] as const] : [])));
}

/** `qty` units of the line at `price`, with its discount in proportion. */
function lineItem(line: LineItem, qty: bigint, price: bigint): LineItem {
  return lineAtPrice(line, price, qty.toString());
}

const sumOf = (items: readonly LineItem[] | undefined): string => sumCents((items ?? []).map((item) => item.price));

/** Why the sale cannot be refunded or voided at all; null when it can. */
export function notRefundable(book: SaleBook): { refused: Refusal } | null {
  if (book.result !== 'paid') return refuse(409, 'NOT_REFUNDABLE', 'Only a paid sale can be refunded or voided, and this one is not paid.');
  if (compareCents(refundableTotal(book), '0') === 0) return refuse(409, 'NOTHING_LEFT', 'Everything paid for this sale has already been refunded.');
  return null;
}

/**
 * The refunds a press makes: the whole sale (`chosen` undefined: everything each tender has left) or chosen lines
 * (their share, drawn from the tenders in order). Amounts come only from the journal's record of the sale.
 */
export function planRefund(book: SaleBook, chosen: readonly { sku: string; qty: number }[] | undefined): { refunds: PlannedRefund[] } | { refused: Refusal } {
  const refused = notRefundable(book);
  if (refused) return refused;
  const slots = book.tenders.map((tender) => ({ tender, left: BigInt(refundableFrom(book, tender)) })).filter((slot) => slot.left > 0n);

  if (!chosen) {
    const left = book.lines.flatMap((line) => {
      const cents = lineLeft(book, line);
      const unit = unitOf(line);
      return cents > 0n ? [lineItem(line, unit > 0n && cents / unit > 0n ? cents / unit : 1n, cents)] : [];
    });
    const pieces = allocate(left, slots);
    return {
      refunds: slots.map(({ tender, left: amount }) => {
        const send = pieces.get(tender);
        return { tender, amount: amount.toString(), send: sumOf(send) === amount.toString() ? send : undefined, record: null };
      }),
    };
  }

  if (wholeRefunded(book)) return refuse(409, 'WHOLE_SALE_REFUNDED', 'The whole sale has been refunded already; only what is left of it can be refunded, with Refund whole sale.');
  const items: LineItem[] = [];
  for (const { sku, qty } of chosen) {
    const line = book.lines.find((candidate) => lineKey(candidate) === sku);
    if (!line) return refuse(400, 'NOT_IN_SALE', `This sale has no "${sku}".`);
    const left = refundableQty(book, line);
    if (qty > left) {
      return refuse(409, 'MORE_THAN_SOLD', left === 0
        ? `${line.name} has already been refunded.`
        : `Only ${left} × ${line.name} ${left === 1 ? 'is' : 'are'} left to refund.`);
    }
    items.push(lineItem(line, BigInt(qty), unitOf(line) * BigInt(qty)));
  }
  const amount = sumOf(items);
  const available = refundableTotal(book);
  if (compareCents(amount, available) > 0) {
    return refuse(409, 'MORE_THAN_PAID', `That is more than is left to refund on this sale: at most ${formatMoney(available, book.currency)}.`);
  }
  const pieces = allocate(items, slots);
  return {
    refunds: slots.flatMap(({ tender }) => {
      const send = pieces.get(tender);
      return send ? [{ tender, amount: sumOf(send), send, record: send }] : [];
    }),
  };
}

/** When the sale can no longer be voided: 24 h after its first request was created (or after the sale). */
export function voidUntil(book: SaleBook): number {
  const created = book.tenders.flatMap((tender) => (tender.method === 'centrapay' && tender.createdAt ? [Date.parse(tender.createdAt)] : []));
  return (created.length > 0 ? Math.min(...created) : Date.parse(book.createdAt)) + VOID_WINDOW_MS;
}

/** Why the sale cannot be voided now, in words; null when it can. */
export function voidRefusal(book: SaleBook, now: number): Refusal | null {
  const refused = notRefundable(book);
  if (refused) return refused.refused;
  if (book.found) return { statusCode: 409, code: 'FOUND_AT_CENTRAPAY', message: 'This sale was found at Centrapay, not made on this till: it can be refunded, not voided.' };
  if (counted(book).length > 0) return { statusCode: 409, code: 'ALREADY_PART_REFUNDED', message: 'Part of this sale has been refunded: refund the rest instead of voiding.' };
  // Centrapay's clock decides: once it has refused a void of this sale as too late, the till stops offering one.
  const refusedAsLate = book.refunds.some((refund) => refund.method === 'void' && refund.error === 'VOID_WINDOW_EXCEEDED');
  if (now > voidUntil(book) || refusedAsLate) return { statusCode: 409, code: 'VOID_WINDOW_EXCEEDED', message: 'More than 24 hours since the sale: refund it instead.' };
  return null;
}

/** A void backs out the whole sale: each request is voided (which refunds it, §3.10), the counter hands back. */
export function planVoid(book: SaleBook, now: number): { refunds: PlannedRefund[] } | { refused: Refusal } {
  const refused = voidRefusal(book, now);
  if (refused) return { refused };
  return { refunds: book.tenders.filter((tender) => compareCents(tender.paid, '0') > 0).map((tender) => ({ tender, amount: tender.paid, send: undefined, record: null })) };
}

/** Words Centrapay's activities may carry for a refund still under way, or one that failed (not documented). */
const UNDER_WAY = new Set(['pending', 'initiated', 'processing', 'in-progress']);
const FAILED = new Set(['failed', 'declined']);

/**
 * Where our refund stands in its request's activities (§3.16): its `refund` activity under our reference is
 * Centrapay's record that the money went back, unless it says it is still under way.
 */
export function refundCompletion(activities: readonly RefundActivity[], refundId: string): { status: RefundStatus; activity: RefundActivity | null } {
  const activity = activities.find((candidate) => candidate.type === 'refund' && candidate.externalRef === refundId) ?? null;
  return { status: activity ? activityStatus(activity) : 'pending', activity };
}

/** A refund activity is Centrapay's record that the money went back, unless it says it is still under way or failed. */
function activityStatus(activity: RefundActivity): RefundStatus {
  const said = activity.status?.toLowerCase();
  if (said && UNDER_WAY.has(said)) return 'pending';
  return said && FAILED.has(said) ? 'failed' : 'completed';
}

/**
 * The refunds of a tender's request that Centrapay lists (§3.16, its `refund` activities) and this till did not make
 * (no refund of the book has its `externalRef`): another till's or gateway's, as refunds of the book.
 */
export function refundsElsewhere(book: Pick<SaleBook, 'ref' | 'refunds'>, tender: Tender, activities: readonly RefundActivity[]): Refund[] {
  const ours = new Set(book.refunds.map((refund) => refund.id));
  return activities
    .filter((activity) => activity.type === 'refund' && !(activity.externalRef && ours.has(activity.externalRef)))
    .map((activity, index) => ({
      id: activity.externalRef ?? activity.id ?? `${tender.key}-refund-${activity.activityNumber ?? index}`,
      orderRef: book.ref,
      paymentRequestId: tender.paymentRequestId,
      method: 'centrapay',
      amount: activity.value?.amount ?? '0',
      currency: activity.value?.currency ?? 'NZD',
      lineItems: activity.lineItems ?? null,
      reason: null,
      actor: REFUNDED_ELSEWHERE,
      status: activityStatus(activity),
      error: null,
      assetTotals: null,
      accepted: true,
      sentLineItems: null,
      createdAt: activity.createdAt,
      updatedAt: activity.createdAt,
    }));
}

/** How Centrapay split a refund (its `strategy`), by asset type, named as the request's `paidBy` names them. */
export function refundAssetTotals(activity: RefundActivity, tender: Tender | undefined): AssetAmount[] | null {
  const legs = activity.strategy?.refunds;
  if (!legs?.length) return null;
  const byType = new Map<string, string>();
  for (const leg of legs) byType.set(leg.assetType, sumCents([byType.get(leg.assetType) ?? '0', leg.amount]));
  return [...byType].map(([type, amount]) => {
    const description = tender?.assets.find((asset) => asset.type === type)?.description;
    return { type, ...(description ? { description } : {}), amount };
  });
}

/** What the cashier hands back: a counter tender, or the `external.*` part Centrapay's refund returned. */
export function handBackOf(refund: Refund, tender: Tender | undefined): HandBack | null {
  if (refund.status === 'failed') return null;
  if (refund.method === 'cash' || refund.method === 'card') return { method: refund.method, amount: refund.amount };
  const external = externalAmount(refund.assetTotals ?? []);
  return compareCents(external, '0') > 0 ? { method: tender?.externalMethod ?? 'cash', amount: external } : null;
}

export function refundState(book: SaleBook): AfterSale['refundState'] {
  if (book.result !== 'paid') return 'not-refundable';
  const given = counted(book);
  if (given.length === 0) return 'none';
  if (given.some((refund) => refund.status === 'pending')) return 'pending';
  return compareCents(refundableTotal(book), '0') === 0 ? 'whole' : 'part';
}

/** The after-sale view of a sale: what can be done with it now, and its refunds. */
export function afterSaleView(book: SaleBook, now: number): AfterSale {
  const tenderOf = (refund: Refund) => book.tenders.find((tender) => tender.key === tenderKeyOf(refund));
  const refusal = voidRefusal(book, now);
  return {
    ref: book.ref,
    number: book.number,
    total: book.total,
    currency: book.currency,
    result: book.result,
    refundState: refundState(book),
    refundable: book.result === 'paid' ? refundableTotal(book) : '0',
    lines: book.lines.map((line) => ({
      sku: line.sku ?? line.name,
      name: line.name,
      qty: Number(qtyOf(line)),
      unitPrice: unitOf(line).toString(),
      price: line.price,
      refundableQty: book.result === 'paid' ? refundableQty(book, line) : 0,
    })),
    tenders: book.tenders.map((tender) => ({
      method: tender.method,
      paymentRequestId: tender.paymentRequestId,
      shortCode: tender.shortCode,
      paid: tender.paid,
      refunded: refundedFrom(book, tender),
      refundable: refundableFrom(book, tender),
      assets: tender.assets,
    })),
    void: { allowed: refusal === null, until: book.result === 'paid' ? new Date(voidUntil(book)).toISOString() : null, refusal: refusal?.message ?? null },
    refunds: [...book.elsewhere, ...book.refunds].map((refund) => ({
      ...refund,
      shortCode: tenderOf(refund)?.shortCode ?? null,
      handBack: handBackOf(refund, tenderOf(refund)),
    })),
  };
}

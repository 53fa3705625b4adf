// A sale's receipt, made from what the journal kept of it (never a call to Centrapay): the lines as they were
// numbered, the offers a connected wallet took off them (discounts, domain/paid-by.ts) and the GST in what was paid
// for them, the Centrapay requests that hold its money with their short codes and the tenders that paid them
// (`paidBy`, never an offer), what was taken at the counter, and its refunds.
import { z } from 'zod/mini';
import { lineItemSchema, type LineItem } from '../../../domain/centrapay';
import { gstIncluded, gstOfLines } from '../../../domain/gst';
import { tenderMethodSchema, type TenderMethod } from '../../../domain/lane';
import { subtractCents, sumCents } from '../../../domain/money';
import { isExternalAssetType, offersOf, offPerLine, tendersOf } from '../../../domain/paid-by';
import type { Receipt, ReceiptLine, ReceiptRefund, ReceiptTender } from '../../../domain/receipt';
import type { RefundRow, RequestRow, SaleRow, TenderRow } from '../journal/journal';

export interface Merchant {
  name: string | null;
  gstNumber: string | null;
}

export interface ReceiptSource {
  merchant: Merchant;
  sale: SaleRow;
  /** JSON: the line items the sale was numbered with (checked here). */
  lineItems: string | null;
  requests: readonly RequestRow[];
  tenders: readonly TenderRow[];
  refunds: readonly RefundRow[];
}

/** Sales that end without money kept have no receipt. */
const NO_RECEIPT = new Set(['pending', 'not-started', 'cancelled', 'expired', 'unknown']);

export function hasReceipt(sale: SaleRow): boolean {
  return !NO_RECEIPT.has(sale.result);
}

export function buildReceipt(source: ReceiptSource): Receipt {
  const { sale } = source;
  const items = (source.lineItems === null ? null : parseJson(source.lineItems, z.array(lineItemSchema))) ?? [];
  // A wallet's offers on the requests that kept their money: off the price, and so out of the GST (a tender is not).
  const offers = source.requests.filter((request) => request.status === 'paid').flatMap((request) => offersOf(request));
  const off = offPerLine(items, offers);
  const lines = items.map((item, index) => receiptLine(item, off[index]));
  return {
    merchant: source.merchant,
    order: { ref: sale.ref, number: sale.number, date: sale.createdAt, result: sale.result, invoiceRef: sale.invoiceRef, purchaseOrderRef: sale.purchaseOrderRef },
    currency: sale.currency,
    lines,
    discount: sale.discount,
    offers: offers.map((offer) => ({ description: offer.description, amount: offer.total.amount })),
    total: subtractCents(sale.total, sumCents(offers.map((offer) => offer.total.amount))),
    gst: sumCents(lines.map((line) => line.gst)),
    tenders: [...centrapayTenders(source), ...counterTenders(source.tenders)],
    refunds: source.refunds.flatMap((row) => refund(row, source.requests)),
  };
}

/** A line at its price, with the GST in what was paid for it: its price less what offers took off it (`off`). */
function receiptLine(item: LineItem, off = '0'): ReceiptLine {
  const tax = item.tax ?? '0';
  return { name: item.name, qty: item.qty, total: item.price, tax, gst: gstIncluded(subtractCents(item.price, off), tax) };
}

/**
 * Each request Centrapay says is `paid` (a part payment too, §6.7), by the tenders that paid it (`paidBy`, as the
 * journal last read it, less a connected wallet's offers: those are discounts); external payments are left to the
 * counter tenders they were. Without `paidBy`, its amount less those.
 */
function centrapayTenders({ requests, tenders }: ReceiptSource): ReceiptTender[] {
  return requests.flatMap((request): ReceiptTender[] => {
    if (request.status !== 'paid') return [];
    const assets = tendersOf(request)
      .filter((total) => !isExternalAssetType(total.type))
      .map((total) => ({ description: total.description, amount: total.total.amount }));
    const onRequest = tenders.filter((tender) => tender.onRequest && tender.paymentRequestId === request.id).map((tender) => tender.amount);
    const amount = request.paidBy ? sumCents(assets.map((asset) => asset.amount)) : subtractCents(request.amount, sumCents(onRequest));
    return BigInt(amount) > 0n ? [{ kind: 'centrapay', shortCode: request.shortCode, amount, paidBy: assets }] : [];
  });
}

/** Cash and card, each the net of what was taken and given back. */
function counterTenders(tenders: readonly TenderRow[]): ReceiptTender[] {
  const net = new Map<TenderMethod, bigint>();
  for (const tender of tenders) {
    const method = tenderMethodSchema.safeParse(tender.method);
    if (method.success) net.set(method.data, (net.get(method.data) ?? 0n) + BigInt(tender.amount));
  }
  return [...net].filter(([, amount]) => amount > 0n).map(([method, amount]): ReceiptTender => ({ kind: 'counter', method, amount: amount.toString() }));
}

const refundRowSchema = z.object({
  method: z.enum(['centrapay', 'void', 'cash', 'card']),
  status: z.enum(['pending', 'completed', 'failed']),
  amount: z.string().check(z.regex(/^\d+$/)),
});
/** How Centrapay split a refund over what paid the request (after-sale/ keeps its `strategy` so). */
const refundLegsSchema = z.array(z.object({ type: z.string(), description: z.optional(z.string()), amount: z.string().check(z.regex(/^\d+$/)) }));

/** A refund that returned money or is returning it; one that failed returned nothing and is not on a receipt. */
function refund(row: RefundRow, requests: readonly RequestRow[]): ReceiptRefund[] {
  const known = refundRowSchema.safeParse(row);
  if (!known.success || known.data.status === 'failed') return [];
  const request = requests.find((candidate) => candidate.id === row.paymentRequestId);
  const lines = row.lineItems === null ? null : parseJson(row.lineItems, z.array(lineItemSchema));
  const legs = row.assetTotals === null ? [] : (parseJson(row.assetTotals, refundLegsSchema) ?? []);
  // A leg names its asset type; the patron knows it by the description the request's `paidBy` gave it.
  const describe = (type: string) => request?.paidBy?.assetTotals.find((total) => total.type === type)?.description ?? type;
  return [{
    method: known.data.method,
    amount: known.data.amount,
    status: known.data.status,
    reason: row.reason,
    shortCode: request?.shortCode ?? null,
    lines: (lines ?? []).map((item) => receiptLine(item)),
    gst: lines ? gstOfLines(lines) : null,
    paidBy: legs.filter((leg) => !isExternalAssetType(leg.type)).map((leg) => ({ description: leg.description ?? describe(leg.type), amount: leg.amount })),
    at: row.createdAt,
  }];
}

/** JSON text checked against a schema; null when it is not JSON or does not fit. */
function parseJson<T>(text: string, schema: z.ZodMiniType<T>): T | null {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return null;
  }
  const parsed = z.safeParse(schema, json);
  return parsed.success ? parsed.data : null;
}

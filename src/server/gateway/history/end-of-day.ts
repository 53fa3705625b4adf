// The end-of-day report: what a lane (or every lane) took on a day, by tender and by Centrapay asset type (§6.12:
// reports name the asset types actually used, because each settles differently), less what it gave back. Read only
// from the journal:
// - a sale counts when it ended `paid` (and stays counted when refunded afterwards: its refunds count on their own).
//   A sale `refunded` before it was finished (the customer could not pay the rest) took nothing and is listed apart.
//   A sale found at Centrapay (another till's, journaled here to refund it) was not sold here and is not counted;
// - cash and card are the tenders the till recorded (a part handed back is recorded as a negative tender);
// - Centrapay is what each paid request's `paidBy` names, less `external.*` assets: those are the till's own cash or
//   card recorded on the request, already counted as tenders. A paid request whose `paidBy` was never read counts
//   its amount less the tenders recorded on it, under an asset type of `unknown`;
// - refunds are the completed rows of the `refunds` table made that day: cash and card by their method; a Centrapay
//   refund or a void by its asset totals: its `external.*` part as the cash or card handed back, the rest as Centrapay
//   by asset type (all of it under `unknown` when Centrapay gave no split). Pending refunds are shown apart, not counted.
import { z } from 'zod';
import { FOUND_SALE_KIND } from '../../../domain/found-sale';
import { TENDER_LABELS } from '../../../domain/lane';
import { externalAmount, isExternalAssetType } from '../../../domain/paid-by';
import { subtractCents, sumCents } from '../../../domain/money';
import type { RefundRow, RequestRow, SaleRow, TenderRow } from '../journal/journal';

export interface DaySale {
  sale: SaleRow;
  requests: RequestRow[];
  tenders: TenderRow[];
  /** The sale has refunds or voids after the sale (on any day). */
  refundedAfter: boolean;
}

export interface DayRefund {
  refund: RefundRow;
  /** How the `external.*` part of the refunded request was taken at the counter, if it had one. */
  externalMethod: 'cash' | 'card' | null;
}

export interface Tally {
  count: number;
  amount: string;
}

export interface ReportRow {
  /** `cash`, `card`, `centrapay`; an asset type; `total`. */
  key: string;
  label: string;
  sales: Tally;
  refunds: Tally;
  net: string;
}

export interface EndOfDayReport {
  date: string;
  /** null: every lane. */
  lane: string | null;
  /** The zone the day is counted in, and the instants it runs between. */
  timeZone: string;
  from: string;
  to: string;
  currency: string;
  tenders: ReportRow[];
  assets: ReportRow[];
  total: ReportRow;
  pendingRefunds: { count: number; amount: string; items: { orderRef: string; method: string; amount: string; createdAt: string }[] };
  /** Sales of the day that took nothing, by how they ended. */
  notCounted: { result: string; count: number; amount: string }[];
}

const TENDER_KINDS = ['cash', 'card', 'centrapay'] as const;
const TENDER_WORDS: Record<string, string> = { ...TENDER_LABELS, centrapay: 'Centrapay' };
const UNKNOWN_ASSET = { type: 'unknown', description: 'Centrapay (asset type not recorded)' };

/** One amount of a sale or a refund, under a tender (`cash`, `card`, `centrapay`) or a Centrapay asset type. */
interface Part {
  key: string;
  label: string;
  amount: string;
}

/** A sale or a refund as the report reads it: its amounts by tender, and its Centrapay amounts by asset type. */
interface Entry {
  tenders: Part[];
  assets: Part[];
}

export function endOfDay(input: {
  date: string;
  lane: string | null;
  timeZone: string;
  from: string;
  to: string;
  currency: string;
  sales: DaySale[];
  refunds: DayRefund[];
}): EndOfDayReport {
  const madeHere = input.sales.filter(({ sale }) => sale.kind !== FOUND_SALE_KIND);
  const sold = madeHere.filter(isCounted).map(saleEntry);
  const returned = input.refunds.filter(({ refund }) => refund.status === 'completed').map(refundEntry);
  const pending = input.refunds.map(({ refund }) => refund).filter((refund) => refund.status === 'pending');

  const rows = (view: keyof Entry, fixed: readonly string[]): ReportRow[] => {
    const labels = new Map(fixed.map((key) => [key, TENDER_WORDS[key] ?? key]));
    for (const part of [...sold, ...returned].flatMap((entry) => entry[view])) if (!labels.has(part.key)) labels.set(part.key, part.label);
    return [...labels].map(([key, label]) => row(key, label, sold, returned, (entry) => entry[view].filter((part) => part.key === key)));
  };

  return {
    date: input.date,
    lane: input.lane,
    timeZone: input.timeZone,
    from: input.from,
    to: input.to,
    currency: input.currency,
    tenders: rows('tenders', TENDER_KINDS),
    assets: rows('assets', []).sort((a, b) => a.key.localeCompare(b.key)),
    total: row('total', 'All tenders', sold, returned, (entry) => entry.tenders),
    pendingRefunds: {
      count: pending.length,
      amount: sumCents(pending.map((refund) => refund.amount)),
      items: pending.map(({ orderRef, method, amount, createdAt }) => ({ orderRef, method, amount, createdAt })),
    },
    notCounted: notCounted(madeHere.filter((sale) => !isCounted(sale))),
  };
}

function isCounted({ sale, refundedAfter }: DaySale): boolean {
  return sale.result === 'paid' || (sale.result === 'refunded' && refundedAfter);
}

/** Sales and refunds with a part `pick` selects: how many, what those parts add up to, and the difference. */
function row(key: string, label: string, sold: Entry[], returned: Entry[], pick: (entry: Entry) => Part[]): ReportRow {
  const tally = (entries: Entry[]): Tally => {
    const picked = entries.map(pick).filter((parts) => parts.length > 0);
    return { count: picked.length, amount: sumCents(picked.flat().map((part) => part.amount)) };
  };
  const sales = tally(sold);
  const refunds = tally(returned);
  return { key, label, sales, refunds, net: subtractCents(sales.amount, refunds.amount) };
}

const tenderPart = (key: string, amount: string): Part => ({ key, label: TENDER_WORDS[key] ?? key, amount });

function saleEntry({ requests, tenders }: DaySale): Entry {
  const assets = requests.filter((request) => request.status === 'paid').flatMap((request): Part[] => {
    if (request.paidBy) return centrapayAssets(request.paidBy.assetTotals.map(({ type, description, total }) => ({ type, description, amount: total.amount })));
    const onRequest = tenders.filter((tender) => tender.onRequest && tender.paymentRequestId === request.id).map((tender) => tender.amount);
    const amount = subtractCents(request.amount, sumCents(onRequest));
    return BigInt(amount) > 0n ? [{ key: UNKNOWN_ASSET.type, label: UNKNOWN_ASSET.description, amount }] : [];
  });
  const counter = tenders.map((tender) => tenderPart(tender.method, tender.amount));
  const centrapay = assets.length > 0 ? [tenderPart('centrapay', sumCents(assets.map((part) => part.amount)))] : [];
  return { tenders: [...counter, ...centrapay], assets };
}

/** Centrapay's own assets: `external.*` totals are the till's cash or card recorded on the request. */
function centrapayAssets(totals: { type: string; description?: string; amount: string }[]): Part[] {
  return totals
    .filter((total) => !isExternalAssetType(total.type))
    .map((total) => ({ key: total.type, label: total.description ?? total.type, amount: total.amount }));
}

const refundAssetTotalsSchema = z.array(z.object({ type: z.string(), description: z.string().optional(), amount: z.string().regex(/^\d+$/) }));

function refundEntry({ refund, externalMethod }: DayRefund): Entry {
  if (refund.method === 'cash' || refund.method === 'card') return { tenders: [tenderPart(refund.method, refund.amount)], assets: [] };
  // A Centrapay refund or a void: what went back to each asset, as Centrapay said. Its `external.*` part is money the
  // cashier hands back the way it was taken (as after-sale's handBackOf tells them); the rest went back through Centrapay.
  const parsed = refund.assetTotals === null ? null : refundAssetTotalsSchema.safeParse(JSON.parse(refund.assetTotals));
  const legs = parsed?.success ? parsed.data : [];
  const external = externalAmount(legs);
  const centrapay = subtractCents(refund.amount, external);
  const assets = centrapayAssets(legs);
  return {
    tenders: [
      ...(BigInt(external) > 0n ? [tenderPart(externalMethod ?? 'cash', external)] : []),
      ...(BigInt(centrapay) > 0n ? [tenderPart('centrapay', centrapay)] : []),
    ],
    assets: assets.length > 0 || BigInt(centrapay) <= 0n ? assets : [{ key: UNKNOWN_ASSET.type, label: UNKNOWN_ASSET.description, amount: centrapay }],
  };
}

function notCounted(sales: DaySale[]): EndOfDayReport['notCounted'] {
  const byResult = new Map<string, string[]>();
  for (const { sale } of sales) byResult.set(sale.result, [...(byResult.get(sale.result) ?? []), sale.total]);
  return [...byResult].map(([result, totals]) => ({ result, count: totals.length, amount: sumCents(totals) }));
}

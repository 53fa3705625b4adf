// The end-of-day sums, to the cent, over a day holding every kind of sale the till makes and every kind of refund.
import { describe, expect, it } from 'vitest';
import type { PaidBy } from '../../../domain/centrapay';
import type { RefundRow, RequestRow, SaleRow, TenderRow } from '../journal/journal';
import { endOfDay, type DayRefund, type DaySale } from './end-of-day';
import { decimal, endOfDayCsv, endOfDayFilename } from './end-of-day-csv';

const AT = '2026-11-26T01:00:00.000Z';
const DAY = { date: '2026-11-26', lane: null, timeZone: 'Pacific/Auckland', from: '2026-11-25T11:00:00.000Z', to: '2026-11-26T11:00:00.000Z', currency: 'NZD' };

const asset = (type: string, description: string, amount: string) => ({ type, description, total: { amount, currency: 'NZD' } });
const NZD = (amount: string) => asset('centrapay.nzd.test', 'Centrapay NZD', amount);
const EXTERNAL = (amount: string) => asset('external.test', 'External', amount);

function request(id: string, ref: string, amount: string, assets: PaidBy['assetTotals'] | null, status = 'paid'): RequestRow {
  return { id, shortCode: `CP-${id}`, orderRef: ref, amount, currency: 'NZD', status, createdAt: AT, paidBy: assets ? { assetTotals: assets } : null, connectionId: null };
}

function tender(ref: string, method: string, amount: string, paymentRequestId: string | null = null): TenderRow {
  return { orderRef: ref, paymentRequestId, onRequest: paymentRequestId !== null, method, amount, actor: 'cashier:op-1', at: AT };
}

function sale(ref: string, total: string, result: string, requests: RequestRow[], tenders: TenderRow[], refundedAfter = false): DaySale {
  const row: SaleRow = { ref, number: 1, store: 'default', lane: 'lane-1', kind: 'qr', terminalId: 'till-1', total, currency: 'NZD', operatorId: 'op-1', result, createdAt: AT, updatedAt: AT, invoiceRef: ref, purchaseOrderRef: null, discount: null };
  return { sale: row, requests, tenders, refundedAfter };
}

function refund(id: string, orderRef: string, method: RefundRow['method'], amount: string, status: RefundRow['status'], assets: object[] | null = null,
  externalMethod: DayRefund['externalMethod'] = null): DayRefund {
  return {
    refund: {
      id, orderRef, paymentRequestId: method === 'cash' || method === 'card' ? null : `P-${orderRef}`, method, amount, currency: 'NZD', lineItems: null,
      reason: null, actor: 'cashier:op-1', status, error: null, assetTotals: assets ? JSON.stringify(assets) : null, createdAt: AT, updatedAt: AT,
    },
    externalMethod,
  };
}

const SALES: DaySale[] = [
  // Centrapay by QR.
  sale('S1', '1700', 'paid', [request('P1', 'S1', '1700', [NZD('1700')])], []),
  // Cash on the request (its external asset is the till's cash, counted once).
  sale('S2', '550', 'paid', [request('P2', 'S2', '550', [EXTERNAL('550')])], [tender('S2', 'cash', '550', 'P2')]),
  // Card at the counter, no request.
  sale('S3', '900', 'paid', [], [tender('S3', 'card', '900')]),
  // Split: a wallet's offer, the rest in cash.
  sale('S4', '1700', 'paid', [request('P4', 'S4', '1700', [asset('sbx.rewards.test', 'Sandbox Rewards', '220'), EXTERNAL('1480')])], [tender('S4', 'cash', '1480', 'P4')]),
  // Split: a voucher, then the rest by QR; voided afterwards (still a sale of the day, its voids are refunds).
  sale('S5', '2700', 'refunded', [request('P5a', 'S5', '2700', [asset('sbx.voucher.test', 'Sandbox Voucher', '2000')]), request('P5b', 'S5', '700', [NZD('700')])], [], true),
  // Refunded before it was finished: the cash part taken and handed back.
  sale('S6', '500', 'refunded', [], [tender('S6', 'cash', '200'), tender('S6', 'cash', '-200')]),
  sale('S7', '400', 'cancelled', [request('P7', 'S7', '400', null, 'cancelled')], []),
  // A paid request whose paidBy was never read (a journal from before it was kept).
  sale('S8', '1000', 'paid', [request('P8', 'S8', '1000', null)], []),
];

const REFUNDS: DayRefund[] = [
  refund('R1', 'S1', 'centrapay', '500', 'completed', [{ type: 'centrapay.nzd.test', description: 'Centrapay NZD', amount: '500' }]),
  // The voucher sale voided: each request.
  refund('R2', 'S5', 'void', '2000', 'completed', [{ type: 'sbx.voucher.test', description: 'Sandbox Voucher', amount: '2000' }]),
  refund('R3', 'S5', 'void', '700', 'completed', [{ type: 'centrapay.nzd.test', amount: '700' }]),
  // Part of the cash recorded on a request: Centrapay returns the external asset, the cashier hands back cash.
  refund('R4', 'S2', 'centrapay', '300', 'completed', [{ type: 'external.test', amount: '300' }], 'cash'),
  refund('R5', 'S1', 'centrapay', '100', 'pending'),
  refund('R6', 'S1', 'centrapay', '200', 'failed'),
  // Card taken at the counter, refunded on the card terminal.
  refund('R7', 'S3', 'card', '200', 'completed'),
  // A void of the offer sale whose answer gave no split: all of it Centrapay's, under an asset it did not name.
  refund('R8', 'S4', 'void', '220', 'completed'),
];

const tally = (count: number, amount: string) => ({ count, amount });

describe('the end-of-day report', () => {
  const report = endOfDay({ ...DAY, sales: SALES, refunds: REFUNDS });

  it('sums sales, refunds and net by tender to the cent', () => {
    expect(report.tenders).toEqual([
      { key: 'cash', label: 'Cash', sales: tally(2, '2030'), refunds: tally(1, '300'), net: '1730' },
      { key: 'card', label: 'Card (external)', sales: tally(1, '900'), refunds: tally(1, '200'), net: '700' },
      { key: 'centrapay', label: 'Centrapay', sales: tally(4, '5620'), refunds: tally(4, '3420'), net: '2200' },
    ]);
    expect(report.total).toEqual({ key: 'total', label: 'All tenders', sales: tally(6, '8550'), refunds: tally(6, '3920'), net: '4630' });
  });

  it('names every Centrapay asset type used, from paidBy and the refunds’ asset totals', () => {
    expect(report.assets).toEqual([
      { key: 'centrapay.nzd.test', label: 'Centrapay NZD', sales: tally(2, '2400'), refunds: tally(2, '1200'), net: '1200' },
      { key: 'sbx.rewards.test', label: 'Sandbox Rewards', sales: tally(1, '220'), refunds: tally(0, '0'), net: '220' },
      { key: 'sbx.voucher.test', label: 'Sandbox Voucher', sales: tally(1, '2000'), refunds: tally(1, '2000'), net: '0' },
      { key: 'unknown', label: 'Centrapay (asset type not recorded)', sales: tally(1, '1000'), refunds: tally(1, '220'), net: '780' },
    ]);
  });

  it('adds up: the tenders make the total, and Centrapay’s assets make its tender', () => {
    const sum = (values: string[]) => values.reduce((a, b) => a + BigInt(b), 0n).toString();
    expect(sum(report.tenders.map((row) => row.net))).toBe(report.total.net);
    const centrapay = report.tenders.find((row) => row.key === 'centrapay')!;
    expect(sum(report.assets.map((row) => row.sales.amount))).toBe(centrapay.sales.amount);
    expect(sum(report.assets.map((row) => row.refunds.amount))).toBe(centrapay.refunds.amount);
  });

  it('shows pending refunds apart and leaves failed ones out', () => {
    expect(report.pendingRefunds).toEqual({ count: 1, amount: '100', items: [{ orderRef: 'S1', method: 'centrapay', amount: '100', createdAt: AT }] });
  });

  it('lists the sales that took nothing by how they ended', () => {
    expect(report.notCounted).toEqual([{ result: 'refunded', count: 1, amount: '500' }, { result: 'cancelled', count: 1, amount: '400' }]);
  });

  it('counts what was refunded here of a sale found at Centrapay, but not the sale: another till sold it', () => {
    const found = sale('F1', '1200', 'paid', [request('PF', 'F1', '1200', [NZD('1200')])], [], true);
    found.sale.kind = 'found';
    const refundedHere = refund('RF', 'F1', 'centrapay', '450', 'completed', [{ type: 'centrapay.nzd.test', description: 'Centrapay NZD', amount: '450' }]);
    const day = endOfDay({ ...DAY, sales: [...SALES, found], refunds: [...REFUNDS, refundedHere] });
    expect(day.total).toEqual({ key: 'total', label: 'All tenders', sales: tally(6, '8550'), refunds: tally(7, '4370'), net: '4180' });
    expect(day.assets.find((row) => row.key === 'centrapay.nzd.test')).toMatchObject({ sales: tally(2, '2400'), refunds: tally(3, '1650') });
    expect(day.notCounted).toEqual(report.notCounted);
  });

  it('is empty but complete on a day without sales', () => {
    const empty = endOfDay({ ...DAY, sales: [], refunds: [] });
    expect(empty.tenders.map((row) => [row.key, row.net])).toEqual([['cash', '0'], ['card', '0'], ['centrapay', '0']]);
    expect(empty.assets).toEqual([]);
    expect(empty.total).toMatchObject({ sales: tally(0, '0'), refunds: tally(0, '0'), net: '0' });
  });
});

describe('the CSV', () => {
  it('has a row per tender, asset type and total, in dollars and cents, with the date and lane on each', () => {
    const report = endOfDay({ ...DAY, lane: 'lane-1', sales: SALES.slice(0, 2), refunds: [REFUNDS[0]!, REFUNDS[4]!] });
    expect(REFUNDS[4]!.refund.status).toBe('pending');
    expect(endOfDayCsv(report)).toBe([
      'date,lane,section,key,description,sales_count,sales_amount,refunds_count,refunds_amount,net_amount,currency',
      '2026-11-26,lane-1,tender,cash,Cash,1,5.50,0,0.00,5.50,NZD',
      '2026-11-26,lane-1,tender,card,Card (external),0,0.00,0,0.00,0.00,NZD',
      '2026-11-26,lane-1,tender,centrapay,Centrapay,1,17.00,1,5.00,12.00,NZD',
      '2026-11-26,lane-1,centrapay-asset,centrapay.nzd.test,Centrapay NZD,1,17.00,1,5.00,12.00,NZD',
      '2026-11-26,lane-1,total,total,All tenders,2,22.50,1,5.00,17.50,NZD',
      '2026-11-26,lane-1,pending-refunds,,Refunds not completed (not in the totals),,,1,1.00,,NZD',
      '',
    ].join('\r\n'));
  });

  it('quotes what needs quoting, and never lets a description run as a spreadsheet formula', () => {
    const sales = [sale('S1', '100', 'paid', [request('P1', 'S1', '100', [asset('x.gift', '=HYPERLINK("evil"), "gift"', '100')])], [])];
    const csv = endOfDayCsv(endOfDay({ ...DAY, sales, refunds: [] }));
    expect(csv).toContain('2026-11-26,all,centrapay-asset,x.gift,"\'=HYPERLINK(""evil""), ""gift""",1,1.00,0,0.00,1.00,NZD\r\n');
  });

  it('writes cents as dollars exactly, negatives too', () => {
    expect(['0', '5', '99', '100', '2700', '-5', '-12345', '123456789012345'].map(decimal))
      .toEqual(['0.00', '0.05', '0.99', '1.00', '27.00', '-0.05', '-123.45', '1234567890123.45']);
  });

  it('is named for its day and lane', () => {
    expect(endOfDayFilename('2026-11-26', null)).toBe('end-of-day-2026-11-26-all-lanes.csv');
    expect(endOfDayFilename('2026-11-26', 'lane-1')).toBe('end-of-day-2026-11-26-lane-1.csv');
  });
});

// The receipt made from journal rows: lines with GST, what paid (each request by its short code and `paidBy`, the
// counter by method), refunds; no Centrapay call is possible here, only rows.
import { describe, expect, it } from 'vitest';
import type { PaidBy } from '../../../domain/centrapay';
import { receiptSchema } from '../../../domain/receipt';
import type { RefundRow, RequestRow, SaleRow, TenderRow } from '../journal/journal';
import { buildReceipt, hasReceipt } from './receipt';

const SALE: SaleRow = {
  ref: 'till-1-000007-ABCDEF', number: 7, store: 'default', lane: 'lane-1', kind: 'connect', terminalId: 'till-1', total: '2150', currency: 'NZD',
  operatorId: 'op-7', result: 'paid', createdAt: '2026-11-26T01:02:03.000Z', updatedAt: '2026-11-26T01:03:00.000Z',
  invoiceRef: 'till-1-000007-ABCDEF', purchaseOrderRef: null, discount: null,
};
const LINE_ITEMS = JSON.stringify([
  { name: 'Flat White', sku: 'COFFEE-FW', qty: '2', price: '1100', tax: '15' },
  { name: 'Blueberry Muffin', sku: 'FOOD-MUF', qty: '1', price: '600', tax: '15' },
  { name: 'Gift card', sku: 'GIFT', qty: '1', price: '450', tax: '0' },
]);
const paidBy = (...totals: [type: string, description: string, amount: string][]): PaidBy => ({
  assetTotals: totals.map(([type, description, amount]) => ({ type, description, total: { amount, currency: 'NZD' } })),
});
const request = (id: string, shortCode: string, amount: string, status: string, by: PaidBy | null, connectionId: string | null = null): RequestRow => ({
  id, shortCode, orderRef: SALE.ref, amount, currency: 'NZD', status, createdAt: SALE.createdAt, paidBy: by, connectionId,
});
const tender = (method: string, amount: string, paymentRequestId: string | null = null, onRequest = false): TenderRow => ({
  orderRef: SALE.ref, paymentRequestId, onRequest, method, amount, actor: 'cashier:op-7', at: SALE.createdAt,
});
const refund = (row: Partial<RefundRow>): RefundRow => ({
  id: 'rf-1', orderRef: SALE.ref, paymentRequestId: 'pr-1', method: 'centrapay', amount: '550', currency: 'NZD', lineItems: null, reason: null,
  actor: 'cashier:op-7', status: 'completed', error: null, assetTotals: null, createdAt: '2026-11-26T02:00:00.000Z', updatedAt: '2026-11-26T02:00:00.000Z',
  ...row,
});
const MERCHANT = { name: 'Sandbox Café', gstNumber: '123-456-789' };
const build = (parts: { requests?: RequestRow[]; tenders?: TenderRow[]; refunds?: RefundRow[]; sale?: Partial<SaleRow> } = {}) =>
  receiptSchema.parse(buildReceipt({
    merchant: MERCHANT, sale: { ...SALE, ...parts.sale }, lineItems: LINE_ITEMS,
    requests: parts.requests ?? [], tenders: parts.tenders ?? [], refunds: parts.refunds ?? [],
  }));

describe('a receipt from the journal', () => {
  it('has the merchant, the order and each line with the GST its price includes, rounded per line', () => {
    const receipt = build();
    expect(receipt.merchant).toEqual(MERCHANT);
    expect(receipt.order).toEqual({ ref: SALE.ref, number: 7, date: SALE.createdAt, result: 'paid', invoiceRef: SALE.ref, purchaseOrderRef: null });
    expect(receipt.discount).toBeNull();
    expect(receipt.lines).toEqual([
      { name: 'Flat White', qty: '2', total: '1100', tax: '15', gst: '143' },
      { name: 'Blueberry Muffin', qty: '1', total: '600', tax: '15', gst: '78' },
      { name: 'Gift card', qty: '1', total: '450', tax: '0', gst: '0' },
    ]);
    expect(receipt.total).toBe('2150');
    expect(receipt.gst).toBe('221');
  });

  it('names what paid each paid request by its short code and `paidBy`, and what the counter took by method', () => {
    const receipt = build({
      requests: [
        // The patron's NZD and a voucher, and cash recorded on the request (external): that shows as cash.
        request('pr-1', 'CP-AAA-111', '2150', 'paid', paidBy(['sbx.voucher.test', 'Sandbox Voucher', '220'], ['centrapay.nzd.test', 'Centrapay NZD', '1430'], ['external.test', 'External', '500'])),
        // Voided before anything was paid: not on the receipt.
        request('pr-0', 'CP-ZZZ-000', '2150', 'cancelled', null),
      ],
      tenders: [tender('cash', '500', 'pr-1', true)],
    });
    expect(receipt.tenders).toEqual([
      { kind: 'centrapay', shortCode: 'CP-AAA-111', amount: '1650', paidBy: [{ description: 'Sandbox Voucher', amount: '220' }, { description: 'Centrapay NZD', amount: '1430' }] },
      { kind: 'counter', method: 'cash', amount: '500' },
    ]);
    expect(receipt.offers).toEqual([]);
  });

  it('keeps a $21.00 sale’s total and GST when a $20 voucher paid part of it: the voucher is a payment (issue 20)', () => {
    const receipt = build({
      sale: { total: '2100', kind: 'code' },
      requests: [
        request('pr-1', 'CP-VCH-001', '2100', 'paid', paidBy(['sbx.voucher.test', 'Sandbox Voucher', '2000'])),
        request('pr-2', 'CP-RST-002', '100', 'paid', paidBy(['centrapay.nzd.test', 'Centrapay NZD', '100'])),
      ],
    });
    const lines = JSON.parse(LINE_ITEMS) as { price: string }[];
    expect(receipt.total).toBe('2100');
    expect(receipt.offers).toEqual([]);
    expect(receipt.gst).toBe('221');
    expect(receipt.lines.map((line) => line.total)).toEqual(lines.map((line) => line.price));
    expect(receipt.tenders).toEqual([
      { kind: 'centrapay', shortCode: 'CP-VCH-001', amount: '2000', paidBy: [{ description: 'Sandbox Voucher', amount: '2000' }] },
      { kind: 'centrapay', shortCode: 'CP-RST-002', amount: '100', paidBy: [{ description: 'Centrapay NZD', amount: '100' }] },
    ]);
  });

  it('lists a connected wallet’s offer as a discount, off the total, with GST on the discounted price, never as what paid', () => {
    const flatWhites = { name: 'Flat White', sku: 'COFFEE-FW', qty: '2', price: '1100', tax: '15' };
    const offer = { type: 'sbx.rewards.test', description: 'Sandbox Rewards', total: { amount: '220', currency: 'NZD' }, lineItems: [flatWhites] };
    const token = { type: 'centrapay.token.test', description: 'Centrapay Token', total: { amount: '450', currency: 'NZD' } };
    const nzd = { type: 'centrapay.nzd.test', description: 'Centrapay NZD', total: { amount: '1480', currency: 'NZD' } };
    const receipt = build({ requests: [request('pr-1', 'CP-AAA-111', '2150', 'paid', { assetTotals: [offer, token, nzd] }, 'cn_1')] });
    expect(receipt.offers).toEqual([{ description: 'Sandbox Rewards', amount: '220' }]);
    expect(receipt.total).toBe('1930');
    // The flat whites' GST is on $8.80 (115), the muffin's on $6.00 (78), the gift card has none.
    expect(receipt.lines.map((line) => line.gst)).toEqual(['115', '78', '0']);
    expect(receipt.gst).toBe('193');
    expect(receipt.lines[0]!.total).toBe('1100');
    expect(receipt.tenders).toEqual([
      { kind: 'centrapay', shortCode: 'CP-AAA-111', amount: '1930', paidBy: [{ description: 'Centrapay Token', amount: '450' }, { description: 'Centrapay NZD', amount: '1480' }] },
    ]);
  });

  it('counts an offer only on a request that kept its money: a cancelled one gave it back', () => {
    const offer = paidBy(['sbx.rewards.test', 'Sandbox Rewards', '220']);
    const receipt = build({ requests: [request('pr-0', 'CP-ZZZ-000', '2150', 'cancelled', offer, 'cn_1'), request('pr-1', 'CP-AAA-111', '2150', 'paid', paidBy(['centrapay.nzd.test', 'Centrapay NZD', '2150']))] });
    expect(receipt).toMatchObject({ offers: [], total: '2150', gst: '221' });
  });

  it('without `paidBy`, counts a paid request’s amount less what was recorded on it at the counter', () => {
    const receipt = build({
      requests: [request('pr-1', 'CP-AAA-111', '2150', 'paid', null)],
      tenders: [tender('card', '650', 'pr-1', true)],
    });
    expect(receipt.tenders).toEqual([
      { kind: 'centrapay', shortCode: 'CP-AAA-111', amount: '1500', paidBy: [] },
      { kind: 'counter', method: 'card', amount: '650' },
    ]);
  });

  it('nets counter tenders handed back, and leaves out a method that was all handed back', () => {
    const receipt = build({ tenders: [tender('cash', '1000'), tender('card', '500'), tender('card', '-500'), tender('cash', '1150')] });
    expect(receipt.tenders).toEqual([{ kind: 'counter', method: 'cash', amount: '2150' }]);
  });

  it('lists refunds that returned money or are returning it, with the lines and GST refunded, not those that failed', () => {
    const receipt = build({
      requests: [request('pr-1', 'CP-AAA-111', '2150', 'paid', paidBy(['centrapay.nzd.test', 'Centrapay NZD', '2150']))],
      refunds: [
        refund({ lineItems: JSON.stringify([{ name: 'Flat White', sku: 'COFFEE-FW', qty: '1', price: '550', tax: '15' }]),
          assetTotals: JSON.stringify([{ type: 'centrapay.nzd.test', amount: '550' }]), reason: 'Cold coffee' }),
        refund({ id: 'rf-2', method: 'cash', paymentRequestId: null, amount: '450', status: 'pending' }),
        refund({ id: 'rf-3', status: 'failed', error: 'REFUND_WINDOW_EXCEEDED' }),
      ],
    });
    expect(receipt.refunds).toEqual([
      {
        method: 'centrapay', amount: '550', status: 'completed', reason: 'Cold coffee', shortCode: 'CP-AAA-111',
        lines: [{ name: 'Flat White', qty: '1', total: '550', tax: '15', gst: '72' }], gst: '72',
        paidBy: [{ description: 'Centrapay NZD', amount: '550' }], at: '2026-11-26T02:00:00.000Z',
      },
      { method: 'cash', amount: '450', status: 'pending', reason: null, shortCode: null, lines: [], gst: null, paidBy: [], at: '2026-11-26T02:00:00.000Z' },
    ]);
  });

  it('is made only for sales that kept money', () => {
    for (const result of ['paid', 'refunded']) expect(hasReceipt({ ...SALE, result })).toBe(true);
    for (const result of ['pending', 'not-started', 'cancelled', 'expired', 'unknown']) expect(hasReceipt({ ...SALE, result })).toBe(false);
  });
});

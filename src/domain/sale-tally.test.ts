import { describe, expect, it } from 'vitest';
import type { AssetTotal, PaymentRequest } from './centrapay';
import type { LanePayment, LaneState } from './lane';
import { amountStillOwed } from './sale';
import { ISSUE_CART, ISSUE_LINE_ITEMS } from '../test-support/tender-lanes';
import { saleTally } from './sale-tally';

// The issue's sale (issue 20): $21.00 of muffins and juice.
const cart = ISSUE_CART;
const lineItems = ISSUE_LINE_ITEMS;
const nzd = (amount: string) => ({ amount, currency: 'NZD' });
const voucher = (amount: string): AssetTotal => ({ type: 'sbx.voucher.test', description: 'Sandbox Voucher', total: nzd(amount) });
const rewards = (amount: string): AssetTotal => ({ type: 'sbx.rewards.test', description: 'Sandbox Rewards', total: nzd(amount), lineItems: [lineItems[0]!] });

function request(value: string, remaining: string, totals: AssetTotal[], extra: Partial<PaymentRequest> = {}): PaymentRequest {
  return {
    id: `pr-${value}-${remaining}`, shortCode: 'CP-AAA-AAA', url: 'u', value: nzd(value), paymentOptions: [], merchantId: 'm', merchantName: 'M',
    configId: 'c', status: remaining === '0' || extra.partialAllowed ? 'paid' : 'new', createdAt: '', updatedAt: '', expiresAt: '', merchantConditions: [],
    remainingAmount: remaining, lineItems, ...(totals.length > 0 ? { paidBy: { assetTotals: totals } } : {}), ...extra,
  };
}

function payment(outcome: LanePayment['outcome'], paymentRequest: PaymentRequest, tenders: LanePayment['tenders'] = []): LanePayment {
  return { paymentRequest, tenders, outcome, startedAt: '', finishedAt: null, notice: null };
}

function lane(overrides: Partial<LaneState>): LaneState {
  return {
    lane: { id: 'l', name: 'L' }, cart, total: '2100', step: null, payment: null, parts: [], counter: [], connection: null, settlement: null,
    notice: null, followUps: 0, tab: null, version: 1, serverTime: '', resultSeconds: 10,
    order: { ref: 'till-1-000001-AAAAAA', kind: 'code', total: '2100', startedAt: '', code: null, patronNotPresent: false },
    ...overrides,
  };
}

describe('saleTally', () => {
  it('keeps the total of a $21.00 sale a $20 voucher paid part of: the voucher paid $20.00, $1.00 is still to pay (issue 20)', () => {
    const state = lane({ payment: payment('paid', request('2100', '100', [voucher('2000')], { barcode: '700000000011', partialAllowed: true })) });
    const tally = saleTally(state);
    expect(tally).toMatchObject({ price: '2100', discountTotal: '0', total: '2100', paid: '2000', stillToPay: '100', orderDiscounts: [] });
    expect(tally.payments).toEqual([{ kind: 'asset', description: 'Sandbox Voucher', amount: '2000', currency: 'NZD' }]);
    expect(tally.lines.every((line) => line.discounts.length === 0)).toBe(true);
    expect(tally.stillToPay).toBe(amountStillOwed(state));
  });

  it('takes a connected wallet’s offer off the total, under the item it paid for', () => {
    const state = lane({ order: { ...lane({}).order!, kind: 'connect' }, payment: payment('pending', request('2100', '1880', [rewards('220')], { connectionId: 'cn_1' })) });
    const tally = saleTally(state);
    expect(tally).toMatchObject({ discountTotal: '220', total: '1880', payments: [], paid: '0', stillToPay: '1880' });
    expect(tally.lines[0]!.discounts).toEqual([{ kind: 'offer', description: 'Sandbox Rewards', amount: '220' }]);
  });

  it('lists a token the wallet redeemed on a connected request as a payment, not a discount', () => {
    const token: AssetTotal = { type: 'centrapay.token.test', description: 'Centrapay Token', total: nzd('450'), lineItems: [lineItems[1]!] };
    const state = lane({ payment: payment('pending', request('2100', '1430', [rewards('220'), token], { connectionId: 'cn_1' })) });
    const tally = saleTally(state);
    expect(tally).toMatchObject({ discountTotal: '220', total: '1880', paid: '450', stillToPay: '1430' });
    expect(tally.payments).toEqual([{ kind: 'asset', description: 'Centrapay Token', amount: '450', currency: 'NZD' }]);
    expect(tally.lines[1]!.discounts).toEqual([]);
  });

  it('lists a Farmlands card as what paid, and keeps the store’s Card Partner discount a discount on each line', () => {
    const discount = { provider: 'farmlands', description: 'Farmlands Card Partner discount', percent: '10', amount: '210' };
    const state = lane({
      order: { ...lane({}).order!, total: '1890', discount },
      payment: payment('paid', request('1890', '0', [{ type: 'farmlands.nzd.test', description: 'Farmlands', total: nzd('1890') }], { barcode: '424242424' })),
    });
    const tally = saleTally(state);
    expect(tally).toMatchObject({ price: '2100', discountTotal: '210', total: '1890', paid: '1890', stillToPay: '0' });
    expect(tally.payments).toEqual([{ kind: 'asset', description: 'Farmlands', amount: '1890', currency: 'NZD' }]);
    expect(tally.lines.map((line) => line.discounts)).toEqual([
      [{ kind: 'card-partner', percent: '10', amount: '120' }],
      [{ kind: 'card-partner', percent: '10', amount: '90' }],
    ]);
  });

  it('lists counter parts, earlier requests, the live request’s part payment and the rest at the counter in the order taken', () => {
    const part = payment('paid', request('1600', '100', [voucher('1500')], { barcode: '700000000011', partialAllowed: true }));
    const live = payment('pending', request('100', '60', [{ type: 'centrapay.nzd.test', description: 'Centrapay NZD', total: nzd('40') }], { partialAllowed: true, status: 'new' }));
    const state = lane({ counter: [{ tender: { method: 'cash', amount: '500' }, at: '' }], parts: [part], payment: live });
    const tally = saleTally(state);
    expect(tally.payments).toEqual([
      { kind: 'counter', method: 'cash', amount: '500' },
      { kind: 'asset', description: 'Sandbox Voucher', amount: '1500', currency: 'NZD' },
      { kind: 'asset', description: 'Centrapay NZD', amount: '40', currency: 'NZD' },
    ]);
    expect(tally).toMatchObject({ total: '2100', paid: '2040', stillToPay: '60' });

    const settled = lane({ counter: state.counter, payment: part, settlement: { tender: { method: 'card', amount: '100' }, at: '' } });
    expect(saleTally(settled).payments.at(-1)).toEqual({ kind: 'counter', method: 'card', amount: '100' });
    expect(saleTally(settled).stillToPay).toBe('0');
  });

  it('names the till’s cash recorded on a request as cash, and counts what Centrapay took but paidBy does not name', () => {
    const external: AssetTotal = { type: 'external.test', description: 'External', total: nzd('1880') };
    const paid = payment('paid', request('2100', '0', [rewards('220'), external], { connectionId: 'cn_1' }), [{ method: 'cash', amount: '1880', tendered: '2000' }]);
    expect(saleTally(lane({ payment: paid })).payments).toEqual([{ kind: 'counter', method: 'cash', amount: '1880' }]);

    const unnamed = payment('paid', request('2100', '600', [], { partialAllowed: true }));
    expect(saleTally(lane({ payment: unnamed }))).toMatchObject({ paid: '1500', stillToPay: '600', payments: [{ kind: 'asset', description: 'Centrapay', amount: '1500' }] });
  });

  it('counts nothing of a request that ended unpaid: its offers and payments went back', () => {
    const cancelled = payment('cancelled', request('2100', '1880', [rewards('220')], { connectionId: 'cn_1', status: 'cancelled' }));
    expect(saleTally(lane({ payment: cancelled }))).toMatchObject({ discountTotal: '0', total: '2100', payments: [], stillToPay: '2100' });
  });
});

// Lane states the screens' tests draw, as the gateway tells them (issue 20, "tenders are tenders"): a $21.00 sale a
// $20 voucher paid part of (the sandbox voucher 700000000011, Quick Pay, `sbx.voucher.test`), and a $17.00 sale the
// connected rewards wallet took $2.20 off.
import type { AssetTotal, LineItem, PaymentRequest } from '../domain/centrapay';
import type { LaneState } from '../domain/lane';

export const NOW = Date.parse('2026-11-26T10:00:00.000Z');
const nzd = (amount: string) => ({ amount, currency: 'NZD' });

function request(value: string, remaining: string, lineItems: LineItem[], totals: AssetTotal[], extra: Partial<PaymentRequest>): PaymentRequest {
  return {
    id: 'PRtenders1', shortCode: 'CP-AAA-BBB', url: 'http://localhost/sandbox/pay/PRtenders1', value: nzd(value), paymentOptions: [], merchantId: 'sbxMerchantCafe',
    merchantName: 'Sandbox Café', configId: 'sbxConfigCafe', status: 'new', createdAt: new Date(NOW - 60_000).toISOString(), updatedAt: new Date(NOW).toISOString(),
    expiresAt: new Date(NOW + 60_000).toISOString(), merchantConditions: [], remainingAmount: remaining, lineItems, paidBy: { assetTotals: totals }, ...extra,
  };
}

function lane(overrides: Partial<LaneState>): LaneState {
  return {
    lane: { id: 'till-1', name: 'Till 1' }, cart: [], total: '0', order: null, step: null, payment: null, parts: [], counter: [], connection: null,
    settlement: null, notice: null, followUps: 0, tab: null, version: 1, serverTime: new Date(NOW).toISOString(), resultSeconds: 8, ...overrides,
  };
}

/** The issue's sale: $21.00 of muffins and juice, as the cart and as the request's line items. */
export const ISSUE_CART = [
  { sku: 'FOOD-MUF', name: 'Blueberry Muffin', qty: 2, unitPrice: '600', tax: '15' },
  { sku: 'DRINK-OJ', name: 'Orange Juice', qty: 2, unitPrice: '450', tax: '15' },
];
export const ISSUE_LINE_ITEMS: LineItem[] = [
  { name: 'Blueberry Muffin', sku: 'FOOD-MUF', qty: '2', price: '1200', tax: '15' },
  { name: 'Orange Juice', sku: 'DRINK-OJ', qty: '2', price: '900', tax: '15' },
];

/** $21.00 of muffins and juice; the voucher paid $20.00 of it (Centrapay calls its request paid); $1.00 is still to pay. */
export function voucherPaidPart(): LaneState {
  const cart = ISSUE_CART;
  const lineItems = ISSUE_LINE_ITEMS;
  const voucher = { type: 'sbx.voucher.test', description: 'Sandbox Voucher', total: nzd('2000') };
  const paymentRequest = request('2100', '100', lineItems, [voucher], { status: 'paid', barcode: '700000000011', partialAllowed: true, basketAmount: '2100' });
  return lane({
    cart, total: '2100',
    order: { ref: 'till-1-000021-VOUCHR', kind: 'code', total: '2100', startedAt: new Date(NOW - 60_000).toISOString(), patronNotPresent: false,
      code: { masked: '•••• 0011', provider: 'sbx-voucher', displayName: 'Sandbox Voucher' } },
    payment: { paymentRequest, tenders: [], outcome: 'paid', startedAt: new Date(NOW - 60_000).toISOString(), finishedAt: new Date(NOW - 1_000).toISOString(), notice: null },
  });
}

/** Two flat whites and a muffin ($17.00); the connected rewards wallet paid its offer, $2.20 off the coffee; the request is live. */
export function connectedOffer(): LaneState {
  const cart = [
    { sku: 'COFFEE-FW', name: 'Flat White', qty: 2, unitPrice: '550', tax: '15' },
    { sku: 'FOOD-MUF', name: 'Blueberry Muffin', qty: 1, unitPrice: '600', tax: '15' },
  ];
  const lineItems = [
    { name: 'Flat White', sku: 'COFFEE-FW', qty: '2', price: '1100', tax: '15' },
    { name: 'Blueberry Muffin', sku: 'FOOD-MUF', qty: '1', price: '600', tax: '15' },
  ];
  const offer = { type: 'sbx.rewards.test', description: 'Sandbox Rewards', total: nzd('220'), lineItems: [lineItems[0]!] };
  const paymentRequest = request('1700', '1480', lineItems, [offer], { connectionId: 'cn_tenders1', connectionStatus: 'authorized', partialAllowed: true, basketAmount: '1700' });
  const at = new Date(NOW - 60_000).toISOString();
  return lane({
    cart, total: '1700',
    order: { ref: 'till-1-000017-OFFERS', kind: 'connect', total: '1700', startedAt: at, patronNotPresent: false, code: null },
    connection: { id: 'cn_tenders1', url: 'u', outcome: 'linked', walletName: 'Sandbox Rewards', startedAt: at, expiresAt: new Date(NOW + 60_000).toISOString(), finishedAt: at, notice: null },
    payment: { paymentRequest, tenders: [], outcome: 'pending', startedAt: at, finishedAt: null, notice: null },
  });
}

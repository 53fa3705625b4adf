import { describe, expect, it } from 'vitest';
import type { PaymentRequest } from '../../domain/centrapay';
import type { LanePayment, LaneState, LaneStep } from '../../domain/lane';
import { refusal } from '../../domain/sale';
import { wordsFor } from '../i18n/i18n';
import { displayConditionWords, displayScreen, displayStepWords, followUpWords, THANKS_SECONDS } from './sale-state';

const NOW = Date.parse('2026-11-24T10:00:00.000Z');
const cart = [{ sku: 'COFFEE-FW', name: 'Flat White', qty: 1, unitPrice: '550', tax: '15' }];
const order = { ref: 'till-1-000001-K7QZ2M', kind: 'qr' as const, total: '550', startedAt: new Date(NOW - 5_000).toISOString(), code: null, patronNotPresent: false };

function state(overrides: Partial<LaneState> = {}): LaneState {
  return {
    lane: { id: 'l', name: 'L' }, cart, total: '550', order: null, step: null, payment: null, parts: [], counter: [], connection: null, settlement: null,
    notice: null, followUps: 0,
  tab: null, version: 1, serverTime: new Date(NOW).toISOString(), resultSeconds: 10, ...overrides,
  };
}

function step(kind: LaneStep['kind'], notice: string | null = null): LaneStep {
  return { kind, since: new Date(NOW - 1_000).toISOString(), notice, cancelRequested: false, method: null, decision: null };
}

function payment(outcome: LanePayment['outcome'], request: Partial<PaymentRequest> = {}, finishedAgoMs: number | null = null): LanePayment {
  return {
    paymentRequest: {
      id: 'pr', shortCode: 'CP-AAA-AAA', url: 'u', value: { amount: '550', currency: 'NZD' }, paymentOptions: [], merchantId: 'm',
      merchantName: 'M', configId: 'c', status: outcome === 'pending' || outcome === 'unknown' ? 'new' : outcome,
      createdAt: '', updatedAt: '', expiresAt: '', merchantConditions: [], remainingAmount: outcome === 'paid' ? '0' : '550', ...request,
    },
    tenders: [], outcome, startedAt: '', notice: null,
    finishedAt: finishedAgoMs === null ? null : new Date(NOW - finishedAgoMs).toISOString(),
  };
}

describe('displayScreen', () => {
  it('is idle with nothing on the lane, and follows the cart as it is built', () => {
    expect(displayScreen(state({ cart: [] }), NOW)).toBe('idle');
    expect(displayScreen(state(), NOW)).toBe('cart');
  });

  it('shows that the payment is starting, with no QR code, until the request exists', () => {
    expect(displayScreen(state({ order, step: step('creating') }), NOW)).toBe('starting');
    expect(displayScreen(state({ order: { ...order, kind: 'connect' }, step: step('connecting') }), NOW)).toBe('starting');
    expect(displayScreen(state({ order, payment: payment('pending') }), NOW)).toBe('pay');
  });

  it('shows the QR while a payment is pending, then the result for resultSeconds, then thanks, then idle', () => {
    expect(displayScreen(state({ order, payment: payment('pending') }), NOW)).toBe('pay');
    expect(displayScreen(state({ order, payment: payment('paid', {}, 9_000) }), NOW)).toBe('result');
    expect(displayScreen(state({ order, payment: payment('paid', {}, 10_000) }), NOW)).toBe('thanks');
    expect(displayScreen(state({ order, payment: payment('paid', {}, 10_000 + THANKS_SECONDS * 1000 - 1) }), NOW)).toBe('thanks');
    expect(displayScreen(state({ order, payment: payment('paid', {}, 10_000 + THANKS_SECONDS * 1000) }), NOW)).toBe('idle');
  });

  it('thanks the patron after a sale settled at the counter too, but not after a cancelled one', () => {
    const settled = (agoMs: number) => state({ order: { ...order, kind: 'counter' as const }, settlement: { tender: { method: 'card', amount: '550' }, at: new Date(NOW - agoMs).toISOString() } });
    expect(displayScreen(settled(3_000), NOW)).toBe('result');
    expect(displayScreen(settled(12_000), NOW)).toBe('thanks');
    expect(displayScreen(settled(60_000), NOW)).toBe('idle');
    expect(displayScreen(state({ order, payment: payment('cancelled', {}, 12_000) }), NOW)).toBe('cart');
    expect(displayScreen(state({ cart: [], order, payment: payment('cancelled', {}, 12_000) }), NOW)).toBe('idle');
  });

  it('keeps a phone order off the display, thanks included: the patron is not at the counter', () => {
    expect(displayScreen(state({ order: { ...order, patronNotPresent: true }, payment: payment('paid', {}, 12_000) }), NOW)).toBe('idle');
  });

  it('stays on the pay screen while the request is being cancelled or a counter payment recorded on it', () => {
    expect(displayScreen(state({ order, payment: payment('pending'), step: step('cancelling') }), NOW)).toBe('pay');
    expect(displayScreen(state({ order, payment: payment('pending'), step: step('tendering') }), NOW)).toBe('pay');
  });

  it('goes back to the undiscounted cart once a cancelled payment has been shown', () => {
    expect(displayScreen(state({ order, payment: payment('cancelled', {}, 2_000) }), NOW)).toBe('result');
    expect(displayScreen(state({ order, payment: payment('cancelled', {}, 20_000) }), NOW)).toBe('cart');
  });

  it('shows the cart when the payment never started (the lane has a notice, no payment)', () => {
    expect(displayScreen(state({ order, notice: 'Centrapay did not answer, so the payment did not start.' }), NOW)).toBe('cart');
  });

  it('asks for the rest when a request was paid in part, until the till takes it, also while refunding', () => {
    const paidInPart = payment('paid', { remainingAmount: '200' }, 1_000);
    expect(displayScreen(state({ order, payment: paidInPart }), NOW)).toBe('collect');
    expect(displayScreen(state({ order, payment: paidInPart, step: step('refunding') }), NOW)).toBe('collect');
    const settled = state({ order, payment: paidInPart, settlement: { tender: { method: 'cash', amount: '200' }, at: new Date(NOW).toISOString() } });
    expect(displayScreen(settled, NOW)).toBe('result');
  });

  it('shows the connect QR while the wallet is awaited', () => {
    const connection = { id: 'cn_1', url: 'u', outcome: 'waiting' as const, walletName: null, startedAt: '', expiresAt: '', finishedAt: null, notice: null };
    expect(displayScreen(state({ order: { ...order, kind: 'connect' }, connection }), NOW)).toBe('connect');
  });
});

const english = wordsFor('en-NZ');
const maori = wordsFor('mi-NZ');

describe('displayStepWords', () => {
  it('names every wait in the patron’s words, and a slow start by its notice', () => {
    expect(displayStepWords(state(), english)).toBeNull();
    expect(displayStepWords(state({ step: step('creating') }), english)).toBe('Starting payment…');
    expect(displayStepWords(state({ step: step('creating', 'Checking with Centrapay…') }), english)).toBe('Checking with Centrapay…');
    expect(displayStepWords(state({ step: step('cancelling') }), english)).toBe('Cancelling…');
    // Cancelled by a cashier before the request existed: every screen says so, not only the one that pressed.
    expect(displayStepWords(state({ step: { ...step('creating'), cancelRequested: true } }), english)).toBe('Cancelling…');
    expect(displayStepWords(state({ step: step('tendering') }), english)).toBe('Recording your payment…');
    expect(displayStepWords(state({ step: step('refunding') }), english)).toBe('Refunding…');
    expect(displayStepWords(state({ step: step('deciding') }), english)).toBe('The cashier is checking…');
  });

  it('says them in te reo Māori to a patron who chose it, the till’s English notice included', () => {
    expect(displayStepWords(state({ step: step('creating') }), maori)).toBe('Kei te tīmata te utu…');
    expect(displayStepWords(state({ step: step('creating', 'Checking with Centrapay…') }), maori)).toBe('Kei te pātai ki a Centrapay…');
    expect(displayStepWords(state({ step: step('cancelling') }), maori)).toBe('Kei te whakakore…');
    expect(displayStepWords(state({ step: step('tendering') }), maori)).toBe('Kei te tuhi i tō utu…');
  });
});

describe('displayConditionWords', () => {
  const withCondition = (name: string, status: 'awaiting-merchant' | 'awaiting-patron') =>
    state({ payment: payment('pending', { merchantConditions: [{ id: '1', name, message: 'Check', status }] }) });

  it('tells the patron who is checking what, in their language', () => {
    expect(displayConditionWords(state({ payment: payment('pending') }), english)).toBeNull();
    expect(displayConditionWords(withCondition('photo-id-check', 'awaiting-merchant'), english)).toBe('The cashier is checking your ID');
    expect(displayConditionWords(withCondition('age-check', 'awaiting-merchant'), english)).toBe('The cashier is checking your order');
    expect(displayConditionWords(withCondition('terms', 'awaiting-patron'), english)).toBe('Please answer the question in your app');
    expect(displayConditionWords(withCondition('photo-id-check', 'awaiting-merchant'), maori)).toBe('Kei te tirotiro te kaimahi i tō tuakiri');
    expect(displayConditionWords(withCondition('terms', 'awaiting-patron'), maori)).toBe('Whakautua koa te pātai i tō taupānga');
  });
});

describe('followUpWords', () => {
  it('says how many earlier payments are still being cancelled', () => {
    expect(followUpWords(0)).toBeNull();
    expect(followUpWords(1)).toBe('1 earlier payment is still being cancelled with Centrapay');
    expect(followUpWords(3)).toBe('3 earlier payments are still being cancelled with Centrapay');
  });
});

// The cashier's buttons follow the domain's rules; these are the cases the screens lean on.
describe('what the cashier may do (domain refusal, as the screens use it)', () => {
  it('fixes the cart while starting, paying and once paid, and frees it after a cancel', () => {
    expect(refusal(state(), 'setCart')).toBeNull();
    expect(refusal(state({ order, step: step('creating') }), 'setCart')?.code).toBe('PAYMENT_IN_PROGRESS');
    expect(refusal(state({ order, payment: payment('pending') }), 'setCart')?.code).toBe('PAYMENT_IN_PROGRESS');
    expect(refusal(state({ order, payment: payment('paid', {}, 0) }), 'setCart')?.code).toBe('SALE_PAID');
    expect(refusal(state({ order, payment: payment('cancelled', {}, 0) }), 'setCart')).toBeNull();
    expect(refusal(state({ order, payment: payment('expired', {}, 0) }), 'setCart')).toBeNull();
  });

  it('offers cancel while starting, but no counter payment while cancelling, and no cancel while one is recorded', () => {
    expect(refusal(state({ order, step: step('creating') }), 'cancel')).toBeNull();
    expect(refusal(state({ order, payment: payment('pending'), step: step('cancelling') }), 'tender')?.message)
      .toBe('The payment is being cancelled. Take no money for it.');
    expect(refusal(state({ order, payment: payment('pending'), step: step('tendering') }), 'cancel')?.code).toBe('TENDER_IN_PROGRESS');
  });
});

// The lane's transition function on its own: commands checked against the state, observations applied, and the
// journal rows each change writes. No HTTP, no timers: the time comes in the context.
import { describe, expect, it } from 'vitest';
import { amountStillOwed, discountShown, salePhase } from '../../../domain/sale';
import { saleEffects } from './effects';
import type { SaleRecord, LaneEvent } from './events';
import { EMPTY_LANE, storedLaneSchema, type StoredLane } from './state';
import { CONTEXT, FLAT_WHITES, MUFFIN, newOrder, World } from '../../../test-support/sale-world';
import { transition, type TransitionContext } from './transition';

function step(state: StoredLane, event: LaneEvent, ctx: TransitionContext = CONTEXT): { state: StoredLane; records: SaleRecord[] } {
  const result = transition(state, event, ctx);
  if (result.refused) throw new Error(`refused: ${result.refused.code}`);
  expect(storedLaneSchema.safeParse(result.state).success).toBe(true);
  return result;
}

function refused(state: StoredLane, event: LaneEvent, ctx: TransitionContext = CONTEXT) {
  const result = transition(state, event, ctx);
  if (!result.refused) throw new Error('expected a refusal');
  return result.refused;
}

const CART = [FLAT_WHITES, MUFFIN];
const kinds = (records: SaleRecord[]) => records.map((record) => (record.kind === 'event' ? `event:${record.name}` : record.kind === 'result' ? `result:${record.result}` : record.kind));

/** A lane with a live QR payment, and the world that holds its request. */
function paying(world = new World()) {
  const pressed = step(EMPTY_LANE, { type: 'pay', kind: 'qr', cart: CART, order: newOrder(), actor: 'op-1' }).state;
  const request = world.create(pressed.order!);
  const state = step(pressed, { type: 'created', ref: pressed.order!.ref, paymentRequest: world.view(request.id), sends: 1 }).state;
  return { state, world, request, ref: pressed.order!.ref };
}

/** A Connect sale whose wallet linked and whose patron paid only part: money is owed. */
function owed() {
  const world = new World();
  let state = step(EMPTY_LANE, { type: 'pay', kind: 'connect', cart: CART, order: newOrder(), actor: 'op-1' }).state;
  const ref = state.order!.ref;
  state = step(state, { type: 'connectionCreated', ref, connection: { id: 'cn1', status: 'new', url: 'http://pos.test/c/cn1', merchantId: 'm', createdAt: '' } }).state;
  state = step(state, { type: 'connectionPolled', id: 'cn1', status: 'authorized', walletName: 'Sandbox Rewards' }).state;
  const request = world.create(state.order!, { connectionId: 'cn1' });
  state = step(state, { type: 'created', ref, paymentRequest: world.view(request.id), sends: 1 }).state;
  expect(world.pay(request.id, 500n, { partial: true })).toBeNull();
  state = step(state, { type: 'polled', paymentRequest: world.view(request.id) }).state;
  expect(salePhase(state)).toBe('owed');
  return { state, world, request, ref };
}

describe('Pay', () => {
  it('numbers the order, freezes the cart and asks for the request before anything is sent', () => {
    const order = newOrder();
    const { state, records } = step({ ...EMPTY_LANE, cart: CART }, { type: 'pay', kind: 'qr', cart: CART, order, actor: 'op-1' });
    expect(state.order).toMatchObject({ ref: order.ref, kind: 'qr', total: '1700', operatorId: 'op-1' });
    expect(state.order?.match).toMatchObject({ terminalId: 'till-1', deviceId: 'SN-1', currency: 'NZD', lineItems: [{ sku: 'COFFEE-FW', price: '1100' }, { sku: 'FOOD-MUF', price: '600' }] });
    expect(state.step?.kind).toBe('creating');
    expect(kinds(records)).toEqual(['order', 'result:pending', 'event:pay-pressed']);
    expect(saleEffects(state, CONTEXT)).toEqual([expect.objectContaining({ type: 'create', ref: order.ref, body: expect.objectContaining({ externalRef: order.ref, value: { amount: '1700', currency: 'NZD' }, terminalId: 'till-1', deviceId: 'SN-1', operatorId: 'op-1' }) })]);
    expect(refused(state, { type: 'setCart', cart: [MUFFIN], actor: 'op-1' }).code).toBe('PAYMENT_IN_PROGRESS');
  });

  it('a second press for the same cart changes nothing; for another cart it is refused', () => {
    const { state } = paying();
    const again = step(state, { type: 'pay', kind: 'qr', cart: CART, order: newOrder(), actor: 'op-2' });
    expect(again.state).toBe(state);
    expect(again.records).toEqual([]);
    expect(refused(state, { type: 'pay', kind: 'qr', cart: [MUFFIN], order: newOrder(), actor: 'op-2' }).code).toBe('PAYMENT_IN_PROGRESS');
  });

  it('refuses an empty cart and a total Centrapay cannot take, before anything is numbered', () => {
    expect(refused(EMPTY_LANE, { type: 'pay', kind: 'qr', cart: [], order: newOrder(), actor: 'op' })).toMatchObject({ statusCode: 400, code: 'EMPTY_CART' });
    const huge = [{ ...MUFFIN, unitPrice: '99999999', qty: 2 }];
    expect(refused(EMPTY_LANE, { type: 'pay', kind: 'qr', cart: huge, order: newOrder(), actor: 'op' })).toMatchObject({ statusCode: 400, code: 'TOTAL_OUT_OF_RANGE' });
  });
});

describe('creating the request', () => {
  it('a cancel while it is being created voids it as soon as it exists', () => {
    const world = new World();
    let state = step(EMPTY_LANE, { type: 'pay', kind: 'qr', cart: CART, order: newOrder(), actor: 'op-1' }).state;
    const ref = state.order!.ref;
    state = step(state, { type: 'cancel', ref, actor: 'op-2' }).state;
    expect(state.step).toMatchObject({ kind: 'creating', cancelRequested: true });
    const request = world.create(state.order!);
    state = step(state, { type: 'created', ref, paymentRequest: world.view(request.id), sends: 1 }).state;
    expect(state.step).toMatchObject({ kind: 'cancelling', actor: 'cashier:op-2' });
    expect(saleEffects(state, CONTEXT)).toEqual([expect.objectContaining({ type: 'void', id: request.id })]);
  });

  it('gives up after its deadline without saying nothing was charged, and keeps looking for what it may have made', () => {
    const world = new World();
    let state = step(EMPTY_LANE, { type: 'pay', kind: 'qr', cart: CART, order: newOrder(), actor: 'op-1' }).state;
    const ref = state.order!.ref;
    const made = world.create(state.order!);
    const gaveUp = step(state, { type: 'createGaveUp', ref });
    state = gaveUp.state;
    expect(state.step).toBeNull();
    expect(state.notice).toMatch(/nothing was taken/);
    expect(kinds(gaveUp.records)).toEqual(['event:create-gave-up', 'result:unknown']);
    expect(salePhase(state)).toBe('open');
    expect(saleEffects(state, CONTEXT)).toEqual([expect.objectContaining({ type: 'lookup', ref })]);
    // Found by its reference: voided, and its outcome is the sale's.
    state = step(state, { type: 'lookedUp', ref, matches: [world.view(made.id)] }).state;
    expect(state.loose).toContainEqual(expect.objectContaining({ type: 'request', id: made.id, settlesOrder: true }));
    const voided = step(state, { type: 'voided', id: made.id, refunded: false });
    expect(voided.records).toContainEqual({ kind: 'result', ref, result: 'cancelled' });
    expect(voided.state.loose.filter((end) => end.type === 'request')).toEqual([]);
  });

  it('adopts nothing whose ids, amount or line items differ from the order', () => {
    const world = new World();
    let state = step(EMPTY_LANE, { type: 'pay', kind: 'qr', cart: CART, order: newOrder(), actor: 'op-1' }).state;
    const ref = state.order!.ref;
    state = step(state, { type: 'createGaveUp', ref }).state;
    const foreign = world.create({ ...state.order!, total: '999', match: { ...state.order!.match, terminalId: 'kiosk-9' } });
    state = step(state, { type: 'lookedUp', ref, matches: [world.view(foreign.id)] }).state;
    expect(state.loose.filter((end) => end.type === 'request')).toEqual([]);
    // Once any request made from the order would have expired, the look-up ends: the sale was never started.
    const later = { ...CONTEXT, now: CONTEXT.now + 200_000 };
    const done = step(state, { type: 'lookedUp', ref, matches: [] }, later);
    expect(done.state.loose).toEqual([]);
    expect(done.records).toContainEqual({ kind: 'result', ref, result: 'not-started' });
  });

  it('a request whose create answered after the lane moved on is voided, never adopted', () => {
    const world = new World();
    let state = step(EMPTY_LANE, { type: 'pay', kind: 'qr', cart: CART, order: newOrder(), actor: 'op-1' }).state;
    const ref = state.order!.ref;
    const order = state.order!;
    state = step(state, { type: 'createGaveUp', ref }).state;
    state = step(state, { type: 'newSale', actor: 'op-1' }).state;
    const late = world.create(order);
    state = step(state, { type: 'created', ref, paymentRequest: world.view(late.id), sends: 1 }).state;
    expect(state.payment).toBeNull();
    expect(state.loose).toContainEqual(expect.objectContaining({ type: 'request', id: late.id, actor: 'system:late-create' }));
  });
});

describe('watching a live request', () => {
  it('shows paid only when Centrapay says paid, and journals the status once', () => {
    const { state, world, request, ref } = paying();
    const polledNew = step(state, { type: 'polled', paymentRequest: world.view(request.id) });
    expect(polledNew.records).toEqual([]);
    world.pay(request.id, 1700n);
    const paid = step(polledNew.state, { type: 'polled', paymentRequest: world.view(request.id) });
    expect(paid.state.payment?.outcome).toBe('paid');
    expect(kinds(paid.records)).toEqual(['status', 'result:paid']);
    expect(paid.records).toContainEqual({ kind: 'result', ref, result: 'paid' });
    expect(salePhase(paid.state)).toBe('done');
    expect(step(paid.state, { type: 'polled', paymentRequest: world.view(request.id) }).records).toEqual([]);
  });

  it('a status it cannot read is voided: at once on a 4xx, after the deadline otherwise', () => {
    const { state, request } = paying();
    const rejected = step(state, { type: 'pollFailed', id: request.id, rejected: true, code: 'Forbidden', failingSince: CONTEXT.now });
    expect(rejected.state.step).toMatchObject({ kind: 'cancelling', actor: 'system:status-unknown' });
    const brief = step(state, { type: 'pollFailed', id: request.id, rejected: false, code: 'HTTP_503', failingSince: CONTEXT.now - 1_000 });
    expect(brief.state.step).toBeNull();
    expect(brief.state.payment?.notice).toBe('Checking the payment with Centrapay…');
    const long = step(state, { type: 'pollFailed', id: request.id, rejected: false, code: 'HTTP_503', failingSince: CONTEXT.now - 20_000 });
    expect(long.state.step).toMatchObject({ kind: 'cancelling', actor: 'system:status-unknown' });
  });

  it('times out 5–10 s after expiry and voids (103.1)', () => {
    const { state, world, request } = paying();
    world.now = Date.parse(world.view(request.id).expiresAt) - 1;
    expect(step(state, { type: 'polled', paymentRequest: world.view(request.id) }, world.ctx()).state.step).toBeNull();
    const late = { ...world.ctx(), now: Date.parse(world.view(request.id).expiresAt) + 7_001 };
    expect(step(state, { type: 'polled', paymentRequest: world.view(request.id) }, late).state.step).toMatchObject({ kind: 'cancelling', actor: 'system:timeout' });
  });

  it('a void that cannot get an answer frees the lane and goes on in the background until Centrapay confirms', () => {
    const { state, request, ref, world } = paying();
    let next = step(state, { type: 'cancel', ref, actor: 'op-1' }).state;
    next = step(next, { type: 'voidFailed', id: request.id, failingSince: CONTEXT.now - 1_000 }).state;
    expect(next.step?.notice).toMatch(/not answering yet/);
    const gaveUp = step(next, { type: 'voidFailed', id: request.id, failingSince: CONTEXT.now - 20_000 });
    expect(gaveUp.state.payment?.outcome).toBe('unknown');
    expect(gaveUp.state.step).toBeNull();
    expect(salePhase(gaveUp.state)).toBe('open');
    expect(saleEffects(gaveUp.state, CONTEXT)).toEqual([expect.objectContaining({ type: 'void', id: request.id })]);
    world.pay(request.id, 1700n);
    const outcome = world.void(request.id);
    expect(outcome).toEqual({ refunded: true });
    const confirmed = step(gaveUp.state, { type: 'voided', id: request.id, refunded: true });
    expect(confirmed.records).toContainEqual({ kind: 'result', ref, result: 'refunded' });
    expect(confirmed.state.payment?.outcome).toBe('cancelled');
    expect(confirmed.state.loose).toEqual([]);
  });

  it('a void refused because the request already ended reads how; refused otherwise it is never sent again', () => {
    const { state, request, ref } = paying();
    const cancelling = step(state, { type: 'cancel', ref, actor: 'op-1' }).state;
    expect(step(cancelling, { type: 'voidRejected', id: request.id, code: 'REQUEST_EXPIRED' }).state.step).toBeNull();
    const refusedVoid = step(cancelling, { type: 'voidRejected', id: request.id, code: 'REFUND_NOT_SUPPORTED' }).state;
    expect(refusedVoid.step).toMatchObject({ kind: 'cancelling', voidRefused: 'REFUND_NOT_SUPPORTED' });
    expect(saleEffects(refusedVoid, CONTEXT)).toEqual([expect.objectContaining({ type: 'poll', id: request.id })]);
  });
});

describe('tenders', () => {
  it('cash on a live request is recorded on it for exactly what is owed, under one idempotency key', () => {
    const { state, request, ref, world } = paying();
    const tendering = step(state, { type: 'tender', ref, method: 'cash', actor: 'op-1' }).state;
    expect(tendering.step).toMatchObject({ kind: 'tendering', tender: { method: 'cash', amount: '1700', key: `${request.id}-cash-1700` } });
    expect(refused(tendering, { type: 'cancel', ref, actor: 'op-2' }).code).toBe('TENDER_IN_PROGRESS');
    expect(refused(tendering, { type: 'tender', ref, method: 'card', actor: 'op-2' }).code).toBe('TENDER_IN_PROGRESS');
    expect(world.pay(request.id, 1700n, { external: true })).toBeNull();
    const tendered = step(tendering, { type: 'tendered', id: request.id, key: `${request.id}-cash-1700` });
    expect(tendered.state.payment?.tenders).toEqual([{ method: 'cash', amount: '1700' }]);
    expect(tendered.records).toContainEqual(expect.objectContaining({ kind: 'tender', onRequest: true, amount: '1700' }));
  });

  it('no cash while a cancel is in flight', () => {
    const { state, ref } = paying();
    const cancelling = step(state, { type: 'cancel', ref, actor: 'op-1' }).state;
    expect(refused(cancelling, { type: 'tender', ref, method: 'cash', actor: 'op-2' })).toMatchObject({ code: 'PAYMENT_CANCELLING', message: 'The payment is being cancelled. Take no money for it.' });
  });

  it('a tender Centrapay refuses because the patron paid meanwhile tells the cashier to give the cash back', () => {
    const { state, request, ref } = paying();
    const tendering = step(state, { type: 'tender', ref, method: 'cash', actor: 'op-1' }).state;
    const answer = step(tendering, { type: 'tenderRejected', id: request.id, key: `${request.id}-cash-1700`, code: 'REQUEST_PAID' });
    expect(answer.state.step).toBeNull();
    expect(answer.state.payment?.notice).toMatch(/Give back what was taken/);
    expect(answer.records.filter((record) => record.kind === 'tender')).toEqual([]);
  });

  it('a wallet that never connects: the whole sale at the counter, and the connection is bypassed', () => {
    let state = step(EMPTY_LANE, { type: 'pay', kind: 'connect', cart: CART, order: newOrder(), actor: 'op-1' }).state;
    const ref = state.order!.ref;
    expect(refused(state, { type: 'tender', ref, method: 'cash', actor: 'op-1' }).code).toBe('PAYMENT_STARTING');
    state = step(state, { type: 'connectionCreated', ref, connection: { id: 'cn1', status: 'new', url: 'u', merchantId: 'm', createdAt: '' } }).state;
    const settled = step(state, { type: 'tender', ref, method: 'card', actor: 'op-1' });
    expect(settled.state.settlement?.tender).toEqual({ method: 'card', amount: '1700' });
    expect(settled.state.connection?.outcome).toBe('bypassed');
    expect(salePhase(settled.state)).toBe('done');
    expect(settled.records).toContainEqual(expect.objectContaining({ kind: 'tender', onRequest: false, paymentRequestId: null }));
    // A wallet authorising now gets nothing to pay.
    expect(step(settled.state, { type: 'connectionPolled', id: 'cn1', status: 'authorized', walletName: 'w' }).state).toBe(settled.state);
  });
});

describe('money owed after a part payment (§6.7)', () => {
  it('no command but collect or refund moves the lane on', () => {
    const { state, ref } = owed();
    for (const event of [
      { type: 'setCart', cart: [], actor: 'op' },
      { type: 'pay', kind: 'connect', cart: CART, order: newOrder(), actor: 'op' },
      { type: 'newSale', actor: 'op' },
      { type: 'cancel', ref, actor: 'op' },
    ] as LaneEvent[]) {
      expect(refused(state, event).code).toBe('MONEY_OWED');
    }
    const collected = step(state, { type: 'tender', ref, method: 'cash', actor: 'op' });
    expect(collected.state.settlement?.tender).toEqual({ method: 'cash', amount: '1200' });
    expect(collected.records).toContainEqual({ kind: 'result', ref, result: 'paid' });
  });

  it('refunds what was paid under one reference when the patron cannot pay the rest', () => {
    const { state, ref, request, world } = owed();
    const refunding = step(state, { type: 'refund', ref, actor: 'op' }).state;
    expect(refunding.step).toMatchObject({ kind: 'refunding', refunds: [{ id: request.id, amount: '500', externalRef: `${ref}-refund`, done: false }] });
    expect(world.refund(request.id, 500n)).toBeNull();
    const refunded = step(refunding, { type: 'refunded', id: request.id });
    expect(refunded.state.payment?.outcome).toBe('cancelled');
    expect(refunded.records).toContainEqual({ kind: 'result', ref, result: 'refunded' });
    expect(salePhase(refunded.state)).toBe('open');
  });
});

describe('the rest of a sale by another request (§6.7: a voucher, then a QR or another code)', () => {
  function restRequested() {
    const { state, ref, request: first, world } = owed();
    const pressed = step(state, { type: 'pay', kind: 'qr', cart: CART, order: newOrder(), actor: 'op-2' });
    expect(pressed.state.order).toMatchObject({ ref, due: '1200', total: '1700', kind: 'qr' });
    expect(pressed.state.parts.map((part) => part.paymentRequest.id)).toEqual([first.id]);
    expect(kinds(pressed.records)).toEqual(['event:rest-requested']);
    const [create] = saleEffects(pressed.state, CONTEXT);
    expect(create).toMatchObject({ type: 'create', body: { externalRef: ref, value: { amount: '1200', currency: 'NZD' }, partialAllowed: true, basketAmount: '1700' } });
    const rest = world.create(pressed.state.order!);
    const live = step(pressed.state, { type: 'created', ref, paymentRequest: world.view(rest.id), sends: 1 }).state;
    expect(salePhase(live)).toBe('paying');
    return { state: live, ref, first, rest, world };
  }

  it('keeps the paid part with the sale and ends it paid when the rest is paid', () => {
    const { state, ref, rest, world } = restRequested();
    expect(world.pay(rest.id, 1200n)).toBeNull();
    const paid = step(state, { type: 'polled', paymentRequest: world.view(rest.id) });
    expect(salePhase(paid.state)).toBe('done');
    expect(paid.records).toContainEqual({ kind: 'result', ref, result: 'paid' });
  });

  it('a request for the rest that is cancelled or expires leaves the part owed, not the sale cancelled', () => {
    const { state, ref, rest, world, first } = restRequested();
    const cancelling = step(state, { type: 'cancel', ref, actor: 'op' }).state;
    world.void(rest.id);
    const voided = step(cancelling, { type: 'voided', id: rest.id, refunded: false });
    expect(salePhase(voided.state)).toBe('owed');
    expect(voided.records.filter((record) => record.kind === 'result')).toEqual([]);
    // Cash for what the part left, recorded against the part that was paid.
    const collected = step(voided.state, { type: 'tender', ref, method: 'cash', actor: 'op' });
    expect(collected.records).toContainEqual(expect.objectContaining({ kind: 'tender', paymentRequestId: first.id, amount: '1200' }));
    expect(collected.records).toContainEqual({ kind: 'result', ref, result: 'paid' });
  });

  it('refunds every part, one request after the other, each under its own reference', () => {
    const { state, ref, rest, world, first } = restRequested();
    expect(world.pay(rest.id, 700n, { partial: true })).toBeNull();
    const owedAgain = step(state, { type: 'polled', paymentRequest: world.view(rest.id) }).state;
    expect(salePhase(owedAgain)).toBe('owed');
    let current = step(owedAgain, { type: 'refund', ref, actor: 'op' }).state;
    expect(current.step?.refunds?.map(({ id, amount, externalRef }) => ({ id, amount, externalRef }))).toEqual([
      { id: first.id, amount: '500', externalRef: `${ref}-refund` },
      { id: rest.id, amount: '700', externalRef: `${ref}-refund-2` },
    ]);
    expect(saleEffects(current, CONTEXT)).toEqual([expect.objectContaining({ type: 'refund', id: first.id })]);
    current = step(current, { type: 'refunded', id: first.id }).state;
    expect(saleEffects(current, CONTEXT)).toEqual([expect.objectContaining({ type: 'refund', id: rest.id, externalRef: `${ref}-refund-2` })]);
    const done = step(current, { type: 'refunded', id: rest.id });
    expect(done.records).toContainEqual({ kind: 'result', ref, result: 'refunded' });
    expect(salePhase(done.state)).toBe('open');
    expect(done.state.parts).toEqual([]);
  });

  it('a removed lane voids the live request for the rest and every paid part', () => {
    const { state, rest, first } = restRequested();
    const retired = step(state, { type: 'retire' }).state;
    expect(saleEffects(retired, CONTEXT).map((effect) => `${effect.type}:${'id' in effect ? effect.id : ''}`).sort())
      .toEqual([`void:${first.id}`, `void:${rest.id}`].sort());
  });
});

describe('a lane removed from the configuration', () => {
  it('voids its live request and takes no more commands', () => {
    const { state, request } = paying();
    const retired = step(state, { type: 'retire' }).state;
    expect(retired.step).toMatchObject({ kind: 'cancelling', actor: 'system:lane-removed' });
    expect(saleEffects(retired, CONTEXT)).toEqual([expect.objectContaining({ type: 'void', id: request.id })]);
    expect(refused(retired, { type: 'setCart', cart: [], actor: 'op' }).code).toBe('LANE_REMOVED');
  });
});

describe('a screen showing an older sale', () => {
  it('cannot act on the lane’s current sale', () => {
    const { state } = paying();
    for (const type of ['cancel', 'refund'] as const) expect(refused(state, { type, ref: 'till-1-000000-OLD', actor: 'op' }).code).toBe('STALE_SALE');
    expect(refused(state, { type: 'tender', ref: 'till-1-000000-OLD', method: 'cash', actor: 'op' }).code).toBe('STALE_SALE');
  });
});

describe('payment conditions (§6.9)', () => {
  const CHECK = { id: '1', name: 'photo-id-check', message: 'Please check ID', status: 'awaiting-merchant' as const };

  function checking() {
    const { state, world, request, ref } = paying();
    const raised = step(state, { type: 'polled', paymentRequest: { ...world.view(request.id), merchantConditions: [CHECK] } });
    expect(kinds(raised.records)).toEqual(['event:condition-awaiting-merchant']);
    return { state: raised.state, request, ref };
  }

  it('sends the cashier’s answer once, refusing a second or one for a check that is not waiting', () => {
    const { state, request, ref } = checking();
    const decided = step(state, { type: 'decide', ref, conditionId: '1', decision: 'accept', actor: 'op-1' });
    expect(decided.state.step).toMatchObject({ kind: 'deciding', decision: { conditionId: '1', decision: 'accept' } });
    expect(saleEffects(decided.state, CONTEXT)).toContainEqual(expect.objectContaining({ type: 'decide', id: request.id, conditionId: '1', decision: 'accept' }));
    expect(refused(decided.state, { type: 'decide', ref, conditionId: '1', decision: 'decline', actor: 'op-2' }).code).toBe('DECISION_IN_PROGRESS');
    expect(refused(decided.state, { type: 'cancel', ref, actor: 'op-2' }).code).toBe('DECISION_IN_PROGRESS');
    expect(refused(state, { type: 'decide', ref, conditionId: '2', decision: 'accept', actor: 'op-1' }).code).toBe('CONDITION_NOT_WAITING');
    expect(refused(state, { type: 'decide', ref: 'other', conditionId: '1', decision: 'accept', actor: 'op-1' }).code).toBe('STALE_SALE');

    const answered = step(decided.state, { type: 'decided', id: request.id, conditionId: '1' });
    expect(answered.state.step).toBeNull();
    expect(answered.records).toContainEqual(expect.objectContaining({ kind: 'event', name: 'condition-accepted', actor: 'cashier:op-1', detail: 'Please check ID' }));
  });

  it('takes "already set" as answered, and gives the lane back if Centrapay does not answer in time', () => {
    const { state, request, ref } = checking();
    const deciding = step(state, { type: 'decide', ref, conditionId: '1', decision: 'decline', actor: 'op-1' }).state;
    const already = step(deciding, { type: 'decideRejected', id: request.id, conditionId: '1', code: 'CONDITION_ALREADY_SET' });
    expect(already.records).toContainEqual(expect.objectContaining({ name: 'condition-declined' }));

    const since = CONTEXT.now;
    const retrying = step(deciding, { type: 'decideFailed', id: request.id, conditionId: '1', failingSince: since });
    expect(retrying.state.step?.notice).toMatch(/trying again/);
    const gaveUp = step(retrying.state, { type: 'decideFailed', id: request.id, conditionId: '1', failingSince: since }, { ...CONTEXT, now: since + CONTEXT.unknownAfterMs });
    expect(gaveUp.state.step).toBeNull();
    expect(gaveUp.state.payment?.notice).toMatch(/did not take your answer/);
    expect(gaveUp.state.payment?.outcome).toBe('pending');
  });
});

describe('tenders at the counter (split tender, cash with change)', () => {
  const counterSale = (counter: { method: 'cash' | 'card'; amount?: string; tendered?: string }) =>
    step({ ...EMPTY_LANE, cart: CART }, { type: 'pay', kind: 'counter', cart: CART, order: newOrder(), actor: 'op-1', counter });

  it('a sale paid in cash needs no Centrapay call, and the change is what was handed over less the total', () => {
    const { state, records } = counterSale({ method: 'cash', tendered: '2000' });
    expect(state.settlement?.tender).toEqual({ method: 'cash', amount: '1700', tendered: '2000' });
    expect(salePhase(state)).toBe('done');
    expect(saleEffects(state, CONTEXT)).toEqual([]);
    expect(kinds(records)).toEqual(['order', 'result:pending', 'event:counter-pressed', 'tender', 'event:settled-at-counter', 'result:paid']);
  });

  it('takes a first part in cash, then the rest by a request for what is left with the whole sale as its basket', () => {
    const world = new World();
    const { state, records } = counterSale({ method: 'cash', amount: '1000' });
    expect(salePhase(state)).toBe('owed');
    expect(amountStillOwed(state)).toBe('700');
    expect(records).toContainEqual(expect.objectContaining({ kind: 'tender', amount: '1000', onRequest: false }));
    expect(records.filter((record) => record.kind === 'result')).toEqual([{ kind: 'result', ref: state.order!.ref, result: 'pending' }]);
    const ref = state.order!.ref;
    const pressed = step(state, { type: 'pay', kind: 'qr', cart: CART, order: newOrder(), actor: 'op-1' }).state;
    expect(saleEffects(pressed, CONTEXT)).toEqual([expect.objectContaining({ type: 'create', body: expect.objectContaining({ value: { amount: '700', currency: 'NZD' }, partialAllowed: true, basketAmount: '1700' }) })]);
    const request = world.create(pressed.order!);
    const live = step(pressed, { type: 'created', ref, paymentRequest: world.view(request.id), sends: 1 }).state;
    expect(world.pay(request.id, 700n)).toBeNull();
    const paid = step(live, { type: 'polled', paymentRequest: world.view(request.id) });
    expect(salePhase(paid.state)).toBe('done');
    expect(paid.records).toContainEqual({ kind: 'result', ref, result: 'paid' });
  });

  it('more cash for the rest settles it with change; a part on a live request is recorded as part of it', () => {
    const { state } = counterSale({ method: 'card', amount: '1000' });
    const settled = step(state, { type: 'tender', ref: state.order!.ref, method: 'cash', tendered: '1000', actor: 'op-1' }).state;
    expect(settled.settlement?.tender).toEqual({ method: 'cash', amount: '700', tendered: '1000' });
    const { state: live } = paying();
    const part = step(live, { type: 'tender', ref: live.order!.ref, method: 'cash', amount: '500', actor: 'op-1' }).state;
    expect(part.step?.tender).toMatchObject({ method: 'cash', amount: '500' });
  });

  it('refuses less cash handed over than the amount taken, on a sale paid at the counter and on a tender alike', () => {
    const short = { statusCode: 400, code: 'INVALID_AMOUNT', message: expect.stringMatching(/^The cash handed over is less than the amount taken/) };
    expect(refused({ ...EMPTY_LANE, cart: CART }, { type: 'pay', kind: 'counter', cart: CART, order: newOrder(), actor: 'op-1', counter: { method: 'cash', amount: '100', tendered: '50' } })).toEqual(short);
    const { state } = counterSale({ method: 'card', amount: '1000' });
    expect(refused(state, { type: 'tender', ref: state.order!.ref, method: 'cash', amount: '500', tendered: '200', actor: 'op-1' })).toEqual(short);
  });

  it('a customer who cannot pay the rest gets the counter part handed back, journaled against what was taken', () => {
    const { state } = counterSale({ method: 'cash', amount: '1000' });
    const refunded = step(state, { type: 'refund', ref: state.order!.ref, actor: 'op-1' });
    expect(salePhase(refunded.state)).toBe('open');
    expect(refunded.state.notice).toMatch(/Hand back the cash \$10\.00/);
    expect(refunded.records).toContainEqual(expect.objectContaining({ kind: 'tender', method: 'cash', amount: '-1000' }));
    expect(refunded.records).toContainEqual({ kind: 'result', ref: state.order!.ref, result: 'refunded' });
  });

  it('refuses amounts that are not money, and change on a card', () => {
    const { state } = counterSale({ method: 'cash', amount: '1000' });
    expect(refused(state, { type: 'tender', ref: state.order!.ref, method: 'cash', amount: '0', actor: 'op' }).code).toBe('INVALID_AMOUNT');
    expect(refused(state, { type: 'tender', ref: state.order!.ref, method: 'card', tendered: '2000', actor: 'op' }).code).toBe('INVALID_AMOUNT');
    expect(refused(state, { type: 'tender', ref: state.order!.ref, method: 'cash', amount: '500', tendered: '100', actor: 'op' }).code).toBe('INVALID_AMOUNT');
  });
});

describe('Farmlands Card Partners (the Farmlands POS guide)', () => {
  const FARMLANDS = { masked: '•••• 2424', provider: 'farmlands', displayName: 'Farmlands' };
  const card = (presented = FARMLANDS) => ({ barcode: '424242424', presented, patronNotPresent: false });
  /** CART at 10% off each unit: Flat White 550 → 495 (× 2), Muffin 600 → 540. */
  const DISCOUNTED = [
    { name: 'Flat White', sku: 'COFFEE-FW', qty: '2', price: '990', tax: '15', discount: '96' },
    { name: 'Blueberry Muffin', sku: 'FOOD-MUF', qty: '1', price: '540', tax: '15', discount: '52' },
  ];
  const press = (state: StoredLane, extra: Partial<Extract<LaneEvent, { type: 'pay' }>> = {}, percent: string | null = '10') =>
    step(state, { type: 'pay', kind: 'code', cart: CART, order: { ...newOrder(), cardPartnerPercent: percent }, actor: 'op-1', code: card(), ...extra });

  it('takes the store’s discount off each line when a Farmlands card is presented for the whole sale, and asks for that price only', () => {
    const { state, records } = press({ ...EMPTY_LANE, cart: CART });
    const { ref } = state.order!;
    expect(state.order).toMatchObject({ total: '1530', invoiceRef: ref, purchaseOrderRef: null, discount: { provider: 'farmlands', description: 'Farmlands Card Partner discount', percent: '10', amount: '170' } });
    expect(state.order!.match.lineItems).toEqual(DISCOUNTED);
    expect(state.cart).toEqual(CART);
    expect(discountShown(state)).toEqual(state.order!.discount);
    expect(records).toContainEqual(expect.objectContaining({ kind: 'order', order: expect.objectContaining({ total: '1530', invoiceRef: ref, discount: state.order!.discount }), lineItems: DISCOUNTED }));
    expect(kinds(records)).toEqual(['order', 'result:pending', 'event:code-presented', 'event:discount-applied']);
    const [create] = saleEffects(state, CONTEXT);
    expect(create).toMatchObject({ type: 'create', body: { value: { amount: '1530', currency: 'NZD' }, lineItems: DISCOUNTED, invoiceRef: ref, barcode: '424242424', conditionsEnabled: true } });
    // The Card Partner price holds only if the card pays all of it: the request allows no part payment.
    expect(create?.type === 'create' && create.body).not.toHaveProperty('partialAllowed');
  });

  it('sends the store’s own invoice number and the purchase order the cashier keyed', () => {
    const { state, records } = press(EMPTY_LANE, { refs: { invoiceRef: 'INV-42', purchaseOrderRef: 'PO-7' } });
    expect(state.order).toMatchObject({ invoiceRef: 'INV-42', purchaseOrderRef: 'PO-7' });
    expect(records).toContainEqual(expect.objectContaining({ kind: 'order', order: expect.objectContaining({ invoiceRef: 'INV-42', purchaseOrderRef: 'PO-7' }) }));
    expect(saleEffects(state, CONTEXT)).toEqual([expect.objectContaining({ body: expect.objectContaining({ invoiceRef: 'INV-42', purchaseOrderRef: 'PO-7' }) })]);
  });

  it('gives no discount to another provider’s code, nor where the store has none; those requests still name their invoice', () => {
    const voucher = press(EMPTY_LANE, { code: card({ masked: '•••• 0011', provider: 'sbx-voucher', displayName: 'Sandbox Voucher' }) }).state;
    expect(voucher.order).toMatchObject({ total: '1700', discount: null });
    expect(saleEffects(voucher, CONTEXT)).toEqual([expect.objectContaining({ body: expect.objectContaining({ value: { amount: '1700', currency: 'NZD' }, partialAllowed: true, invoiceRef: voucher.order!.ref }) })]);
    const none = press(EMPTY_LANE, {}, null).state;
    expect(none.order).toMatchObject({ total: '1700', discount: null });
    const qr = step(EMPTY_LANE, { type: 'pay', kind: 'qr', cart: CART, order: { ...newOrder(), cardPartnerPercent: '10' }, actor: 'op-1' }).state;
    expect(qr.order).toMatchObject({ total: '1700', discount: null });
    expect(saleEffects(qr, CONTEXT)).toEqual([expect.objectContaining({ body: expect.objectContaining({ invoiceRef: qr.order!.ref, lineItems: [expect.objectContaining({ price: '1100' }), expect.objectContaining({ price: '600' })] }) })]);
  });

  it('when the card cannot pay, the sale is at full price again: the screens drop the discount and the next payment is a new order for all of it', () => {
    const world = new World();
    const pressed = press(EMPTY_LANE).state;
    const request = world.create(pressed.order!);
    let state = step(pressed, { type: 'created', ref: pressed.order!.ref, paymentRequest: world.view(request.id), sends: 1 }).state;
    expect(discountShown(state)).not.toBeNull();
    // Quick Pay refused (no balance): Centrapay cancels the request.
    state = step(state, { type: 'polled', paymentRequest: { ...world.view(request.id), status: 'cancelled', cancellationReason: 'PAYMENT_DECLINED' } }).state;
    expect(salePhase(state)).toBe('open');
    expect(discountShown(state)).toBeNull();
    const qr = step(state, { type: 'pay', kind: 'qr', cart: CART, order: { ...newOrder(), cardPartnerPercent: '10' }, actor: 'op-1' }).state;
    expect(qr.order).toMatchObject({ total: '1700', discount: null });
    expect(qr.order!.ref).not.toBe(pressed.order!.ref);
  });

  it('takes no cash or card on the request at the Card Partner price: only the card may pay it', () => {
    const world = new World();
    const pressed = press(EMPTY_LANE).state;
    const request = world.create(pressed.order!);
    const state = step(pressed, { type: 'created', ref: pressed.order!.ref, paymentRequest: world.view(request.id), sends: 1 }).state;
    expect(refused(state, { type: 'tender', ref: pressed.order!.ref, method: 'cash', actor: 'op' })).toMatchObject({ statusCode: 409, code: 'CARD_PARTNER_PRICE' });
    // Cancelling it is how the sale goes back to full price.
    expect(step(state, { type: 'cancel', ref: pressed.order!.ref, actor: 'op' }).state.step?.kind).toBe('cancelling');
  });

  it('gives no discount on the rest of a sale already paid in part (the card does not pay all of it); the rest keeps the sale’s invoice', () => {
    const { state, ref } = owed();
    const rest = press(state, { refs: { invoiceRef: 'IGNORED' } }).state;
    expect(rest.order).toMatchObject({ ref, total: '1700', due: '1200', discount: null, invoiceRef: ref });
    expect(saleEffects(rest, CONTEXT)).toEqual([expect.objectContaining({ body: expect.objectContaining({ value: { amount: '1200', currency: 'NZD' }, invoiceRef: ref, partialAllowed: true, basketAmount: '1700' }) })]);
  });

  it('refunds each part that was paid with the sale’s invoice and its share of the lines, adding up to what it returns', () => {
    const { state, ref, request } = owed();
    const refunding = step(state, { type: 'refund', ref, actor: 'op' }).state;
    expect(saleEffects(refunding, CONTEXT)).toEqual([expect.objectContaining({
      type: 'refund', id: request.id, amount: '500', invoiceRef: ref,
      lineItems: [{ name: 'Flat White', sku: 'COFFEE-FW', qty: '2', price: '500', tax: '15' }],
    })]);
  });
});

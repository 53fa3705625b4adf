// A lane driven through random sales by the transition function against a small Centrapay (sale-world.ts): cashier
// commands (from two screens, stale ones too), patrons paying, paying part, offers, answers, lost answers,
// duplicates, failures and time. After every step it checks the money rules. Test support for the transition's
// property tests and for the screens' tests that walk every lane state.
import fc from 'fast-check';
import { expect } from 'vitest';
import type { CartLine } from '../domain/cart';
import { DEMO_CATALOG } from '../domain/catalog';
import type { LaneState } from '../domain/lane';
import { amountStillOwed, salePhase } from '../domain/sale';
import { saleTally } from '../domain/sale-tally';
import type { SaleRecord, LaneEvent } from '../server/gateway/sale/events';
import { saleLaneView } from '../server/gateway/sale/lane-view';
import { EMPTY_LANE, storedLaneSchema, type StoredLane } from '../server/gateway/sale/state';
import { transition } from '../server/gateway/sale/transition';
import { newOrder, World } from './sale-world';

export interface SimulationStep {
  kind: number;
  pick: number;
  amount: number;
}

/** Random sales: each a sequence of steps the simulation turns into what happens next. */
export const SIMULATION_STEPS = fc.array(fc.record({ kind: fc.nat(25), pick: fc.nat(999), amount: fc.nat(9_999) }), { minLength: 20, maxLength: 150, size: 'max' });

export const CARTS: CartLine[][] = [
  [{ ...DEMO_CATALOG[0]!, qty: 1 }],
  [{ ...DEMO_CATALOG[0]!, qty: 2 }, { ...DEMO_CATALOG[3]!, qty: 1 }],
  [{ ...DEMO_CATALOG[5]!, qty: 3 }],
];

export class Simulation {
  readonly world = new World();
  state: StoredLane = EMPTY_LANE;
  /** Per order: its total, and what was taken only at the counter. */
  readonly totals = new Map<string, bigint>();
  readonly counter = new Map<string, bigint>();
  private readonly reported = new Set<string>();

  /** The lane as its screens are told it now (the gateway's view of it), showing results for `resultSeconds`. */
  view(resultSeconds: number): LaneState {
    const now = new Date(this.world.now);
    return { ...saleLaneView({ id: 'till-1', name: 'Till 1' }, this.state, now, resultSeconds), tab: null, version: 1 };
  }

  /** The event a step stands for in the current state; 'world' when only Centrapay changed; null when it does not apply now. */
  event({ kind, pick, amount }: SimulationStep): LaneEvent | 'world' | null {
    const { state, world } = this;
    const ref = state.order?.ref ?? 'none';
    const payment = state.payment;
    const request = payment ? world.requests.get(payment.paymentRequest.id) : undefined;
    const actor = pick % 2 ? 'op-1' : 'op-2';
    switch (kind % 26) {
      case 0: return { type: 'setCart', cart: CARTS[pick % CARTS.length]!, actor };
      case 1: return { type: 'pay', kind: 'qr', cart: pick % 3 ? state.cart.length ? state.cart : CARTS[0]! : CARTS[pick % CARTS.length]!, order: newOrder(), actor };
      case 2:
        // A code the patron presents (it may pay part, as a voucher does); Connect otherwise.
        return pick % 3 === 0
          ? { type: 'pay', kind: 'code', cart: state.cart.length ? state.cart : CARTS[1]!, order: { ...newOrder(), cardPartnerPercent: pick % 4 === 0 ? '12.5' : null }, actor, code: { barcode: '424242424', presented: { masked: '•••• 2424', provider: 'farmlands', displayName: 'Farmlands' }, patronNotPresent: pick % 2 === 0 } }
          : { type: 'pay', kind: 'connect', cart: state.cart.length ? state.cart : CARTS[1]!, order: newOrder(), actor };
      case 3:
        // All that is due, or a part of it (split tender), with cash handed over now and then.
        return pick % 3 === 0
          ? { type: 'tender', ref, method: 'cash', amount: String(1 + (amount % 1700)), actor }
          : { type: 'tender', ref, method: pick % 2 ? 'cash' : 'card', ...(pick % 5 === 0 ? { tendered: '5000' } : {}), actor };
      case 4: return { type: 'cancel', ref, actor };
      case 5: return { type: 'refund', ref, actor };
      case 6:
        // A sale at the counter from the start: all of it, or a first part.
        return pick % 2 === 0
          ? { type: 'pay', kind: 'counter', cart: state.cart.length ? state.cart : CARTS[1]!, order: newOrder(), actor, counter: { method: 'cash', ...(pick % 4 === 0 ? { amount: String(1 + (amount % 1700)) } : {}) } }
          : { type: 'newSale', actor };
      case 7: return pick % 2 ? { type: 'cancel', ref: 'till-1-999999-STALE', actor } : { type: 'tender', ref: 'till-1-999999-STALE', method: 'cash', actor };
      case 8:
      case 9: {
        if (state.step?.kind !== 'creating' || !state.order) return null;
        const linked = state.connection?.outcome === 'linked' ? state.connection.id : undefined;
        const made = world.create(state.order, { connectionId: linked });
        // A create whose answer was lost and was sent again: a duplicate exists that the lane has not seen.
        if (kind % 26 === 9) world.create(state.order, { connectionId: linked });
        this.reported.add(made.id);
        return { type: 'created', ref, paymentRequest: world.view(made.id), sends: kind % 26 === 9 ? 2 : 1 };
      }
      case 10: return state.step?.kind === 'creating' ? { type: 'createRejected', ref, code: 'NO_AVAILABLE_PAYMENT_OPTIONS', sends: 1 + (pick % 2) } : null;
      case 11:
        if (state.step?.kind !== 'creating' || !state.order) return null;
        // Given up on, though Centrapay may have made it all the same.
        if (pick % 2) world.create(state.order);
        return { type: 'createGaveUp', ref };
      case 12:
        if (request?.status !== 'new') return null;
        world.pay(request.id, request.remaining);
        return 'world';
      case 13:
        if (request?.status !== 'new' || !request.partialAllowed || request.remaining <= 1n) return null;
        world.pay(request.id, 1n + BigInt(amount) % (request.remaining - 1n), { partial: true });
        return 'world';
      case 14:
        // A wallet's offer (multi-asset): pays some, the request stays new.
        if (request?.status !== 'new' || !request.partialAllowed || request.remaining <= 1n) return null;
        world.pay(request.id, 1n + BigInt(amount) % (request.remaining - 1n));
        return 'world';
      case 15: return payment ? { type: 'polled', paymentRequest: world.view(payment.paymentRequest.id) } : null;
      case 16: return payment ? { type: 'pollFailed', id: payment.paymentRequest.id, rejected: pick % 3 === 0, code: 'HTTP_503', failingSince: world.now - (pick % 2 ? 25_000 : 1_000) } : null;
      case 17: {
        const id = state.step?.kind === 'cancelling' && !state.step.voidRefused ? payment?.paymentRequest.id : state.loose.find((end) => end.type === 'request')?.id;
        if (!id) return null;
        const answer = world.void(id);
        return 'code' in answer ? { type: 'voidRejected', id, code: answer.code } : { type: 'voided', id, refunded: answer.refunded };
      }
      case 18: return state.step?.kind === 'cancelling' && payment ? { type: 'voidFailed', id: payment.paymentRequest.id, failingSince: world.now - (pick % 2 ? 25_000 : 1_000) } : null;
      case 19: {
        const tender = state.step?.kind === 'tendering' ? state.step.tender : undefined;
        if (!tender || !payment) return null;
        const code = world.pay(payment.paymentRequest.id, BigInt(tender.amount), { external: true });
        return code ? { type: 'tenderRejected', id: payment.paymentRequest.id, key: tender.key, code } : { type: 'tendered', id: payment.paymentRequest.id, key: tender.key };
      }
      case 20: {
        const refund = state.step?.kind === 'refunding' ? state.step.refunds?.find((candidate) => !candidate.done) : undefined;
        if (!refund) return null;
        const code = world.refund(refund.id, BigInt(refund.amount));
        return code ? { type: 'refundRejected', id: refund.id, code } : { type: 'refunded', id: refund.id };
      }
      case 21: return state.step?.kind === 'connecting' ? { type: 'connectionCreated', ref, connection: { id: `cn-${ref}`, status: 'new', url: 'u', merchantId: 'm', createdAt: '' } } : null;
      case 22: return state.connection?.outcome === 'waiting' ? { type: 'connectionPolled', id: state.connection.id, status: pick % 4 ? 'authorized' : 'new', walletName: 'Sandbox Rewards' } : null;
      case 23: {
        const end = state.loose.find((candidate) => candidate.type === 'order');
        return end ? { type: 'lookedUp', ref: end.ref, matches: world.byRef(end.ref).map((made) => world.view(made.id)) } : null;
      }
      case 24:
        world.advance((amount % 200) * 1_000);
        return 'world';
      case 25: return pick % 10 === 0 ? { type: 'retire' } : null;
    }
    return null;
  }

  /** Applies the step's event, or the next kind of step that applies now, so that sequences keep moving. */
  apply(step: SimulationStep): void {
    const before = this.state;
    let event: LaneEvent | 'world' | null = null;
    for (let offset = 0; offset < 26 && !event; offset += 1) event = this.event({ ...step, kind: step.kind + offset });
    if (!event || event === 'world') return this.check(before, null);
    const result = transition(before, event, this.world.ctx());
    if (result.refused) {
      expect([400, 409]).toContain(result.refused.statusCode);
      return this.check(before, event);
    }
    this.state = result.state;
    this.record(result.records);
    this.check(before, event);
  }

  private record(records: SaleRecord[]): void {
    for (const record of records) {
      if (record.kind === 'order') {
        this.totals.set(record.order.ref, BigInt(record.order.total));
        // What Centrapay is asked for is what its line items add up to, a Card Partner discount or not.
        const lines = record.lineItems as { price: string }[];
        expect(lines.reduce((sum, line) => sum + BigInt(line.price), 0n), `the lines of ${record.order.ref}`).toBe(BigInt(record.order.total));
      }
      if (record.kind === 'tender' && !record.onRequest) this.counter.set(record.ref, (this.counter.get(record.ref) ?? 0n) + BigInt(record.amount));
    }
  }

  private check(before: StoredLane, event: LaneEvent | null): void {
    const { state, world } = this;
    expect(storedLaneSchema.safeParse(state).success).toBe(true);

    // The till shows paid only what Centrapay says is paid.
    if (state.payment?.outcome === 'paid') expect(world.requests.get(state.payment.paymentRequest.id)?.status).toBe('paid');

    // Money taken for a sale, through Centrapay and at the counter, never exceeds its total, but for what a request
    // the till is voiding in the background holds (a patron who paid after the till gave up on it): that void refunds it.
    const beingVoided = new Set(state.loose.flatMap((end) => (end.type === 'request' ? [end.id] : [])));
    for (const [ref, total] of this.totals) {
      const viaCentrapay = world.byRef(ref).filter((made) => !beingVoided.has(made.id)).reduce((sum, made) => sum + made.paid - made.refunded, 0n);
      expect(viaCentrapay + (this.counter.get(ref) ?? 0n), `money kept for ${ref}`).toBeLessThanOrEqual(total);
    }

    // No command moves a lane out of "money owed" except collecting the rest (at the counter, or by another request
    // that keeps the paid part with the sale) or refunding.
    if (event && salePhase(before) === 'owed' && ['setCart', 'newSale', 'cancel'].includes(event.type)) {
      expect(salePhase(state)).toBe('owed');
      expect(state).toBe(before);
    }
    if (event?.type === 'pay' && salePhase(before) === 'owed' && state !== before) {
      expect(salePhase(state)).toBe('starting');
      const owing = before.payment?.outcome === 'paid' ? before.payment : before.parts.at(-1);
      if (owing) expect(state.parts.map((part) => part.paymentRequest.id)).toContain(owing.paymentRequest.id);
      expect(state.counter).toEqual(before.counter);
      expect(state.order?.ref).toBe(before.order?.ref);
    }

    // The bill every screen draws (domain/sale-tally.ts) agrees with what the till collects: what is still to pay is
    // what is owed, or what the live request still asks; nothing once the sale is done.
    const view = this.view(10);
    const tally = saleTally(view);
    const phase = salePhase(view);
    if (phase === 'owed') expect(tally.stillToPay, 'the bill’s still to pay, owed').toBe(amountStillOwed(view));
    if (phase === 'paying') expect(tally.stillToPay, 'the bill’s still to pay, live').toBe(view.payment!.paymentRequest.remainingAmount ?? view.payment!.paymentRequest.value.amount);
    if (phase === 'done') expect(tally.stillToPay, 'the bill’s still to pay, done').toBe('0');

    // Nothing left live and untracked: every request still new, or paid in part with the rest neither collected nor
    // refunded, is the lane's payment, a loose end being voided, or under an order the lane is still looking up.
    const lookingUp = new Set(state.loose.flatMap((end) => (end.type === 'order' ? [end.ref] : [])));
    const voiding = new Set(state.loose.flatMap((end) => (end.type === 'request' ? [end.id] : [])));
    const kept = (ref: string) => world.byRef(ref).reduce((sum, made) => sum + made.paid - made.refunded, 0n) + (this.counter.get(ref) ?? 0n);
    for (const made of world.requests.values()) {
      // Paid in part, and the sale not yet paid in full (at the counter, or by a request for the rest).
      const owedRest = made.status === 'paid' && made.remaining > 0n && made.paid > made.refunded && kept(made.ref) < (this.totals.get(made.ref) ?? 0n);
      const live = made.status === 'new' || owedRest;
      if (!live) continue;
      const tracked = state.payment?.paymentRequest.id === made.id || state.parts.some((part) => part.paymentRequest.id === made.id) ||
        voiding.has(made.id) || lookingUp.has(made.ref);
      expect(tracked, `request ${made.id} (${made.status}) of ${made.ref} is tracked`).toBe(true);
    }
  }
}

// Property tests of the hold engine against a small Centrapay (test-support/hold-world.ts): random interleavings of a
// cashier's (or a pump's) presses, the patron approving or not, the runners' calls for the effects the hold's state
// needs (answered, answers lost and the call made again, refused, answers late or twice), time passing (requests
// expiring, authorisations lapsing), refunds completing and restarts. After every step, and once everything has
// settled, the money rules hold.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod/mini';
import { lineItemSchema } from '../../../domain/centrapay';
import { pumpFinished } from '../../../domain/machine';
import { compareCents } from '../../../domain/money';
import { effectiveStatus, holdSchema, holdTotals, holdView, refundedOf } from '../../../domain/pre-auth';
import { deliveryOf, EngineRun, propertyOptions, withTrail, type Change } from '../../../test-support/engine-sim';
import { HoldWorld, newHold, observeHold, type PreAuthRequest } from '../../../test-support/hold-world';
import { holdEffects, type HoldEffect } from './effects';
import type { HoldContext, HoldEvent, HoldRecord } from './events';
import type { HoldState } from './state';
import { transition } from './transition';

interface Move {
  kind: number;
  pick: number;
  amount: number;
}

const storedHoldSchema = z.extend(holdSchema, { lineItems: z.array(lineItemSchema) });
const CLOSED = ['released', 'voided', 'cancelled', 'expired', 'failed'];
const TIME_STEPS = [1_000, 20_000, 120_000, 3_600_000, 25 * 3_600_000, 3 * 24 * 3_600_000];
const MOVES = 20;

type Hold = HoldState | null;

export class HoldSimulation {
  readonly world = new HoldWorld();
  readonly run: EngineRun<Hold, HoldEvent, HoldRecord, HoldContext, HoldEffect>;
  private readonly id: string;

  constructor(readonly kind: 'tab' | 'pump', readonly amount: string) {
    this.run = new EngineRun({ transition, effects: holdEffects }, null as Hold, () => this.world.ctx(), (change) => this.check(change));
    const hold = newHold(kind, amount, this.world.now);
    this.id = hold.id;
    this.run.dispatch({ type: 'open', hold, others: [], detail: `${kind}: authorise ${amount}` });
  }

  get hold(): HoldState {
    return this.run.state!;
  }

  get request(): PreAuthRequest | undefined {
    return this.hold.paymentRequestId ? this.world.requests.get(this.hold.paymentRequestId) : undefined;
  }

  /** Does the move; false when it does not apply now (the next kind is tried). */
  move({ kind, pick, amount }: Move): boolean {
    const { hold, world, run } = this;
    const actor = pick % 2 ? 'cashier:op-1' : 'cashier:op-2';
    switch (kind % MOVES) {
      case 0:
      case 1:
        return this.confirm(pick, amount, actor);
      case 2:
        run.dispatch({ type: 'release', actor });
        return true;
      case 3:
        if (this.kind === 'pump') return false;
        run.dispatch({ type: 'close', actor });
        return true;
      case 4:
        if (pick % 3) return false;
        run.dispatch({ type: 'void', actor, reason: 'wrong customer' });
        return true;
      case 5:
        return this.refund(pick, amount, actor);
      case 6:
      case 7:
      case 8:
      case 9:
      case 10: {
        const effects = run.runnable();
        if (effects.length === 0) return false;
        const effect = effects[pick % effects.length]!;
        // Now and then Centrapay refuses outright what it would otherwise do.
        const refuse = amount % 13 === 0 ? refusalFor(effect) : null;
        const delivery = deliveryOf(amount);
        run.note(`run ${effect.key} (${delivery}${refuse ? `, refused ${refuse}` : ''})`);
        run.deliver(effect, observeHold(effect, world, { reached: delivery !== 'unreached', refuse }), delivery);
        return true;
      }
      case 11:
      case 12:
        return run.deliverLate(pick);
      case 13:
        run.note('the patron authorises');
        return this.request ? world.authorise(this.request.id) : false;
      case 14:
        if (pick % 4 || !this.request) return false;
        run.note('the patron declines');
        return world.decline(this.request.id);
      case 15:
        run.note(`${TIME_STEPS[pick % TIME_STEPS.length]! / 1000} s pass`);
        world.advance(TIME_STEPS[pick % TIME_STEPS.length]!);
        return true;
      case 16:
        run.note('refunds settle');
        world.settleRefunds((refund) => (refund.amount + BigInt(pick)) % 5n === 0n);
        return true;
      case 17:
        if (pick % 3) return false;
        run.restart((json) => (json === null ? null : storedHoldSchema.parse(json)));
        return true;
      case 18:
        // The same open again (a retried press): nothing changes.
        run.dispatch({ type: 'open', hold: { ...hold, status: 'opening', confirmations: [], returns: [] }, others: [], detail: 'again' });
        return true;
      case 19:
        if (this.kind !== 'pump' || pick % 2) return false;
        // A pump's finish of nothing: its authorisation released whole.
        run.dispatch({ type: 'release', actor: 'machine:pump-1' });
        return true;
    }
    return false;
  }

  apply(step: Move): void {
    for (let offset = 0; offset < MOVES; offset += 1) if (this.move({ ...step, kind: step.kind + offset })) return;
  }

  private confirm(pick: number, amount: number, actor: string): boolean {
    const { hold, run } = this;
    const cents = String(1 + (amount % Number(hold.amount)));
    if (this.kind === 'pump') {
      // The pump's finish: what was dispensed, under the hold's one key (pump-service.ts).
      run.dispatch({ type: 'confirm', key: `${this.id}-FUEL`, invoiceRef: 'PUMP-1-000001', lineItems: [{ name: 'Fuel at Pump 1', qty: '1', price: cents }], amount: cents, actor: 'machine:pump-1' });
      return true;
    }
    const key = `round-key-${pick % 4}`;
    const lineItems = pick % 7 === 0
      ? [{ name: 'Pint', qty: '1', price: cents }, { name: 'Chips', qty: '1', price: '1' }]
      : [{ name: 'Pint', qty: '1', price: cents }];
    run.dispatch({ type: 'confirm', key, lineItems, amount: cents, actor, ...(pick % 5 === 0 ? { invoiceRef: `INV-${pick % 4}` } : {}) });
    return true;
  }

  private refund(pick: number, amount: number, actor: string): boolean {
    const { hold, run } = this;
    const keys = [null, ...hold.confirmations.map((confirmation) => confirmation.key), 'no-such-key'];
    const confirmationKey = keys[pick % keys.length]!;
    const chosen = amount % 3 === 0 ? undefined : String(1 + (amount % Number(hold.amount)));
    run.dispatch({ type: 'refund', id: `${this.id}-R${pick % 3}`, confirmationKey, reason: 'spilt', actor, ...(chosen ? { amount: chosen } : {}) });
    return true;
  }

  /** Every change: the hold reads back, its records say what changed, and no money rule is broken. */
  private check({ before, event, step }: Change<Hold, HoldEvent, HoldRecord>): void {
    const command = ['open', 'confirm', 'release', 'close', 'void', 'refund'].includes(event.type);
    if (step.refused) {
      expect(command, `an observation is never refused (${event.type}: ${step.refused.code})`).toBe(true);
      expect([400, 404, 409, 422]).toContain(step.refused.statusCode);
      expect(step.refused.message.length).toBeGreaterThan(10);
      return;
    }
    const hold = step.state!;
    expect(storedHoldSchema.safeParse(hold).success).toBe(true);
    expect(step.records.length > 0, `${event.type}: a change is recorded, and only a change`).toBe(hold !== before);
    for (const record of step.records) expect(record).toMatchObject({ ref: hold.id, subject: hold.paymentRequestId ?? hold.id });
    if (before && ['voided', 'failed'].includes(before.status)) expect(hold.status).toBe(before.status);
    this.checkHold(hold);
    this.checkWorld();
  }

  private checkHold(hold: HoldState): void {
    expect(new Set(hold.confirmations.map((confirmation) => confirmation.key)).size).toBe(hold.confirmations.length);
    expect(new Set(hold.returns.map((item) => item.id)).size).toBe(hold.returns.length);
    const { confirmed, inFlight, remaining } = holdTotals(hold);
    // Never more confirmed, plus in flight, than authorised; nor refunded of the authorisation than it still holds.
    expect(compareCents(sumOf([confirmed, inFlight]), hold.amount), 'confirmed + in flight ≤ authorised').toBeLessThanOrEqual(0);
    expect(compareCents(remaining, '0'), 'nothing refunded of the authorisation beyond what it holds').toBeGreaterThanOrEqual(0);
    for (const confirmation of hold.confirmations) {
      expect(compareCents(refundedOf(hold, confirmation.key), confirmation.amount), `refunds of ${confirmation.key} ≤ it`).toBeLessThanOrEqual(0);
      if (compareCents(refundedOf(hold, confirmation.key), '0') > 0) expect(confirmation.status).toBe('confirmed');
    }
  }

  private checkWorld(): void {
    for (const [what, times] of this.world.drawn) expect(times, `${what} drawn once`).toBe(1);
    expect(this.world.byRef(this.id).length).toBeLessThanOrEqual(1);
    for (const request of this.world.requests.values()) {
      expect(this.world.conserved(request), `the money of ${request.id} adds up`).toBe(true);
      if (request.voided > 0n) expect(request.confirmations.size).toBe(0);
      for (const confirmation of request.confirmations.values()) {
        expect(confirmation.refunded <= confirmation.amount && confirmation.refunded >= 0n, `refunds of ${confirmation.key} ≤ it at Centrapay`).toBe(true);
        // A confirmation taken is one the till asked for.
        expect(this.hold.confirmations.some((candidate) => candidate.key === confirmation.key && BigInt(candidate.amount) === confirmation.amount)).toBe(true);
      }
      for (const refund of request.refunds.values()) expect(this.hold.returns.some((item) => item.id === refund.ref && item.kind === 'refund')).toBe(true);
    }
  }

  /** Every effect run until none is left, answers arriving; time passes while the patron or a refund keeps it waiting. */
  settle(): void {
    const { run, world } = this;
    while (run.deliverLate(0));
    for (let round = 0; round < 60 && run.effects().length > 0; round += 1) {
      let reported = false;
      for (const effect of run.effects()) {
        const observation = observeHold(effect, world);
        if (observation) {
          run.dispatch(observation);
          reported = true;
        }
      }
      if (reported) continue;
      world.settleRefunds();
      world.advance(round < 10 ? 60_000 : 24 * 3_600_000);
    }
    expect(run.effects(), 'nothing left to do once everything has settled').toEqual([]);
    this.checkSettled();
  }

  /** Once settled: the till's book and Centrapay's agree, and a hold that is over holds nothing. */
  private checkSettled(): void {
    const { hold, world } = this;
    const made = world.byRef(this.id);
    if (!hold.paymentRequestId) {
      expect(made, 'a hold never created has no request at Centrapay').toEqual([]);
      return;
    }
    expect(made.map((request) => request.id)).toEqual([hold.paymentRequestId]);
    const request = this.request!;
    const view = holdView(hold, world.now);
    const worldConfirmed = [...request.confirmations.values()].reduce((sum, confirmation) => sum + confirmation.amount, 0n);
    expect(view.confirmed, 'the till counts as confirmed exactly what Centrapay took').toBe(worldConfirmed.toString());
    for (const item of hold.returns.filter((row) => row.kind === 'refund')) {
      const refund = request.refunds.get(item.id);
      if (item.status === 'completed') expect(refund?.status).toBe('completed');
      if (item.status === 'refused') expect(refund === undefined || refund.status === 'failed').toBe(true);
      expect(['completed', 'refused']).toContain(item.status);
    }
    const status = effectiveStatus(hold, world.now);
    if (CLOSED.includes(status)) expect(request.held, `a ${status} hold leaves nothing held`).toBe(0n);
    if (status === 'authorized') expect(request.held.toString(), 'an open hold: the till’s remaining is what Centrapay holds').toBe(view.remaining);
    if (hold.kind === 'pump' && hold.confirmations.some((confirmation) => confirmation.status === 'confirmed')) {
      expect(request.held, 'a pump’s finish releases the rest').toBe(0n);
      if (status !== 'expired') expect(pumpFinished(view)).toBe(true);
    }
  }
}

function refusalFor(effect: HoldEffect): string {
  if (effect.type === 'create') return 'NO_AVAILABLE_PAYMENT_OPTIONS';
  if (effect.type === 'return') return effect.item.kind === 'void' ? 'INACTIVE_ASSET' : 'REFUND_DECLINED';
  return 'Forbidden';
}

function sumOf(values: string[]): string {
  return values.reduce((total, value) => total + BigInt(value), 0n).toString();
}

const moves = fc.array(fc.record({ kind: fc.nat(MOVES - 1), pick: fc.nat(999), amount: fc.nat(99_999) }), { minLength: 10, maxLength: 120, size: 'max' });
const AMOUNTS = ['5000', '10000', '1'];

describe('the hold engine, over random tabs and pumps', () => {
  const seed = 20261126;
  it('never confirms more than authorised, refunds no more than was taken, keeps Centrapay’s money and its own book in step, and leaves nothing held once over', () => {
    fc.assert(
      fc.property(fc.constantFrom<'tab' | 'pump'>('tab', 'pump'), fc.nat(AMOUNTS.length - 1), moves, (kind, amount, steps) => {
        const simulation = new HoldSimulation(kind, AMOUNTS[amount]!);
        withTrail(() => simulation.run.tail(), seed, () => {
          for (const step of steps) simulation.apply(step);
          simulation.settle();
        });
      }),
      propertyOptions(300, seed),
    );
  }, 120_000);

  it('reaches every status and kind of return (so the property above is not vacuous)', () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(fc.constantFrom<'tab' | 'pump'>('tab', 'pump'), moves, (kind, steps) => {
        const simulation = new HoldSimulation(kind, '5000');
        for (const step of steps) {
          simulation.apply(step);
          seen.add(`${kind}:${simulation.hold.status}`);
          for (const item of simulation.hold.returns) seen.add(`${item.kind}:${item.status}`);
          for (const confirmation of simulation.hold.confirmations) seen.add(`confirmation:${confirmation.status}`);
        }
      }),
      propertyOptions(150, seed + 1),
    );
    expect([...seen].sort()).toEqual(expect.arrayContaining([
      'tab:authorized', 'tab:released', 'tab:voided', 'tab:cancelled', 'tab:expired', 'tab:failed', 'pump:authorized', 'pump:released',
      'release:done', 'release:refused', 'void:done', 'refund:completed', 'refund:refused', 'confirmation:confirmed', 'confirmation:refused',
    ]));
  });
});

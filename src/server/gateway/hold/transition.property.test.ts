// Property tests of the hold engine against a small Centrapay (test-support/hold-world.ts): random interleavings of a
// cashier's (or a pump's) presses, the patron approving or not, the runners' calls for the effects the hold's state
// needs (answered, answers lost and the call made again, refused, answers late or twice), time passing (requests
// expiring, authorisations lapsing), refunds completing and restarts. After every step, and once everything has
// settled, the money rules hold.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { z } from 'zod/mini';
import { lineItemSchema } from '../../../domain/centrapay';
import { pumpFinished } from '../../../domain/machine';
import { compareCents } from '../../../domain/money';
import { effectiveStatus, holdSchema, holdTotals, holdView, refundedOf } from '../../../domain/pre-auth';
import { deliveryOf, EngineRun, ensure, faultsOf, propertyOptions, runRunner, withTrail, withTrailAsync, type CallFaults, type Change } from '../../../test-support/engine-sim';
import { holdClient, holdRunnerDeps, HoldWorld, newHold, observeHold, type PreAuthRequest } from '../../../test-support/hold-world';
import { holdEffects, runHoldEffect, type HoldEffect } from './effects';
import type { HoldContext, HoldEvent, HoldObservation, HoldRecord } from './events';
import type { HoldState } from './state';
import { transition } from './transition';

interface Move {
  kind: number;
  pick: number;
  amount: number;
}

const storedHoldSchema = z.extend(holdSchema, { lineItems: z.array(lineItemSchema) });
const CLOSED = ['released', 'voided', 'cancelled', 'expired', 'failed'];
// Mostly seconds (the patron, the runners); now and then a day or three (the void window, the authorisation's lapse).
const TIME_STEPS = [1_000, 1_000, 5_000, 5_000, 20_000, 20_000, 60_000, 120_000, 3_600_000, 25 * 3_600_000, 3 * 24 * 3_600_000];
/** What a step may do, as often as it is listed. */
const MOVES = [
  'confirm', 'confirm', 'confirm', 'release', 'close', 'effect', 'effect', 'effect', 'refund', 'refund', 'effect', 'effect', 'void', 'late',
  'effect', 'late', 'authorise', 'authorise', 'decline', 'time', 'settle refunds', 'restart', 'open again',
] as const;

type Hold = HoldState | null;

export class HoldSimulation {
  readonly world = new HoldWorld();
  readonly run: EngineRun<Hold, HoldEvent, HoldRecord, HoldContext, HoldEffect>;
  private readonly id: string;
  /** Effects the real runners ran before: run again, they are resumed. */
  private readonly ran = new Set<string>();

  /** `strict`: Centrapay answers a repeat refund or void ALREADY_REFUNDED once nothing is left (see HoldWorld). */
  constructor(readonly kind: 'tab' | 'pump', readonly amount: string, strict = false) {
    this.world.strictRepeats = strict;
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

  /** Does the step's move; false when it does not apply now. */
  move({ kind, pick, amount }: Move): boolean {
    const { hold, world, run } = this;
    const actor = pick % 2 ? 'cashier:op-1' : 'cashier:op-2';
    switch (MOVES[kind % MOVES.length]) {
      case 'confirm':
        return this.confirm(pick, amount, actor);
      case 'release':
        // A pump's release is its finish of nothing: its authorisation released whole.
        if (pick % 2) return false;
        run.dispatch({ type: 'release', actor: this.kind === 'pump' ? 'machine:pump-1' : actor });
        return true;
      case 'close':
        if (this.kind === 'pump' || pick % 2) return false;
        run.dispatch({ type: 'close', actor });
        return true;
      case 'void':
        if (pick % 3) return false;
        run.dispatch({ type: 'void', actor, reason: 'wrong customer' });
        return true;
      case 'refund':
        return this.refund(pick, amount, actor);
      case 'effect': {
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
      case 'late':
        return run.deliverLate(pick);
      case 'authorise':
        if (!this.request || !world.authorise(this.request.id)) return false;
        run.note('the patron authorises');
        return true;
      case 'decline':
        if (pick % 4 || !this.request || !world.decline(this.request.id)) return false;
        run.note('the patron declines');
        return true;
      case 'time':
        run.note(`${TIME_STEPS[pick % TIME_STEPS.length]! / 1000} s pass`);
        world.advance(TIME_STEPS[pick % TIME_STEPS.length]!);
        return true;
      case 'settle refunds':
        run.note('refunds settle');
        world.settleRefunds((refund) => (refund.amount + BigInt(pick)) % 5n === 0n);
        return true;
      case 'restart':
        if (pick % 3) return false;
        run.restart(readBack);
        return true;
      case 'open again':
        // The same open again (a retried press): nothing changes.
        if (pick % 3) return false;
        run.dispatch({ type: 'open', hold: { ...hold, status: 'opening', confirmations: [], returns: [] }, others: [], detail: 'again' });
        return true;
    }
    return false;
  }

  /** The step's move; one that does not apply now is skipped (falling through would favour whatever follows it). */
  apply(step: Move): void {
    this.move(step);
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
    // A pump's is refunded only once it has finished (a cashier refunding fuel).
    if (this.kind === 'pump' && !hold.confirmations.some((confirmation) => confirmation.status === 'confirmed')) return false;
    const keys = [null, ...hold.confirmations.map((confirmation) => confirmation.key), 'no-such-key'];
    const confirmationKey = keys[pick % keys.length]!;
    const chosen = amount % 3 === 0 ? undefined : String(1 + (amount % Number(hold.amount)));
    run.dispatch({ type: 'refund', id: `${this.id}-R${pick % 3}`, confirmationKey, reason: 'spilt', actor, ...(chosen ? { amount: chosen } : {}) });
    return true;
  }

  /**
   * The step with the real runners (hold/effects.ts) doing its effect, their calls failing as the step's number says
   * and stopped after a few waits (the effect is then run again, as after a restart); other moves as `apply`.
   */
  async applyWithRunners(step: Move): Promise<void> {
    if (MOVES[step.kind % MOVES.length] !== 'effect') return void this.move(step);
    const effects = this.run.runnable();
    if (effects.length === 0) return;
    const effect = effects[step.pick % effects.length]!;
    const [observation] = await this.runReal(effect, faultsOf(step.amount, refusalFor(effect)), 1 + (step.amount % 3));
    const delivery = (['answer', 'answer', 'answer', 'late', 'twice'] as const)[step.pick % 5]!;
    this.run.note(`ran ${effect.key} (${delivery}): ${observation ? observation.type : 'nothing to report'}`);
    this.run.deliver(effect, observation ?? null, delivery);
  }

  /** Every effect run by the real runners until none is left, answers arriving; time passes while nothing is to report. */
  async settleWithRunners(): Promise<void> {
    const { run, world } = this;
    while (run.deliverLate(0));
    for (let round = 0; round < 60 && run.effects().length > 0; round += 1) {
      let reported = false;
      for (const effect of run.effects()) {
        const [observation] = await this.runReal(effect, faultsOf(1, 'Forbidden'), 2);
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

  private runReal(effect: HoldEffect, faults: CallFaults, budget: number): Promise<HoldObservation[]> {
    vi.setSystemTime(this.world.now);
    // Run before (in this process or the last): a create looks up its reference before it sends again.
    const resumed = this.ran.has(effect.key);
    this.ran.add(effect.key);
    return runRunner<HoldObservation>((run) => runHoldEffect(effect, run, holdRunnerDeps(holdClient(this.world, faults))), { resumed, budget });
  }

  /** Every change: the hold reads back, its records say what changed, and no money rule is broken. */
  private check({ before, event, step }: Change<Hold, HoldEvent, HoldRecord>): void {
    const command = ['open', 'confirm', 'release', 'close', 'void', 'refund'].includes(event.type);
    if (step.refused) {
      const { code, statusCode, message } = step.refused;
      ensure(command, `an observation is never refused (${event.type}: ${code})`);
      ensure([400, 404, 409, 422].includes(statusCode) && message.length > 10, `${code}: a refusal says why (${statusCode} ${message})`);
      return;
    }
    const hold = step.state!;
    ensure(storedHoldSchema.safeParse(hold).success, 'the hold reads back with the domain’s schema');
    ensure(step.records.length > 0 === (hold !== before), `${event.type}: a change is recorded, and only a change`);
    for (const record of step.records) ensure(record.ref === hold.id && record.subject === (hold.paymentRequestId ?? hold.id), `${record.name} is filed under the hold`);
    if (before && ['voided', 'failed'].includes(before.status)) ensure(hold.status === before.status, `${before.status} is final (now ${hold.status})`);
    this.checkHold(hold);
    this.checkWorld();
  }

  private checkHold(hold: HoldState): void {
    ensure(new Set(hold.confirmations.map((confirmation) => confirmation.key)).size === hold.confirmations.length, 'one confirmation per key');
    ensure(new Set(hold.returns.map((item) => item.id)).size === hold.returns.length, 'one return per id');
    const { confirmed, inFlight, remaining } = holdTotals(hold);
    // Never more confirmed, plus in flight, than authorised; nor refunded of the authorisation than it still holds.
    ensure(BigInt(confirmed) + BigInt(inFlight) <= BigInt(hold.amount), () => `confirmed ${confirmed} + in flight ${inFlight} > authorised ${hold.amount}`);
    ensure(compareCents(remaining, '0') >= 0, () => `refunded of the authorisation beyond what it holds (remaining ${remaining})`);
    for (const confirmation of hold.confirmations) {
      const refunded = refundedOf(hold, confirmation.key);
      ensure(compareCents(refunded, confirmation.amount) <= 0, () => `refunds of ${confirmation.key} (${refunded}) exceed it (${confirmation.amount})`);
      if (compareCents(refunded, '0') > 0) ensure(confirmation.status === 'confirmed', `a refund of ${confirmation.key}, not confirmed`);
    }
  }

  private checkWorld(): void {
    const { world, hold } = this;
    for (const [what, times] of world.drawn) ensure(times === 1, `${what} drawn ${times} times`);
    ensure(world.byRef(this.id).length <= 1, 'one request per hold');
    for (const request of world.requests.values()) {
      ensure(world.conserved(request), `the money of ${request.id} does not add up`);
      if (request.voided > 0n) ensure(request.confirmations.size === 0, `${request.id} voided with confirmations`);
      for (const confirmation of request.confirmations.values()) {
        ensure(confirmation.refunded <= confirmation.amount && confirmation.refunded >= 0n, `refunds of ${confirmation.key} exceed it at Centrapay`);
        // A confirmation taken is one the till asked for.
        ensure(hold.confirmations.some((candidate) => candidate.key === confirmation.key && BigInt(candidate.amount) === confirmation.amount), `${confirmation.key} taken but not asked for`);
      }
      for (const refund of request.refunds.values()) ensure(hold.returns.some((item) => item.id === refund.ref && item.kind === 'refund'), `${refund.ref} refunded but not asked for`);
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
    // A release refused as already released is ours (its answer lost) or Centrapay's lapse: the runner tells them apart.
    if (hold.returns.some((item) => item.kind === 'release' && item.error === 'PRE_AUTH_RELEASED')) expect(request.lapsed, 'a release taken for a lapse').toBe(true);
    const status = effectiveStatus(hold, world.now);
    if (CLOSED.includes(status)) expect(request.held, `a ${status} hold leaves nothing held`).toBe(0n);
    if (status === 'authorized') expect(request.held.toString(), 'an open hold: the till’s remaining is what Centrapay holds').toBe(view.remaining);
    if (hold.kind === 'pump' && hold.confirmations.some((confirmation) => confirmation.status === 'confirmed')) {
      expect(request.held, 'a pump’s finish releases the rest').toBe(0n);
      if (status !== 'expired') expect(pumpFinished(view)).toBe(true);
    }
  }
}

/** The hold as the journal gives it back after a restart: its rows read with the domain's schemas, in the journal's order. */
function readBack(json: unknown): Hold {
  if (json === null) return null;
  const hold = storedHoldSchema.parse(json);
  const order = <T extends { createdAt: string }>(rows: T[], id: (row: T) => string) =>
    [...rows].sort((a, b) => a.createdAt.localeCompare(b.createdAt) || id(a).localeCompare(id(b)));
  return { ...hold, confirmations: order(hold.confirmations, (row) => row.key), returns: order(hold.returns, (row) => row.id) };
}

function refusalFor(effect: HoldEffect): string {
  if (effect.type === 'create') return 'NO_AVAILABLE_PAYMENT_OPTIONS';
  if (effect.type === 'return') return effect.item.kind === 'void' ? 'INACTIVE_ASSET' : 'REFUND_DECLINED';
  return 'Forbidden';
}

const moves = fc.array(fc.record({ kind: fc.nat(MOVES.length - 1), pick: fc.nat(999), amount: fc.nat(99_999) }), { minLength: 10, maxLength: 120, size: 'max' });
const AMOUNTS = ['5000', '10000', '1'];

describe('the hold engine, over random tabs and pumps', () => {
  const seed = 20261126;
  it('never confirms more than authorised, refunds no more than was taken, keeps Centrapay’s money and its own book in step, and leaves nothing held once over', () => {
    fc.assert(
      fc.property(fc.constantFrom<'tab' | 'pump'>('tab', 'pump'), fc.nat(AMOUNTS.length - 1), fc.boolean(), moves, (kind, amount, strict, steps) => {
        const simulation = new HoldSimulation(kind, AMOUNTS[amount]!, strict);
        withTrail(() => simulation.run.tail(), seed, () => {
          for (const step of steps) simulation.apply(step);
          simulation.settle();
        });
      }),
      propertyOptions(500, seed),
    );
  }, 120_000);

  describe('with the real runners (hold/effects.ts) against the simulated Centrapay', () => {
    // The runners read the clock; it is the world's.
    beforeAll(() => vi.useFakeTimers({ toFake: ['Date'] }));
    afterAll(() => vi.useRealTimers());

    it('keeps the same rules', async () => {
      await fc.assert(
        fc.asyncProperty(fc.constantFrom<'tab' | 'pump'>('tab', 'pump'), fc.nat(AMOUNTS.length - 1), fc.boolean(), moves, async (kind, amount, strict, steps) => {
          const simulation = new HoldSimulation(kind, AMOUNTS[amount]!, strict);
          await withTrailAsync(() => simulation.run.tail(), seed + 2, async () => {
            for (const step of steps) await simulation.applyWithRunners(step);
            await simulation.settleWithRunners();
          });
        }),
        propertyOptions(200, seed + 2),
      );
    }, 120_000);
  });

  it('reaches every status and kind of return (so the property above is not vacuous)', () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(fc.constantFrom<'tab' | 'pump'>('tab', 'pump'), moves, (kind, steps) => {
        const simulation = new HoldSimulation(kind, '5000');
        for (const step of steps) {
          simulation.apply(step);
          seen.add(`${kind}:${effectiveStatus(simulation.hold, simulation.world.now)}`);
          for (const item of simulation.hold.returns) seen.add(`${item.kind}:${item.status}`);
          for (const confirmation of simulation.hold.confirmations) seen.add(`confirmation:${confirmation.status}`);
        }
      }),
      propertyOptions(200, seed + 1),
    );
    expect([...seen].sort()).toEqual(expect.arrayContaining([
      'tab:authorized', 'tab:released', 'tab:voided', 'tab:cancelled', 'tab:expired', 'tab:failed', 'pump:authorized', 'pump:released',
      'release:done', 'release:refused', 'void:done', 'refund:completed', 'refund:refused', 'confirmation:confirmed', 'confirmation:refused',
    ]));
  });
});

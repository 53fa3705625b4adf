// Property tests of the vend engine against a small Centrapay (test-support/vend-world.ts) and a machine: random
// interleavings of the patron paying (or not), the machine vending or failing (in time, late, twice), the runners'
// calls for the effects the vend's state needs (answered, answers lost and the call made again, refused, late,
// twice), the clock, refunds completing or declined, and restarts. After every step, and once the deadline has
// passed and everything has settled: a vend is refunded if and only if it was paid and not dispensed, never both,
// and at most once.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { deliveryOf, EngineRun, ensure, faultsOf, propertyOptions, runRunner, withTrail, withTrailAsync, type CallFaults, type Change } from '../../../test-support/engine-sim';
import { newVend, observeVend, VEND_TIMEOUT_MS, vendClient, vendRunnerDeps, VendWorld, type VendRequest } from '../../../test-support/vend-world';
import { runVendEffect, vendEffects, type VendEffect } from './effects';
import type { VendContext, VendEvent, VendObservation, VendRecord } from './events';
import type { Vend } from './state';
import { transition } from './transition';

interface Move {
  kind: number;
  pick: number;
  amount: number;
}

const PAID = ['vending', 'vended', 'refunding', 'refunded', 'refund-failed'];
const TIME_STEPS = [1_000, 10_000, 25_000, 60_000, 130_000];
/** What a step may do, as often as it is listed. */
const MOVES = [
  'vended', 'failed', 'effect', 'effect', 'effect', 'effect', 'effect', 'late', 'late', 'pay', 'pay', 'cancel', 'time', 'settle refunds', 'restart',
  'early deadline', 'buy again',
] as const;

type MaybeVend = Vend | null;

export class VendSimulation {
  readonly world = new VendWorld();
  readonly run: EngineRun<MaybeVend, VendEvent, VendRecord, VendContext, VendEffect>;
  /** The machine dispensed: its word that it vended was taken. */
  dispensed = false;
  /** Effects the real runners ran before: run again, they are resumed. */
  private readonly ran = new Set<string>();
  private readonly id: string;

  /** `strict`: Centrapay answers a repeat refund ALREADY_REFUNDED once nothing is left (see VendWorld). */
  constructor(strict = false) {
    this.world.strictRepeats = strict;
    this.run = new EngineRun({ transition, effects: vendEffects }, null as MaybeVend, () => this.world.ctx(), (change) => this.check(change));
    const vend = newVend(this.world.now);
    this.id = vend.id;
    this.run.dispatch({ type: 'buy', vend, others: [] });
  }

  get vend(): Vend {
    return this.run.state!;
  }

  get request(): VendRequest | undefined {
    return this.vend.paymentRequestId ? this.world.requests.get(this.vend.paymentRequestId) : undefined;
  }

  move({ kind, pick, amount }: Move): boolean {
    const { world, run, vend } = this;
    switch (MOVES[kind % MOVES.length]) {
      case 'vended': {
        // The machine vends what it was told to (and may say so twice, or after its deadline).
        const before = run.state;
        const step = run.dispatch({ type: 'vended', machine: vend.machine });
        if (!step.refused && step.state !== before) this.dispensed = true;
        return true;
      }
      case 'failed':
        if (pick % 3) return false;
        run.dispatch({ type: 'failed', machine: vend.machine, reason: 'jammed' });
        return true;
      case 'effect': {
        const effects = run.runnable();
        if (effects.length === 0) return false;
        const effect = effects[pick % effects.length]!;
        const refuse = amount % 9 === 0 ? (effect.type === 'create' ? 'NO_AVAILABLE_PAYMENT_OPTIONS' : 'REFUND_DECLINED') : null;
        const delivery = deliveryOf(amount);
        run.note(`run ${effect.key} (${delivery}${refuse ? `, refused ${refuse}` : ''})`);
        run.deliver(effect, observeVend(effect, world, { reached: delivery !== 'unreached', refuse }), delivery);
        return true;
      }
      case 'late':
        return run.deliverLate(pick);
      case 'pay':
        if (!this.request || !world.pay(this.request.id)) return false;
        run.note('the patron pays');
        return true;
      case 'cancel':
        if (pick % 4 || !this.request || !world.cancel(this.request.id)) return false;
        run.note('the patron cancels');
        return true;
      case 'time':
        run.note(`${TIME_STEPS[pick % TIME_STEPS.length]! / 1000} s pass`);
        world.advance(TIME_STEPS[pick % TIME_STEPS.length]!);
        return true;
      case 'settle refunds':
        run.note('refunds settle');
        world.settleRefunds(() => pick % 4 === 0);
        return true;
      case 'restart':
        if (pick % 3) return false;
        run.restart();
        return true;
      case 'early deadline':
        // The deadline's runner woke early (its clock ahead of the till's): the transition checks the deadline itself.
        run.dispatch({ type: 'timedOut' });
        return true;
      case 'buy again':
        run.dispatch({ type: 'buy', vend: { ...vend, status: 'creating' }, others: [] });
        return true;
    }
    return false;
  }

  /** The step's move; one that does not apply now is skipped. */
  apply(step: Move): void {
    this.move(step);
  }

  /**
   * The step with the real runners (vend/effects.ts) doing its effect, their calls failing as the step's number says
   * and stopped after a few waits (the effect is then run again, as after a restart); other moves as `apply`.
   */
  async applyWithRunners(step: Move): Promise<void> {
    if (MOVES[step.kind % MOVES.length] !== 'effect') return void this.move(step);
    const effects = this.run.runnable();
    if (effects.length === 0) return;
    const effect = effects[step.pick % effects.length]!;
    const [observation] = await this.runReal(effect, faultsOf(step.amount, effect.type === 'create' ? 'NO_AVAILABLE_PAYMENT_OPTIONS' : 'REFUND_DECLINED'), 1 + (step.amount % 3));
    const delivery = (['answer', 'answer', 'answer', 'late', 'twice'] as const)[step.pick % 5]!;
    this.run.note(`ran ${effect.key} (${delivery}): ${observation ? observation.type : 'nothing to report'}`);
    this.run.deliver(effect, observation ?? null, delivery);
  }

  /** The deadline passes and the real runners run every effect until none is left, answers arriving. */
  async settleWithRunners(): Promise<void> {
    const { run, world } = this;
    while (run.deliverLate(0));
    for (let round = 0; round < 30 && run.effects().length > 0; round += 1) {
      let reported = false;
      for (const effect of run.effects()) {
        const [observation] = await this.runReal(effect, faultsOf(1, 'REFUND_DECLINED'), 2);
        if (observation) {
          run.dispatch(observation);
          reported = true;
        }
      }
      if (reported) continue;
      world.settleRefunds();
      world.advance(60_000);
    }
    this.checkSettled();
  }

  private runReal(effect: VendEffect, faults: CallFaults, budget: number): Promise<VendObservation[]> {
    vi.setSystemTime(this.world.now);
    // Run before (in this process or the last): a create looks up its reference before it sends again.
    const resumed = this.ran.has(effect.key);
    this.ran.add(effect.key);
    return runRunner<VendObservation>((run) => runVendEffect(effect, run, vendRunnerDeps(vendClient(this.world, faults))), { resumed, budget });
  }

  private check({ before, event, step }: Change<MaybeVend, VendEvent, VendRecord>): void {
    const command = ['buy', 'vended', 'failed'].includes(event.type);
    if (step.refused) {
      const { code, statusCode, message } = step.refused;
      ensure(command, `an observation is never refused (${event.type}: ${code})`);
      ensure([404, 409].includes(statusCode) && message.length > 10, `${code}: a refusal says why (${statusCode} ${message})`);
      return;
    }
    const vend = step.state!;
    ensure(step.records.length > 0 === (vend !== before), `${event.type}: a change is recorded, and only a change`);
    for (const record of step.records) ensure(record.ref === vend.id && record.subject === (vend.paymentRequestId ?? vend.id), `${record.name} is filed under the vend`);
    if (before?.status === 'vended') ensure(vend.status === 'vended', `vended is final (now ${vend.status})`);
    if (event.type === 'timedOut' && vend !== before) ensure(this.world.now >= Date.parse(before!.paidAt!) + VEND_TIMEOUT_MS, 'refunded for a deadline not yet passed');
    if (PAID.includes(vend.status)) ensure(this.request?.status === 'paid', `a ${vend.status} vend was not paid`);
    if (vend.status === 'vended') ensure(this.dispensed || event.type === 'vended', 'vended without the machine’s word');
    for (const made of this.world.requests.values()) {
      ensure(made.ref === this.id && made.refunded <= made.value, `${made.id}: refunded ${made.refunded} of ${made.value}`);
      // Refunded only what was paid and not dispensed.
      if (made.refunds.size > 0) ensure(made.status === 'paid' && vend.status !== 'vended' && !this.dispensed, 'never both vended and refunded, nor refunded unpaid');
    }
    for (const [ref, times] of this.world.drawn) ensure(times === 1, `${ref} refunded ${times} times`);
  }

  /** The deadline passes and every effect runs until none is left, answers arriving. */
  settle(): void {
    const { run, world } = this;
    while (run.deliverLate(0));
    for (let round = 0; round < 30 && run.effects().length > 0; round += 1) {
      let reported = false;
      for (const effect of run.effects()) {
        const observation = observeVend(effect, world);
        if (observation) {
          run.dispatch(observation);
          reported = true;
        }
      }
      if (reported) continue;
      world.settleRefunds();
      world.advance(60_000);
    }
    this.checkSettled();
  }

  /** Once settled: refunded if and only if paid and not dispensed, and the money went back or a person is asked to. */
  private checkSettled(): void {
    const { run, world, vend } = this;
    expect(run.effects(), 'nothing left to do once everything has settled').toEqual([]);
    const made = world.byRef(this.id);
    expect(made.length).toBeLessThanOrEqual(1);
    const request = made[0];
    if (request) expect(vend.paymentRequestId).toBe(request.id);
    const paid = request?.status === 'paid';
    const returned = request ? world.returned(request.id) : 0n;
    if (!paid) {
      expect(['unpaid', 'failed'], 'a vend never paid ends unpaid or failed').toContain(vend.status);
      expect(request?.refunds.size ?? 0).toBe(0);
    } else if (this.dispensed) {
      expect(vend.status).toBe('vended');
      expect(request.refunds.size, 'a vended vend is never refunded').toBe(0);
    } else {
      // Paid and not dispensed: the money went back, or the vend says a person must return it.
      expect(returned === BigInt(vend.amount) || vend.status === 'refund-failed', `paid, not vended: refunded (status ${vend.status}, ${returned} back)`).toBe(true);
      expect(returned === BigInt(vend.amount), `status ${vend.status}, ${returned} back`).toBe(vend.status === 'refunded');
    }
  }
}

const moves = fc.array(fc.record({ kind: fc.nat(MOVES.length - 1), pick: fc.nat(999), amount: fc.nat(99_999) }), { minLength: 5, maxLength: 60, size: 'max' });

describe('the vend engine, over random vends', () => {
  const seed = 20261128;
  it('refunds a vend if and only if it was paid and not dispensed, never both, at most once, and leaves no paid vend unresolved', () => {
    fc.assert(
      fc.property(fc.boolean(), moves, (strict, steps) => {
        const simulation = new VendSimulation(strict);
        withTrail(() => simulation.run.tail(), seed, () => {
          for (const step of steps) simulation.apply(step);
          simulation.settle();
        });
      }),
      propertyOptions(500, seed),
    );
  }, 120_000);

  describe('with the real runners (vend/effects.ts) against the simulated Centrapay', () => {
    // The runners read the clock (the deadline); it is the world's.
    beforeAll(() => vi.useFakeTimers({ toFake: ['Date'] }));
    afterAll(() => vi.useRealTimers());

    it('keeps the same rules', async () => {
      await fc.assert(
        fc.asyncProperty(fc.boolean(), moves, async (strict, steps) => {
          const simulation = new VendSimulation(strict);
          await withTrailAsync(() => simulation.run.tail(), seed + 2, async () => {
            for (const step of steps) await simulation.applyWithRunners(step);
            await simulation.settleWithRunners();
          });
        }),
        propertyOptions(200, seed + 2),
      );
    }, 120_000);
  });

  it('reaches every status (so the property above is not vacuous)', () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(moves, (steps) => {
        const simulation = new VendSimulation();
        for (const step of steps) {
          simulation.apply(step);
          seen.add(simulation.vend.status + (simulation.vend.refundSettled ? ':settled' : ''));
        }
      }),
      propertyOptions(200, seed + 1),
    );
    expect([...seen].sort()).toEqual(expect.arrayContaining(['creating', 'pending', 'vending', 'vended', 'refunding', 'refunded', 'refunded:settled', 'refund-failed', 'refund-failed:settled', 'unpaid', 'failed']));
  });
});

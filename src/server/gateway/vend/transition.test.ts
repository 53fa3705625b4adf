// The vend engine's transition on its own: the patron's purchase, the machine's word and what Centrapay and the
// clock said, each applied once, late and stray ones ignored, refusals in words a machine's owner can act on, and the
// journal's events each change writes. No HTTP, no timers: the time comes in the context.
import { describe, expect, it } from 'vitest';
import { newVend, observeVend, VEND_AT, VEND_TIMEOUT_MS, VendWorld } from '../../../test-support/vend-world';
import { vendEffects } from './effects';
import type { VendContext, VendEvent, VendRecord } from './events';
import type { Vend } from './state';
import { transition, vendDeadline, vendRefundId } from './transition';

const AT: VendContext = { now: VEND_AT, vendTimeoutMs: VEND_TIMEOUT_MS };
const at = (now: number): VendContext => ({ now, vendTimeoutMs: VEND_TIMEOUT_MS });

function step(vend: Vend | null, event: VendEvent, ctx = AT): { state: Vend; records: VendRecord[] } {
  const result = transition(vend, event, ctx);
  if (result.refused) throw new Error(`refused: ${result.refused.code}`);
  return { state: result.state!, records: result.records };
}

function refused(vend: Vend | null, event: VendEvent, ctx = AT) {
  const result = transition(vend, event, ctx);
  if (!result.refused) throw new Error('expected a refusal');
  return result.refused;
}

function unchanged(vend: Vend, event: VendEvent, ctx = AT) {
  const result = step(vend, event, ctx);
  expect(result.state).toBe(vend);
  expect(result.records).toEqual([]);
}

/** A vend whose request was created, waiting for the patron. */
function pending() {
  const world = new VendWorld();
  const bought = step(null, { type: 'buy', vend: newVend(), others: [] }).state;
  const request = world.create(bought);
  return { vend: step(bought, { type: 'created', paymentRequest: world.view(request.id) }).state, world, request };
}

/** A vend the patron paid: the machine is told to vend. */
function paid() {
  const { vend, world, request } = pending();
  world.pay(request.id);
  return { vend: step(vend, { type: 'polled', paymentRequest: world.view(request.id) }).state, world, request };
}

const MACHINE = { machine: 'vm-1' };

describe('a purchase', () => {
  it('is written, then its request created', () => {
    const vend = newVend();
    const { state, records } = step(null, { type: 'buy', vend, others: [] });
    expect(state).toBe(vend);
    expect(records).toEqual([{ subject: vend.id, ref: vend.id, name: 'vend-requested', actor: 'patron', detail: 'vm-1: Salted Chips $3.50', status: null }]);
    expect(vendEffects(state)).toEqual([{ key: 'create', type: 'create', vend }]);
    unchanged(state, { type: 'buy', vend: newVend(), others: [] });
  });

  it('waits while the machine serves someone else', () => {
    const busy = pending().vend;
    expect(refused(null, { type: 'buy', vend: newVend(), others: [busy] })).toEqual({ statusCode: 409, code: 'MACHINE_BUSY', message: 'Machine busy, try again in a moment.' });
    expect(step(null, { type: 'buy', vend: newVend(), others: [{ ...busy, status: 'vended' }] }).state.status).toBe('creating');
  });

  it('the machine’s word on a vend never bought is refused', () => {
    expect(refused(null, { type: 'vended', ...MACHINE })).toEqual({ statusCode: 404, code: 'VEND_NOT_FOUND', message: 'No purchase with that reference was made at this shop’s machines.' });
  });

  it('created: waits for the patron, following the request; refused or unanswered: nothing was taken', () => {
    const { vend, request } = pending();
    expect(vend).toMatchObject({ status: 'pending', paymentRequestId: request.id, shortCode: `CP-${request.id}`, url: `http://pos.test/sandbox/pay/${request.id}` });
    expect(vendEffects(vend)).toEqual([{ key: 'follow', type: 'follow', vend }]);
    const bought = step(null, { type: 'buy', vend: newVend(), others: [] }).state;
    expect(step(bought, { type: 'createRefused', code: 'NO_AVAILABLE_PAYMENT_OPTIONS' })).toMatchObject({
      state: { status: 'failed', reason: 'Centrapay refused the payment (NO_AVAILABLE_PAYMENT_OPTIONS). Nothing was taken.' }, records: [{ name: 'vend-refused', actor: 'centrapay' }],
    });
    expect(step(bought, { type: 'createGaveUp' })).toMatchObject({
      state: { status: 'failed', reason: 'Centrapay did not answer; nothing was taken. Try again.' }, records: [{ name: 'vend-not-created', actor: 'gateway' }],
    });
  });

  it('paid: the machine is told to vend, its time running from now', () => {
    const { vend, world, request } = pending();
    world.pay(request.id);
    const { state, records } = step(vend, { type: 'polled', paymentRequest: world.view(request.id) }, at(VEND_AT + 5_000));
    expect(state).toMatchObject({ status: 'vending', paidAt: new Date(VEND_AT + 5_000).toISOString() });
    expect(records).toEqual([{ subject: request.id, ref: vend.id, name: 'vend-paid', actor: 'centrapay', detail: 'paid: the machine is told to vend', status: 'paid' }]);
    expect(vendDeadline(state, VEND_TIMEOUT_MS)).toBe(VEND_AT + 5_000 + VEND_TIMEOUT_MS);
    expect(vendEffects(state)).toEqual([{ key: 'deadline', type: 'deadline', vend: state }]);
  });

  it('expired or cancelled unpaid: nothing to do, and why', () => {
    const expired = pending();
    expired.world.advance(121_000);
    expect(step(expired.vend, { type: 'polled', paymentRequest: expired.world.view(expired.request.id) })).toMatchObject({
      state: { status: 'unpaid', reason: 'The payment was not made in time.' }, records: [{ name: 'vend-unpaid', detail: 'expired', status: 'expired' }],
    });
    const cancelled = pending();
    cancelled.world.cancel(cancelled.request.id);
    const done = step(cancelled.vend, { type: 'polled', paymentRequest: cancelled.world.view(cancelled.request.id) });
    expect(done.state).toMatchObject({ status: 'unpaid', reason: 'The payment was cancelled.' });
    expect(done.records[0]!.detail).toBe('CANCELLED_BY_PATRON');
    expect(vendEffects(done.state)).toEqual([]);
  });
});

describe('the machine', () => {
  it('vended: done, once; a repeat is answered the same', () => {
    const { vend } = paid();
    const { state, records } = step(vend, { type: 'vended', ...MACHINE });
    expect(state.status).toBe('vended');
    expect(records).toEqual([expect.objectContaining({ name: 'vended', actor: 'machine:vm-1', detail: 'Salted Chips vended by vm-1' })]);
    expect(vendEffects(state)).toEqual([]);
    unchanged(state, { type: 'vended', ...MACHINE });
    // Its deadline passing, or a failure reported after, changes nothing.
    unchanged(state, { type: 'timedOut' }, at(VEND_AT + VEND_TIMEOUT_MS + 1));
    expect(refused(state, { type: 'failed', ...MACHINE, reason: 'jammed' })).toEqual({ statusCode: 409, code: 'VEND_ALREADY_VENDED', message: `Purchase ${vend.id} was already vended.` });
  });

  it('may not vend what was not paid', () => {
    const { vend } = pending();
    expect(refused(vend, { type: 'vended', ...MACHINE })).toEqual({ statusCode: 409, code: 'VEND_NOT_PAID', message: `Purchase ${vend.id} was not paid, so there is nothing to vend.` });
    expect(refused(vend, { type: 'failed', ...MACHINE, reason: 'jammed' })).toMatchObject({ code: 'VEND_NOT_PAID' });
  });

  it('failed: the whole payment goes back under the vend’s refund reference, and why is journaled', () => {
    const { vend, world } = paid();
    const { state, records } = step(vend, { type: 'failed', ...MACHINE, reason: 'jammed' });
    expect(state).toMatchObject({ status: 'refunding', reason: 'The machine reported a failure: jammed' });
    expect(records).toEqual([expect.objectContaining({ name: 'vend-failed', actor: 'machine:vm-1', detail: 'The machine reported a failure: jammed' })]);
    expect(vendEffects(state)).toEqual([{ key: 'refund', type: 'refund', vend: state }]);
    unchanged(state, { type: 'failed', ...MACHINE, reason: 'jammed again' });
    expect(refused(state, { type: 'vended', ...MACHINE })).toEqual({
      statusCode: 409, code: 'VEND_REFUNDED', message: `Too late: purchase ${vend.id} was not confirmed in time and the customer has been refunded. Do not vend it.`,
    });
    const accepted = step(state, observeVend(vendEffects(state)[0]!, world)!);
    expect(accepted.state.status).toBe('refunded');
    expect(accepted.records).toEqual([expect.objectContaining({ name: 'vend-refunded', detail: `${vendRefundId(vend)}: $3.50 refund accepted; reason: The machine reported a failure: jammed` })]);
  });

  it('silent past its deadline: refunded; a deadline reported early is ignored', () => {
    const { vend } = paid();
    const deadline = vendDeadline(vend, VEND_TIMEOUT_MS);
    unchanged(vend, { type: 'timedOut' }, at(deadline - 1));
    const { state, records } = step(vend, { type: 'timedOut' }, at(deadline));
    expect(state).toMatchObject({ status: 'refunding', reason: 'The machine did not confirm the vend within 30 s.' });
    expect(records).toEqual([expect.objectContaining({ name: 'vend-failed', actor: 'gateway' })]);
    unchanged(state, { type: 'timedOut' }, at(deadline + 1));
  });
});

describe('the refund', () => {
  function refunding() {
    const { vend, world, request } = paid();
    return { vend: step(vend, { type: 'failed', ...MACHINE, reason: 'jammed' }).state, world, request };
  }

  it('sent again after a lost answer is refunded once, then read until it is done', () => {
    const { vend, world, request } = refunding();
    const [effect] = vendEffects(vend);
    observeVend(effect!, world);
    const again = observeVend(effect!, world);
    expect(again).toEqual({ type: 'refundAccepted' });
    expect(world.drawn.get(vendRefundId(vend))).toBe(1);
    const accepted = step(vend, again!).state;
    expect(vendEffects(accepted)).toEqual([{ key: 'awaitRefund', type: 'awaitRefund', vend: accepted }]);
    expect(observeVend(vendEffects(accepted)[0]!, world)).toBeNull();
    world.settleRefunds();
    const completed = step(accepted, observeVend(vendEffects(accepted)[0]!, world)!);
    expect(completed.state).toMatchObject({ status: 'refunded', refundSettled: true });
    expect(completed.records).toEqual([expect.objectContaining({ name: 'vend-refund-completed', subject: request.id, detail: vendRefundId(vend) })]);
    expect(vendEffects(completed.state)).toEqual([]);
    unchanged(completed.state, { type: 'refundCompleted', status: 'completed' });
    unchanged(completed.state, { type: 'refundAccepted' });
  });

  it('sent again to a Centrapay that answers a repeat ALREADY_REFUNDED: found among the activities under its reference', () => {
    const { vend, world } = refunding();
    world.strictRepeats = true;
    const [effect] = vendEffects(vend);
    observeVend(effect!, world);
    expect(observeVend(effect!, world)).toEqual({ type: 'refundAccepted' });
    expect(world.drawn.get(vendRefundId(vend))).toBe(1);
  });

  it('refused outright: a person must return the money', () => {
    const { vend } = refunding();
    const { state, records } = step(vend, { type: 'refundRefused', code: 'REFUND_DECLINED' });
    expect(state.status).toBe('refund-failed');
    expect(records).toEqual([expect.objectContaining({ name: 'vend-refund-refused', detail: `${vendRefundId(vend)}: Centrapay refused the refund (REFUND_DECLINED); a person must return $3.50` })]);
    expect(vendEffects(state)).toEqual([]);
    unchanged(state, { type: 'refundAccepted' });
    expect(refused(state, { type: 'vended', ...MACHINE })).toMatchObject({ code: 'VEND_REFUNDED' });
  });

  it('ignores answers out of order: a completion before acceptance, an acceptance of a refund never asked for', () => {
    const { vend } = refunding();
    unchanged(vend, { type: 'refundCompleted', status: 'completed' });
    unchanged(paid().vend, { type: 'refundAccepted' });
    unchanged(paid().vend, { type: 'refundRefused', code: 'NOT_PAID' });
  });

  // Found by the property (vend/transition.property.test.ts): a refund Centrapay accepted and then declined left the
  // vend "refunded" (settled), so nothing told anyone that the patron's money had not gone back.
  it('declined after it was accepted: refund-failed, for a person to return the money (replay of a found sequence)', () => {
    const { vend, world } = refunding();
    const accepted = step(vend, observeVend(vendEffects(vend)[0]!, world)!).state;
    world.settleRefunds(() => true);
    const declined = step(accepted, observeVend(vendEffects(accepted)[0]!, world)!);
    expect(declined.state).toMatchObject({ status: 'refund-failed', refundSettled: true });
    expect(declined.records).toEqual([expect.objectContaining({ name: 'vend-refund-declined', detail: vendRefundId(vend) })]);
    expect(vendEffects(declined.state)).toEqual([]);
    expect(refused(declined.state, { type: 'vended', ...MACHINE })).toMatchObject({ code: 'VEND_REFUNDED' });
  });
});

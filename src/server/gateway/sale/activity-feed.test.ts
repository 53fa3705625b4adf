// What an activity from the merchant's feed says about its Payment Request: only an ending Centrapay itself
// recorded, and only when nothing else a read would show (what is still owed) matters.
import { describe, expect, it } from 'vitest';
import type { PaymentActivity } from '../../../domain/centrapay';
import { afterActivity } from './activity-feed';
import { EMPTY_LANE } from './state';
import { CONTEXT, FLAT_WHITES, newOrder, World } from '../../../test-support/sale-world';
import { transition } from './transition';

function liveRequest(options: { connectionId?: string } = {}) {
  const world = new World();
  const { state } = transition(EMPTY_LANE, { type: 'pay', kind: 'qr', cart: [FLAT_WHITES], order: newOrder(), actor: 'op' }, CONTEXT) as { state: typeof EMPTY_LANE };
  const made = world.create(state.order!, options);
  return world.view(made.id);
}

const activity = (type: string, extra: Partial<PaymentActivity> = {}): PaymentActivity => ({
  id: `a-${type}`, type, paymentRequestId: 'PR1', createdAt: '2026-11-26T10:00:05.000Z', ...extra,
});
const paidBy = (amount: string) => ({ assetTotals: [{ type: 'centrapay.nzd.test', description: 'Centrapay NZD', total: { amount, currency: 'NZD' } }] });

describe('afterActivity', () => {
  it('a paid activity with its paidBy covering the whole request ends it paid, as a read would show', () => {
    const request = liveRequest();
    expect(afterActivity(request, activity('paid', { paidBy: paidBy('1100'), value: { amount: '1100', currency: 'NZD' } }))).toMatchObject({
      status: 'paid', remainingAmount: '0', paidBy: paidBy('1100'), updatedAt: '2026-11-26T10:00:05.000Z',
    });
  });

  it('leaves it to a read when the activity does not say everything the till needs', () => {
    const request = liveRequest();
    expect(afterActivity(request, activity('paid'))).toBeNull();
    expect(afterActivity(request, activity('paid', { paidBy: paidBy('500') }))).toBeNull();
    // Partial payment allowed: how much is still owed decides what the cashier does next.
    expect(afterActivity(liveRequest({ connectionId: 'cn1' }), activity('paid', { paidBy: paidBy('1100') }))).toBeNull();
    for (const type of ['payment', 'request', 'refund', 'authorization']) expect(afterActivity(request, activity(type))).toBeNull();
  });

  it('a cancellation or an expiry ends the request so', () => {
    const request = liveRequest();
    expect(afterActivity(request, activity('cancellation', { cancellationReason: 'CANCELLED_BY_PATRON' }))).toMatchObject({ status: 'cancelled', cancellationReason: 'CANCELLED_BY_PATRON' });
    expect(afterActivity(request, activity('expiry'))).toMatchObject({ status: 'expired' });
  });
});

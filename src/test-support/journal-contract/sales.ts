// The sale repository's contract: a lane's state comes back exactly as committed, and the rows its transitions
// record (the sale, its Payment Requests, each status change once, tenders, events) land with it, readable by history.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Journal } from '../../server/gateway/journal/journal';
import type { SaleRecord } from '../../server/gateway/sale/events';
import { EMPTY_LANE, type StoredLane } from '../../server/gateway/sale/state';
import { transition } from '../../server/gateway/sale/transition';
import { CONTEXT, FLAT_WHITES, MUFFIN, newOrder, World } from '../sale-world';

export function saleRepositoryContract(open: () => Promise<Journal>): void {
  let journal: Journal;

  beforeEach(async () => {
    journal = await open();
  });

  afterEach(async () => {
    await journal.close();
  });

  /** A lane whose QR payment is live: the state and records the transition made on the way. */
  function payingLane(): { state: StoredLane; records: SaleRecord[]; ref: string } {
    const order = newOrder();
    const world = new World();
    const pressed = transition(EMPTY_LANE, { type: 'pay', kind: 'qr', cart: [FLAT_WHITES, MUFFIN], order, actor: 'op-1' }, CONTEXT);
    if (pressed.refused) throw new Error(pressed.refused.message);
    const request = world.create(pressed.state.order!);
    const created = transition(pressed.state, { type: 'created', ref: order.ref, paymentRequest: world.view(request.id), sends: 1 }, CONTEXT);
    if (created.refused) throw new Error(created.refused.message);
    return { state: created.state, records: [...pressed.records, ...created.records], ref: order.ref };
  }

  describe('lanes', () => {
    it('come back exactly as committed, one row per lane', async () => {
      const { state, records } = payingLane();
      await journal.sales.commit('lane-1', state, records);
      await journal.sales.commit('lane-2', EMPTY_LANE, []);
      expect(await journal.sales.load('lane-1')).toEqual(state);
      expect(await journal.sales.load('lane-3')).toBeNull();
      expect((await journal.sales.lanes()).lanes).toEqual([{ key: 'lane-1', state }, { key: 'lane-2', state: EMPTY_LANE }]);
    });

    it('record the sale with its request, each status once, and its tenders and events, for history to read', async () => {
      const { state, records, ref } = payingLane();
      await journal.sales.commit('lane-1', state, records);
      const id = state.payment!.paymentRequest.id;
      await journal.sales.commit('lane-1', state, [{ kind: 'status', id, status: 'paid' }, { kind: 'status', id, status: 'paid' }, { kind: 'result', ref, result: 'paid' }]);
      await journal.sales.commit('lane-1', state, [{ kind: 'tender', ref, paymentRequestId: null, onRequest: false, method: 'cash', amount: '200', actor: 'cashier:op-1' }]);
      expect(await journal.history.sale(ref)).toMatchObject({ ref, lane: 'lane-1', total: '1700', result: 'paid', operatorId: 'op-1' });
      expect(await journal.history.requestsOf(ref)).toEqual([expect.objectContaining({ id, status: 'paid', amount: '1700' })]);
      expect((await journal.history.eventsOf(ref)).filter((row) => row.kind === 'status')).toEqual([expect.objectContaining({ status: 'paid', subject: id })]);
      expect(await journal.history.tendersOf(ref)).toEqual([expect.objectContaining({ method: 'cash', amount: '200', onRequest: false })]);
      expect(JSON.parse((await journal.history.lineItemsOf(ref))!)).toHaveLength(2);
    });
  });
}

// The contract of stores: every row a journal writes carries the store of its lane or machine (the `storeOf` it was
// opened with), history, the end-of-day report and the tab and vend lists read one store's rows only, and the store a
// place's business is under is read back (a place taken out of the configuration is finished with its own store's).
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { Journal, JournalOptions } from '../../server/gateway/journal/journal';
import type { SaleRecord } from '../../server/gateway/sale/events';
import { EMPTY_LANE } from '../../server/gateway/sale/state';
import { AT, hold, refund, vend } from './fixtures';

/** Lanes and machines named `b-…` are store B's; every other place is store A's. */
const STORE_OF = (place: string) => (place.startsWith('b-') ? 'store-b' : 'store-a');

export function storesContract(open: (options: JournalOptions) => Promise<Journal>): void {
  let journal: Journal;

  beforeEach(async () => {
    journal = await open({ storeOf: STORE_OF });
  });

  afterEach(async () => {
    await journal.close();
  });

  async function sale(lane: string, number: number): Promise<string> {
    const ref = `${lane}-${String(number).padStart(6, '0')}-ABC`;
    const records: SaleRecord[] = [
      { kind: 'order', order: { ref, number, kind: 'qr', total: '500', currency: 'NZD', operatorId: 'op-1', terminalId: lane, startedAt: '' }, lineItems: [] },
    ];
    await journal.sales.commit(lane, EMPTY_LANE, records);
    return ref;
  }

  it('sales are their lane’s store’s, and a store’s history has only its own', async () => {
    const mine = await sale('a-1', 1);
    const theirs = await sale('b-1', 2);
    expect((await journal.history.sale(mine))?.store).toBe('store-a');
    expect((await journal.history.sale(theirs))?.store).toBe('store-b');
    expect((await journal.history.findSales({ store: 'store-b' })).sales.map((row) => row.ref)).toEqual([theirs]);
    expect((await journal.history.findSales({ store: 'store-a', matches: [{ by: 'number', number: 2 }] })).sales).toEqual([]);
    expect((await journal.history.findSales({})).sales).toHaveLength(2);
  });

  it('refunds are the store of the sale they return money from, and a store’s day has only its own', async () => {
    const mine = await sale('a-1', 1);
    const theirs = await sale('b-1', 2);
    await journal.refunds.commit(mine, [refund('r-a', mine, { createdAt: AT, updatedAt: AT })], []);
    await journal.refunds.commit(theirs, [refund('r-b', theirs, { createdAt: AT, updatedAt: AT })], []);
    const day = { from: '2026-11-26T00:00:00.000Z', to: '2026-11-27T00:00:00.000Z' };
    expect((await journal.history.refundsMade({ ...day, store: 'store-b' })).map((row) => row.id)).toEqual(['r-b']);
    expect((await journal.history.refundsMade({ ...day, store: 'store-a' })).map((row) => row.id)).toEqual(['r-a']);
  });

  it('tabs and pumps are their lane’s or machine’s store’s', async () => {
    await journal.holds.commit(hold('TAB-A', { owner: 'a-1' }), []);
    await journal.holds.commit(hold('TAB-B', { owner: 'b-1' }), []);
    await journal.holds.commit(hold('PUMP-B', { owner: 'b-pump-1', kind: 'pump' }), []);
    expect((await journal.holds.list({ store: 'store-b' })).map((row) => row.id).sort()).toEqual(['PUMP-B', 'TAB-B']);
    expect((await journal.holds.list({ store: 'store-a', owner: 'b-1' })).map((row) => row.id)).toEqual([]);
  });

  it('vends are their machine’s store’s', async () => {
    await journal.vends.commit(vend('V-A', { machine: 'a-vend' }), []);
    await journal.vends.commit(vend('V-B', { machine: 'b-vend' }), []);
    expect((await journal.vends.list({ store: 'store-a' })).map((row) => row.id)).toEqual(['V-A']);
  });

  it('tells the store each place’s business is under: every lane’s state, and the holds and vends with business left', async () => {
    await sale('b-1', 1);
    await journal.sales.commit('a-1', EMPTY_LANE, []);
    // A tab being opened on b-1 (listed once with its lane's state) and on b-2; a tab released long ago on a-2.
    await journal.holds.commit(hold('TAB-B1', { owner: 'b-1' }), []);
    await journal.holds.commit(hold('TAB-B2', { owner: 'b-2' }), []);
    await journal.holds.commit(hold('TAB-A2', { owner: 'a-2', status: 'released', paymentRequestId: 'PR-A2' }), []);
    // A vend being created at b-vend; one vended at a-vend, and one refunded whose refund is not yet seen done at a-snack.
    await journal.vends.commit(vend('V-B', { machine: 'b-vend' }), []);
    await journal.vends.commit(vend('V-A', { machine: 'a-vend', status: 'vended', paymentRequestId: 'PR-VA' }), []);
    await journal.vends.commit(vend('V-S', { machine: 'a-snack', status: 'refunded', paymentRequestId: 'PR-VS' }), []);
    expect(await journal.places.stores()).toEqual([
      { place: 'a-1', store: 'store-a' },
      { place: 'a-snack', store: 'store-a' },
      { place: 'b-1', store: 'store-b' },
      { place: 'b-2', store: 'store-b' },
      { place: 'b-vend', store: 'store-b' },
    ]);
  });

  it('tells no place’s store in an empty journal', async () => {
    expect(await journal.places.stores()).toEqual([]);
  });
}

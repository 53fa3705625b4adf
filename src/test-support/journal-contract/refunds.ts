// The refund repository's contract: a finished sale's refunds come back exactly as committed, and the sales with an
// unfinished one are found for start-up.
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { Journal } from '../../server/gateway/journal/journal';
import { LATER, refund } from './fixtures';

const event = (ref: string, name: string) => ({ subject: ref, ref, name, actor: 'cashier:op-1', detail: `${name} detail`, status: null });

export function refundRepositoryContract(open: () => Promise<Journal>): void {
  let journal: Journal;

  beforeEach(async () => {
    journal = await open();
  });

  afterEach(async () => {
    await journal.close();
  });

  it('give back exactly what was committed, and which sales have some unfinished', async () => {
    const done = refund('S1-R1', 'S1', { status: 'completed', accepted: true, assetTotals: [{ type: 'centrapay.nzd.test', amount: '1100' }], updatedAt: LATER });
    const counter = refund('S1-R2', 'S1', { paymentRequestId: null, method: 'cash', lineItems: null, sentLineItems: null, status: 'completed' });
    await journal.refunds.commit('S1', [refund('S1-R1', 'S1'), counter], [event('S1', 'refund-requested')]);
    expect(await journal.refunds.unfinished()).toEqual(['S1']);
    await journal.refunds.commit('S1', [done, counter], [event('S1', 'refund-completed')]);
    expect(await journal.refunds.of('S1')).toEqual([done, counter]);
    expect(await journal.refunds.unfinished()).toEqual([]);
  });
}

// The vend repository's contract: a vend comes back exactly as committed, and is found for start-up while it has
// work left.
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { Journal } from '../../server/gateway/journal/journal';
import { LATER, vend } from './fixtures';

const event = (ref: string, name: string) => ({ subject: ref, ref, name, actor: 'cashier:op-1', detail: `${name} detail`, status: null });

export function vendRepositoryContract(open: () => Promise<Journal>): void {
  let journal: Journal;

  beforeEach(async () => {
    journal = await open();
  });

  afterEach(async () => {
    await journal.close();
  });

  it('give back exactly what was committed', async () => {
    const paid = vend('V1', { paymentRequestId: 'PR-V1', shortCode: 'CP-V', url: 'http://pos.test/pay/PR-V1', status: 'refunded', reason: 'jammed', paidAt: LATER, refundSettled: true, updatedAt: LATER });
    await journal.vends.commit(vend('V1'), [event('V1', 'vend-requested')]);
    await journal.vends.commit(paid, [event('V1', 'vend-refunded')]);
    expect(await journal.vends.load('V1')).toEqual(paid);
  });

  it('are found for start-up while they have work left, and listed by machine and status', async () => {
    await journal.vends.commit(vend('CREATING'), []);
    await journal.vends.commit(vend('VENDED', { status: 'vended', createdAt: LATER }), []);
    await journal.vends.commit(vend('REFUNDED', { status: 'refunded', machine: 'vend-2' }), []);
    await journal.vends.commit(vend('SETTLED', { status: 'refunded', refundSettled: true }), []);
    expect((await journal.vends.unfinished()).map((row) => row.id).sort()).toEqual(['CREATING', 'REFUNDED']);
    expect((await journal.vends.list({ machine: 'vend-1', statuses: ['creating', 'vended'] })).map((row) => row.id)).toEqual(['VENDED', 'CREATING']);
    expect(await journal.vends.list({ limit: 1 })).toHaveLength(1);
  });
}

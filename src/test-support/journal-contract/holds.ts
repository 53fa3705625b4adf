// The hold repository's contract: a hold comes back exactly as committed (its confirmations and returns in order),
// is found for start-up while Centrapay has something to answer, is listed as the screens ask, and keeps its events.
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { Journal } from '../../server/gateway/journal/journal';
import { AT, busyHold, hold, LATER } from './fixtures';

const event = (ref: string, name: string) => ({ subject: ref, ref, name, actor: 'cashier:op-1', detail: `${name} detail`, status: null });

export function holdRepositoryContract(open: () => Promise<Journal>): void {
  let journal: Journal;

  beforeEach(async () => {
    journal = await open();
  });

  afterEach(async () => {
    await journal.close();
  });

  it('give back exactly what was committed, each change in place', async () => {
    await journal.holds.commit(hold('TAB-1'), [event('TAB-1', 'hold-opened')]);
    expect(await journal.holds.load('TAB-1')).toEqual(hold('TAB-1'));
    await journal.holds.commit(busyHold('TAB-1'), [event('TAB-1', 'confirmed')]);
    expect(await journal.holds.load('TAB-1')).toEqual(busyHold('TAB-1'));
    expect(await journal.holds.load('TAB-2')).toBeNull();
  });

  it('are found for start-up while Centrapay has something to answer, and listed newest first by owner and status', async () => {
    await journal.holds.commit(hold('OPENING', { createdAt: AT }), []);
    await journal.holds.commit(hold('DONE', { status: 'released', paymentRequestId: 'PR-D', createdAt: LATER, owner: 'lane-2' }), []);
    await journal.holds.commit(busyHold('BUSY'), []);
    await journal.holds.commit(hold('IDLE', { status: 'authorized', paymentRequestId: 'PR-I', createdAt: LATER }), []);
    expect((await journal.holds.unfinished()).map((row) => row.id).sort()).toEqual(['BUSY', 'OPENING']);
    expect((await journal.holds.list({ owner: 'lane-1', statuses: ['authorized'] })).map((row) => row.id)).toEqual(['IDLE', 'BUSY']);
    // Newest first; opened at the same instant: by reference, last first.
    expect((await journal.holds.list()).map((row) => row.id)).toEqual(['IDLE', 'DONE', 'OPENING', 'BUSY']);
  });

  it('keep their events in order, filed under the hold', async () => {
    await journal.holds.commit(hold('TAB-1'), [event('TAB-1', 'hold-opened')]);
    await journal.holds.commit(busyHold('TAB-1'), [event('TAB-1', 'hold-created'), event('TAB-1', 'confirmed')]);
    expect((await journal.holds.events('TAB-1')).map((row) => row.kind)).toEqual(['hold-opened', 'hold-created', 'confirmed']);
  });
}

// The engine repositories' contract: what every backend must do with the hold, vend and after-sale engines' states
// and records — give back exactly what was committed, find what has work left for start-up, list as the screens ask,
// and keep each commit's rows and events together.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Journal } from '../../server/gateway/journal/journal';
import { AT, busyHold, hold, LATER, refund, vend } from './fixtures';

const event = (ref: string, name: string) => ({ subject: ref, ref, name, actor: 'cashier:op-1', detail: `${name} detail`, status: null });

export function engineRepositoriesContract(open: () => Promise<Journal>): void {
  let journal: Journal;

  beforeEach(async () => {
    journal = await open();
  });

  afterEach(async () => {
    await journal.close();
  });

  describe('holds', () => {
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
  });

  describe('vends', () => {
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
  });

  describe('refunds of finished sales', () => {
    it('give back exactly what was committed, and which sales have some unfinished', async () => {
      const done = refund('S1-R1', 'S1', { status: 'completed', accepted: true, assetTotals: [{ type: 'centrapay.nzd.test', amount: '1100' }], updatedAt: LATER });
      const counter = refund('S1-R2', 'S1', { paymentRequestId: null, method: 'cash', lineItems: null, sentLineItems: null, status: 'completed' });
      await journal.refunds.commit('S1', [refund('S1-R1', 'S1'), counter], [event('S1', 'refund-requested')]);
      expect(await journal.refunds.unfinished()).toEqual(['S1']);
      await journal.refunds.commit('S1', [done, counter], [event('S1', 'refund-completed')]);
      expect(await journal.refunds.of('S1')).toEqual([done, counter]);
      expect(await journal.refunds.unfinished()).toEqual([]);
    });
  });

  describe('a transaction', () => {
    it('lands every write made through it at once when its work is done', async () => {
      const seen = await journal.transaction(async (tx) => {
        await journal.holds.commit(hold('TX-1'), [], tx);
        await journal.vends.commit(vend('TX-V'), [], tx);
        return 'done';
      });
      expect(seen).toBe('done');
      expect(await journal.holds.load('TX-1')).toEqual(hold('TX-1'));
      expect(await journal.vends.load('TX-V')).toEqual(vend('TX-V'));
    });

    it('lands nothing when its work fails', async () => {
      await expect(journal.transaction(async (tx) => {
        await journal.holds.commit(hold('TX-2'), [], tx);
        throw new Error('the work failed');
      })).rejects.toThrow('the work failed');
      expect(await journal.holds.load('TX-2')).toBeNull();
    });
  });

  describe('small stores', () => {
    it('keeps a webhook notification id once', async () => {
      expect(await journal.notifications.record('N1', 'payment-request:paid', 'PR1')).toBe(true);
      expect(await journal.notifications.record('N1', 'payment-request:paid', 'PR1')).toBe(false);
    });

    it('makes the till’s secret once: 32 bytes, the same every time', async () => {
      const key = await journal.secrets.receiptKey();
      expect(key).toHaveLength(32);
      expect((await journal.secrets.receiptKey()).equals(key)).toBe(true);
    });

    it('numbers orders once each, however many ask at once', async () => {
      const numbers = await Promise.all(Array.from({ length: 20 }, () => journal.sales.takeOrderNumber()));
      expect(new Set(numbers).size).toBe(20);
      expect(Math.min(...numbers)).toBe(1);
    });
  });
}

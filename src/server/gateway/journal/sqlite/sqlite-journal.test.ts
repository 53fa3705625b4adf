// The SQLite journal passes the journal's contract (src/test-support/journal-contract.ts), on a fresh file each test,
// and writes the store on every row.
import Database from 'better-sqlite3';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeJournalContract } from '../../../../test-support/journal-contract';
import { busyHold, refund, vend } from '../../../../test-support/journal-contract/fixtures';
import { EMPTY_LANE } from '../../sale/state';
import { STORE_TABLES } from './migrations';
import { SqliteJournal } from './sqlite-journal';

describeJournalContract('SQLite', async (options) => new SqliteJournal(join(mkdtempSync(join(tmpdir(), 'pos-journal-contract-')), 'journal.sqlite'), options));

describe('the SQLite journal’s stores', () => {
  it('writes the store on every row of every kind', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'pos-journal-stores-')), 'journal.sqlite');
    const journal = new SqliteJournal(path, { storeOf: (place) => `store-of-${place}` });
    const ref = 'lane-1-000001-ABC';
    const order = { ref, number: 1, kind: 'qr' as const, total: '500', currency: 'NZD', operatorId: 'op-1', terminalId: 'till-1', startedAt: '' };
    const request = { id: 'PR1', shortCode: 'CP-AAA-BB1', url: 'http://pos.test/pay/PR1', value: { amount: '500', currency: 'NZD' }, paymentOptions: [], merchantId: 'm',
      merchantName: 'Cafe', configId: 'c', status: 'new' as const, createdAt: '', updatedAt: '', expiresAt: '', merchantConditions: [] };
    await journal.sales.commit('lane-1', EMPTY_LANE, [
      { kind: 'order', order, lineItems: [] }, { kind: 'request', ref, paymentRequest: request, operatorId: 'op-1' }, { kind: 'status', id: 'PR1', status: 'paid' },
      { kind: 'tender', ref, paymentRequestId: null, onRequest: false, method: 'cash', amount: '100', actor: 'cashier:op-1' },
      { kind: 'event', subject: ref, ref, name: 'paid', actor: 'cashier:op-1', detail: null },
    ]);
    await journal.holds.commit(busyHold('TAB-1'), [{ subject: 'TAB-1', ref: 'TAB-1', name: 'confirmed', actor: 'cashier:op-1', detail: null }]);
    await journal.vends.commit(vend('V1'), [{ subject: 'V1', ref: 'V1', name: 'vend-requested', actor: 'patron', detail: null }]);
    await journal.refunds.commit(ref, [refund('R1', ref)], [{ subject: 'R1', ref, name: 'refund-requested', actor: 'cashier:op-1', detail: null }]);
    await journal.close();
    const db = new Database(path, { readonly: true });
    const stores = Object.fromEntries(STORE_TABLES.filter((table) => table !== 'quarantine').map((table) => [
      table, (db.prepare(`SELECT DISTINCT store FROM ${table} ORDER BY store`).all() as { store: string | null }[]).map((row) => row.store),
    ]));
    db.close();
    expect(stores).toEqual({
      sales: ['store-of-lane-1'], payment_requests: ['store-of-lane-1'], tenders: ['store-of-lane-1'], lanes: ['store-of-lane-1'], refunds: ['store-of-lane-1'],
      events: ['store-of-lane-1', 'store-of-vend-1'],
      holds: ['store-of-lane-1'], hold_confirmations: ['store-of-lane-1'], hold_returns: ['store-of-lane-1'], vends: ['store-of-vend-1'],
    });
  });
});

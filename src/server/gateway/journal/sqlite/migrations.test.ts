// A journal written by the release before the engines (schema 6: holds, vends and refunds as their services wrote
// them) opens with this code and reads the same, and what it had in flight resumes where it was.
import Database from 'better-sqlite3';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { migrate, SCHEMA_VERSION, STORE_TABLES } from './migrations';
import { SqliteJournal } from './sqlite-journal';

const AT = '2026-11-20T01:00:00.000Z';
let journal: SqliteJournal | undefined;

afterEach(async () => {
  await journal?.close();
  journal = undefined;
});

/** Rows exactly as the schema-6 services wrote them (their own SQL), in a file at schema 6. */
function schemaSixJournal(): string {
  const path = join(mkdtempSync(join(tmpdir(), 'pos-journal-v6-')), 'journal.sqlite');
  const db = new Database(path);
  migrate(db, 6);
  const lines = (name: string, price: string) => JSON.stringify([{ name, qty: '1', price }]);
  db.prepare(`INSERT INTO holds (id, kind, owner, external_ref, payment_request_id, short_code, url, amount, currency, line_items, status, error,
      pre_auth_expires_at, request_created_at, opened_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
    .run('till-1-TAB-AAAA', 'tab', 'lane-1', 'till-1-TAB-AAAA', 'PR-T', 'CP-T', 'http://pos.test/pay/PR-T', '10000', 'NZD', lines('Bar tab: Sam', '10000'),
      'authorized', null, '2026-11-27T01:00:00.000Z', AT, 'cashier:op-1', AT, AT);
  db.prepare(`INSERT INTO hold_confirmations (idempotency_key, hold_id, invoice_ref, amount, line_items, status, error, activity_id, actor, created_at, updated_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run('k1', 'till-1-TAB-AAAA', 'till-1-TAB-AAAA-R1', '3720', lines('Round', '3720'), 'sending', null, null, 'cashier:op-1', AT, AT);
  db.prepare(`INSERT INTO vends (id, machine, sku, name, amount, currency, line_items, payment_request_id, short_code, url, status, reason, paid_at,
      created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
    .run('vm-1-V-AAAA', 'vend-1', 'SNACK-1', 'Crisps', '350', 'NZD', lines('Crisps', '350'), 'PR-V', 'CP-V', 'http://pos.test/pay/PR-V', 'refunding', 'jammed', AT, AT, AT);
  db.prepare(`INSERT INTO refunds (id, order_ref, payment_request_id, method, amount, currency, line_items, reason, actor, status, error, asset_totals, created_at, updated_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run('till-1-000001-R1-1', 'till-1-000001', 'PR-S', 'centrapay', '1100', 'NZD', null, 'spilt', 'cashier:op-1', 'pending', null, null, AT, AT);
  db.close();
  return path;
}

describe('a journal from before the engines (schema 6)', () => {
  it('is brought up to date, and reads as it was written: its hold, vend and refund with their work still to do', async () => {
    journal = new SqliteJournal(schemaSixJournal());
    const version = new Database(journal.location, { readonly: true });
    expect(version.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    version.close();
    expect(await journal.holds.load('till-1-TAB-AAAA')).toMatchObject({
      status: 'authorized', label: 'Bar tab: Sam', paymentRequestId: 'PR-T', lineItems: [{ name: 'Bar tab: Sam', qty: '1', price: '10000' }],
      confirmations: [{ key: 'k1', invoiceRef: 'till-1-TAB-AAAA-R1', amount: '3720', status: 'sending', lineItems: [{ name: 'Round', qty: '1', price: '3720' }] }],
    });
    expect((await journal.holds.unfinished()).map((hold) => hold.id)).toEqual(['till-1-TAB-AAAA']);
    expect(await journal.vends.load('vm-1-V-AAAA')).toMatchObject({ status: 'refunding', reason: 'jammed', paidAt: AT, refundSettled: false });
    expect((await journal.vends.unfinished()).map((vend) => vend.id)).toEqual(['vm-1-V-AAAA']);
    // A refund written before acceptance was kept is sent again (Centrapay refunds a repeated reference once).
    expect(await journal.refunds.of('till-1-000001')).toEqual([expect.objectContaining({ id: 'till-1-000001-R1-1', status: 'pending', accepted: false, sentLineItems: null })]);
    expect(await journal.refunds.unfinished()).toEqual(['till-1-000001']);
  });
});

describe('a journal from before stores (schema 7 and older)', () => {
  it('gives every row the store its lane or machine is in now, and the rows hanging off them their parent’s', async () => {
    const storeOf = (place: string) => (place === 'vend-1' ? 'south' : 'north');
    journal = new SqliteJournal(schemaSixJournal(), { storeOf });
    expect((await journal.holds.list({ store: 'north' })).map((hold) => hold.id)).toEqual(['till-1-TAB-AAAA']);
    expect((await journal.vends.list({ store: 'south' })).map((vend) => vend.id)).toEqual(['vm-1-V-AAAA']);
    const db = new Database(journal.location, { readonly: true });
    const stores = Object.fromEntries(STORE_TABLES.map((table) => [table, db.prepare(`SELECT DISTINCT store FROM ${table}`).all().map((row) => (row as { store: string | null }).store)]));
    db.close();
    expect(stores).toMatchObject({ holds: ['north'], hold_confirmations: ['north'], vends: ['south'] });
    // The refund's sale is not in this journal: it takes the store of its own reference, never none.
    expect(Object.values(stores).flat()).not.toContain(null);
  });
});

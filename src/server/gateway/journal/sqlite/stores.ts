// Which store each SQLite row belongs to. Rows written before stores existed (schema 7 and older) have none: at open
// they are given the store their lane or machine is in now, and the rows hanging off them (tenders, refunds, a
// hold's rounds and returns, events) their parent's. Every row written since carries its store.
import type Database from 'better-sqlite3';
import type { StoreOf } from '../journal';

/** Tables with their own place (lane or machine) column. */
const PLACED: readonly [table: string, place: string][] = [
  ['sales', 'lane'], ['payment_requests', 'lane'], ['lanes', 'id'], ['quarantine', 'lane'], ['holds', 'owner'], ['vends', 'machine'],
];

/** Tables whose rows take their parent's store. */
const CHILDREN: readonly string[] = [
  "UPDATE tenders SET store = (SELECT store FROM sales WHERE ref = tenders.order_ref) WHERE store IS NULL",
  "UPDATE refunds SET store = (SELECT store FROM sales WHERE ref = refunds.order_ref) WHERE store IS NULL",
  "UPDATE hold_confirmations SET store = (SELECT store FROM holds WHERE id = hold_confirmations.hold_id) WHERE store IS NULL",
  "UPDATE hold_returns SET store = (SELECT store FROM holds WHERE id = hold_returns.hold_id) WHERE store IS NULL",
  `UPDATE events SET store = COALESCE(
     (SELECT store FROM sales WHERE ref = events.order_ref), (SELECT store FROM holds WHERE id = events.order_ref),
     (SELECT store FROM vends WHERE id = events.order_ref), (SELECT store FROM payment_requests WHERE id = events.payment_request_id))
   WHERE store IS NULL`,
];

/** Children whose parent is missing, with the reference that names them. */
const ORPHANS: readonly [table: string, place: string][] = [
  ['tenders', 'order_ref'], ['refunds', 'order_ref'], ['hold_confirmations', 'hold_id'], ['hold_returns', 'hold_id'],
  ['events', 'COALESCE(order_ref, payment_request_id)'],
];

/** Gives every row without a store its store; a no-op on a journal whose rows all have one. */
export function assignStores(db: Database.Database, storeOf: StoreOf): void {
  db.transaction(() => {
    for (const [table, place] of PLACED) assignByPlace(db, storeOf, table, place);
    for (const sql of CHILDREN) db.exec(sql);
    // A row whose parent is gone (never, but a journal is kept for years): the store of its own reference.
    for (const [table, place] of ORPHANS) assignByPlace(db, storeOf, table, place);
  })();
}

function assignByPlace(db: Database.Database, storeOf: StoreOf, table: string, place: string): void {
  const places = db.prepare(`SELECT DISTINCT ${place} AS place FROM ${table} WHERE store IS NULL`).all() as { place: string }[];
  const update = db.prepare(`UPDATE ${table} SET store = ? WHERE ${place} = ? AND store IS NULL`);
  for (const { place: value } of places) update.run(storeOf(value), value);
}

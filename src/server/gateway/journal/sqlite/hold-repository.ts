// Holds in SQLite: a hold's row (holds), its confirmations under their idempotency keys (hold_confirmations) and the
// money that went back on it (hold_returns), written as the hold engine's state says, with the events that record the
// change, in one transaction. Read back with the domain's schemas.
import type { HoldState } from '../../hold/state';
import type { EventRow, HoldRepository, JournalEvent, JournalTx } from '../journal';
import { readHold, type Row } from '../rows';
import { insertEvent, type SqliteConnection } from './connection';
import { SELECT_EVENT } from './history-repository';

const SELECT_HOLD = `SELECT id, kind, owner, external_ref AS externalRef, payment_request_id AS paymentRequestId, short_code AS shortCode, url, amount,
  currency, line_items AS lineItems, status, error, pre_auth_expires_at AS preAuthExpiresAt, request_created_at AS requestCreatedAt,
  opened_by AS openedBy, created_at AS createdAt, updated_at AS updatedAt FROM holds`;
const SELECT_CONFIRMATION = `SELECT idempotency_key AS key, invoice_ref AS invoiceRef, amount, line_items AS lineItems, status, error,
  activity_id AS activityId, actor, created_at AS createdAt, updated_at AS updatedAt FROM hold_confirmations`;
const SELECT_RETURN = `SELECT id, kind, amount, confirmation_key AS confirmationKey, status, error, actor, created_at AS createdAt,
  updated_at AS updatedAt FROM hold_returns`;
/** Holds with work Centrapay has not answered: resumed at start-up. */
export const UNFINISHED = `status IN ('opening', 'pending')
  OR id IN (SELECT hold_id FROM hold_confirmations WHERE status = 'sending')
  OR id IN (SELECT hold_id FROM hold_returns WHERE status = 'sending' OR (status = 'done' AND kind = 'refund'))`;

export class SqliteHoldRepository implements HoldRepository {
  constructor(private readonly conn: SqliteConnection) {}

  async load(id: string): Promise<HoldState | null> {
    const row = this.conn.db.prepare(`${SELECT_HOLD} WHERE id = ?`).get(id) as Row | undefined;
    return row ? this.read(row) : null;
  }

  async unfinished(): Promise<HoldState[]> {
    return (this.conn.db.prepare(`${SELECT_HOLD} WHERE ${UNFINISHED} ORDER BY created_at, id`).all() as Row[]).map((row) => this.read(row));
  }

  async list(filter: { store?: string; owner?: string; statuses?: readonly string[] } = {}): Promise<HoldState[]> {
    const clauses: string[] = [];
    const values: string[] = [];
    if (filter.store) {
      clauses.push('store = ?');
      values.push(filter.store);
    }
    if (filter.owner) {
      clauses.push('owner = ?');
      values.push(filter.owner);
    }
    if (filter.statuses) {
      clauses.push(`status IN (${filter.statuses.map(() => '?').join(', ')})`);
      values.push(...filter.statuses);
    }
    const where = clauses.length ? `WHERE ${clauses.join(' AND ')}` : '';
    return (this.conn.db.prepare(`${SELECT_HOLD} ${where} ORDER BY created_at DESC, id DESC`).all(...values) as Row[]).map((row) => this.read(row));
  }

  async events(id: string): Promise<EventRow[]> {
    return this.conn.db.prepare(`${SELECT_EVENT} WHERE order_ref = ? ORDER BY seq`).all(id) as EventRow[];
  }

  async commit(state: HoldState, events: readonly JournalEvent[], tx?: JournalTx): Promise<void> {
    await this.conn.write(tx, ['hold'], () => {
      const { db } = this.conn;
      const store = this.conn.storeOf(state.owner);
      db.prepare(`INSERT INTO holds (id, kind, owner, external_ref, payment_request_id, short_code, url, amount, currency, line_items, status, error,
          pre_auth_expires_at, request_created_at, opened_by, created_at, updated_at, store) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT(id) DO UPDATE SET payment_request_id = excluded.payment_request_id, short_code = excluded.short_code, url = excluded.url,
          status = excluded.status, error = excluded.error, pre_auth_expires_at = excluded.pre_auth_expires_at,
          request_created_at = excluded.request_created_at, updated_at = excluded.updated_at`)
        .run(state.id, state.kind, state.owner, state.externalRef, state.paymentRequestId, state.shortCode, state.url, state.amount, state.currency,
          JSON.stringify(state.lineItems), state.status, state.error, state.preAuthExpiresAt, state.requestCreatedAt, state.openedBy, state.createdAt, state.updatedAt, store);
      for (const round of state.confirmations) {
        db.prepare(`INSERT INTO hold_confirmations (idempotency_key, hold_id, invoice_ref, amount, line_items, status, error, activity_id, actor, created_at, updated_at, store)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
          ON CONFLICT(hold_id, idempotency_key) DO UPDATE SET status = excluded.status, error = excluded.error, activity_id = excluded.activity_id,
            updated_at = excluded.updated_at`)
          .run(round.key, state.id, round.invoiceRef, round.amount, JSON.stringify(round.lineItems), round.status, round.error, round.activityId, round.actor,
            round.createdAt, round.updatedAt, store);
      }
      for (const item of state.returns) {
        db.prepare(`INSERT INTO hold_returns (id, hold_id, kind, amount, confirmation_key, status, error, actor, created_at, updated_at, store) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
          ON CONFLICT(id) DO UPDATE SET amount = excluded.amount, status = excluded.status, error = excluded.error, updated_at = excluded.updated_at`)
          .run(item.id, state.id, item.kind, item.amount, item.confirmationKey, item.status, item.error, item.actor, item.createdAt, item.updatedAt, store);
      }
      for (const event of events) insertEvent(db, event, state.updatedAt, store);
    });
  }

  private read(row: Row): HoldState {
    const confirmations = this.conn.db.prepare(`${SELECT_CONFIRMATION} WHERE hold_id = ? ORDER BY created_at, idempotency_key`).all(row.id) as Row[];
    const returns = this.conn.db.prepare(`${SELECT_RETURN} WHERE hold_id = ? ORDER BY created_at, id`).all(row.id) as Row[];
    return readHold(row, confirmations, returns);
  }
}

// Holds in PostgreSQL: a hold's row (holds), its confirmations under their idempotency keys (hold_confirmations) and
// the money that went back on it (hold_returns), written as the hold engine's state says, with the events that record
// the change, in one transaction. Read back with the domain's schemas (../rows.ts).
import type { HoldState } from '../../hold/state';
import type { EventRow, HoldRepository, JournalEvent, JournalTx } from '../journal';
import { readHold, type Row } from '../rows';
import { insertEvent, type PostgresConnection, type Sql } from './connection';
import { SELECT_EVENT } from './history-repository';
import { filterWhere, Params } from './params';

const SELECT_HOLD = `SELECT id, kind, owner, external_ref AS "externalRef", payment_request_id AS "paymentRequestId", short_code AS "shortCode", url, amount,
  currency, line_items AS "lineItems", status, error, pre_auth_expires_at AS "preAuthExpiresAt", request_created_at AS "requestCreatedAt",
  opened_by AS "openedBy", created_at AS "createdAt", updated_at AS "updatedAt" FROM holds`;
const SELECT_CONFIRMATION = `SELECT hold_id AS "holdId", idempotency_key AS key, invoice_ref AS "invoiceRef", amount, line_items AS "lineItems", status, error,
  activity_id AS "activityId", actor, created_at AS "createdAt", updated_at AS "updatedAt" FROM hold_confirmations`;
const SELECT_RETURN = `SELECT hold_id AS "holdId", id, kind, amount, confirmation_key AS "confirmationKey", status, error, actor, created_at AS "createdAt",
  updated_at AS "updatedAt" FROM hold_returns`;
/** Holds with work Centrapay has not answered: resumed at start-up. */
export const UNFINISHED = `status IN ('opening', 'pending')
  OR id IN (SELECT hold_id FROM hold_confirmations WHERE status = 'sending')
  OR id IN (SELECT hold_id FROM hold_returns WHERE status = 'sending' OR (status = 'done' AND kind = 'refund'))`;

export class PostgresHoldRepository implements HoldRepository {
  constructor(private readonly conn: PostgresConnection) {}

  async load(id: string): Promise<HoldState | null> {
    const [hold] = await this.read(await this.conn.rows<Row>(`${SELECT_HOLD} WHERE id = $1`, [id]));
    return hold ?? null;
  }

  async unfinished(): Promise<HoldState[]> {
    return this.read(await this.conn.rows<Row>(`${SELECT_HOLD} WHERE ${UNFINISHED} ORDER BY created_at, id`));
  }

  async list(filter: { store?: string; owner?: string; statuses?: readonly string[] } = {}): Promise<HoldState[]> {
    const params = new Params();
    const where = filterWhere(params, { store: filter.store, owner: filter.owner }, filter.statuses);
    return this.read(await this.conn.rows<Row>(`${SELECT_HOLD} ${where} ORDER BY created_at DESC, id DESC`, params.values));
  }

  async events(id: string): Promise<EventRow[]> {
    return this.conn.rows<EventRow>(`${SELECT_EVENT} WHERE order_ref = $1 ORDER BY seq`, [id]);
  }

  async commit(state: HoldState, events: readonly JournalEvent[], tx?: JournalTx): Promise<void> {
    await this.conn.write(tx, ['hold'], async (sql) => {
      const store = this.conn.storeOf(state.owner);
      await sql.query(`INSERT INTO holds (id, kind, owner, external_ref, payment_request_id, short_code, url, amount, currency, line_items, status, error,
          pre_auth_expires_at, request_created_at, opened_by, created_at, updated_at, store)
          VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)
        ON CONFLICT (id) DO UPDATE SET payment_request_id = excluded.payment_request_id, short_code = excluded.short_code, url = excluded.url,
          status = excluded.status, error = excluded.error, pre_auth_expires_at = excluded.pre_auth_expires_at,
          request_created_at = excluded.request_created_at, updated_at = excluded.updated_at`,
      [state.id, state.kind, state.owner, state.externalRef, state.paymentRequestId, state.shortCode, state.url, state.amount, state.currency,
        JSON.stringify(state.lineItems), state.status, state.error, state.preAuthExpiresAt, state.requestCreatedAt, state.openedBy, state.createdAt, state.updatedAt, store]);
      await writeConfirmations(sql, state, store);
      await writeReturns(sql, state, store);
      for (const event of events) await insertEvent(sql, event, state.updatedAt, store);
    });
  }

  /** Holds from their rows, with their confirmations and returns read in one statement each. */
  private async read(rows: Row[]): Promise<HoldState[]> {
    if (rows.length === 0) return [];
    const ids = rows.map((row) => row.id);
    const confirmations = await this.conn.rows<Row>(`${SELECT_CONFIRMATION} WHERE hold_id = ANY($1) ORDER BY created_at, idempotency_key`, [ids]);
    const returns = await this.conn.rows<Row>(`${SELECT_RETURN} WHERE hold_id = ANY($1) ORDER BY created_at, id`, [ids]);
    const of = (items: Row[], id: string | null | undefined) => items.filter((item) => item.holdId === id);
    return rows.map((row) => readHold(row, of(confirmations, row.id), of(returns, row.id)));
  }
}

async function writeConfirmations(sql: Sql, state: HoldState, store: string): Promise<void> {
  for (const round of state.confirmations) {
    await sql.query(`INSERT INTO hold_confirmations (idempotency_key, hold_id, invoice_ref, amount, line_items, status, error, activity_id, actor, created_at,
        updated_at, store) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
      ON CONFLICT (hold_id, idempotency_key) DO UPDATE SET status = excluded.status, error = excluded.error, activity_id = excluded.activity_id,
        updated_at = excluded.updated_at`,
    [round.key, state.id, round.invoiceRef, round.amount, JSON.stringify(round.lineItems), round.status, round.error, round.activityId, round.actor,
      round.createdAt, round.updatedAt, store]);
  }
}

async function writeReturns(sql: Sql, state: HoldState, store: string): Promise<void> {
  for (const item of state.returns) {
    await sql.query(`INSERT INTO hold_returns (id, hold_id, kind, amount, confirmation_key, status, error, actor, created_at, updated_at, store)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
      ON CONFLICT (id) DO UPDATE SET amount = excluded.amount, status = excluded.status, error = excluded.error, updated_at = excluded.updated_at`,
    [item.id, state.id, item.kind, item.amount, item.confirmationKey, item.status, item.error, item.actor, item.createdAt, item.updatedAt, store]);
  }
}

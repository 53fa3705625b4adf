// The PostgreSQL journal's small stores: verified webhook notification ids (seen once, however many instances are
// told), and the till's own secret (made once, even by two instances starting together).
import { randomBytes } from 'node:crypto';
import type { NotificationRepository, SecretRepository } from '../journal';
import type { PostgresConnection } from './connection';

export class PostgresNotificationRepository implements NotificationRepository {
  constructor(private readonly conn: PostgresConnection) {}

  async record(id: string, type: string, paymentRequestId: string | null): Promise<boolean> {
    const inserted = await this.conn.writeNow([], async (sql) =>
      (await sql.query('INSERT INTO webhook_notifications (id, type, payment_request_id, received_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING',
        [id, type, paymentRequestId, new Date().toISOString()])).rowCount ?? 0);
    if (inserted === 0) return false;
    this.conn.wrote('webhook-notification');
    return true;
  }
}

export class PostgresSecretRepository implements SecretRepository {
  constructor(private readonly conn: PostgresConnection) {}

  async receiptKey(): Promise<Buffer> {
    const select = "SELECT value FROM meta WHERE key = 'receipt_key'";
    let [row] = await this.conn.rows<{ value: string }>(select);
    if (!row) {
      // Whoever inserts first wins; everyone then reads the one key kept.
      await this.conn.writeNow([], (sql) => sql.query("INSERT INTO meta (key, value) VALUES ('receipt_key', $1) ON CONFLICT DO NOTHING", [randomBytes(32).toString('base64url')]));
      [row] = await this.conn.rows<{ value: string }>(select);
    }
    return Buffer.from(row!.value, 'base64url');
  }
}

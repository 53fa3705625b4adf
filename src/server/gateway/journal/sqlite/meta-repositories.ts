// The SQLite journal's small stores: verified webhook notification ids (seen once), and the till's own secret.
import { randomBytes } from 'node:crypto';
import type { NotificationRepository, SecretRepository } from '../journal';
import type { SqliteConnection } from './connection';

export class SqliteNotificationRepository implements NotificationRepository {
  constructor(private readonly conn: SqliteConnection) {}

  async record(id: string, type: string, paymentRequestId: string | null): Promise<boolean> {
    const changes = this.conn.writeNow([], () =>
      this.conn.db
        .prepare('INSERT OR IGNORE INTO webhook_notifications (id, type, payment_request_id, received_at) VALUES (?, ?, ?, ?)')
        .run(id, type, paymentRequestId, new Date().toISOString()).changes);
    if (changes === 0) return false;
    this.conn.wrote('webhook-notification');
    return true;
  }
}

export class SqliteSecretRepository implements SecretRepository {
  constructor(private readonly conn: SqliteConnection) {}

  async receiptKey(): Promise<Buffer> {
    const select = this.conn.db.prepare("SELECT value FROM meta WHERE key = 'receipt_key'");
    let row = select.get() as { value: string } | undefined;
    if (!row) {
      this.conn.writeNow([], () => this.conn.db.prepare("INSERT OR IGNORE INTO meta (key, value) VALUES ('receipt_key', ?)").run(randomBytes(32).toString('base64url')));
      row = select.get() as { value: string };
    }
    return Buffer.from(row.value, 'base64url');
  }
}

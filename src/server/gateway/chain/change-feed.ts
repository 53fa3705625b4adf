// What every instance hears of every other's changes: PostgreSQL's LISTEN/NOTIFY on a connection of its own (LISTEN
// does not work through a transaction-pooling PgBouncer). A notification carries ids only — which thing changed, and
// its new sequence number — and is sent inside the transaction that made the change, so it is heard only once the
// change is committed. Notifications are not durable: when the connection drops the feed connects again, LISTENs again
// and asks its owner to catch up from the journal's rows (`resync`), so nothing that committed meanwhile is missed.
import pg from 'pg';

export interface ChangeFeedOptions {
  url: string;
  channel: string;
  /** A notification's payload, as sent. */
  onChange: (payload: string) => void;
  /** Called after every (re)connection once LISTEN is in place: read what may have been missed. */
  resync: () => Promise<void> | void;
  /** Waits between reconnection attempts (the first, then doubling up to the last). */
  retryMs?: { first: number; max: number };
  log?: { warn(obj: object, msg: string): void };
}

/** A connection attempt given up after this long (then tried again, backing off). */
const CONNECT_TIMEOUT_MS = 5_000;

export class ChangeFeed {
  private client: pg.Client | null = null;
  private stopped = false;
  private failures = 0;
  private retryTimer: NodeJS.Timeout | undefined;
  /** How many times LISTEN was (re)established: 1 after the first connection. */
  connections = 0;

  constructor(private readonly options: ChangeFeedOptions) {}

  /** Resolves once listening (retrying in the background if the database cannot be reached yet); the resync runs on in the background. */
  async start(): Promise<void> {
    await this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }

  /** Whether the feed is listening now. */
  get listening(): boolean {
    return this.client !== null;
  }

  /** Drops the connection as a network failure would (tests, chaos): the feed reconnects and resyncs. */
  dropConnection(): void {
    (this.client as unknown as { connection?: { stream?: { destroy(): void } } } | null)?.connection?.stream?.destroy();
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const client = new pg.Client({ connectionString: this.options.url, keepAlive: true, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
    client.on('notification', (message) => {
      if (message.channel === this.options.channel && message.payload !== undefined) this.options.onChange(message.payload);
    });
    client.on('error', () => this.lost(client));
    client.on('end', () => this.lost(client));
    try {
      await client.connect();
      await client.query(`LISTEN ${client.escapeIdentifier(this.options.channel)}`);
    } catch (error) {
      this.options.log?.warn({ err: String(error) }, 'could not listen for other instances’ changes; trying again');
      await client.end().catch(() => undefined);
      this.retry();
      return;
    }
    if (this.stopped) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    this.failures = 0;
    this.connections += 1;
    // Not awaited: reading every key with business again may take seconds on a busy chain, and an instance starting
    // up (whose engines load what they hold themselves) must not wait for it.
    void Promise.resolve().then(this.options.resync).catch(() => undefined);
  }

  private lost(client: pg.Client): void {
    if (this.client !== client) return;
    this.client = null;
    client.end().catch(() => undefined);
    this.options.log?.warn({}, 'lost the connection that hears other instances’ changes; reconnecting');
    this.retry();
  }

  private retry(): void {
    if (this.stopped) return;
    const { first, max } = this.options.retryMs ?? { first: 200, max: 5_000 };
    const wait = Math.min(first * 2 ** this.failures, max);
    this.failures += 1;
    this.retryTimer = setTimeout(() => void this.connect(), wait);
    this.retryTimer.unref();
  }
}

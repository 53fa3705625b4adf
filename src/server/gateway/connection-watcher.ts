// One upstream poller per Connection waiting for the patron's wallet (Connect flow, checklist 304.1).
import type { LaneConnection } from '../../domain/lane';
import { CentrapayError } from './centrapay-client';
import { Poller } from './poller';
import { errorText, type WatchContext } from './payment-watcher';

export class ConnectionWatcher extends Poller {
  constructor(
    private readonly context: WatchContext,
    private readonly laneId: string,
    readonly connectionId: string,
    private readonly onLinked: (walletName: string | null) => Promise<void>,
    private readonly onDone: () => void,
  ) {
    super(context.options.pollIntervalMs);
  }

  protected async step(): Promise<void> {
    const connection = this.context.hub.get(this.laneId).connection;
    if (connection?.id !== this.connectionId || connection.outcome !== 'waiting') return this.finish();
    try {
      const summary = await this.context.client.getConnectionSummary(this.connectionId);
      this.failures = 0;
      if (summary.status === 'authorized') {
        const walletName = summary.walletName ?? null;
        this.context.journal.recordEvent(this.connectionId, 'connection-authorized', 'centrapay', walletName);
        this.update((current) => ({ ...current, outcome: 'linked', walletName, notice: null }));
        this.stop();
        try {
          await this.onLinked(walletName);
        } finally {
          this.onDone();
        }
        return;
      }
    } catch (error) {
      this.failures += 1;
      if (error instanceof CentrapayError && error.kind === 'rejected') {
        this.context.journal.recordEvent(this.connectionId, 'connection-rejected', 'system', errorText(error));
        this.update((current) => ({ ...current, outcome: 'expired', finishedAt: now(), notice: 'Centrapay would not return this connection.' }));
        return this.finish();
      }
    }
    if (Date.now() > Date.parse(connection.expiresAt)) {
      this.context.journal.recordEvent(this.connectionId, 'connection-expired', 'system:timeout');
      this.update((current) => ({ ...current, outcome: 'expired', finishedAt: now(), notice: 'The wallet did not connect in time.' }));
      return this.finish();
    }
    this.schedule(this.failures > 0 ? this.backoff() : this.intervalMs);
  }

  private update(change: (connection: LaneConnection) => LaneConnection): void {
    this.context.hub.update(this.laneId, (current) =>
      current.connection?.id === this.connectionId ? { ...current, connection: change(current.connection) } : current,
    );
  }

  private finish(): void {
    this.stop();
    this.onDone();
  }
}

function now(): string {
  return new Date().toISOString();
}

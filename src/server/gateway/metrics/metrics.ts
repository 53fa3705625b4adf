// Prometheus metrics of the gateway at GET /metrics: what it asks of Centrapay, what it holds live, what it writes,
// and which webhook deliveries it took. Each gateway has its own registry, so several can run in one process (tests).
import type { FastifyInstance } from 'fastify';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { CentrapayClientOptions } from '../centrapay/client';
import { CALL_KINDS, type CallKind } from '../centrapay/rate-governor';

type UpstreamEvent = Parameters<NonNullable<CentrapayClientOptions['onRequest']>>[0];

export type WebhookResult = 'accepted' | 'duplicate' | 'rejected';

export interface LiveSources {
  livePayments: () => number;
  connectedScreens: () => number;
  queueDepth: () => Record<CallKind, number>;
  pollIntervalSeconds: () => number;
  activityFeedOn: () => number;
}

export class GatewayMetrics {
  readonly registry = new Registry();
  private sources: LiveSources | undefined;

  private readonly upstreamRequests = new Counter({
    name: 'centrapay_upstream_requests_total',
    help: 'Requests the gateway sent to Centrapay, by method, route template and HTTP status ("error" when no answer came).',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });

  private readonly upstreamSeconds = new Histogram({
    name: 'centrapay_upstream_request_duration_seconds',
    help: 'Time from sending a request to Centrapay to having its whole answer (or giving up on it).',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  private readonly journalWrites = new Counter({
    name: 'pos_journal_writes_total',
    help: 'Rows the gateway wrote to the journal, by what they record.',
    labelNames: ['kind'] as const,
    registers: [this.registry],
  });

  private readonly journalFailures = new Counter({
    name: 'pos_journal_failures_total',
    help: 'Journal writes that failed for a local reason (disk full, read-only, locked by another program); nothing was changed.',
    labelNames: ['failure'] as const,
    registers: [this.registry],
  });

  private readonly rateWait = new Histogram({
    name: 'centrapay_rate_wait_seconds',
    help: 'Time a call to Centrapay waited for its turn in the account budget, by kind: money, cue, feed, read.',
    labelNames: ['kind'] as const,
    buckets: [0.001, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30],
    registers: [this.registry],
  });

  private readonly rateLimited = new Counter({
    name: 'centrapay_rate_limited_total',
    help: 'Answers of 429 from Centrapay; each pauses the whole account for its Retry-After.',
    registers: [this.registry],
  });

  private readonly webhookDeliveries = new Counter({
    name: 'centrapay_webhook_deliveries_total',
    help: 'Webhook deliveries received: accepted, duplicate (verified, already seen) or rejected, with the reason.',
    labelNames: ['result', 'reason'] as const,
    registers: [this.registry],
  });

  constructor() {
    this.liveGauge('pos_live_payments', 'Payment Requests and Connections the gateway is watching upstream right now (one poller each).',
      (sources) => sources.livePayments());
    this.liveGauge('pos_connected_screens', 'Cashier screens and displays subscribed to lane events (Server-Sent Events) right now.',
      (sources) => sources.connectedScreens());
    this.liveGauge('pos_poll_interval_seconds', 'The pause between two routine reads of one live request: 1 s, or longer when many share the budget.',
      (sources) => sources.pollIntervalSeconds());
    this.liveGauge('pos_activity_feed_on', 'Whether the merchant activity feed is being read as a cue for all lanes (1) or not (0).',
      (sources) => sources.activityFeedOn());
    const sources = () => this.sources;
    new Gauge({
      name: 'centrapay_rate_queue_depth',
      help: 'Calls to Centrapay waiting for their turn in the account budget, by kind.',
      labelNames: ['kind'] as const,
      registers: [this.registry],
      collect() {
        const depth = sources()?.queueDepth();
        for (const kind of CALL_KINDS) this.set({ kind }, depth?.[kind] ?? 0);
      },
    });
    collectDefaultMetrics({ register: this.registry });
  }

  /** A gauge read from the live services when scraped. */
  private liveGauge(name: string, help: string, read: (sources: LiveSources) => number): void {
    const sources = () => this.sources;
    new Gauge({
      name,
      help,
      registers: [this.registry],
      collect() {
        const live = sources();
        this.set(live ? read(live) : 0);
      },
    });
  }

  /** The gauges read these when scraped; the services exist only after the metrics are wired into the client. */
  watch(sources: LiveSources): void {
    this.sources = sources;
  }

  readonly recordUpstream = ({ method, route, status, ms }: UpstreamEvent): void => {
    const labels = { method, route, status: String(status) };
    this.upstreamRequests.inc(labels);
    this.upstreamSeconds.observe(labels, ms / 1000);
  };

  readonly recordJournalWrite = (kind: string): void => {
    this.journalWrites.inc({ kind });
  };

  readonly recordJournalFailure = (failure: string): void => {
    this.journalFailures.inc({ failure });
  };

  readonly recordRateWait = (kind: CallKind, ms: number): void => {
    this.rateWait.observe({ kind }, ms / 1000);
  };

  readonly recordRateLimited = (): void => {
    this.rateLimited.inc();
  };

  recordWebhook(result: WebhookResult, reason: string): void {
    this.webhookDeliveries.inc({ result, reason });
  }
}

export function metricsRoute(metrics: GatewayMetrics) {
  return async function routes(app: FastifyInstance) {
    app.get('/metrics', async (_request, reply) => {
      void reply.header('Content-Type', metrics.registry.contentType).header('Cache-Control', 'no-store');
      return metrics.registry.metrics();
    });
  };
}

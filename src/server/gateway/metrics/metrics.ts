// Prometheus metrics of the gateway at GET /metrics: what it asks of Centrapay, what it holds live, what it writes,
// and which webhook deliveries it took. Each gateway has its own registry, so several can run in one process (tests).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { CentrapayClientOptions } from '../centrapay/client';
import { CALL_KINDS, type CallKind } from '../centrapay/rate-governor';
import { GatewayHttpError } from '../errors';
import { isLocal } from '../lanes/cashier-auth';
import { sameSecret } from '../same-secret';

type UpstreamEvent = Parameters<NonNullable<CentrapayClientOptions['onRequest']>>[0];

export type WebhookResult = 'accepted' | 'duplicate' | 'rejected';

/** What one store's lanes hold at this instance now. */
export interface StoreSample {
  store: string;
  livePayments: number;
  unknownPayments: number;
  connectedScreens: number;
}

/** This instance among a chain's: the leases it holds by engine, and whether it hears the others. */
export interface ChainSample {
  leases: Record<string, number>;
  listening: boolean;
}

export interface LiveSources {
  /** Which instance this is (a chain's owner id, or host and process), and its journal. */
  instance: { id: string; journal: 'sqlite' | 'postgres' };
  stores: () => StoreSample[];
  /** Absent without a chain (a SQLite journal). */
  chain?: () => ChainSample;
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
    this.storeGauges();
    this.instanceGauges();
    collectDefaultMetrics({ register: this.registry });
  }

  /** Per store, from this instance: its live requests, its sales left unknown, its screens. */
  private storeGauges(): void {
    const byStore = (name: string, help: string, read: (sample: StoreSample) => number) => this.labelledGauge(name, help, ['store'],
      (sources) => sources.stores().map((sample) => ({ labels: { store: sample.store }, value: read(sample) })));
    byStore('pos_store_live_payments', 'Payment Requests and Connections of the store\'s lanes this instance watches upstream now (a chain: add the instances up).',
      (sample) => sample.livePayments);
    byStore('pos_store_unknown_payments', 'The store\'s lanes whose payment outcome is unknown: a person must check it in Centrapay (a chain: the same on every instance).',
      (sample) => sample.unknownPayments);
    byStore('pos_store_connected_screens', 'Cashier screens and displays of the store\'s lanes subscribed at this instance now (a chain: add the instances up).',
      (sample) => sample.connectedScreens);
  }

  /** Which instance this is, and in a chain what it holds and whether it hears the others. */
  private instanceGauges(): void {
    this.labelledGauge('pos_instance_info', 'Always 1: which instance answers (a chain\'s owner id in its leases) and its journal.', ['instance', 'journal'],
      (sources) => [{ labels: { instance: sources.instance.id, journal: sources.instance.journal }, value: 1 }]);
    this.labelledGauge('pos_chain_leases_held', 'Leases this instance holds in a chain, by engine (sale, hold, after-sale, vend) and single tasks (an account\'s activity feed).', ['engine'],
      (sources) => Object.entries(sources.chain?.().leases ?? {}).map(([engine, value]) => ({ labels: { engine }, value })));
    this.liveGauge('pos_chain_listening', 'In a chain: 1 while this instance hears the others\' changes (its LISTEN connection is up), else 0.',
      (sources) => (sources.chain?.().listening ? 1 : 0));
  }

  /** A gauge with labels, its samples read from the live services when scraped. */
  private labelledGauge(name: string, help: string, labelNames: readonly string[],
    read: (sources: LiveSources) => { labels: Record<string, string>; value: number }[]): void {
    const sources = () => this.sources;
    new Gauge({
      name,
      help,
      labelNames,
      registers: [this.registry],
      collect() {
        this.reset();
        const live = sources();
        for (const { labels, value } of live ? read(live) : []) this.set(labels, value);
      },
    });
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

/**
 * Who may scrape: the computer running the till, and (when METRICS_TOKEN is set) whoever sends it as a bearer token.
 * The counts say how busy each store is and what fails: not for anyone on the shop's network.
 */
function refuseScrape(request: FastifyRequest, token: string | undefined): void {
  if (isLocal(request)) return;
  if (token === undefined) {
    throw new GatewayHttpError(403, 'METRICS_LOCAL_ONLY',
      'Metrics are only for the computer running the till. To scrape them from elsewhere, set METRICS_TOKEN and send it as "Authorization: Bearer <token>".');
  }
  const sent = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
  if (!sameSecret(sent, token)) {
    throw new GatewayHttpError(401, 'METRICS_TOKEN_REQUIRED', 'Metrics need the metrics token: send "Authorization: Bearer <METRICS_TOKEN>".');
  }
}

export function metricsRoute(metrics: GatewayMetrics, options: { token?: string } = {}) {
  return async function routes(app: FastifyInstance) {
    app.get('/metrics', { onRequest: async (request) => refuseScrape(request, options.token) }, async (_request, reply) => {
      void reply.header('Content-Type', metrics.registry.contentType).header('Cache-Control', 'no-store');
      return metrics.registry.metrics();
    });
  };
}

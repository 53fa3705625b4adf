// What a pre-flight checks against: the stores as configured (their keys, accounts, lanes and machines), where
// Centrapay is, whether it is the sandbox (whose control endpoints can send a test webhook), where webhooks come in,
// and how the gateway shares its rate budget. Made from the same options the gateway itself is built with.
import type { StoreCentrapay } from '../centrapay/accounts';
import type { Store } from '../stores/stores';

type Source = string | (() => string);

export interface PreflightSettings {
  stores: readonly Store[];
  centrapayBaseUrl: Source;
  /** Centrapay is the sandbox: its control endpoints answer (never with a real Centrapay). */
  sandbox: boolean;
  /** Where Centrapay posts webhooks and publishes its keys; absent: webhooks are off. */
  webhooks?: { audience: Source; jwksUrl: Source };
  budget: {
    /** CENTRAPAY_RATE_LIMIT: calls a minute per account. */
    perMinute: number;
    pollIntervalMs: number;
    timeoutGraceMs: number;
    activityFeed: 'auto' | 'on' | 'off';
  };
}

/** The settings, with what the checks call Centrapay through and what they learn of its clock on the way. */
export interface PreflightTarget extends PreflightSettings {
  /** Each store's client: the gateway's own CentrapayClient, in a budget of its account. */
  centrapayOf: (storeId: string) => StoreCentrapay;
  /** Centrapay's clock as its answers showed it during the checks (their `Date` headers). */
  clock: ClockReadings;
}

export interface ClockReading {
  /** Centrapay's `Date` header. */
  date: string;
  /** When the answer came in, by this machine's clock (ms), and how long the call took. */
  receivedAt: number;
  ms: number;
}

/** The `Date` headers of Centrapay's answers, kept as the clients report them (CentrapayClientOptions.onRequest). */
export class ClockReadings {
  private readonly readings: ClockReading[] = [];

  constructor(private readonly now: () => number = Date.now) {}

  record(event: { date?: string; ms: number }): void {
    if (event.date) this.readings.push({ date: event.date, receivedAt: this.now(), ms: event.ms });
  }

  list(): readonly ClockReading[] {
    return this.readings;
  }
}

/** What of the gateway's options the pre-flight reads: the same configuration the gateway runs with. */
export interface PreflightSources {
  stores: readonly Store[];
  centrapayBaseUrl: Source;
  rateLimitPerMinute: number;
  sales: { pollIntervalMs: number; timeoutGraceSeconds: number; activityFeed: 'auto' | 'on' | 'off' };
  webhooks?: { audience: Source; jwksUrl: Source };
  publicConfig: { sandbox: boolean };
}

export function preflightSettingsOf(options: PreflightSources): PreflightSettings {
  const { stores, centrapayBaseUrl, rateLimitPerMinute, sales, webhooks, publicConfig } = options;
  return {
    stores,
    centrapayBaseUrl,
    sandbox: publicConfig.sandbox,
    ...(webhooks ? { webhooks: { audience: webhooks.audience, jwksUrl: webhooks.jwksUrl } } : {}),
    budget: { perMinute: rateLimitPerMinute, pollIntervalMs: sales.pollIntervalMs, timeoutGraceMs: sales.timeoutGraceSeconds * 1000, activityFeed: sales.activityFeed },
  };
}

export const resolveSource = (source: Source): string => (typeof source === 'function' ? source() : source).replace(/\/+$/, '');

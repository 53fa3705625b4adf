// The pre-flight: every check, in order, against the configured Centrapay, as one report. Key and configs first (their
// answers' Date headers are what the clock check reads), then the clock, webhooks and each account's rate budget. It
// calls Centrapay through the gateway's own client, in a budget of its own: two calls per store and one per config,
// which fit in what CENTRAPAY_RATE_LIMIT leaves below Centrapay's 200 a minute.
import type { PreflightCheck, PreflightReport } from '../../../domain/preflight';
import { CentrapayAccounts } from '../centrapay/accounts';
import { checkClock } from './clock-check';
import { checkConfigs } from './config-check';
import { checkKey } from './key-check';
import { checkRateBudgets } from './rate-check';
import { ClockReadings, resolveSource, type PreflightSettings, type PreflightTarget } from './target';
import { checkWebhooks } from './webhook-check';

export async function runPreflight(settings: PreflightSettings, stores: readonly string[] = settings.stores.map((store) => store.id)): Promise<PreflightReport> {
  const clock = new ClockReadings();
  const accounts = new CentrapayAccounts(settings.stores, {
    perMinute: settings.budget.perMinute,
    client: { baseUrl: settings.centrapayBaseUrl, retries: 1, onRequest: (event) => clock.record(event) },
  });
  const target: PreflightTarget = { ...settings, centrapayOf: (id) => accounts.forStore(id), clock };
  try {
    const checks: PreflightCheck[] = [];
    for (const store of settings.stores.filter((candidate) => stores.includes(candidate.id))) {
      const of = settings.stores.length > 1 ? ` (store ${store.id})` : '';
      checks.push(await checkKey(target, store, `API key${of}`));
      checks.push(await checkConfigs(target, store, `Merchant configs${of}`));
    }
    checks.push(checkClock(clock.list()));
    checks.push(await checkWebhooks(target));
    checks.push(...checkRateBudgets(target, new Set(settings.stores.filter((store) => stores.includes(store.id)).map((store) => store.centrapay.merchantAccountId))));
    return { centrapay: settings.sandbox ? `the sandbox at ${resolveSource(settings.centrapayBaseUrl)}` : resolveSource(settings.centrapayBaseUrl), checks };
  } finally {
    accounts.stop();
  }
}

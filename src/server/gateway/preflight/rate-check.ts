// The rate budget each Centrapay account's lanes and machines need, with and without webhooks, by the gateway's own
// poll policy (sale/poll-policy.ts): how often each live request would be read, and how soon a payment would show.
import { worstStatus, type PreflightCheck, type PreflightStatus } from '../../../domain/preflight';
import { PollPolicy } from '../sale/poll-policy';
import type { Store } from '../stores/stores';
import type { PreflightTarget } from './target';

/** Centrapay's general limit per account (its docs, Rate Limits): more needs its agreement. */
export const CENTRAPAY_RATE_LIMIT = 200;

interface Pace {
  readEveryS: number;
  /** How soon a payment shows: a webhook at once, else the feed or a read, whichever comes sooner. */
  learnWithinS: number;
  feed?: number;
}

function paceOf(target: PreflightTarget, live: number, webhooks: boolean): Pace {
  const { perMinute, pollIntervalMs, timeoutGraceMs, activityFeed } = target.budget;
  const policy = new PollPolicy({ perMinute, baseIntervalMs: pollIntervalMs, timeoutGraceMs, activityFeed, webhooks }, () => live);
  const readEveryS = policy.intervalMs() / 1000;
  const feed = policy.feedOn() ? policy.feedIntervalMs() / 1000 : undefined;
  const learnWithinS = webhooks ? 0 : Math.min(readEveryS, feed ?? Number.POSITIVE_INFINITY);
  return { readEveryS, learnWithinS, ...(feed === undefined ? {} : { feed }) };
}

function paceWords(pace: Pace, webhooks: boolean): string {
  const feed = pace.feed === undefined ? '' : `, the activity feed read every ${seconds(pace.feed)}`;
  const learn = webhooks ? 'a webhook shows a payment at once' : `a payment shows within ${seconds(pace.learnWithinS)}`;
  return `${webhooks ? 'With' : 'Without'} webhooks each is read every ${seconds(pace.readEveryS)}${feed}: ${learn}.`;
}

/**
 * What matters at the counter is how soon a payment shows: within the poll interval (by a read, the feed or a webhook)
 * is what checklist 104.4 asks; later than the till's grace after expiry, a payment at the last second would be lost.
 */
function statusOf(pace: Pace, target: PreflightTarget): PreflightStatus {
  if (pace.learnWithinS > target.budget.timeoutGraceMs / 1000) return 'failed';
  return pace.learnWithinS > target.budget.pollIntervalMs / 1000 ? 'warning' : 'ok';
}

const seconds = (value: number) => `${Math.round(value * 10) / 10} s`;

/** One check per Centrapay account (of those asked about): all its stores' lanes and machines share its budget. */
export function checkRateBudgets(target: PreflightTarget, accounts: ReadonlySet<string>): PreflightCheck[] {
  const byAccount = new Map<string, Store[]>();
  for (const store of target.stores) byAccount.set(store.centrapay.merchantAccountId, [...(byAccount.get(store.centrapay.merchantAccountId) ?? []), store]);
  return [...byAccount].filter(([account]) => accounts.has(account)).map(([account, stores]) => checkAccount(target, account, stores));
}

function checkAccount(target: PreflightTarget, account: string, stores: readonly Store[]): PreflightCheck {
  const { perMinute, pollIntervalMs } = target.budget;
  const lanes = stores.reduce((sum, store) => sum + store.lanes.length, 0);
  const machines = stores.reduce((sum, store) => sum + store.machines.length, 0);
  const live = lanes + machines;
  const webhooks = Boolean(target.webhooks);
  const [on, off] = [paceOf(target, live, true), paceOf(target, live, false)];
  const configured = webhooks ? on : off;
  const statuses: PreflightStatus[] = [statusOf(configured, target), perMinute > CENTRAPAY_RATE_LIMIT ? 'warning' : 'ok'];
  const status = worstStatus(statuses);
  const need = Math.ceil(live * (60_000 / pollIntervalMs));
  const detail = [
    `${lanes} lane${lanes === 1 ? '' : 's'} and ${machines} machine${machines === 1 ? '' : 's'} may each have a payment live at once; read every ${pollIntervalMs / 1000} s they need ${need} reads a minute of the ${perMinute} the gateway allows itself (CENTRAPAY_RATE_LIMIT).`,
    paceWords(on, true),
    paceWords(off, false),
    `Webhooks are ${webhooks ? 'on' : 'off'}.`,
    ...(perMinute > CENTRAPAY_RATE_LIMIT ? [`CENTRAPAY_RATE_LIMIT ${perMinute} is above Centrapay's general ${CENTRAPAY_RATE_LIMIT} a minute per account.`] : []),
  ].join(' ');
  return { id: 'rate-budget', title: `Rate budget (account ${account})`, status, detail, ...(status === 'ok' ? {} : { action: rateAction(configured, target, webhooks) }) };
}

function rateAction(pace: Pace, target: PreflightTarget, webhooks: boolean): string {
  if (target.budget.perMinute > CENTRAPAY_RATE_LIMIT) return `Keep CENTRAPAY_RATE_LIMIT at ${CENTRAPAY_RATE_LIMIT} or below unless Centrapay has agreed a higher limit for this account in writing (else expect 429s).`;
  const fixes = [webhooks ? '' : 'turn webhooks on (PUBLIC_URL, and give Centrapay support the webhook URL)', target.budget.activityFeed === 'off' ? 'set ACTIVITY_FEED=auto' : '', 'split the lanes over more Centrapay accounts, or ask Centrapay for a higher limit'].filter(Boolean);
  return `${pace.learnWithinS > target.budget.timeoutGraceMs / 1000 ? 'A payment at the last second would show after the till has given up' : 'Payments would show later than every poll interval (checklist 104.4)'}: ${fixes.join('; ')}.`;
}

// Each account's rate budget, by the gateway's own poll policy: how soon a payment shows decides the status.
import { describe, expect, it } from 'vitest';
import type { Store } from '../stores/stores';
import { checkRateBudgets } from './rate-check';
import { ClockReadings, type PreflightTarget } from './target';

function storeWith(id: string, account: string, lanes: number): Store {
  return {
    id,
    name: id,
    centrapay: { apiKey: 'key', merchantAccountId: account, merchantId: 'merchant' },
    lanes: Array.from({ length: lanes }, (_, n) => ({ id: `${id}-${n}`, name: `Lane ${n}`, terminalId: `t-${n}`, deviceId: `d-${n}`, configId: 'config' })),
    machines: [],
    merchant: { name: id, gstNumber: null },
  };
}

function target(stores: Store[], options: { webhooks?: boolean; activityFeed?: 'auto' | 'on' | 'off'; perMinute?: number } = {}): PreflightTarget {
  return {
    stores,
    centrapayBaseUrl: 'http://centrapay.test',
    sandbox: false,
    ...(options.webhooks ? { webhooks: { audience: 'https://till.test/api/webhooks/centrapay', jwksUrl: 'https://keys.test' } } : {}),
    budget: { perMinute: options.perMinute ?? 180, pollIntervalMs: 1000, timeoutGraceMs: 7000, activityFeed: options.activityFeed ?? 'auto' },
    centrapayOf: () => { throw new Error('the rate check calls nobody'); },
    clock: new ClockReadings(),
  };
}

const ACCOUNTS = new Set(['A', 'B']);

describe('the rate budget', () => {
  it('is ok for two lanes: each read every second', () => {
    const [check] = checkRateBudgets(target([storeWith('s', 'A', 2)]), ACCOUNTS);
    expect(check).toMatchObject({ status: 'ok', title: 'Rate budget (account A)' });
    expect(check!.detail).toContain('Without webhooks each is read every 1 s: a payment shows within 1 s.');
  });

  it('counts the lanes of every store on one account together, one check per account', () => {
    const checks = checkRateBudgets(target([storeWith('n', 'A', 3), storeWith('s', 'A', 2), storeWith('w', 'B', 1)]), ACCOUNTS);
    expect(checks.map((check) => check.title)).toEqual(['Rate budget (account A)', 'Rate budget (account B)']);
    expect(checks[0]!.detail).toMatch(/^5 lanes and 0 machines .* they need 300 reads a minute of the 180/);
  });

  it('warns when, without webhooks and the feed, payments show later than every second', () => {
    const [check] = checkRateBudgets(target([storeWith('s', 'A', 6)], { activityFeed: 'off' }), ACCOUNTS);
    expect(check).toMatchObject({ status: 'warning' });
    expect(check!.action).toMatch(/^Payments would show later than every poll interval \(checklist 104\.4\): turn webhooks on .*; set ACTIVITY_FEED=auto/);
  });

  it('fails when a payment would show after the till has given up, and webhooks would fix it', () => {
    const lanes = [storeWith('s', 'A', 40)];
    const [off] = checkRateBudgets(target(lanes, { activityFeed: 'off' }), ACCOUNTS);
    expect(off).toMatchObject({ status: 'failed' });
    expect(off!.action).toMatch(/^A payment at the last second would show after the till has given up/);
    const [on] = checkRateBudgets(target(lanes, { activityFeed: 'off', webhooks: true }), ACCOUNTS);
    expect(on).toMatchObject({ status: 'ok' });
    expect(on!.detail).toContain('a webhook shows a payment at once');
  });

  it('warns about a limit above Centrapay\'s 200 a minute', () => {
    const [check] = checkRateBudgets(target([storeWith('s', 'A', 1)], { perMinute: 300 }), ACCOUNTS);
    expect(check).toMatchObject({ status: 'warning' });
    expect(check!.action).toMatch(/^Keep CENTRAPAY_RATE_LIMIT at 200 or below unless Centrapay has agreed/);
  });
});

import { describe, expect, it } from 'vitest';
import { accountFigures, busiestWindow, chainSaleFigures, chainTargets, liveSeconds, readFigures, routeOf, type ChainSale, type ModeFigures, type UpstreamCall } from './chain-report';
import { accountPlan, chainStores, storesSetting } from './chain-stores';
import { splitEvents } from './chain-streams';

const call = (at: number, extra: Partial<UpstreamCall> = {}): UpstreamCall =>
  ({ at, instance: 0, account: 'a', method: 'GET', route: '/api/payment-requests/:id', id: 'pr-1', status: 200, ...extra });

describe('busiestWindow', () => {
  it('counts the most events in any window, an event a whole window later in the next one', () => {
    expect(busiestWindow([0, 59_999, 60_000], 60_000)).toBe(2);
    expect(busiestWindow([0, 10, 20, 60_010, 60_011], 60_000)).toBe(3);
    expect(busiestWindow([], 60_000)).toBe(0);
  });

  it('does not care for the order the events came in', () => {
    expect(busiestWindow([120_000, 0, 30_000, 61_000], 60_000)).toBe(2);
  });
});

describe('accountFigures', () => {
  it('gives each account its calls, busiest minute and 429s, and an account with no calls zeros', () => {
    const calls = [call(0), call(1_000, { status: 429 }), call(70_000), call(0, { account: 'b' })];
    const figures = accountFigures(calls, [{ account: 'a', stores: 2, lanes: 4 }, { account: 'b', stores: 1, lanes: 2 }, { account: 'c', stores: 1, lanes: 1 }], 180);
    expect(figures).toEqual([
      { account: 'a', stores: 2, lanes: 4, budget: 180, calls: 3, busiestMinute: 2, throttled: 1 },
      { account: 'b', stores: 1, lanes: 2, budget: 180, calls: 1, busiestMinute: 1, throttled: 0 },
      { account: 'c', stores: 1, lanes: 1, budget: 180, calls: 0, busiestMinute: 0, throttled: 0 },
    ]);
  });
});

describe('readFigures', () => {
  const spans = [{ id: 'pr-1', from: 0, to: 10_000 }, { id: 'pr-2', from: 5_000, to: 25_000 }];

  it('divides the reads in the window by the live requests’ seconds in it', () => {
    expect(liveSeconds(spans, 0, 20_000)).toBe(25);
    const calls = [
      ...Array.from({ length: 20 }, (_, i) => call(i * 1_000, { id: i < 10 ? 'pr-1' : 'pr-2' })),
      call(2_000, { route: '/api/payment-activities', id: null }),
      call(3_000, { method: 'POST', route: '/api/payment-requests', id: null }),
      call(30_000),
    ];
    expect(readFigures(calls, spans, 0, 20_000)).toEqual({
      reads: 21, requestReads: 20, feedReads: 1, liveSeconds: 25, perLiveSecond: 21 / 25, requestReadsPerLiveSecond: 20 / 25, readByManyInstances: 0,
    });
  });

  it('finds a request read by two instances', () => {
    const calls = [call(1_000), call(2_000, { instance: 1 }), call(3_000, { id: 'pr-2' }), call(4_000, { id: 'pr-2', route: '/api/payment-requests/:id/activities' })];
    expect(readFigures(calls, spans, 0, 20_000).readByManyInstances).toBe(1);
  });
});

describe('routeOf', () => {
  it('names the route template and the Payment Request of each path the gateway calls', () => {
    expect(routeOf('/api/payment-requests')).toEqual({ route: '/api/payment-requests', id: null });
    expect(routeOf('/api/payment-requests/abc%2B1')).toEqual({ route: '/api/payment-requests/:id', id: 'abc+1' });
    expect(routeOf('/api/payment-requests/abc/void')).toEqual({ route: '/api/payment-requests/:id/void', id: 'abc' });
    expect(routeOf('/api/payment-requests/abc/conditions/7/accept')).toEqual({ route: '/api/payment-requests/:id/conditions/:conditionId/accept', id: 'abc' });
    expect(routeOf('/api/payment-requests/external-ref/r-1?merchantAccountId=a')).toEqual({ route: '/api/payment-requests/external-ref/:externalRef', id: null });
    expect(routeOf('/api/payment-activities?merchantId=m')).toEqual({ route: '/api/payment-activities', id: null });
    expect(routeOf('/api/connections/c-1/summary')).toEqual({ route: '/api/connections/:id/summary', id: null });
  });
});

describe('chainSaleFigures and chainTargets', () => {
  const sale = (outcome: ChainSale['outcome'], paidToShownMs: number | null, move: ChainSale['move'] = 'pay'): ChainSale =>
    ({ lane: 'l', move, outcome, payToQrMs: 20, paidToShownMs, live: null });

  it('counts a paid sale never shown as later than any shown', () => {
    const figures = chainSaleFigures([sale('paid', 10), sale('paid', null), sale('cancelled', null, 'cancel'), { ...sale('cancelled', null), atEnd: true }, sale('failed', null)]);
    expect(figures.sales).toEqual({ completed: 4, paid: 2, cancelled: 2, expired: 0, failed: 1, atEnd: 1 });
    expect(figures.paidToShown).toEqual({ p50: 10, p95: Infinity, n: 2, missing: 1 });
    expect(figures.browserPaidToShown).toBeNull();
  });

  it('checks only the chain’s modes, each account against its budget and the takeover within 5 s', () => {
    const mode = (topology: ModeFigures['topology'], over: boolean): ModeFigures => ({
      mode: 'webhooksOn', topology, instances: 3, lanes: 4, stores: 2, seconds: 60,
      sales: { completed: 4, paid: 4, cancelled: 0, expired: 0, failed: 0, atEnd: 0 }, throttled: 0,
      accounts: [{ account: 'a', stores: 1, lanes: 2, calls: 10, busiestMinute: over ? 181 : 100, budget: 180, throttled: 0 }],
      reads: { reads: 10, requestReads: 10, feedReads: 0, liveSeconds: 100, perLiveSecond: 0.1, requestReadsPerLiveSecond: 0.1, readByManyInstances: 0 },
      paidToShown: { p50: 10, p95: 20, n: 4, missing: 0 }, payToQr: { p50: 10, p95: 20, n: 4 }, browserPaidToShown: null, webhooksAccepted: 4,
      takeover: { victim: 'A', payments: 2, leaseTakenMs: [3_000], paidToShownMs: [6_000], killToShownMs: [6_100] }, cpu: { machine: 1, load1: 2 },
    });
    expect(chainTargets([mode('single', true)])).toEqual([]);
    const targets = chainTargets([mode('chain', true)]);
    const find = (text: string) => targets.find((target) => target.description.includes(text));
    expect(find('busiest minute, a')?.pass).toBe(false);
    expect(find('holds the leases')?.pass).toBe(true);
    expect(find('paid → shown at a survivor')?.pass).toBe(false);
    expect(find('read by more than one instance')?.pass).toBe(true);
  });
});

describe('the chain bench’s stores', () => {
  it('deals 200 lanes to 20 stores, alternating between the sandbox’s two merchant accounts', () => {
    const stores = chainStores(200, 20);
    expect(stores.map((store) => store.lanes.length)).toEqual(Array(20).fill(10));
    expect(accountPlan(stores)).toEqual([
      { account: 'sbxAccountCafe', stores: 10, lanes: 100 },
      { account: 'sbxAccountOther', stores: 10, lanes: 100 },
    ]);
    expect(new Set(stores.flatMap((store) => store.lanes)).size).toBe(200);
    expect(new Set(stores.map((store) => store.cashierCode)).size).toBe(20);
    expect(new Set(stores.filter((store) => store.merchantAccountId === 'sbxAccountCafe').map((store) => store.configId))).toEqual(new Set(['sbxConfigCafe', 'sbxConfigKiosk']));
  });

  it('gives the first stores one lane more when the lanes do not divide evenly, and writes them as STORES', () => {
    const stores = chainStores(7, 3);
    expect(stores.map((store) => store.lanes)).toEqual([['s1-l1', 's1-l2', 's1-l3'], ['s2-l1', 's2-l2'], ['s3-l1', 's3-l2']]);
    const setting = JSON.parse(storesSetting(stores)) as { id: string; apiKey: string; lanes: { id: string; terminalId: string }[] }[];
    expect(setting[1]).toMatchObject({ id: 's2', apiKey: 'sbx-terminal-other', lanes: [{ id: 's2-l1', terminalId: 's2-l1-till' }, { id: 's2-l2' }] });
    expect(() => chainStores(2, 3)).toThrow();
  });
});

describe('splitEvents', () => {
  it('splits a stream into whole events and keeps a part-sent one for later', () => {
    const { events, rest } = splitEvents('retry: 1000\n\nid: 3\nevent: lane\ndata: {"version":3}\n\nevent: ping\ndata: 1\n\nid: 4\nevent: la');
    expect(events).toEqual([{ event: 'lane', data: '{"version":3}' }, { event: 'ping', data: '1' }]);
    expect(rest).toBe('id: 4\nevent: la');
  });
});

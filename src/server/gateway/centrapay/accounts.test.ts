// Each store calls Centrapay with its own key, and each Centrapay account has one budget: stores on two accounts
// spend two budgets, stores sharing an account share its one (whatever key each calls with), and a 429 on one account
// pauses that account only.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { CentrapayAccounts, type CentrapayAccountSettings } from './accounts';

const REQUEST = {
  id: 'abc', shortCode: 'CP-ABC-DEF', url: 'http://x/pay/abc', value: { amount: '550', currency: 'NZD' },
  paymentOptions: [], merchantId: 'm', merchantName: 'Café', configId: 'c', status: 'new',
  createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z', expiresAt: '2026-01-01T00:02:00.000Z',
  merchantConditions: [], remainingAmount: '550',
};

let server: Server | undefined;
let accounts: CentrapayAccounts | undefined;

afterEach(async () => {
  accounts?.stop();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  server = undefined;
});

/** A fake Centrapay that notes the key of every call and answers 429 to the keys in `throttled`. */
async function fakeCentrapay(throttled: readonly string[] = []): Promise<{ baseUrl: string; keys: string[] }> {
  const keys: string[] = [];
  server = createServer((req, res) => {
    const key = String(req.headers['x-api-key']);
    keys.push(key);
    if (throttled.includes(key)) {
      res.writeHead(429, { 'Content-Type': 'application/json', 'Retry-After': '30' });
      res.end(JSON.stringify({ message: 'Too Many Requests' }));
      return;
    }
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(REQUEST));
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return { baseUrl: `http://127.0.0.1:${(server!.address() as AddressInfo).port}`, keys };
}

const settings = (apiKey: string, merchantAccountId: string): CentrapayAccountSettings => ({ apiKey, merchantAccountId, merchantId: `m-${merchantAccountId}` });

describe('Centrapay accounts', () => {
  it('gives each store its own key, and each account one budget that its stores share', async () => {
    const { baseUrl, keys } = await fakeCentrapay();
    accounts = new CentrapayAccounts([
      { id: 'a', centrapay: settings('key-a', 'acc-1') },
      { id: 'b', centrapay: settings('key-b', 'acc-2') },
      // Store c shares store a's account, with a key of its own.
      { id: 'c', centrapay: settings('key-c', 'acc-1') },
      // Store d shares store a's account and key.
      { id: 'd', centrapay: settings('key-a', 'acc-1') },
    ], { perMinute: 3600, client: { baseUrl, retries: 1, minRetryDelayMs: 10 } });
    const [a, b, c, d] = ['a', 'b', 'c', 'd'].map((id) => accounts!.forStore(id));
    expect([a!.governor === c!.governor, a!.governor === d!.governor, a!.governor === b!.governor]).toEqual([true, true, false]);
    expect([a!.client === d!.client, a!.client === c!.client]).toEqual([true, false]);
    expect([...accounts.budgets().keys()]).toEqual(['acc-1', 'acc-2']);
    expect(b).toMatchObject({ merchantAccountId: 'acc-2', merchantId: 'm-acc-2' });

    for (const store of [a, b, c, d]) await store!.client.getPaymentRequest('abc');
    expect(keys).toEqual(['key-a', 'key-b', 'key-c', 'key-a']);
    // Three calls on account 1's budget, one on account 2's.
    expect(a!.governor.spentLastMinute(['read'])).toBe(3);
    expect(b!.governor.spentLastMinute(['read'])).toBe(1);
    expect(() => accounts!.forStore('nope')).toThrow('no Centrapay account is configured for store "nope"');
  });

  it('pauses only the account Centrapay answered 429', async () => {
    const { baseUrl, keys } = await fakeCentrapay(['key-a']);
    accounts = new CentrapayAccounts([{ id: 'a', centrapay: settings('key-a', 'acc-1') }, { id: 'b', centrapay: settings('key-b', 'acc-2') }],
      { perMinute: 3600, client: { baseUrl, retries: 1, minRetryDelayMs: 10 } });
    // Store a's read is answered 429 (Retry-After 30 s): its account waits, and so would its retry.
    void accounts.forStore('a').client.getPaymentRequest('abc').catch(() => undefined);
    while (!accounts.forStore('a').governor.paused) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(keys).toEqual(['key-a']);
    expect(accounts.forStore('b').governor.paused).toBe(false);
    await expect(accounts.forStore('b').client.getPaymentRequest('abc')).resolves.toMatchObject({ id: 'abc' });
    expect(keys).toEqual(['key-a', 'key-b']);
  });
});

import { describe, expect, it } from 'vitest';
import { paymentRequestSchema } from '../../domain/centrapay';
import { ASSET_TYPE, SEED } from '../../domain/sandbox-seeds';
import { shortCodeCheckCharacter, SHORT_CODE_ALPHABET } from './ids';
import { ALICE, CRN, freshSandboxEachTest, OTHER_TERMINAL, PUBLIC_URL, REWARDS, TERMINAL } from '../../test-support/sandbox-world';

const sandbox = freshSandboxEachTest();

const lineItems = [
  { name: 'Flat White', sku: 'COFFEE-FW', qty: '2', price: '1100', tax: '15' },
  { name: 'Muffin', sku: 'FOOD-MUF', qty: '1', price: '450', tax: '15', discount: '50' },
  { name: 'Loyalty discount', qty: '1', price: '-50' },
];

describe('POST /api/payment-requests', () => {
  it('creates a new request and echoes what was sent', async () => {
    const response = await sandbox.createRequest({
      value: { amount: '1500', currency: 'NZD' },
      expirySeconds: 85,
      externalRef: 'ORDER-1042',
      terminalId: 'lane-2',
      deviceId: 'SN-88213',
      operatorId: 'op-7',
      invoiceRef: 'INV-1',
      purchaseOrderRef: 'PO-9',
      conditionsEnabled: true,
      patronNotPresent: false,
      lineItems,
      createdByAccountName: 'Lane 2',
    });
    expect(response.status).toBe(200);
    const pr = response.body;
    expect(() => paymentRequestSchema.parse(pr)).not.toThrow();
    expect(pr).toMatchObject({
      status: 'new',
      liveness: 'test',
      url: `${PUBLIC_URL}/sandbox/pay/${pr.id}`,
      merchantId: SEED.merchantCafe,
      merchantName: 'Sandbox Café',
      configId: SEED.configCafe,
      value: { amount: '1500', currency: 'NZD' },
      remainingAmount: '1500',
      expirySeconds: 85,
      merchantConditions: [],
      createdByAccountId: SEED.accountCafe,
      createdByAccountName: 'Lane 2',
      externalRef: 'ORDER-1042',
      terminalId: 'lane-2',
      deviceId: 'SN-88213',
      operatorId: 'op-7',
      invoiceRef: 'INV-1',
      purchaseOrderRef: 'PO-9',
      conditionsEnabled: true,
      patronNotPresent: false,
      lineItems,
    });
    expect(pr.id).toMatch(/^[1-9A-HJ-NP-Za-km-z]{22}$/);
    expect(pr.shortCode).toMatch(/^CP-[2-9A-HJ-NP-Z]{3}-[2-9A-HJ-NP-Z]{3}$/);
    expect(Date.parse(pr.expiresAt) - Date.parse(pr.createdAt)).toBe(85_000);
    expect(pr.updatedAt).toBe(pr.createdAt);
    // Token options need an accepted collection, which the sandbox does not have yet.
    expect(pr.paymentOptions).toEqual([
      { assetType: ASSET_TYPE.nzdTest, amount: '1500' },
      { assetType: ASSET_TYPE.rewardsTest, amount: '1500' },
      { assetType: ASSET_TYPE.farmlandsTest, amount: '1500' },
      { assetType: ASSET_TYPE.voucherTest, amount: '1500' },
    ]);
    expect(pr).not.toHaveProperty('cancellationReason');
    expect(pr).not.toHaveProperty('paidBy');
  });

  it('defaults expirySeconds to 120 and the account name to the merchant account', async () => {
    const pr = (await sandbox.createRequest()).body;
    expect(pr.expirySeconds).toBe(120);
    expect(Date.parse(pr.expiresAt) - Date.parse(pr.createdAt)).toBe(120_000);
    expect(pr.createdByAccountName).toBe('Sandbox Café');
  });

  it('offers only the kiosk config’s options on the kiosk config', async () => {
    const pr = (await sandbox.createRequest({ configId: SEED.configKiosk })).body;
    expect(pr.paymentOptions).toEqual([{ assetType: ASSET_TYPE.nzdTest, amount: '1000' }]);
    expect(pr.configId).toBe(SEED.configKiosk);
  });

  it.each([
    [{ value: { amount: '0', currency: 'NZD' } }, 'value.amount must be positive'],
    [{ value: { amount: '-5', currency: 'NZD' } }, 'value.amount must be positive'],
    [{ value: { amount: '100000000', currency: 'NZD' } }, 'value.amount must be less than 100000000'],
    [{ value: { amount: '12.5', currency: 'NZD' } }, 'value.amount must be a whole number of cents'],
    [{ invoiceRef: 'x'.repeat(129) }, 'invoiceRef must be at most 128 characters'],
    [{ partialAllowed: true }, 'basketAmount is required when partialAllowed is true'],
    [{ expirySeconds: 0 }, 'expirySeconds must be positive'],
    [{ expirySeconds: 86_401 }, 'expirySeconds must be at most 86400'],
  ])('refuses %j with 400', async (overrides, message) => {
    const response = await sandbox.createRequest(overrides);
    expect(response.status).toBe(400);
    expect(response.body).toEqual({ statusCode: 400, error: 'Bad Request', message });
  });

  it('accepts the largest value, 99999999', async () => {
    expect((await sandbox.createRequest({ value: { amount: '99999999', currency: 'NZD' } })).status).toBe(200);
  });

  it('checks that line items add up to the value', async () => {
    const response = await sandbox.createRequest({ value: { amount: '1499', currency: 'NZD' }, lineItems });
    expect(response.status).toBe(400);
    expect(response.body.message).toBe('LINE_ITEMS_SUM_CHECK_FAILED');
  });

  it('lets line items add up to the basket with partial payment', async () => {
    const response = await sandbox.createRequest({
      value: { amount: '1000', currency: 'NZD' },
      partialAllowed: true,
      basketAmount: '1500',
      lineItems,
    });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ partialAllowed: true, basketAmount: '1500', remainingAmount: '1000' });
  });

  it('answers 403 Forbidden for an unknown config and for another merchant’s config', async () => {
    expect((await sandbox.createRequest({ configId: 'mc_000000000000000000000000' })).body).toMatchObject({
      statusCode: 403,
      error: 'Forbidden',
      message: 'Forbidden',
    });
    expect((await sandbox.createRequest({ configId: SEED.configOther })).body.message).toBe('Forbidden');
    expect((await sandbox.createRequest({}, OTHER_TERMINAL)).status).toBe(403);
    expect((await sandbox.createRequest({ configId: SEED.configOther }, OTHER_TERMINAL)).status).toBe(200);
  });

  it('accepts the config id with an mc_ prefix', async () => {
    expect((await sandbox.createRequest({ configId: `mc_${SEED.configCafe}` })).body.configId).toBe(SEED.configCafe);
  });

  it('lets only merchant keys create', async () => {
    expect((await sandbox.createRequest({}, ALICE)).status).toBe(403);
    expect((await sandbox.createRequest({}, REWARDS)).status).toBe(403);
  });

  it('refuses currencies and pre-auth no option can take', async () => {
    expect((await sandbox.createRequest({ value: { amount: '100', currency: 'USD' } })).body.message).toBe('NO_AVAILABLE_PAYMENT_OPTIONS');
    // Only asset types that can hold funds stay on a pre-auth request.
    const preAuth = await sandbox.createRequest({ preAuth: true });
    expect(preAuth.body.paymentOptions).toEqual([{ assetType: ASSET_TYPE.nzdTest, amount: '1000' }]);
    const nzd = sandbox.state.store.assetTypes.get(ASSET_TYPE.nzdTest);
    if (nzd) nzd.preAuth = false;
    expect((await sandbox.createRequest({ preAuth: true })).body).toMatchObject({ statusCode: 403, message: 'NO_AVAILABLE_PAYMENT_OPTIONS' });
  });

  it('refuses ids with another type’s prefix with 400', async () => {
    expect((await sandbox.createRequest({ configId: `cn_${SEED.configCafe}` })).body).toMatchObject({ statusCode: 400, message: 'configId must be a mc_ id' });
    expect((await sandbox.createRequest({ connectionId: 'mc_123' })).body).toMatchObject({ statusCode: 400, message: 'connectionId must be a cn_ id' });
    expect((await sandbox.createRequest({ collectionId: 'cn_123' })).body).toMatchObject({ statusCode: 400, message: 'collectionId must be a c_ id' });
  });

  it('checks redirect URLs against the config', async () => {
    expect((await sandbox.createRequest({ redirectPaidUrl: 'https://evil.test/paid' })).body.message).toBe('REDIRECT_URL_INVALID');
    expect((await sandbox.createRequest({ redirectPaidUrl: 'http://localhost:5173/paid' })).status).toBe(200);
  });

  it('keeps redirectPaidUrl and redirectCancelUrl and gives them back on every read', async () => {
    const redirects = { redirectPaidUrl: 'http://localhost:5173/machines/vend-1/pay?vend=V1', redirectCancelUrl: 'http://127.0.0.1:8080/cancelled' };
    const created = await sandbox.createRequest(redirects);
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject(redirects);
    expect(paymentRequestSchema.parse(created.body)).toMatchObject(redirects);
    expect((await sandbox.call('GET', `/api/payment-requests/${created.body.id}`, ALICE)).body).toMatchObject(redirects);
    expect((await sandbox.createRequest()).body).not.toHaveProperty('redirectPaidUrl');
  });

  it('refuses a redirect URL that is not an http(s) URL with 400, in Centrapay’s error shape, and creates nothing', async () => {
    for (const [field, url] of [['redirectPaidUrl', 'not a url'], ['redirectCancelUrl', 'javascript:alert(1)'], ['redirectPaidUrl', 'ftp://localhost/x'], ['redirectCancelUrl', '/machines/vend-1/pay']]) {
      const refused = await sandbox.createRequest({ [field!]: url });
      expect(refused.status, url).toBe(400);
      expect(refused.body, url).toEqual({ statusCode: 400, error: 'Bad Request', message: `${field} must be an http or https URL` });
    }
    expect((await sandbox.createRequest({ redirectCancelUrl: 42 })).body).toMatchObject({ statusCode: 400, message: expect.stringMatching(/^redirectCancelUrl/) });
    expect(sandbox.state.store.paymentRequests.size).toBe(0);
  });

  it('refuses a redirect URL outside the config’s allowedRedirectUrls with 403 REDIRECT_URL_INVALID; its own PUBLIC_URL is allowed', async () => {
    expect((await sandbox.createRequest({ redirectCancelUrl: 'https://evil.test/cancel' })).body).toEqual({ statusCode: 403, error: 'Forbidden', message: 'REDIRECT_URL_INVALID' });
    // The site's own address, not another host whose URL merely starts like it.
    expect((await sandbox.createRequest({ redirectPaidUrl: `${PUBLIC_URL}@evil.test/paid` })).body.message).toBe('REDIRECT_URL_INVALID');
    const back = `${PUBLIC_URL}/machines/vend-1/pay?vend=V2`;
    const allowed = await sandbox.createRequest({ redirectPaidUrl: back, redirectCancelUrl: back });
    expect(allowed.status).toBe(200);
    expect(allowed.body).toMatchObject({ redirectPaidUrl: back, redirectCancelUrl: back });
    const config = await sandbox.call('GET', `/api/merchant-configs/${SEED.configCafe}`, TERMINAL);
    expect(config.body.allowedRedirectUrls).toEqual(['http://localhost', 'http://127.0.0.1', `${PUBLIC_URL}/`]);
  });

  it('validates patron-code barcodes', async () => {
    const alice = await sandbox.createRequest({ barcode: SEED.aliceBarcode });
    expect(alice.status).toBe(200);
    expect(alice.body.patronCodeId).toBe(SEED.alicePatronCode);
    expect(alice.body.barcode).toBe(SEED.aliceBarcode);
    expect((await sandbox.createRequest({ barcode: SEED.badChecksumBarcode })).body).toMatchObject({ statusCode: 400, message: 'CHECKSUM_FAILED' });
    expect((await sandbox.createRequest({ barcode: SEED.expiredBarcode })).body).toMatchObject({ statusCode: 403, message: 'PATRON_CODE_INVALID' });
    // Other providers' cards are not Centrapay patron codes and are not Luhn-checked.
    const card = await sandbox.createRequest({ barcode: '424242424', barcodeType: 'farmlands', invoiceRef: 'INV-1', lineItems: [{ name: 'Hard Hat', qty: '1', price: '1000' }] });
    expect(card.status).toBe(200);
    expect(card.body).not.toHaveProperty('patronCodeId');
  });

  it('answers TOKEN_COLLECTION_NOT_FOUND for any collection', async () => {
    expect((await sandbox.createRequest({ collectionId: 'c_unknown' })).body.message).toBe('TOKEN_COLLECTION_NOT_FOUND');
  });
});

describe('GET /api/payment-requests/{id}', () => {
  it('lets the merchant, patrons and app servers read the request', async () => {
    const pr = (await sandbox.createRequest()).body;
    for (const caller of [TERMINAL, ALICE, REWARDS]) {
      const read = await sandbox.call('GET', `/api/payment-requests/${pr.id}`, caller);
      expect(read.status).toBe(200);
      expect(read.body).toEqual(pr);
    }
  });

  it('answers 403 Forbidden to another merchant’s terminal key (sandbox contract)', async () => {
    const pr = (await sandbox.createRequest()).body;
    const read = await sandbox.call('GET', `/api/payment-requests/${pr.id}`, OTHER_TERMINAL);
    expect(read.status).toBe(403);
    expect(read.body).toEqual({ statusCode: 403, error: 'Forbidden', message: 'Forbidden' });
  });

  it('answers 403 Forbidden for an unknown id', async () => {
    const response = await sandbox.call('GET', '/api/payment-requests/MhocUmpxxmgdHjr7DgKoKw', TERMINAL);
    expect(response.status).toBe(403);
    expect(response.body).toEqual({ statusCode: 403, error: 'Forbidden', message: 'Forbidden' });
  });

  it('shows expired once the clock passes expiresAt, and records one expiry activity', async () => {
    const pr = (await sandbox.createRequest({ expirySeconds: 30 })).body;
    await sandbox.advance(29);
    expect((await sandbox.call('GET', `/api/payment-requests/${pr.id}`, TERMINAL)).body.status).toBe('new');
    await sandbox.advance(1);
    const expired = (await sandbox.call('GET', `/api/payment-requests/${pr.id}`, TERMINAL)).body;
    expect(expired.status).toBe('expired');
    expect(expired.updatedAt).toBe(pr.expiresAt);
    expect(expired).not.toHaveProperty('cancellationReason');
    await sandbox.call('GET', `/api/payment-requests/${pr.id}`, TERMINAL);
    const activities = (await sandbox.call('GET', `/api/payment-requests/${pr.id}/activities`, TERMINAL)).body.items;
    expect(activities.map((activity: { type: string }) => activity.type)).toEqual(['expiry', 'request']);
    expect(activities[0]).toMatchObject({ createdAt: pr.expiresAt, activityNumber: '2', value: pr.value });
  });

  it('serves a summary without authentication', async () => {
    const pr = (await sandbox.createRequest({ lineItems: [{ name: 'Tea', qty: '1', price: '1000' }] })).body;
    const summary = await sandbox.call('GET', `/api/payment-requests/${pr.id}/summary`);
    expect(summary.status).toBe(200);
    expect(summary.body).toEqual({
      id: pr.id,
      url: pr.url,
      merchantId: pr.merchantId,
      merchantName: pr.merchantName,
      value: pr.value,
      createdAt: pr.createdAt,
      expiresAt: pr.expiresAt,
      paymentOptions: pr.paymentOptions,
      remainingAmount: '1000',
      status: 'new',
      lineItems: pr.lineItems,
      liveness: 'test',
    });
  });
});

describe('GET /api/payment-requests/short-code/{shortCode}', () => {
  it('finds the caller’s request by short code, in any letter case, as the whole model a read by id answers', async () => {
    const pr = (await sandbox.createRequest()).body;
    const found = await sandbox.call('GET', `/api/payment-requests/short-code/${pr.shortCode}`, TERMINAL);
    expect(found.status).toBe(200);
    expect(found.body.id).toBe(pr.id);
    expect(found.body).toEqual((await sandbox.call('GET', `/api/payment-requests/${pr.id}`, TERMINAL)).body);
    expect((await sandbox.call('GET', `/api/payment-requests/short-code/${pr.shortCode.toLowerCase()}`, TERMINAL)).body.id).toBe(pr.id);
  });

  it('answers 400 CHECKSUM_FAILED for a mistyped code', async () => {
    const pr = (await sandbox.createRequest()).body;
    const chars = [...pr.shortCode];
    const last = chars.length - 1;
    const original = chars[last];
    chars[last] = SHORT_CODE_ALPHABET[(SHORT_CODE_ALPHABET.indexOf(original) + 1) % SHORT_CODE_ALPHABET.length];
    const response = await sandbox.call('GET', `/api/payment-requests/short-code/${chars.join('')}`, TERMINAL);
    expect(response.status).toBe(400);
    expect(response.body).toEqual({ statusCode: 400, error: 'Bad Request', message: 'CHECKSUM_FAILED' });
    // A digit 0 where the letter O cannot appear is a misreading too.
    expect((await sandbox.call('GET', '/api/payment-requests/short-code/CP-0AB-CDE', TERMINAL)).body.message).toBe('CHECKSUM_FAILED');
    expect((await sandbox.call('GET', '/api/payment-requests/short-code/nonsense', TERMINAL)).status).toBe(400);
  });

  it('answers 403 when no request of the caller has the code', async () => {
    const pr = (await sandbox.createRequest()).body;
    expect((await sandbox.call('GET', `/api/payment-requests/short-code/${pr.shortCode}`, OTHER_TERMINAL)).status).toBe(403);
    expect((await sandbox.call('GET', `/api/payment-requests/short-code/${pr.shortCode}`, ALICE)).status).toBe(403);
    const payload = 'ABCDE';
    const unused = `CP-ABC-DE${shortCodeCheckCharacter(payload)}`;
    expect((await sandbox.call('GET', `/api/payment-requests/short-code/${unused}`, TERMINAL)).body).toMatchObject({ statusCode: 403, message: 'Forbidden' });
  });

  it('returns the most recent request when a code is reused', async () => {
    const first = (await sandbox.createRequest()).body;
    const second = (await sandbox.createRequest()).body;
    const stored = sandbox.state.store.paymentRequests.get(second.id);
    if (!stored) throw new Error('missing');
    stored.shortCode = first.shortCode;
    expect((await sandbox.call('GET', `/api/payment-requests/short-code/${first.shortCode}`, TERMINAL)).body.id).toBe(second.id);
  });
});

describe('GET /api/payment-requests/external-ref/{externalRef}', () => {
  const list = (ref: string, query: string, caller = TERMINAL) =>
    sandbox.call('GET', `/api/payment-requests/external-ref/${encodeURIComponent(ref)}?${query}`, caller);

  it('lists the merchant’s requests with that reference, newest first, page by page', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await sandbox.createRequest({ externalRef: 'ORDER/7' })).body.id);
    await sandbox.createRequest({ externalRef: 'ORDER/8' });
    const newestFirst = [...ids].reverse();

    const first = await list('ORDER/7', `merchantAccountId=${SEED.accountCafe}&paginationLimit=2`);
    expect(first.status).toBe(200);
    expect(first.body.items.map((pr: { id: string }) => pr.id)).toEqual(newestFirst.slice(0, 2));
    expect(first.body.nextPageKey).toMatch(/[#|]/);
    expect(first.body.items[0].externalRef).toBe('ORDER/7');

    const second = await list('ORDER/7', `merchantAccountId=${SEED.accountCafe}&paginationLimit=2&pageKey=${encodeURIComponent(first.body.nextPageKey)}`);
    expect(second.body.items.map((pr: { id: string }) => pr.id)).toEqual(newestFirst.slice(2, 4));
    const third = await list('ORDER/7', `merchantAccountId=${SEED.accountCafe}&paginationLimit=2&pageKey=${encodeURIComponent(second.body.nextPageKey)}`);
    expect(third.body.items.map((pr: { id: string }) => pr.id)).toEqual(newestFirst.slice(4));
    expect(third.body).not.toHaveProperty('nextPageKey');

    const all = await list('ORDER/7', `merchantAccountId=${SEED.accountCafe}`);
    expect(all.body.items).toHaveLength(5);
    expect(all.body).not.toHaveProperty('nextPageKey');
  });

  it('answers an empty page when nothing matches', async () => {
    expect((await list('NONE', `merchantAccountId=${SEED.accountCafe}`)).body).toEqual({ items: [] });
  });

  it('requires merchantAccountId and the caller’s own account', async () => {
    expect((await list('X', '')).status).toBe(400);
    expect((await list('X', `merchantAccountId=${SEED.accountCafe}`, OTHER_TERMINAL)).status).toBe(403);
    expect((await list('X', `merchantAccountId=${SEED.accountCafe}`, ALICE)).status).toBe(403);
    expect((await list('X', `merchantAccountId=${SEED.accountCafe}&paginationLimit=0`)).status).toBe(400);
    expect((await list('X', `merchantAccountId=${SEED.accountCafe}&pageKey=garbage`)).status).toBe(400);
  });
});

describe('GET /api/payment-requests/{id}/activities', () => {
  it('lists activities newest first with sequential numbers and derived short codes', async () => {
    const pr = (await sandbox.createRequest()).body;
    await sandbox.payAsAlice(pr.id);
    const response = await sandbox.call('GET', `/api/payment-requests/${pr.id}/activities`, TERMINAL);
    expect(response.status).toBe(200);
    const items = response.body.items;
    expect(items.map((activity: { type: string }) => activity.type)).toEqual(['paid', 'payment', 'request']);
    expect(items.map((activity: { activityNumber: string }) => activity.activityNumber)).toEqual(['3', '2', '1']);
    expect(items.map((activity: { shortCode: string }) => activity.shortCode)).toEqual([
      `${pr.shortCode}-03`,
      `${pr.shortCode}-02`,
      `${pr.shortCode}-01`,
    ]);
    for (const activity of items) {
      expect(activity).toMatchObject({
        paymentRequestId: pr.id,
        merchantId: SEED.merchantCafe,
        merchantName: 'Sandbox Café',
        merchantAccountId: SEED.accountCafe,
        merchantConfigId: SEED.configCafe,
        paymentRequestCreatedBy: CRN.terminal,
      });
      expect(activity.id).toMatch(/^[0-9a-f]{32}$/);
    }
    expect(items[2]).toMatchObject({ type: 'request', value: pr.value, createdBy: CRN.terminal });
  });

  it('is for the owning merchant only', async () => {
    const pr = (await sandbox.createRequest()).body;
    expect((await sandbox.call('GET', `/api/payment-requests/${pr.id}/activities`, OTHER_TERMINAL)).status).toBe(403);
    expect((await sandbox.call('GET', `/api/payment-requests/${pr.id}/activities`, ALICE)).status).toBe(403);
  });
});

describe('GET /api/payment-activities', () => {
  const list = (query: string, caller = TERMINAL) => sandbox.call('GET', `/api/payment-activities?${query}`, caller);

  it('lists the merchant’s activities newest first, page by page', async () => {
    const first = (await sandbox.createRequest()).body;
    await sandbox.advance(1);
    const second = (await sandbox.createRequest()).body;
    await sandbox.advance(1);
    await sandbox.payAsAlice(first.id);
    await sandbox.call('POST', '/api/payment-requests', OTHER_TERMINAL, { configId: SEED.configOther, value: { amount: '1', currency: 'NZD' } });

    const all = await list(`merchantId=${SEED.merchantCafe}`);
    expect(all.status).toBe(200);
    expect(all.body).not.toHaveProperty('nextPageKey');
    expect(all.body.items.map((a: { paymentRequestId: string; type: string }) => [a.paymentRequestId, a.type])).toEqual([
      [first.id, 'paid'],
      [first.id, 'payment'],
      [second.id, 'request'],
      [first.id, 'request'],
    ]);

    const seen: string[] = [];
    let pageKey: string | undefined;
    do {
      const page = await list(`merchantId=${SEED.merchantCafe}&paginationLimit=3${pageKey ? `&pageKey=${encodeURIComponent(pageKey)}` : ''}`);
      seen.push(...page.body.items.map((a: { id: string }) => a.id));
      pageKey = page.body.nextPageKey;
      if (pageKey) expect(pageKey).toMatch(/^PA#.+\|/);
    } while (pageKey);
    expect(seen).toEqual(all.body.items.map((a: { id: string }) => a.id));
  });

  it('includes expiries the moment they are due', async () => {
    const pr = (await sandbox.createRequest({ expirySeconds: 10 })).body;
    await sandbox.advance(10);
    const items = (await list(`merchantId=${SEED.merchantCafe}`)).body.items;
    expect(items[0]).toMatchObject({ paymentRequestId: pr.id, type: 'expiry', createdAt: pr.expiresAt });
  });

  it('requires merchantId, of the caller’s own merchant', async () => {
    expect((await list('')).body).toMatchObject({ statusCode: 400, message: 'merchantId is required' });
    expect((await list(`merchantId=${SEED.merchantOther}`)).status).toBe(403);
    expect((await list(`merchantId=${SEED.merchantCafe}`, ALICE)).status).toBe(403);
    expect((await list(`merchantId=${SEED.merchantCafe}&pageKey=PR%231%7Cx`)).status).toBe(400);
  });
});

describe('GET /api/me/patron-code-payment-request', () => {
  it('finds the newest new request created with one of the patron’s codes', async () => {
    const pr = (await sandbox.createRequest({ barcode: SEED.aliceBarcode })).body;
    const found = await sandbox.call('GET', '/api/me/patron-code-payment-request', ALICE);
    expect(found.status).toBe(200);
    expect(found.body.id).toBe(pr.id);
    expect((await sandbox.call('GET', '/api/me/patron-code-payment-request', { auth: SEED.bobToken })).status).toBe(403);
    await sandbox.payAsAlice(pr.id);
    expect((await sandbox.call('GET', '/api/me/patron-code-payment-request', ALICE)).status).toBe(403);
  });
});

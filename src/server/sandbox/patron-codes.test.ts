import { describe, expect, it } from 'vitest';
import { decodeResultSchema, merchantConfigSchema, patronCodeSchema } from '../../domain/centrapay';
import { ASSET_TYPE, SEED } from '../../domain/sandbox-seeds';
import { luhnValid } from './ids';
import { ALICE, BOB, OTHER_TERMINAL, PUBLIC_URL, REWARDS, freshSandboxEachTest, TERMINAL } from '../../test-support/sandbox-world';

const sandbox = freshSandboxEachTest();

const byBarcode = (barcode: string, caller = TERMINAL) => sandbox.call('GET', `/api/patron-codes/barcode/${barcode}`, caller);
const decode = (code: string, merchantConfigId: string = SEED.configCafe, caller = TERMINAL) =>
  sandbox.call('POST', '/api/decode', caller, { code, scannedBy: 'merchant', merchantConfigId });

describe('GET /api/patron-codes/barcode/{barcode}', () => {
  it('finds a seeded code', async () => {
    const response = await byBarcode(SEED.aliceBarcode);
    expect(response.status).toBe(200);
    expect(() => patronCodeSchema.parse(response.body)).not.toThrow();
    expect(response.body).toMatchObject({ id: SEED.alicePatronCode, barcode: SEED.aliceBarcode, accountId: SEED.accountAlice, assetId: SEED.aliceAsset });
    expect(response.body).not.toHaveProperty('expiresAt');
  });

  it('answers CHECKSUM_FAILED, and PATRON_CODE_INVALID for unknown, expired and non-patron codes', async () => {
    expect((await byBarcode(SEED.badChecksumBarcode)).body).toEqual({ statusCode: 400, error: 'Bad Request', message: 'CHECKSUM_FAILED' });
    expect((await byBarcode(SEED.expiredBarcode)).body).toMatchObject({ statusCode: 403, message: 'PATRON_CODE_INVALID' });
    expect((await byBarcode('9990009999999992')).body.message).toBe('PATRON_CODE_INVALID');
    expect((await byBarcode('424242424')).body.message).toBe('PATRON_CODE_INVALID');
  });

  it('is for merchants and the code’s own patron', async () => {
    expect((await byBarcode(SEED.aliceBarcode, ALICE)).status).toBe(200);
    expect((await byBarcode(SEED.aliceBarcode, BOB)).status).toBe(403);
    expect((await byBarcode(SEED.aliceBarcode, REWARDS)).status).toBe(403);
    expect((await byBarcode(SEED.aliceBarcode, {})).status).toBe(401);
  });
});

describe('GET /api/patron-codes/{id}', () => {
  it('gets a code by id; unknown ids and strangers get 403', async () => {
    expect((await sandbox.call('GET', `/api/patron-codes/${SEED.bobPatronCode}`, TERMINAL)).body.barcode).toBe(SEED.bobBarcode);
    expect((await sandbox.call('GET', `/api/patron-codes/${SEED.bobPatronCode}`, ALICE)).status).toBe(403);
    expect((await sandbox.call('GET', '/api/patron-codes/nope', TERMINAL)).body).toMatchObject({ statusCode: 403, message: 'Forbidden' });
  });
});

describe('POST /api/patron-codes', () => {
  it('issues the patron a five-minute 16-digit code under the 999000 prefix', async () => {
    const response = await sandbox.call('POST', '/api/patron-codes', ALICE, { externalId: 'app-1', metadata: { device: 'phone' } });
    expect(response.status).toBe(200);
    const code = response.body;
    expect(code.barcode).toMatch(/^999000\d{10}$/);
    expect(luhnValid(code.barcode)).toBe(true);
    expect(code).toMatchObject({ accountId: SEED.accountAlice, assetId: SEED.aliceAsset, externalId: 'app-1', metadata: { device: 'phone' } });
    expect(Date.parse(code.expiresAt) - Date.parse(code.createdAt)).toBe(300_000);
    expect((await byBarcode(code.barcode)).body.id).toBe(code.id);
    await sandbox.advance(300);
    expect((await byBarcode(code.barcode)).body.message).toBe('PATRON_CODE_INVALID');
    expect((await sandbox.createRequest({ barcode: code.barcode })).body.message).toBe('PATRON_CODE_INVALID');
  });

  it('is for patrons, with their own assets, and checks its fields', async () => {
    expect((await sandbox.call('POST', '/api/patron-codes', TERMINAL, {})).status).toBe(403);
    expect((await sandbox.call('POST', '/api/patron-codes', BOB, { assetId: SEED.aliceAsset })).status).toBe(403);
    expect((await sandbox.call('POST', '/api/patron-codes', ALICE, { testScenarioName: 'nope' })).status).toBe(400);
    const metadata = Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`k${i}`, 'v']));
    expect((await sandbox.call('POST', '/api/patron-codes', ALICE, { metadata })).body.message).toBe('metadata may have at most 10 keys');
  });

  it('carries the barcode flow: create with the code, the patron finds and pays the request', async () => {
    const code = (await sandbox.call('POST', '/api/patron-codes', BOB)).body;
    const pr = (await sandbox.createRequest({ barcode: code.barcode, value: { amount: '300', currency: 'NZD' } })).body;
    expect(pr.patronCodeId).toBe(code.id);
    const found = await sandbox.call('GET', '/api/me/patron-code-payment-request', BOB);
    expect(found.body.id).toBe(pr.id);
    expect((await sandbox.pay(pr.id, BOB, { assetType: ASSET_TYPE.nzdTest, assetId: SEED.bobAsset })).status).toBe(200);
  });

  it('cancels a request with PATRON_CODE_EXPIRED when its code expires first', async () => {
    const code = (await sandbox.call('POST', '/api/patron-codes', ALICE)).body;
    const pr = (await sandbox.createRequest({ barcode: code.barcode, expirySeconds: 600 })).body;
    await sandbox.advance(300);
    const read = (await sandbox.call('GET', `/api/payment-requests/${pr.id}`, TERMINAL)).body;
    expect(read).toMatchObject({ status: 'cancelled', cancellationReason: 'PATRON_CODE_EXPIRED' });
    const items = (await sandbox.call('GET', `/api/payment-requests/${pr.id}/activities`, TERMINAL)).body.items;
    expect(items[0]).toMatchObject({ type: 'cancellation', createdAt: code.expiresAt, createdBy: 'crn::system:sandbox' });
  });
});

describe('POST /api/decode', () => {
  it('decodes a Centrapay patron code', async () => {
    const response = await decode(SEED.aliceBarcode);
    expect(response.status).toBe(200);
    expect(() => decodeResultSchema.parse(response.body)).not.toThrow();
    expect(response.body).toEqual({
      code: SEED.aliceBarcode,
      scannedBy: 'merchant',
      merchantConfigId: SEED.configCafe,
      provider: 'centrapay',
      displayName: 'Centrapay',
    });
    expect((await decode(SEED.aliceBarcode, `mc_${SEED.configKiosk}`)).status).toBe(200);
  });

  it('answers UNKNOWN_CODE, MERCHANT_CONFIG_NOT_FOUND, INVALID_MERCHANT_CONFIG and CHECKSUM_FAILED', async () => {
    expect((await decode('123456789')).body).toMatchObject({ statusCode: 403, message: 'UNKNOWN_CODE' });
    expect((await decode(SEED.expiredBarcode)).body.message).toBe('UNKNOWN_CODE');
    expect((await decode(SEED.badChecksumBarcode)).body).toMatchObject({ statusCode: 400, message: 'CHECKSUM_FAILED' });
    expect((await decode(SEED.aliceBarcode, 'nope')).body.message).toBe('MERCHANT_CONFIG_NOT_FOUND');
    expect((await decode(SEED.aliceBarcode, SEED.configOther)).body.message).toBe('MERCHANT_CONFIG_NOT_FOUND');
    sandbox.state.store.configs.set('sbxConfigTokens', {
      id: 'sbxConfigTokens',
      merchantId: SEED.merchantCafe,
      paymentOptionTypes: [ASSET_TYPE.tokenTest],
      allowedRedirectUrls: [],
      createdAt: 0,
    });
    expect((await decode(SEED.aliceBarcode, 'sbxConfigTokens')).body).toMatchObject({ statusCode: 403, message: 'INVALID_MERCHANT_CONFIG' });
  });

  it('needs all three fields and a merchant key', async () => {
    expect((await sandbox.call('POST', '/api/decode', TERMINAL, { code: SEED.aliceBarcode, merchantConfigId: SEED.configCafe })).status).toBe(400);
    expect((await sandbox.call('POST', '/api/decode', TERMINAL, { code: SEED.aliceBarcode, scannedBy: 'patron', merchantConfigId: SEED.configCafe })).status).toBe(400);
    expect((await decode(SEED.aliceBarcode, SEED.configCafe, ALICE)).status).toBe(403);
  });
});

describe('GET /api/merchant-configs/{configId}', () => {
  it('reads the caller’s own config, with or without mc_', async () => {
    const response = await sandbox.call('GET', `/api/merchant-configs/${SEED.configCafe}`, TERMINAL);
    expect(response.status).toBe(200);
    expect(() => merchantConfigSchema.parse(response.body)).not.toThrow();
    expect(response.body).toMatchObject({
      id: SEED.configCafe,
      merchantId: SEED.merchantCafe,
      paymentOptions: [
        { type: ASSET_TYPE.nzdTest },
        { type: ASSET_TYPE.rewardsTest },
        { type: ASSET_TYPE.tokenTest },
        { type: ASSET_TYPE.farmlandsTest },
        { type: ASSET_TYPE.voucherTest },
      ],
      // The seeded prefixes, and the web app the sandbox's pay pages are on.
      allowedRedirectUrls: ['http://localhost', 'http://127.0.0.1', `${PUBLIC_URL}/`],
    });
    expect((await sandbox.call('GET', `/api/merchant-configs/mc_${SEED.configKiosk}`, TERMINAL)).body.paymentOptions).toEqual([{ type: ASSET_TYPE.nzdTest }]);
  });

  it('answers 403 for unknown and other merchants’ configs, 400 for another prefix', async () => {
    expect((await sandbox.call('GET', `/api/merchant-configs/${SEED.configCafe}`, OTHER_TERMINAL)).status).toBe(403);
    expect((await sandbox.call('GET', `/api/merchant-configs/${SEED.configCafe}`, ALICE)).status).toBe(403);
    expect((await sandbox.call('GET', '/api/merchant-configs/nope', TERMINAL)).status).toBe(403);
    expect((await sandbox.call('GET', '/api/merchant-configs/cn_nope', TERMINAL)).status).toBe(400);
  });
});

// `npm run preflight` (preflight-cli.ts) against a real sandbox: it passes on the seeds, and fails in words — naming
// what to do — on each misconfiguration the sandbox can emulate, and on a webhook URL nothing answers at.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SEED } from '../domain/sandbox-seeds';
import { freePort } from '../test-support/ports';
import { startSandbox, type SandboxHarness } from '../test-support/sandbox-harness';
import { buildApp } from './app';
import { loadConfig } from './config';
import { runPreflightCli } from './preflight-cli';

async function preflight(env: NodeJS.ProcessEnv): Promise<{ code: number; text: string }> {
  const lines: string[] = [];
  const code = await runPreflightCli({ JOURNAL_PATH: ':memory:', ...env }, (line) => lines.push(line));
  return { code, text: lines.join('\n') };
}


describe('on the embedded sandbox (no CENTRAPAY_BASE_URL)', () => {
  it('passes on the seeds, a signed test webhook verified by the gateway', async () => {
    const { code, text } = await preflight({});
    expect(text).toMatch(/^ok +API key: .*merchant account sbxAccountCafe.*merchant-terminal role/m);
    expect(text).toMatch(/^ok +Merchant configs: sbxConfigCafe \(lane default, lane kiosk-1, machine vend-1, machine pump-1\)/m);
    expect(text).toMatch(/^ok +Clock: /m);
    expect(text).toMatch(/^ok +Webhooks: A signed test notification .* the gateway verified it \(it answered 202\)/m);
    expect(text).toMatch(/^ok +Rate budget \(account sbxAccountCafe\): 2 lanes and 2 machines/m);
    expect(text).toMatch(/0 failed: nothing stops a first sale\.$/);
    expect(code).toBe(0);
  });

  it('fails in words when the webhook URL cannot be reached', async () => {
    const url = `http://127.0.0.1:${await freePort()}/api/webhooks/centrapay`;
    const { code, text } = await preflight({ WEBHOOK_AUDIENCE: url });
    expect(text).toContain(`FAILED   Webhooks: A signed test notification could not reach ${url}: fetch failed: ECONNREFUSED.`);
    expect(text).toMatch(/What to do: Start the till \(npm start\) and make the webhook URL reach it/);
    expect(code).toBe(1);
  });
});

describe('against Centrapay at CENTRAPAY_BASE_URL (a sandbox of its own)', () => {
  let sandbox: SandboxHarness;
  beforeAll(async () => {
    sandbox = await startSandbox();
  });
  afterAll(() => sandbox.close());
  beforeEach(async () => {
    await sandbox.call('POST', '/_sandbox/reset');
  });
  const realEnv = (extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({
    CENTRAPAY_BASE_URL: sandbox.url, CENTRAPAY_API_KEY: SEED.terminalCafeKey, CENTRAPAY_CONFIG_ID: SEED.configCafe,
    CENTRAPAY_MERCHANT_ACCOUNT_ID: SEED.accountCafe, CENTRAPAY_MERCHANT_ID: SEED.merchantCafe, CASHIER_CODE: 'counter-2468',
    LANES: JSON.stringify([{ id: '1' }, { id: '2', configId: SEED.configKiosk }]), ...extra,
  });
  const real = (extra: NodeJS.ProcessEnv = {}) => preflight(realEnv(extra));

  it('passes on the seeds, with a warning that webhooks are off', async () => {
    const { code, text } = await real();
    expect(text).toMatch(/^ok +API key: /m);
    expect(text).toMatch(/^ok +Merchant configs: sbxConfigCafe \(lane 1\) offers .* sbxConfigKiosk \(lane 2\) offers centrapay\.nzd\.test\./m);
    expect(text).toMatch(/^warning +Webhooks: Webhooks are off/m);
    expect(code).toBe(0);
  });

  it('fails on a key of the account-owner role', async () => {
    await sandbox.call('POST', '/_sandbox/api-keys/role', {}, { apiKey: SEED.terminalCafeKey, role: 'account-owner' });
    const { code, text } = await real();
    expect(text).toMatch(/^FAILED +API key: The key belongs to merchant account sbxAccountCafe but has the account-owner role/m);
    expect(text).toMatch(/What to do: In Centrapay's portal create a key with role merchant-terminal on account sbxAccountCafe/);
    expect(code).toBe(1);
  });

  it('fails on a key of another account, and on a key Centrapay does not know', async () => {
    const other = await real({ CENTRAPAY_API_KEY: SEED.terminalOtherKey });
    expect(other.text).toMatch(/^FAILED +API key: The key is not a key of merchant account sbxAccountCafe: Centrapay refused .* \(403 Forbidden\)/m);
    const unknown = await real({ CENTRAPAY_API_KEY: 'not-a-key' });
    expect(unknown.text).toMatch(/^FAILED +API key: Centrapay does not accept the API key \(401\)/m);
    expect([other.code, unknown.code]).toEqual([1, 1]);
  });

  it('fails on a missing merchant config, naming the lanes that use it', async () => {
    await sandbox.call('DELETE', `/_sandbox/merchant-configs/${SEED.configKiosk}`);
    const { code, text } = await real();
    expect(text).toMatch(/^FAILED +Merchant configs: sbxConfigCafe \(lane 1\) offers .* sbxConfigKiosk \(lane 2\) does not exist for this account: Centrapay answered 403 Forbidden\./m);
    expect(text).toMatch(/What to do: Ask Centrapay for the config id of each site/);
    expect(code).toBe(1);
  });

  it('fails on a clock 45 s off, and warns at 10 s', async () => {
    await sandbox.call('POST', '/_sandbox/date-skew', {}, { seconds: -45 });
    const skewed = await real();
    expect(skewed.text).toMatch(/^FAILED +Clock: This machine's clock is 4[4-6] s ahead of Centrapay's\. Beyond 30 s every webhook is refused/m);
    expect(skewed.text).toMatch(/What to do: Turn on time synchronisation/);
    await sandbox.call('POST', '/_sandbox/date-skew', {}, { seconds: 10 });
    const drifting = await real();
    expect(drifting.text).toMatch(/^warning +Clock: This machine's clock is (9|10|11) s behind Centrapay's\./m);
    expect([skewed.code, drifting.code]).toEqual([1, 0]);
  });

  it('fails when the webhook URL reaches nothing', async () => {
    const url = `http://127.0.0.1:${await freePort()}`;
    const { code, text } = await real({ PUBLIC_URL: url, WEBHOOK_JWKS_URL: `${sandbox.url}/.well-known/jwks.json` });
    expect(text).toContain(`FAILED   Webhooks: Nothing answered at the webhook URL ${url}/api/webhooks/centrapay (ECONNREFUSED).`);
    expect(code).toBe(1);
  });

  it('reaches a running till\'s webhook endpoint and reads the keys, and says what only a real payment shows', async () => {
    const port = await freePort();
    const env = realEnv({ PORT: String(port), HOST: '127.0.0.1', PUBLIC_URL: `http://127.0.0.1:${port}`, WEBHOOK_JWKS_URL: `${sandbox.url}/.well-known/jwks.json`, JOURNAL_PATH: ':memory:' });
    const till = await buildApp(loadConfig(env), { logger: false });
    await till.listen({ port, host: '127.0.0.1' });
    try {
      const { code, text } = await preflight(env);
      expect(text).toMatch(new RegExp(`^warning +Webhooks: The webhook URL http://127.0.0.1:${port}/api/webhooks/centrapay reaches this till's webhook endpoint .* Centrapay publishes 1 signing key at .* cannot be checked before a real payment`, 'm'));
      expect(text).toMatch(/What to do: Make sure Centrapay support has subscribed/);
      expect(code).toBe(0);
    } finally {
      await till.close();
    }
  });

  it('fails on the configuration itself in words', async () => {
    const { code, text } = await real({ CASHIER_CODE: undefined });
    expect(text).toMatch(/^FAILED +Configuration: Configuration error: .*CASHIER_CODE is required/m);
    expect(code).toBe(1);
  });
});

describe('GET /api/preflight, for the cashier settings page', () => {
  it('answers an unlocked cashier screen with its store\'s checks, and refuses any other screen', async () => {
    const till = await buildApp(loadConfig({ CASHIER_CODE: 'counter-2468', JOURNAL_PATH: ':memory:', HOST: '127.0.0.1', PORT: '0' }), { logger: false });
    await till.listen({ port: 0, host: '127.0.0.1' });
    try {
      expect((await till.inject({ method: 'GET', url: '/api/preflight' })).json()).toMatchObject({ statusCode: 401, code: 'CASHIER_CODE_REQUIRED' });
      const asCashier = { 'x-cashier-code': 'counter-2468' };
      const passed = (await till.inject({ method: 'GET', url: '/api/preflight', headers: asCashier })).json();
      expect(passed.checks.map((check: { id: string; status: string }) => `${check.id} ${check.status}`)).toEqual(['key ok', 'configs ok', 'clock ok', 'webhooks ok', 'rate-budget ok']);
      await till.inject({ method: 'DELETE', url: `/sandbox/_sandbox/merchant-configs/${SEED.configCafe}` });
      const failed = (await till.inject({ method: 'GET', url: '/api/preflight', headers: asCashier })).json();
      expect(failed.checks[1]).toMatchObject({ id: 'configs', status: 'failed', detail: expect.stringContaining('sbxConfigCafe (lane default, lane kiosk-1, machine vend-1, machine pump-1) does not exist'), action: expect.stringContaining('Ask Centrapay') });
    } finally {
      await till.close();
    }
  });
});

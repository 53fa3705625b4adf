// The sandbox can look like a store set up wrongly (misconfig-routes.ts), and a key can learn whether it is an
// account owner the way Centrapay's docs allow: by listing its account's keys (api-key-routes.ts).
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SEED } from '../../domain/sandbox-seeds';
import { freePort } from '../../test-support/ports';
import { AS_TERMINAL, startSandbox, type SandboxHarness } from '../../test-support/sandbox-harness';

let sandbox: SandboxHarness;
beforeEach(async () => {
  sandbox = await startSandbox();
});
afterEach(() => sandbox.close());

describe('a key of the wrong role', () => {
  it('lists its account keys only as an account owner, and a reset makes it a terminal again', async () => {
    const keys = `/api/accounts/${SEED.accountCafe}/api-keys`;
    expect((await sandbox.call('GET', keys, AS_TERMINAL)).status).toBe(403);
    const changed = await sandbox.call('POST', '/_sandbox/api-keys/role', {}, { apiKey: SEED.terminalCafeKey, role: 'account-owner' });
    expect(changed.body).toEqual({ name: 'cafe-terminal', accountId: SEED.accountCafe, role: 'account-owner' });
    const listed = await sandbox.call('GET', keys, AS_TERMINAL);
    expect(listed.status).toBe(200);
    expect(listed.body).toContainEqual(expect.objectContaining({ name: 'cafe-terminal', role: 'account-owner', enabled: true }));
    // Another account's keys stay out of reach even for an owner.
    expect((await sandbox.call('GET', `/api/accounts/${SEED.accountOther}/api-keys`, AS_TERMINAL)).status).toBe(403);
    await sandbox.call('POST', '/_sandbox/reset');
    expect((await sandbox.call('GET', keys, AS_TERMINAL)).status).toBe(403);
  });

  it('refuses an unknown key or role in words', async () => {
    expect((await sandbox.call('POST', '/_sandbox/api-keys/role', {}, { apiKey: 'nope', role: 'account-owner' })).status).toBe(404);
    expect((await sandbox.call('POST', '/_sandbox/api-keys/role', {}, { apiKey: SEED.terminalCafeKey, role: 'cashier' })).status).toBe(400);
  });
});

it('a missing merchant config answers 403 until a reset', async () => {
  const config = `/api/merchant-configs/${SEED.configKiosk}`;
  expect((await sandbox.call('GET', config, AS_TERMINAL)).status).toBe(200);
  expect((await sandbox.call('DELETE', `/_sandbox/merchant-configs/${SEED.configKiosk}`)).status).toBe(200);
  expect((await sandbox.call('GET', config, AS_TERMINAL)).status).toBe(403);
  expect((await sandbox.call('DELETE', `/_sandbox/merchant-configs/${SEED.configKiosk}`)).status).toBe(404);
  await sandbox.call('POST', '/_sandbox/reset');
  expect((await sandbox.call('GET', config, AS_TERMINAL)).status).toBe(200);
});

it('a skewed clock shows in every answer\'s Date header, until a reset', async () => {
  const dateOf = async () => Date.parse((await fetch(`${sandbox.url}/api/merchant-configs/${SEED.configCafe}`, { headers: AS_TERMINAL })).headers.get('date') ?? '');
  expect(Math.abs((await dateOf()) - Date.now())).toBeLessThan(2_000);
  await sandbox.call('POST', '/_sandbox/date-skew', {}, { seconds: -45 });
  expect((await sandbox.call('GET', '/_sandbox/date-skew')).body).toEqual({ seconds: -45 });
  expect(Date.now() - (await dateOf())).toBeGreaterThan(43_000);
  await sandbox.call('POST', '/_sandbox/reset');
  expect(Math.abs((await dateOf()) - Date.now())).toBeLessThan(2_000);
});

describe('a test webhook', () => {
  it('is signed for the URL, posted once, and what came back is answered', async () => {
    const received: { authorization?: string; body: string }[] = [];
    const receiver = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => (body += chunk));
      request.on('end', () => {
        received.push({ authorization: request.headers.authorization, body });
        response.writeHead(202, { 'content-type': 'application/json' }).end('{"status":"accepted"}');
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/api/webhooks/centrapay`;
    try {
      const sent = await sandbox.call('POST', '/_sandbox/webhooks/test', {}, { url });
      expect(sent.body).toMatchObject({ url, statusCode: 202, body: '{"status":"accepted"}' });
      expect(received).toHaveLength(1);
      expect(JSON.parse(received[0]!.body)).toMatchObject({ id: sent.body.notificationId, type: 'payment-request:paid', test: true, accountId: SEED.accountCafe, data: {} });
      expect(received[0]!.authorization).toMatch(/^ey/);
    } finally {
      receiver.close();
    }
  });

  it('says why when nothing answers', async () => {
    const sent = await sandbox.call('POST', '/_sandbox/webhooks/test', {}, { url: `http://127.0.0.1:${await freePort()}/api/webhooks/centrapay` });
    expect(sent.body.statusCode).toBeUndefined();
    expect(sent.body.error).toMatch(/ECONNREFUSED/);
  });
});

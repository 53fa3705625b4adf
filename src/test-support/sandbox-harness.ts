// A real sandbox on a free local port for tests of the gateway: Centrapay over HTTP, as the gateway meets it.
import Fastify from 'fastify';
import type { AddressInfo } from 'node:net';
import { expect } from 'vitest';
import { REWARDS_WALLET, SEED } from '../domain/sandbox-seeds';
import { sandboxPlugin } from '../server/sandbox/app';

export const AS_TERMINAL = { 'X-Api-Key': SEED.terminalCafeKey };
export const AS_WALLET = { 'X-Api-Key': REWARDS_WALLET.apiKey };
/** The other seeded merchant's terminal key (a second store's account). */
export const AS_OTHER_TERMINAL = { 'X-Api-Key': SEED.terminalOtherKey };

export interface SandboxHarness {
  url: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read whatever JSON the sandbox answers
  call: (method: string, path: string, headers?: Record<string, string>, body?: unknown) => Promise<{ status: number; body: any }>;
  close: () => Promise<void>;
}

export async function startSandbox(options: { rateLimitPerMinute?: number } = {}): Promise<SandboxHarness> {
  const app = Fastify();
  await app.register(sandboxPlugin, { publicUrl: 'http://pos.test', ...options });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  return {
    url,
    async call(method, path, headers = {}, body) {
      const response = await fetch(url + path, {
        method,
        headers: { ...headers, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: response.status, body: await response.json() };
    },
    close: () => app.close(),
  };
}

/** Alice pays a Payment Request in her wallet, with her test NZD. */
export async function alicePays(sandbox: SandboxHarness, paymentRequestId: string): Promise<void> {
  const paid = await sandbox.call('POST', `/api/payment-requests/${paymentRequestId}/pay`, { Authorization: SEED.aliceToken },
    { assetType: 'centrapay.nzd.test', assetId: SEED.aliceAsset, idempotencyKey: `alice-${paymentRequestId}` });
  expect(paid.status).toBe(200);
}

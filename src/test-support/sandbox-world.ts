// Shared set-up for the sandbox's own tests: a fresh state per test, mounted the way the product mounts it.
import Fastify, { type FastifyInstance } from 'fastify';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import { afterEach, beforeEach } from 'vitest';
import type { AddressInfo } from 'node:net';
import { ASSET_TYPE, REWARDS_WALLET, SEED } from '../domain/sandbox-seeds';
import { createSandboxState, sandboxPlugin, type SandboxOptions, type SandboxState } from '../server/sandbox/app';

export const PUBLIC_URL = 'http://pos.test:3000';
export const BASE = '/sandbox';

export interface Caller {
  key?: string;
  auth?: string;
}

export const TERMINAL: Caller = { key: SEED.terminalCafeKey };
export const OTHER_TERMINAL: Caller = { key: SEED.terminalOtherKey };
export const ALICE: Caller = { auth: SEED.aliceToken };
export const BOB: Caller = { auth: SEED.bobToken };
export const CAROL: Caller = { auth: SEED.carolToken };
export const REWARDS: Caller = { key: REWARDS_WALLET.apiKey };

/** How activities name the seeded callers in `createdBy`. */
export const CRN = {
  terminal: `crn:${SEED.accountCafe}:api-key:cafe-terminal`,
  rewards: `crn:${REWARDS_WALLET.accountId}:api-key:rewards-wallet-server`,
  alice: `crn::user:${SEED.aliceUser}`,
};

export interface ApiResponse {
  status: number;
  headers: Record<string, string | string[] | number | undefined>;
  // Tests read arbitrary fields of JSON answers.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
  text: string;
}

export interface TestSandbox {
  app: FastifyInstance;
  state: SandboxState;
  call(method: string, path: string, caller?: Caller, body?: unknown): Promise<ApiResponse>;
  createRequest(overrides?: Record<string, unknown>, caller?: Caller): Promise<ApiResponse>;
  pay(id: string, caller: Caller, body: Record<string, unknown>): Promise<ApiResponse>;
  payAsAlice(id: string, extra?: Record<string, unknown>): Promise<ApiResponse>;
  advance(seconds: number): Promise<void>;
}

let keyCounter = 0;
export function uniqueKey(prefix = 'idem'): string {
  keyCounter += 1;
  return `${prefix}-${keyCounter}-${Math.random().toString(36).slice(2, 8)}`;
}

export async function startSandbox(options: Partial<SandboxOptions> = {}): Promise<TestSandbox> {
  const { webhooks, ...rest } = options;
  const state = options.state ?? createSandboxState({ webhooks });
  const app = Fastify();
  // A state made here is this sandbox's: it goes with it. One passed in is the test's to close.
  if (!options.state) app.addHook('onClose', async () => state.close());
  await app.register(sandboxPlugin, { prefix: BASE, publicUrl: PUBLIC_URL, ...rest, state });
  await app.ready();

  const call: TestSandbox['call'] = async (method, path, caller = {}, body) => {
    const headers: Record<string, string> = {};
    if (caller.key !== undefined) headers['x-api-key'] = caller.key;
    if (caller.auth !== undefined) headers.authorization = caller.auth;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await app.inject({
      method: method as 'GET',
      url: `${BASE}${path}`,
      headers,
      payload: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    let parsed: unknown;
    try {
      parsed = response.body === '' ? undefined : JSON.parse(response.body);
    } catch {
      parsed = undefined;
    }
    return { status: response.statusCode, headers: response.headers, body: parsed, text: response.body };
  };

  const createRequest: TestSandbox['createRequest'] = (overrides = {}, caller = TERMINAL) =>
    call('POST', '/api/payment-requests', caller, {
      configId: SEED.configCafe,
      value: { amount: '1000', currency: 'NZD' },
      ...overrides,
    });

  const pay: TestSandbox['pay'] = (id, caller, body) =>
    call('POST', `/api/payment-requests/${id}/pay`, caller, { idempotencyKey: uniqueKey(), ...body });

  const payAsAlice: TestSandbox['payAsAlice'] = (id, extra = {}) =>
    pay(id, ALICE, { assetType: ASSET_TYPE.nzdTest, assetId: SEED.aliceAsset, ...extra });

  const advance: TestSandbox['advance'] = async (seconds) => {
    await call('POST', '/_sandbox/clock', {}, { advanceSeconds: seconds });
  };

  return { app, state, call, createRequest, pay, payAsAlice, advance };
}

/** A fresh sandbox for every test of the file; the returned object always holds the current one. */
export function freshSandboxEachTest(options: Partial<SandboxOptions> = {}): TestSandbox {
  const current = {} as TestSandbox;
  beforeEach(async () => {
    Object.assign(current, await startSandbox(options));
  });
  afterEach(async () => {
    await current.app.close();
  });
  return current;
}

export function balanceOf(state: SandboxState, assetId: string): string {
  const asset = state.store.assets.get(assetId);
  if (!asset) throw new Error(`no asset ${assetId}`);
  return asset.balance;
}

export interface ReceivedWebhook {
  headers: IncomingHttpHeaders;
  /** The exact bytes received, as text: what `request_body_sha256` covers. */
  raw: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

export interface WebhookReceiver {
  url: string;
  received: ReceivedWebhook[];
  /** Waits until at least `count` deliveries have arrived (successful or not). */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedWebhook[]>;
  close(): Promise<void>;
}

/** A real HTTP endpoint that records deliveries; it answers with `statuses` in turn, then 200. */
export async function startWebhookReceiver(statuses: number[] = [], path = '/hooks/centrapay'): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  const queue = [...statuses];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      received.push({ headers: request.headers, raw, body: JSON.parse(raw) });
      response.writeHead(queue.shift() ?? 200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${path}`,
    received,
    async waitFor(count, timeoutMs = 3000) {
      const deadline = Date.now() + timeoutMs;
      while (received.length < count) {
        if (Date.now() > deadline) throw new Error(`expected ${count} webhook deliveries, got ${received.length}`);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      return received;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

// The server under benchmark: the production build of the web app and `src/server/main.ts` in its own process, on
// the embedded sandbox, plus the calls the bench makes as the patron and as an observer of the sandbox.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { SEED, SEED_PATRONS } from '../../src/domain/sandbox-seeds';

export const TERMINAL_KEY = SEED.terminalCafeKey;
const REPO = fileURLToPath(new URL('../..', import.meta.url));
/** The patron who pays in the bench: Alice, the one with $1,000.00. */
const PATRON = SEED_PATRONS.find((patron) => patron.id === 'alice')!;
/** Calls to Centrapay's API (which its rate limit counts), by the sandbox's `METHOD /route` keys. */
const API_ROUTE = /^[A-Z]+ \/api\//;
/** The patron's payments reach the sandbox too; they are not the integration's load on Centrapay. */
const PATRON_ROUTE = /^POST \/api\/payment-requests\/:[A-Za-z]+\/pay$/;

export interface BenchServer {
  baseUrl: string;
  stop(): Promise<void>;
}

/** Builds the web app into `outDir` (not `dist`: other work in this tree may be serving that). */
export async function buildWeb(outDir: string): Promise<void> {
  const child = spawn(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'], {
    cwd: REPO,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const [code] = (await once(child, 'exit')) as [number | null];
  if (code !== 0) throw new Error(`vite build failed (exit ${code})`);
}

export interface ServerOptions {
  distDir: string;
  webhooks: boolean;
  lanes: readonly string[];
  /** Settings on top of the bench's own (e.g. the sandbox's real rate limit); `undefined` unsets a variable. */
  env?: Record<string, string | undefined>;
}

export async function startServer(options: ServerOptions): Promise<BenchServer> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: '0',
    HOST: '127.0.0.1',
    JOURNAL_PATH: ':memory:',
    SANDBOX_RATE_LIMIT: '1000000',
    LANES: JSON.stringify(options.lanes.map((id) => ({ id }))),
    DISPLAY_RESULT_SECONDS: '1',
    WEBHOOKS: options.webhooks ? 'on' : 'off',
    DIST_DIR: options.distDir,
    LOG_LEVEL: 'warn',
  };
  for (const [name, value] of Object.entries(options.env ?? {})) {
    if (value === undefined) delete env[name];
    else env[name] = value;
  }
  // Always the embedded sandbox, reached on the address the server prints.
  delete env.PUBLIC_URL;
  delete env.CENTRAPAY_BASE_URL;
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
    cwd: REPO,
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = once(child, 'exit');
  let output = '';
  const baseUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server did not start within 30 s:\n${output}`)), 30_000);
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      output += chunk;
      const match = /(http:\/\/127\.0\.0\.1:\d+)\/cashier/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    void exited.then(([code]) => reject(new Error(`the server exited (${String(code)}) before it listened:\n${output}`)));
  });
  return {
    baseUrl,
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

const countsSchema = z.record(z.string(), z.record(z.string(), z.number()));
export type RequestCounts = z.infer<typeof countsSchema>;

export async function sandboxCounts(baseUrl: string): Promise<RequestCounts> {
  return countsSchema.parse(await json(await fetch(`${baseUrl}/sandbox/_sandbox/requests`)));
}

/** Centrapay API calls the sandbox received between two snapshots, leaving out the patron's. */
export function upstreamCalls(before: RequestCounts, after: RequestCounts): number {
  let calls = 0;
  for (const [route, byStatus] of Object.entries(after)) {
    if (!isUpstreamRoute(route)) continue;
    for (const [status, count] of Object.entries(byStatus)) calls += count - (before[route]?.[status] ?? 0);
  }
  return calls;
}

/** All the integration's Centrapay API calls so far (every answer, 429s too), and how many were answered 429. */
export function upstreamTotals(counts: RequestCounts): { calls: number; throttled: number } {
  let calls = 0;
  let throttled = 0;
  for (const [route, byStatus] of Object.entries(counts)) {
    if (!isUpstreamRoute(route)) continue;
    for (const [status, count] of Object.entries(byStatus)) {
      calls += count;
      if (status === '429') throttled += count;
    }
  }
  return { calls, throttled };
}

/** A Centrapay API route the integration calls: not the control routes or the JWKS, not the patron's payment. */
function isUpstreamRoute(route: string): boolean {
  return API_ROUTE.test(route) && !PATRON_ROUTE.test(route);
}

/** Seeds again (the patron's balance, above all), counts from zero; webhook subscriptions stay. */
export async function resetSandbox(baseUrl: string): Promise<void> {
  await json(await fetch(`${baseUrl}/sandbox/_sandbox/reset`, { method: 'POST' }));
}

/** The gateway subscribes itself once it listens; true when the sandbox has a subscriber within `ms`. */
export async function webhookSubscribed(baseUrl: string, ms = 5_000): Promise<boolean> {
  const deadline = Date.now() + ms;
  do {
    const { items } = z.object({ items: z.array(z.unknown()) }).parse(await json(await fetch(`${baseUrl}/sandbox/_sandbox/webhooks`)));
    if (items.length > 0) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  } while (Date.now() < deadline);
  return false;
}

const paymentRequestSchema = z.object({ id: z.string(), url: z.string(), status: z.string() });

/** The patron pays in full from Alice's wallet, as the wallet app would. */
export async function patronPays(baseUrl: string, paymentRequestId: string): Promise<void> {
  const response = await patronPay(baseUrl, paymentRequestId, `bench-${paymentRequestId}`);
  if (!response.ok) throw new Error(`the patron could not pay ${paymentRequestId}: ${response.status} ${await response.text()}`);
}

/** One attempt of Alice's wallet at paying a request in full; the answer is the caller's to judge. */
export function patronPay(baseUrl: string, paymentRequestId: string, idempotencyKey: string): Promise<Response> {
  return patronPayAt(`${baseUrl}/sandbox`, paymentRequestId, idempotencyKey);
}

/** The same at a sandbox's Centrapay base URL (the embedded one's is the server's `/sandbox`). */
export function patronPayAt(sandboxUrl: string, paymentRequestId: string, idempotencyKey: string): Promise<Response> {
  return fetch(`${sandboxUrl}/api/payment-requests/${encodeURIComponent(paymentRequestId)}/pay`, {
    method: 'POST',
    headers: { Authorization: PATRON.token, 'Content-Type': 'application/json' },
    body: JSON.stringify({ assetType: PATRON.assetType, assetId: PATRON.assetId, idempotencyKey }),
  });
}

/** What a plain integration does on Pay: create the request with the terminal key, straight at Centrapay. */
export async function createPaymentRequestDirectly(baseUrl: string, orderRef: string): Promise<z.infer<typeof paymentRequestSchema>> {
  const response = await createPaymentRequestAt(baseUrl, {
    orderRef,
    line: { name: 'Flat White', sku: 'COFFEE-FW', price: '550' },
    terminalId: 'bench-plain',
    expirySeconds: 120,
  });
  return paymentRequestSchema.parse(await json(response));
}

/** One attempt at creating a Payment Request for one item with the terminal key; the answer is the caller's to judge. */
export function createPaymentRequestAt(
  baseUrl: string,
  request: { orderRef: string; line: { name: string; sku: string; price: string }; terminalId: string; expirySeconds: number },
): Promise<Response> {
  const { orderRef, line, terminalId, expirySeconds } = request;
  return fetch(`${baseUrl}/sandbox/api/payment-requests`, {
    method: 'POST',
    headers: { 'X-Api-Key': TERMINAL_KEY, 'Content-Type': 'application/json' },
    body: JSON.stringify({
      configId: SEED.configCafe,
      value: { amount: line.price, currency: 'NZD' },
      lineItems: [{ name: line.name, sku: line.sku, qty: '1', price: line.price, tax: '15' }],
      externalRef: orderRef,
      terminalId,
      deviceId: terminalId,
      expirySeconds,
    }),
  });
}

/** The sum of a Prometheus counter's samples whose labels include `labels`. */
export async function metricTotal(baseUrl: string, name: string, labels: Record<string, string> = {}): Promise<number> {
  const text = await (await fetch(`${baseUrl}/metrics`)).text();
  const wanted = Object.entries(labels).map(([key, value]) => `${key}="${value}"`);
  return text
    .split('\n')
    .filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `))
    .filter((line) => wanted.every((label) => line.includes(label)))
    .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
}

async function json(response: Response): Promise<unknown> {
  if (!response.ok) throw new Error(`${response.url} answered ${response.status}: ${await response.text()}`);
  return response.json();
}

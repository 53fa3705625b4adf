// What the chain bench puts between its processes. A meter in front of the sandbox, one port per gateway instance
// (its CENTRAPAY_BASE_URL), that passes every call through and notes when, from which instance, on which account, to
// which route and request, and what the sandbox answered: so the busiest minute per account and the reads of each
// request are counted outside the gateway. And a webhook balancer, as a chain's load balancer would be: the sandbox
// posts every webhook to it and it hands each to a live instance in turn (another one if that one does not answer).
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { routeOf, type UpstreamCall } from './chain-report';

async function listen(server: Server): Promise<number> {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return (server.address() as AddressInfo).port;
}

async function close(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

async function bodyOf(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * Sends `request` (with `body`) on to `target` and the answer back; resolves to the status, or 0 when none came (then
 * nothing was written unless the answer broke off half-way).
 */
function forward(target: URL, request: IncomingMessage, body: Buffer, response: ServerResponse): Promise<number> {
  return new Promise((resolve) => {
    const headers = { ...request.headers, host: target.host };
    const upstream = httpRequest({ hostname: target.hostname, port: target.port, method: request.method, path: request.url, headers }, (answer) => {
      response.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(response);
      answer.on('end', () => resolve(answer.statusCode ?? 0));
      answer.on('error', () => resolve(0));
    });
    upstream.on('error', () => {
      if (response.headersSent) response.destroy();
      resolve(0);
    });
    upstream.end(body);
  });
}

export class CentrapayMeter {
  readonly calls: UpstreamCall[] = [];
  private readonly servers: Server[] = [];
  /** Each instance's Centrapay base URL: the meter's port for it. */
  readonly urls: string[] = [];

  private constructor(
    private readonly sandbox: URL,
    private readonly accountOfKey: ReadonlyMap<string, string>,
  ) {}

  static async start(sandboxUrl: string, instances: number, accountOfKey: ReadonlyMap<string, string>): Promise<CentrapayMeter> {
    const meter = new CentrapayMeter(new URL(sandboxUrl), accountOfKey);
    for (let instance = 0; instance < instances; instance += 1) {
      const server = createServer((request, response) => void meter.pass(instance, request, response));
      server.keepAliveTimeout = 60_000;
      meter.servers.push(server);
      meter.urls.push(`http://127.0.0.1:${await listen(server)}`);
    }
    return meter;
  }

  private async pass(instance: number, request: IncomingMessage, response: ServerResponse): Promise<void> {
    const at = Date.now();
    const body = await bodyOf(request);
    const status = await forward(this.sandbox, request, body, response);
    if (status === 0 && !response.headersSent) response.writeHead(502).end();
    const path = request.url ?? '/';
    if (!path.startsWith('/api/')) return;
    const key = request.headers['x-api-key'];
    const account = this.accountOfKey.get(typeof key === 'string' ? key : '') ?? 'unknown';
    this.calls.push({ at, instance, account, method: request.method ?? 'GET', ...routeOf(path), status });
  }

  async stop(): Promise<void> {
    await Promise.all(this.servers.map(close));
  }
}

export class WebhookBalancer {
  private next = 0;
  /** Deliveries by the status an instance answered (202 accepted, 200 duplicate); 0: no instance answered. */
  readonly answered: Record<number, number> = {};

  private constructor(
    private readonly server: Server,
    readonly url: string,
    private readonly instances: () => readonly string[],
  ) {}

  /** `instances` answers the base URLs of the instances up now. */
  static async start(path: string, instances: () => readonly string[]): Promise<WebhookBalancer> {
    const handler: { pass?: (request: IncomingMessage, response: ServerResponse) => Promise<void> } = {};
    const server = createServer((request, response) => void handler.pass?.(request, response));
    const port = await listen(server);
    const balancer = new WebhookBalancer(server, `http://127.0.0.1:${port}${path}`, instances);
    handler.pass = (request, response) => balancer.pass(request, response);
    return balancer;
  }

  private async pass(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const body = await bodyOf(request);
    const up = this.instances();
    for (let tries = 0; tries < up.length; tries += 1) {
      const target = new URL(up[(this.next++) % up.length]!);
      const status = await forward(target, request, body, response);
      if (status !== 0) {
        this.answered[status] = (this.answered[status] ?? 0) + 1;
        return;
      }
      if (response.headersSent) break;
    }
    this.answered[0] = (this.answered[0] ?? 0) + 1;
    if (!response.headersSent) response.writeHead(503).end();
  }

  async stop(): Promise<void> {
    await close(this.server);
  }
}

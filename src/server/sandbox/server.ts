// Standalone sandbox (`npm run sandbox`): the same plugin at the root of its own server.
import { buildSandboxServer } from './app';

function readPort(raw: string | undefined): number {
  const port = Number(raw ?? 8787);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, got ${raw}`);
  return port;
}

/** Calls per key per minute before 429; a chaos run raises it so that only the faults it injects refuse calls. */
function readRateLimit(raw: string | undefined): number | undefined {
  if (raw === undefined || raw === '') return undefined;
  const limit = Number(raw);
  if (!Number.isInteger(limit) || limit < 1) throw new Error(`SANDBOX_RATE_LIMIT must be a whole number above 0, got ${raw}`);
  return limit;
}

const port = readPort(process.env.PORT);
const host = process.env.HOST ?? '127.0.0.1';
const reachableHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;

const app = buildSandboxServer({
  publicUrl: () => process.env.PUBLIC_URL ?? `http://${reachableHost}:${listeningPort()}`,
  logger: { level: process.env.LOG_LEVEL ?? 'info' },
  rateLimitPerMinute: readRateLimit(process.env.SANDBOX_RATE_LIMIT),
});

function listeningPort(): number {
  const address = app.server.address();
  return typeof address === 'object' && address !== null ? address.port : port;
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    app.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}

await app.listen({ port, host });

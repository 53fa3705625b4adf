// Standalone sandbox (`npm run sandbox`): the same plugin at the root of its own server, with its own state file.
import { buildSandboxServer } from './app';

/** Not the embedded sandbox's file (`data/sandbox.sqlite`): both may run at once, and each owns its file. */
const DEFAULT_STATE_PATH = 'data/sandbox-standalone.sqlite';

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
  statePath: process.env.SANDBOX_STATE_PATH || DEFAULT_STATE_PATH,
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

try {
  await app.listen({ port, host });
} catch (error) {
  // A state file in use or damaged says so in words; a stack trace adds nothing for the person starting it.
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}

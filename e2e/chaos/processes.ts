// The processes under test: the standalone sandbox, and gateways (`src/server/main.ts`), each in its own process
// with its own journal, log file and fixed port, so that a SIGKILL and a restart (same env, same journal, same port)
// look to the screens like a till that lost power. An exit the run did not cause is a crash.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { SEED } from '../../src/domain/sandbox-seeds';
import { sleep } from './stats';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
export const WEBHOOK_PATH = '/api/webhooks/centrapay';

export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  server.close();
  await once(server, 'close');
  return port;
}

export interface Crash {
  process: string;
  code: number | null;
  signal: string | null;
  at: string;
  logTail: string;
}

function tail(path: string, lines = 30): string {
  try {
    return readFileSync(path, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

/** Spawns `node --import tsx <entry>` with output appended to `logPath`; rejects if it exits before `ready`. */
function spawnTs(entry: string, env: NodeJS.ProcessEnv, logPath: string): ChildProcess {
  const fd = openSync(logPath, 'a');
  try {
    return spawn(process.execPath, ['--import', 'tsx', entry], { cwd: REPO, env, stdio: ['ignore', fd, fd] });
  } finally {
    closeSync(fd);
  }
}

async function waitUntilAnswers(url: string, child: ChildProcess, what: string, logPath: string, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`${what} exited (${child.exitCode ?? child.signalCode}) before it answered:\n${tail(logPath)}`);
    }
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(1_000) });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  throw new Error(`${what} did not answer ${url} within ${ms / 1000} s:\n${tail(logPath)}`);
}

export class SandboxProcess {
  private child: ChildProcess | undefined;
  private stopping = false;
  readonly url: string;

  constructor(
    readonly port: number,
    readonly logPath: string,
    private readonly onCrash: (crash: Crash) => void,
    /** Calls a minute per key; the chaos run's is never reached, the chain bench's is Centrapay's (200). */
    private readonly rateLimit = 100_000,
  ) {
    this.url = `http://127.0.0.1:${port}`;
  }

  async start(): Promise<void> {
    // In memory: every run starts from the seeds, and no run restarts its sandbox.
    const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(this.port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', SANDBOX_RATE_LIMIT: String(this.rateLimit), SANDBOX_STATE_PATH: ':memory:' };
    delete env.PUBLIC_URL;
    const child = spawnTs('src/server/sandbox/server.ts', env, this.logPath);
    this.child = child;
    child.on('exit', (code, signal) => {
      if (!this.stopping) this.onCrash({ process: 'sandbox', code, signal, at: new Date().toISOString(), logTail: tail(this.logPath) });
    });
    await waitUntilAnswers(`${this.url}/_sandbox/clock`, child, 'the sandbox', this.logPath);
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    this.stopping = true;
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    await Promise.race([exited, sleep(5_000).then(() => child.kill('SIGKILL'))]);
  }
}

export interface LaneSpec {
  id: string;
  terminalId: string;
  deviceId: string;
}

/** An unattended machine as MACHINES configures it (src/server/gateway/machines/machines.ts). */
export interface MachineConfig {
  id: string;
  kind: 'vending' | 'pump';
  key: string;
  name: string;
  products?: { sku: string }[];
  authoriseAmount?: string;
}

export interface GatewaySpec {
  name: string;
  /** Its unattended machines (none by default). */
  machines?: MachineConfig[];
  /** How long a machine has to confirm a paid vend before the gateway refunds it (default: the gateway's). */
  vendTimeoutSeconds?: number;
  port: number;
  lanes: LaneSpec[];
  journalPath: string;
  /** A PostgreSQL journal shared with other instances (a chain) instead of the SQLite file at `journalPath`. */
  journalUrl?: string;
  /** Where Centrapay posts webhooks, when not straight to this process (a chain's load balancer). */
  webhookAudience?: string;
  logPath: string;
  distDir: string;
  catalogFile: string;
  cashierCode: string;
  sandboxUrl: string;
  /** Set last, over the chaos run's settings (undefined unsets one): the chain bench's stores, timings, webhooks. */
  env?: Record<string, string | undefined>;
}

/** A gateway process that the run may kill and restart at will; it is never down for long. */
export class GatewayProcess {
  private child: ChildProcess | undefined;
  /** Set while the run itself stops or kills the process, so that exit is not a crash. */
  private expectedExit = false;
  private starting: Promise<void> | undefined;
  readonly url: string;
  readonly webhookUrl: string;
  readonly env: NodeJS.ProcessEnv;
  starts = 0;

  constructor(
    readonly spec: GatewaySpec,
    private readonly onCrash: (crash: Crash) => void,
  ) {
    this.url = `http://127.0.0.1:${spec.port}`;
    this.webhookUrl = `${this.url}${WEBHOOK_PATH}`;
    this.env = {
      ...process.env,
      CENTRAPAY_BASE_URL: spec.sandboxUrl,
      CENTRAPAY_API_KEY: SEED.terminalCafeKey,
      CENTRAPAY_CONFIG_ID: SEED.configCafe,
      CENTRAPAY_MERCHANT_ID: SEED.merchantCafe,
      CENTRAPAY_MERCHANT_ACCOUNT_ID: SEED.accountCafe,
      CASHIER_CODE: spec.cashierCode,
      HOST: '127.0.0.1',
      PORT: String(spec.port),
      JOURNAL_PATH: spec.journalPath,
      ...(spec.journalUrl ? { JOURNAL_URL: spec.journalUrl } : {}),
      LANES: JSON.stringify(spec.lanes),
      ...(spec.machines ? { MACHINES: JSON.stringify(spec.machines) } : {}),
      ...(spec.vendTimeoutSeconds ? { VEND_TIMEOUT_SECONDS: String(spec.vendTimeoutSeconds) } : {}),
      CATALOG_FILE: spec.catalogFile,
      EXPIRY_SECONDS: '30',
      TILL_TIMEOUT_GRACE_SECONDS: '5',
      STATUS_UNKNOWN_AFTER_SECONDS: '12',
      DISPLAY_RESULT_SECONDS: '1',
      CHAOS_CONTROL: 'on',
      DIST_DIR: spec.distDir,
      LOG_LEVEL: 'warn',
      WEBHOOKS: 'on',
      WEBHOOK_JWKS_URL: `${spec.sandboxUrl}/.well-known/jwks.json`,
      WEBHOOK_AUDIENCE: spec.webhookAudience ?? this.webhookUrl,
    };
    delete this.env.PUBLIC_URL;
    if (!spec.journalUrl) delete this.env.JOURNAL_URL;
    delete this.env.LANES_FILE;
    delete this.env.MACHINES_FILE;
    delete this.env.ALLOWED_HOSTS;
    for (const [name, value] of Object.entries(spec.env ?? {})) {
      if (value === undefined) delete this.env[name];
      else this.env[name] = value;
    }
  }

  get name(): string {
    return this.spec.name;
  }

  get up(): boolean {
    const child = this.child;
    return !!child && child.exitCode === null && child.signalCode === null && !this.starting;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  start(): Promise<void> {
    this.starting ??= this.spawnAndWait().finally(() => {
      this.starting = undefined;
    });
    return this.starting;
  }

  private async spawnAndWait(): Promise<void> {
    this.expectedExit = false;
    const child = spawnTs('src/server/main.ts', this.env, this.spec.logPath);
    this.child = child;
    this.starts += 1;
    child.on('exit', (code, signal) => {
      if (this.expectedExit || this.child !== child) return;
      this.onCrash({ process: `gateway ${this.name}`, code, signal, at: new Date().toISOString(), logTail: tail(this.spec.logPath) });
      // Keep the run going: a till that fell over is started again, as a shop would.
      setTimeout(() => void this.start().catch(() => undefined), 500);
    });
    await waitUntilAnswers(`${this.url}/api/health`, child, `gateway ${this.name}`, this.spec.logPath);
  }

  /** SIGKILL: no shutdown hook runs, nothing is flushed beyond what the journal already committed. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    this.expectedExit = true;
    const exited = once(child, 'exit');
    child.kill('SIGKILL');
    await exited;
  }

  async stop(): Promise<void> {
    await this.starting?.catch(() => undefined);
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    this.expectedExit = true;
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    await Promise.race([exited, sleep(5_000).then(() => child.kill('SIGKILL'))]);
  }

  log(): string {
    try {
      return readFileSync(this.spec.logPath, 'utf8');
    } catch {
      return '';
    }
  }
}

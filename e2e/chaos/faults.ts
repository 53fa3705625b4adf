// Sandbox faults (POST /_sandbox/faults): every mode, before and after the call takes effect, on every Centrapay
// route the gateways use. The first faults dealt are a shuffled deck holding each (route, mode) pair once, so even a
// short run meets them all; after that, draws are at random.
import type { Random } from './random';
import { bump, type RunStats } from './stats';

export const FAULT_MODES = [
  'http500', 'http502', 'http503', 'http504', 'rate-limit', 'malformed-json', 'html', 'empty', 'timeout', 'drop', 'slow',
] as const;
export type FaultMode = (typeof FAULT_MODES)[number];

/** The routes the gateways call, as sandbox path patterns. */
export const GATEWAY_ROUTES = [
  { method: 'POST', path: '/api/payment-requests' },
  { method: 'GET', path: '/api/payment-requests/:id' },
  { method: 'GET', path: '/api/payment-requests/external-ref/:ref' },
  { method: 'POST', path: '/api/payment-requests/:id/void' },
  { method: 'POST', path: '/api/payment-requests/:id/pay' },
  { method: 'POST', path: '/api/payment-requests/:id/refund' },
  { method: 'POST', path: '/api/payment-requests/:id/confirm' },
  { method: 'POST', path: '/api/payment-requests/:id/release' },
  { method: 'GET', path: '/api/payment-requests/:id/activities' },
  { method: 'POST', path: '/api/connections' },
  { method: 'GET', path: '/api/connections/:id/summary' },
] as const;

export interface Fault {
  method: string;
  path: string;
  mode: FaultMode;
  count: number;
  phase: 'before' | 'after';
  delayMs?: number;
}

/** The gateway gives up on an upstream call after 10 s; `slow` mostly stays under that, sometimes not. */
const UPSTREAM_TIMEOUT_MS = 10_000;

export class FaultDealer {
  private readonly deck: Fault[];

  constructor(private readonly random: Random) {
    const pairs: Fault[] = [];
    GATEWAY_ROUTES.forEach((route, r) => {
      FAULT_MODES.forEach((mode, m) => {
        // Alternating phases over the grid: every mode and every route meets both.
        pairs.push(this.fault(route, mode, (r + m) % 2 === 0 ? 'before' : 'after'));
      });
    });
    this.deck = random.shuffle(pairs);
  }

  get deckLeft(): number {
    return this.deck.length;
  }

  static get pairs(): number {
    return GATEWAY_ROUTES.length * FAULT_MODES.length;
  }

  next(): Fault {
    return this.deck.shift() ?? this.fault(this.random.pick(GATEWAY_ROUTES), this.random.pick(FAULT_MODES), this.random.chance(0.5) ? 'before' : 'after');
  }

  private fault(route: (typeof GATEWAY_ROUTES)[number], mode: FaultMode, phase: 'before' | 'after'): Fault {
    const fault: Fault = { method: route.method, path: route.path, mode, phase, count: this.random.int(1, 3) };
    if (mode === 'slow') {
      fault.delayMs = this.random.chance(0.15)
        ? this.random.int(UPSTREAM_TIMEOUT_MS + 500, UPSTREAM_TIMEOUT_MS + 4_000)
        : this.random.int(200, 8_000);
    }
    return fault;
  }
}

export class SandboxFaults {
  constructor(
    private readonly sandboxUrl: string,
    private readonly stats: RunStats,
  ) {}

  async inject(fault: Fault): Promise<void> {
    const response = await fetch(`${this.sandboxUrl}/_sandbox/faults`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(fault),
      signal: AbortSignal.timeout(5_000),
    });
    if (!response.ok) throw new Error(`the sandbox refused fault ${JSON.stringify(fault)}: ${response.status} ${await response.text()}`);
    const { faults } = this.stats;
    faults.injected += 1;
    faults.uses += fault.count;
    bump(faults.byMode, fault.mode);
    bump(faults.byRoute, `${fault.method} ${fault.path}`);
    bump(faults.byPhase, fault.phase);
    bump(faults.pairs, `${fault.method} ${fault.path} ${fault.mode} ${fault.phase}`);
  }

  /** Removes what is left; returns how many uses were never taken (faults on routes not called since). */
  async clear(): Promise<number> {
    const response = await fetch(`${this.sandboxUrl}/_sandbox/faults`, { signal: AbortSignal.timeout(5_000) });
    const { items } = (await response.json()) as { items: { count: number }[] };
    const left = items.reduce((sum, fault) => sum + fault.count, 0);
    await fetch(`${this.sandboxUrl}/_sandbox/faults`, { method: 'DELETE', signal: AbortSignal.timeout(5_000) });
    return left;
  }
}

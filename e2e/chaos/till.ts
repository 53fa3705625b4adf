// A cashier screen's calls to one gateway (one process, or a chain's instances behind a load balancer). Reads wait
// out a gateway that is down (killed and restarting); a command is sent once and its answer, whatever it is, handed
// back: after a lost answer the driver reads the lane again rather than pressing blindly a second time.
import type { LaneState } from '../../src/domain/lane';
import type { LaneSpec } from './processes';
import { bump, sleep, type RunStats } from './stats';

export interface Answer {
  status: number;
  /** The gateway's error code (409 refusals, 503 journal…), or the network error when no answer came. */
  code: string | null;
  state: LaneState | null;
}

export class GatewayDown extends Error {}

/** The answer to one call: HTTP status (0 when none came), the gateway's error code, and the body. */
export interface Reply<T> {
  status: number;
  code: string | null;
  body: T | null;
}

/**
 * Where a gateway's screens, patrons and machines send their calls: one gateway process (its own journal), or a
 * chain's instances on one journal behind a load balancer (chain.ts), each call to the instance `url` names then.
 */
export interface Front {
  /** The gateway as the audit knows it: one journal. */
  readonly name: string;
  readonly spec: { readonly lanes: readonly LaneSpec[] };
  /** Where the next call goes. */
  readonly url: string;
}

export class Till {
  constructor(
    readonly gateway: Front,
    private readonly cashierCode: string,
    private readonly stats: RunStats,
  ) {}

  /** GET, retried until the gateway answers (or `ms` passes: then GatewayDown). */
  async get<T>(path: string, ms = 90_000): Promise<T> {
    const deadline = Date.now() + ms;
    let last = '';
    while (Date.now() < deadline) {
      try {
        // The cashier's screen reads with its code too (the history is the cashier's).
        const response = await fetch(`${this.gateway.url}${path}`, { headers: { 'X-Cashier-Code': this.cashierCode }, signal: AbortSignal.timeout(20_000) });
        if (response.ok) return (await response.json()) as T;
        last = `${response.status} ${await response.text()}`;
      } catch (error) {
        last = describe(error);
      }
      await sleep(250);
    }
    throw new GatewayDown(`gateway ${this.gateway.name} did not answer GET ${path} for ${ms / 1000} s: ${last}`);
  }

  /** Waits until the gateway answers again (a killed one is being restarted); false if it did not within `ms`. */
  async waitUp(ms = 45_000): Promise<boolean> {
    try {
      await this.get('/api/health', ms);
      return true;
    } catch {
      return false;
    }
  }

  lane(lane: string): Promise<LaneState> {
    return this.get<LaneState>(`/api/lanes/${lane}`);
  }

  /** One press of a button on screen `screen`. Never retried here. */
  async command(lane: string, action: string, body: object, screen: string): Promise<Answer> {
    const method = action === 'cart' ? 'PUT' : 'POST';
    try {
      const response = await fetch(`${this.gateway.url}/api/lanes/${lane}/${action}`, {
        method,
        headers: { 'Content-Type': 'application/json', 'X-Cashier-Code': this.cashierCode },
        body: JSON.stringify({ ...body, operatorId: screen }),
        signal: AbortSignal.timeout(30_000),
      });
      const json = (await response.json().catch(() => null)) as (LaneState & { code?: string }) | null;
      if (response.ok) return { status: 200, code: null, state: json };
      const code = json?.code ?? `HTTP_${response.status}`;
      if (response.status === 409) bump(this.stats.refused, code);
      else bump(this.stats.commandErrors, `${response.status} ${code}`);
      return { status: response.status, code, state: null };
    } catch (error) {
      const code = describe(error);
      bump(this.stats.commandErrors, `no answer (${code})`);
      return { status: 0, code, state: null };
    }
  }

  /**
   * One call as a screen, a patron's phone or a machine makes it (the cashier's code only for cashier screens, the
   * machine's key only for machines). Sent once; whatever comes back is handed back, a lost answer as status 0.
   */
  async call<T>(method: 'GET' | 'POST' | 'PUT', path: string, body?: object, as: { cashier?: boolean; machineKey?: string } = { cashier: true }): Promise<Reply<T>> {
    try {
      const response = await fetch(`${this.gateway.url}${path}`, {
        method,
        headers: {
          ...(body ? { 'Content-Type': 'application/json' } : {}),
          ...(as.cashier ? { 'X-Cashier-Code': this.cashierCode } : {}),
          ...(as.machineKey ? { 'X-Machine-Key': as.machineKey } : {}),
        },
        body: body ? JSON.stringify(body) : undefined,
        signal: AbortSignal.timeout(30_000),
      });
      const json = (await response.json().catch(() => null)) as (T & { code?: string }) | null;
      if (response.ok) return { status: 200, code: null, body: json };
      return { status: response.status, code: json?.code ?? `HTTP_${response.status}`, body: null };
    } catch (error) {
      return { status: 0, code: describe(error), body: null };
    }
  }

  /** Makes the gateway's journal disk read-only, or writable again (its chaos switch); false when it refused. */
  async journalReadOnly(on: boolean): Promise<boolean> {
    try {
      const response = await fetch(`${this.gateway.url}/api/_chaos/journal`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ readOnly: on }),
        signal: AbortSignal.timeout(5_000),
      });
      return response.ok;
    } catch {
      return false;
    }
  }
}

export function describe(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as Error & { cause?: { code?: string; message?: string } }).cause;
    return cause?.code ?? cause?.message ?? error.name ?? error.message;
  }
  return String(error);
}

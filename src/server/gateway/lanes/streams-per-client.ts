// Lane event streams open at once per client address (EVENT_STREAMS_PER_CLIENT): a screen holds one per lane it shows,
// so a device past the cap is holding connections open, not showing lanes. One more is refused (429, in words) until
// one of its streams closes; the computer running the till is not counted. Per instance, in memory.
import type { FastifyRequest } from 'fastify';
import { GatewayHttpError } from '../errors';
import { isLocal } from './cashier-auth';

export const DEFAULT_STREAMS_PER_CLIENT = 20;

export class StreamsPerClient {
  private readonly open = new Map<string, number>();
  /** Clients refused since they were last under the cap: logged once each time they reach it. */
  private readonly refused = new Set<string>();

  constructor(readonly max: number = DEFAULT_STREAMS_PER_CLIENT) {}

  /** Takes a place for the request's stream, or refuses it; the function returned gives the place back (once). */
  take(request: FastifyRequest): () => void {
    if (isLocal(request)) return () => undefined;
    const client = request.ip;
    const count = this.open.get(client) ?? 0;
    if (count >= this.max) {
      if (!this.refused.has(client)) request.log.warn({ ip: client, max: this.max }, 'a client reached its limit of lane event streams; more are refused');
      this.refused.add(client);
      throw new GatewayHttpError(429, 'TOO_MANY_STREAMS',
        `Too many lane event streams from this device: it has ${this.max} open, the most one device may. Close a screen it no longer needs, or try again once one has closed.`);
    }
    this.open.set(client, count + 1);
    let given = false;
    return () => {
      if (given) return;
      given = true;
      this.release(client);
    };
  }

  private release(client: string): void {
    const left = (this.open.get(client) ?? 1) - 1;
    if (left > 0) this.open.set(client, left);
    else this.open.delete(client);
    this.refused.delete(client);
  }
}

// What a cashier screen may act on and read: only its own store's lanes and machines, and what was done there (sales,
// refunds, tabs, pump authorisations, vends). A screen unlocked with one store's code that asks about another store's
// gets 403 in words, and nothing is done. A screen with no code (a display) only reads a lane, as it always could.
import type { FastifyRequest } from 'fastify';
import { GatewayHttpError } from '../errors';
import type { Store, Stores } from './stores';

export class StoreScope {
  constructor(private readonly stores: Stores) {}

  /** The store the screen is unlocked for; undefined for a screen without a cashier code. */
  own(request: FastifyRequest): Store | undefined {
    return request.cashier ? this.stores.get(request.cashier.store) : undefined;
  }

  /** Refuses what a lane or machine of another store is, or had done on it (`what`: "Lane 3", "This sale"…). */
  requirePlace(request: FastifyRequest, place: string, what: string): void {
    this.requireStore(request, this.stores.ofPlace(place)?.id, what);
  }

  /** Refuses what belongs to another store; a place no store has any more (undefined) is any store's to finish. */
  requireStore(request: FastifyRequest, store: string | undefined, what: string): void {
    const own = this.own(request);
    if (!own || store === undefined || store === own.id) return;
    request.log.warn({ ip: request.ip, url: request.url, store: own.id, other: store }, 'refused a cashier screen of one store acting on another');
    throw new GatewayHttpError(403, 'OTHER_STORE',
      `${what} belongs to another store. This screen is unlocked for ${own.name}, so it may use only that store’s lanes, machines and sales. Nothing was done.`);
  }

  /** Whether the lane or machine is the screen's store's (any, for a screen without a code). */
  isOwn(request: FastifyRequest, place: string): boolean {
    const own = this.own(request);
    return !own || this.stores.ofPlace(place)?.id === own.id;
  }
}

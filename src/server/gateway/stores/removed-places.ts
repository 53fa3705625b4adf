// Which store serves a lane or machine taken out of the configuration while it still had business with Centrapay (a
// live payment, a tab, a refund, a vend): the store its rows were journaled under, learned from the journal at
// start-up, before the engines resume that business, so it is finished with its own store's key and account.
import type { PlaceStore } from '../journal/journal';
import type { Store } from './stores';

/** Told once of a removed place whose journaled store is not configured either. */
export type UnkeyedPlace = (place: string, store: string) => void;

export class RemovedPlaces {
  private readonly served = new Map<string, Store>();
  /** Removed places whose store is gone too, each with the store it was journaled under (until warned of). */
  private readonly unkeyed = new Map<string, string>();
  private warn: UnkeyedPlace = () => undefined;

  /**
   * Learns the stores of `journaled` places (none of them configured). A place journaled under more than one store
   * (moved between stores before it was removed) is served by the first of them that is configured.
   */
  learn(journaled: readonly PlaceStore[], storeById: (id: string) => Store | undefined, warn: UnkeyedPlace): void {
    this.warn = warn;
    for (const { place, store } of journaled) {
      const found = storeById(store);
      if (found && !this.served.has(place)) this.served.set(place, found);
      if (!found && !this.unkeyed.has(place)) this.unkeyed.set(place, store);
    }
    for (const place of this.served.keys()) this.unkeyed.delete(place);
  }

  /**
   * The store serving a removed place: the one it was journaled under while that store is configured; undefined
   * otherwise (and for a place that store's key is not known for, it says so the first time it is asked).
   */
  serving(place: string): Store | undefined {
    const store = this.served.get(place);
    if (store) return store;
    const gone = this.unkeyed.get(place);
    if (gone !== undefined) {
      this.unkeyed.delete(place);
      this.warn(place, gone);
    }
    return undefined;
  }
}

// The chain's stores, as the configuration gives them: each with its lanes (tills and kiosks), its machines, the
// Centrapay account and key it acts through, its own cashier and kiosk staff codes, and the merchant its receipts are
// from. A single store's configuration (today's variables) is one store, `default`. Every lane and machine belongs to
// exactly one store, and that store's cashier screens are the only ones that may act on it.
import type { CentrapayAccountSettings } from '../centrapay/accounts';
import { DEFAULT_STORE_ID, type PlaceStore } from '../journal/journal';
import type { Machine } from '../machines/machines';
import type { Merchant } from '../receipts/receipt';
import type { LaneConfig } from '../sale/service';
import { RemovedPlaces, type UnkeyedPlace } from './removed-places';

export interface Store {
  id: string;
  name: string;
  centrapay: CentrapayAccountSettings;
  lanes: readonly LaneConfig[];
  machines: readonly Machine[];
  /** The code that unlocks this store's cashier screens (and tells which store a screen is); absent: the till's own computer only. */
  cashierCode?: string;
  /** The code that pairs this store's kiosks and opens their staff panel. */
  kioskStaffCode?: string;
  /** Who its receipts are from. */
  merchant: Merchant;
}

/** The one store of a configuration made of today's single-store variables (the journal's store of old rows). */
export { DEFAULT_STORE_ID };

export class Stores {
  private readonly byId: ReadonlyMap<string, Store>;
  private readonly byPlace: ReadonlyMap<string, Store>;
  private readonly removed = new RemovedPlaces();

  constructor(readonly list: readonly Store[]) {
    if (list.length === 0) throw new Error('a gateway serves at least one store');
    this.byId = new Map(list.map((store) => [store.id, store]));
    this.byPlace = new Map(list.flatMap((store) => [...store.lanes, ...store.machines].map((place) => [place.id, store] as const)));
  }

  get(id: string): Store | undefined {
    return this.byId.get(id);
  }

  /** The store a lane or machine belongs to; undefined for one that is not configured. */
  ofPlace(place: string): Store | undefined {
    return this.byPlace.get(place);
  }

  /**
   * Learns from the journal which store each place taken out of the configuration was journaled under (called at
   * start-up, before the engines resume its business). `warn` is told of a place whose store is gone too.
   */
  learnRemoved(journaled: readonly PlaceStore[], warn: UnkeyedPlace): void {
    this.removed.learn(journaled.filter(({ place }) => !this.byPlace.has(place)), (id) => this.byId.get(id), warn);
  }

  /**
   * The store whose Centrapay account serves a place: its own; for a place taken out of the configuration while it
   * still had business with Centrapay (it is finished at start-up), the store its rows were journaled under. When that
   * store is not configured either there is no key of its own to use: the first store's is tried, as before stores
   * were learned from the journal (Centrapay is likely to refuse it: a payment is then left unknown, for a person to
   * check in Centrapay's portal).
   */
  serving(place: string): Store {
    return this.byPlace.get(place) ?? this.removed.serving(place) ?? this.list[0]!;
  }

  /** Every lane of the chain, store by store. */
  lanes(): LaneConfig[] {
    return this.list.flatMap((store) => store.lanes);
  }

  /** Every machine of the chain, store by store. */
  machines(): Machine[] {
    return this.list.flatMap((store) => store.machines);
  }
}

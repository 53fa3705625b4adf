// The chain's stores, as the configuration gives them: each with its lanes (tills and kiosks), its machines, the
// Centrapay account and key it acts through, its own cashier and kiosk staff codes, and the merchant its receipts are
// from. A single store's configuration (today's variables) is one store, `default`. Every lane and machine belongs to
// exactly one store, and that store's cashier screens are the only ones that may act on it.
import type { CentrapayAccountSettings } from '../centrapay/accounts';
import { DEFAULT_STORE_ID } from '../journal/journal';
import type { Machine } from '../machines/machines';
import type { Merchant } from '../receipts/receipt';
import type { LaneConfig } from '../sale/service';

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
   * The store whose Centrapay account serves a place: its own, or for a place taken out of the configuration while it
   * still had business with Centrapay (it is finished at start-up), the first store's.
   */
  serving(place: string): Store {
    return this.byPlace.get(place) ?? this.list[0]!;
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

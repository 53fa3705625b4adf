// What must hold across a chain's stores, whatever each store says of itself: every store, lane and machine has an id
// of its own (routes stay /api/lanes/:lane, and the journal finds a place's store by its id alone), every store's
// cashier code tells that store apart, and no kiosk's staff code is a cashier code (a kiosk must never learn one).
// The messages name stores, never codes.
import type { Store } from './gateway/stores/stores';

export function checkChain(stores: readonly Store[]): void {
  uniqueIds('store id', stores.map((store) => ({ id: store.id, store: store.id })), 'store ids must be unique');
  uniqueIds('lane', stores.flatMap((store) => store.lanes.map((lane) => ({ id: lane.id, store: store.id }))), 'lane ids must be unique across every store');
  uniqueIds('machine', stores.flatMap((store) => store.machines.map((machine) => ({ id: machine.id, store: store.id }))), 'machine ids must be unique across every store');
  placesApart(stores);
  codesApart(stores);
}

function uniqueIds(what: string, entries: readonly { id: string; store: string }[], rule: string): void {
  const seen = new Map<string, string>();
  for (const { id, store } of entries) {
    const first = seen.get(id);
    if (first !== undefined) {
      const where = what === 'store id' ? '' : first === store ? ` (twice in store "${store}")` : ` (in store "${first}" and in store "${store}")`;
      throw new Error(`Configuration error: ${what} "${id}" is given twice${where}: ${rule}`);
    }
    seen.set(id, store);
  }
}

/** A lane of one store and a machine of another under one id would leave the place's store in doubt. */
function placesApart(stores: readonly Store[]): void {
  for (const store of stores) {
    for (const other of stores) {
      if (other === store) continue;
      const clash = store.lanes.find((lane) => other.machines.some((machine) => machine.id === lane.id));
      if (clash) {
        throw new Error(`Configuration error: "${clash.id}" is a lane of store "${store.id}" and a machine of store "${other.id}": a lane and a machine of different stores may not share an id`);
      }
    }
  }
}

function codesApart(stores: readonly Store[]): void {
  for (const [i, store] of stores.entries()) {
    for (const other of stores.slice(i + 1)) {
      if (store.cashierCode && store.cashierCode === other.cashierCode) {
        throw new Error(`Configuration error: stores "${store.id}" and "${other.id}" have the same cashier code: each store needs its own (the code tells which store a cashier screen belongs to)`);
      }
      if (store.kioskStaffCode && store.kioskStaffCode === other.kioskStaffCode && hasKiosk(store) && hasKiosk(other)) {
        throw new Error(`Configuration error: stores "${store.id}" and "${other.id}" have the same kiosk staff code: each store needs its own (a kiosk of one store may not be set up with another's)`);
      }
    }
  }
  for (const kiosk of stores) {
    const cashier = stores.find((store) => kiosk.kioskStaffCode !== undefined && store.cashierCode === kiosk.kioskStaffCode);
    if (cashier) {
      throw new Error(`Configuration error: the kiosk staff code of store "${kiosk.id}" must differ from the cashier code of store "${cashier.id}" (a kiosk must never learn a cashier code)`);
    }
  }
}

function hasKiosk(store: Store): boolean {
  return store.lanes.some((lane) => lane.kind === 'kiosk');
}

// The one unlock for the till's cashier screens (the cashier screen, history, a sale, a tab, end of day): with a cashier code set, the
// code is entered once on this browser; without one, only the computer the till runs on may act as the cashier. The
// code says which store the screen belongs to: the screens choose among that store's lanes only, and a lane of another
// store is not shown, only named, with the way to this store's own tills.
import type { ReactNode } from 'react';
import { useCartStore } from '../cart/cart-store';
import { usePosConfig, type PosConfig } from '../config/api/get-config';
import { errorMessage } from '../lib/api-client';
import { laneFromLocation } from '../lib/lane-param';
import { useCashierStore, type CashierStore } from './api/get-cashier-store';
import { CashierCodeForm } from './cashier-code-form';

/**
 * `children` gets the lane and the configuration as this screen's store sees it (its own tills and kiosks). `purpose`
 * is what the screen is for, in the words that finish "this screen cannot …" (taking payments, unless said).
 */
export function CashierGate({ children, purpose = 'take payments' }: { children: (lane: string, config: PosConfig) => ReactNode; purpose?: string }) {
  const config = usePosConfig();
  const cashierCode = useCartStore((state) => state.cashierCode);
  const mode = config.data?.cashier;
  const store = useCashierStore(mode === 'open' || (mode === 'code' && cashierCode !== ''));
  if (config.isError) return <main className="screen-message" role="alert">{errorMessage(config.error)}</main>;
  if (!config.data) return <main className="screen-message">Loading…</main>;
  const fromAddress = laneFromLocation(undefined);
  if (mode === 'local-only') return <DisplayOnly lane={fromAddress ?? config.data.lanes[0]?.id ?? 'default'} purpose={purpose} />;
  if (mode === 'code' && !cashierCode) return <CashierCodeForm purpose={purpose} />;
  if (store.isError) return <main className="screen-message" role="alert">{errorMessage(store.error)}</main>;
  if (!store.data) return <main className="screen-message">Loading…</main>;
  const lane = fromAddress ?? store.data.lanes[0]?.id;
  if (!lane) return <main className="screen-message" role="alert">{store.data.name} has no tills. Ask the store’s IT person to add one.</main>;
  const other = [...config.data.lanes, ...config.data.kiosks].find((each) => each.id === lane);
  if (other && ![...store.data.lanes, ...store.data.kiosks].some((each) => each.id === lane)) return <OtherStoresLane name={other.name} store={store.data} />;
  return children(lane, { ...config.data, lanes: store.data.lanes, kiosks: store.data.kiosks });
}

/** The address names a lane of another store: this screen may not see or change it; its own store's tills instead. */
function OtherStoresLane({ name, store }: { name: string; store: CashierStore }) {
  const here = window.location.pathname;
  return (
    <main className="screen-message">
      <div className="cashier-code">
        <h1>This lane is another store’s</h1>
        <p role="alert">{name} belongs to another store. This screen is unlocked for {store.name}, so it may use only {store.name}’s tills.</p>
        <nav aria-label={`${store.name}’s tills`}>
          <ul className="lane-links">
            {store.lanes.map((lane) => <li key={lane.id}><a href={`${here}?lane=${encodeURIComponent(lane.id)}`}>{lane.name}</a></li>)}
          </ul>
        </nav>
        <button type="button" onClick={() => useCartStore.getState().setCashierCode('')}>Enter another store’s cashier code</button>
      </div>
    </main>
  );
}

/** No cashier code is set and this browser is not on the till's own computer: it may only display. */
function DisplayOnly({ lane, purpose }: { lane: string; purpose: string }) {
  return (
    <main className="screen-message">
      <div className="cashier-code">
        <h1>This screen cannot {purpose}</h1>
        <p role="alert">
          This till has no cashier code, so only the computer the till runs on may {purpose}. This screen cannot {purpose} until
          the store’s IT person sets CASHIER_CODE on the till; then enter that code here.
        </p>
        <p><a href={`/display?lane=${encodeURIComponent(lane)}`}>Open the customer display for this lane instead</a></p>
      </div>
    </main>
  );
}

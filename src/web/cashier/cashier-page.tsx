// /cashier: the till's own screen, fitting the till without scrolling: on the left one view at a time (the products,
// the bar tabs given by app/, the lane's recent payments), on the right the cart with its total and how it is paid.
import type { ReactNode } from 'react';
import type { CartItem, CartLine } from '../../domain/cart';
import type { CatalogItem } from '../../domain/catalog';
import type { LaneState } from '../../domain/lane';
import { refusal, salePhase } from '../../domain/sale';
import type { CartPanelProps } from '../cart/cart-panel-props';
import { useCart, useCartStore } from '../cart/cart-store';
import { useCatalog } from '../config/api/get-catalog';
import type { PosConfig } from '../config/api/get-config';
import { isUnknownLane, useLaneState } from '../lane/api/get-lane-state';
import { useLaneEvents } from '../lane/api/use-lane-events';
import { errorMessage } from '../lib/api-client';
import { CashierGate } from '../till/cashier-gate';
import { useCartSync } from './api/set-cart';
import { AddDisplay } from './add-display';
import { CartEditor } from './cart-editor';
import { ProductPicker } from './product-picker';
import { TillViews } from './till-views';
import { HistoryPanel } from './history-panel';
import { TenderPanel } from './tender-panel';

/** `cartPanel`: what shows beside the cart (the bar tabs panel; app/ composes the two features). */
export function CashierPage({ cartPanel }: { cartPanel: (props: CartPanelProps) => ReactNode }) {
  return <CashierGate>{(lane, config) => <Cashier lane={lane} tills={config.lanes} cartPanel={cartPanel} />}</CashierGate>;
}

/** This screen's cart lines with the server's names and prices: the lane's own lines, else the catalog's. */
function priceLines(items: readonly CartItem[], laneCart: readonly CartLine[], catalog: readonly CatalogItem[] | undefined): CartLine[] {
  return items.flatMap(({ sku, qty }) => {
    const known = laneCart.find((line) => line.sku === sku) ?? catalog?.find((item) => item.sku === sku);
    return known ? [{ sku, qty, name: known.name, unitPrice: known.unitPrice, tax: known.tax, ...(known.restricted ? { restricted: true } : {}) }] : [];
  });
}

interface CashierProps {
  lane: string;
  /** The tills of this screen's store: where a wrong address is sent instead. */
  tills: PosConfig['lanes'];
  cartPanel: (props: CartPanelProps) => ReactNode;
}

function Cashier({ lane, tills, cartPanel }: CashierProps) {
  const laneState = useLaneState(lane);
  const unknown = isUnknownLane(laneState.error);
  useLaneEvents(lane, !unknown);
  const catalog = useCatalog();
  const cart = useCart(lane);
  const operatorId = useCartStore((state) => state.operatorId);
  const state = laneState.data;
  const syncError = useCartSync(lane, state, operatorId);
  const editable = state !== undefined && refusal(state, 'setCart') === null;
  const priced = priceLines(cart, state?.cart ?? [], catalog.data);

  // Until the lane is known there is nothing to press: say so, or say why not (a lane that does not exist, at once).
  if (!state) {
    if (unknown) return <UnknownLane lane={lane} tills={tills} />;
    return laneState.isError
      ? <main className="screen-message" role="alert">{errorMessage(laneState.error)}</main>
      : <main className="screen-message" role="status">Connecting to the till…</main>;
  }

  return (
    <div className="cashier">
      <CashierHeader laneName={state.lane.name} lane={lane} />
      <main className="cashier-main">
        <TillViews views={[
          { id: 'products', label: 'Products', content: <ProductPicker lane={lane} editable={editable} /> },
          { id: 'tabs', label: 'Bar tabs', content: cartPanel({ lane, cart, priced, operatorId, cartRefused: refusal(state, 'setCart')?.message ?? null }) },
          { id: 'recent', label: 'Recent payments', content: <HistoryPanel lane={lane} result={saleResult(state)} /> },
        ]} />
        <section aria-labelledby="cart-heading" className="cart">
          <h2 id="cart-heading">Cart</h2>
          <CartEditor lane={lane} state={state} lines={priced} editable={editable} />
          {syncError && <p role="alert" className="error">{syncError}</p>}
          <TenderPanel lane={lane} state={state} cart={cart} priced={priced} operatorId={operatorId} />
        </section>
      </main>
    </div>
  );
}

/** The lane's sale's result, as the recent payments list shows it: paid in part, or done (how); null before that. */
function saleResult(state: LaneState): string | null {
  const phase = salePhase(state);
  return phase === 'owed' || phase === 'done' ? `${state.order?.ref}:${phase}:${state.payment?.outcome}` : null;
}

/** The address names no lane of this till: its own tills instead (never a kiosk, which has no cashier screen). */
function UnknownLane({ lane, tills }: { lane: string; tills: PosConfig['lanes'] }) {
  return (
    <main className="screen-message">
      <div className="cashier-code">
        <h1>No such lane</h1>
        <p role="alert">There is no lane “{lane}” on this till.{tills.length > 0 ? ' Open one of its tills instead:' : ' It has no tills: ask the store’s IT person to add one.'}</p>
        {tills.length > 0 && (
          <nav aria-label="Tills">
            <ul className="lane-links">{tills.map((till) => <li key={till.id}><a href={`/cashier?lane=${encodeURIComponent(till.id)}`}>{till.name}</a></li>)}</ul>
          </nav>
        )}
      </div>
    </main>
  );
}

function CashierHeader({ laneName, lane }: { laneName: string; lane: string }) {
  const operatorId = useCartStore((state) => state.operatorId);
  const setOperator = useCartStore((state) => state.setOperator);
  return (
    <header className="cashier-header">
      <h1>{laneName} <span className="muted">· Cashier</span></h1>
      <nav aria-label="Till" className="till-nav">
        <a href={`/history?lane=${encodeURIComponent(lane)}`}>Sales history</a>
        <a href={`/reports?lane=${encodeURIComponent(lane)}`}>End of day</a>
        <a href={`/settings?lane=${encodeURIComponent(lane)}`}>Settings</a>
      </nav>
      <AddDisplay lane={lane} />
      <label className="operator">
        Operator
        <input value={operatorId} onChange={(event) => setOperator(event.target.value)} maxLength={64} />
      </label>
    </header>
  );
}

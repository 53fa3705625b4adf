// The one unlock for the till's cashier screens (the cashier screen, history, a sale, a tab, end of day): with a cashier code set, the
// code is entered once on this browser; without one, only the computer the till runs on may act as the cashier.
import type { ReactNode } from 'react';
import { useCartStore } from '../cart/cart-store';
import { usePosConfig, type PosConfig } from '../config/api/get-config';
import { errorMessage } from '../lib/api-client';
import { laneFromLocation } from '../lib/lane-param';
import { CashierCodeForm } from './cashier-code-form';

export function CashierGate({ children }: { children: (lane: string, config: PosConfig) => ReactNode }) {
  const config = usePosConfig();
  const cashierCode = useCartStore((state) => state.cashierCode);
  const lane = laneFromLocation(config.data?.lanes[0]?.id);
  if (config.isError) return <main className="screen-message" role="alert">{errorMessage(config.error)}</main>;
  if (!lane || !config.data) return <main className="screen-message">Loading…</main>;
  if (config.data.cashier === 'local-only') return <DisplayOnly lane={lane} />;
  if (config.data.cashier === 'code' && !cashierCode) return <CashierCodeForm />;
  return children(lane, config.data);
}

/** No cashier code is set and this browser is not on the till's own computer: it may only display. */
function DisplayOnly({ lane }: { lane: string }) {
  return (
    <main className="screen-message">
      <div className="cashier-code">
        <h1>This screen cannot take payments</h1>
        <p role="alert">
          This till has no cashier code, so only the computer the till runs on may take payments. This screen cannot take
          payments until the store’s IT person sets CASHIER_CODE on the till; then enter that code here.
        </p>
        <p><a href={`/display?lane=${encodeURIComponent(lane)}`}>Open the customer display for this lane instead</a></p>
      </div>
    </main>
  );
}

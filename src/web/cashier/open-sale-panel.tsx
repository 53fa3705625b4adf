// Open: the cart can be changed and paid, by Centrapay (QR or Connect), a code the customer presents, or at the
// counter. What happened to the last attempt, if anything, shows above.
import type { ReactNode } from 'react';
import { cartTotal, totalProblem, type CartItem, type CartLine } from '../../domain/cart';
import type { LaneState } from '../../domain/lane';
import { refusal } from '../../domain/sale';
import { useSaleRefs } from '../cart/cart-store';
import { useLaneTenderName } from './api/get-lane-tender';
import { CounterTenderButtons } from './counter-tender';
import { ResultPanel } from './done-panel';
import { PatronCodePanel } from './patron-code-panel';
import { SaleReferencesFields } from './sale-references';
import type { SalePresses } from './use-sale-presses';

interface OpenSalePanelProps {
  lane: string;
  state: LaneState;
  cart: CartItem[];
  priced: CartLine[];
  operatorId: string;
  presses: SalePresses;
  onNewSale: () => void;
  footer: ReactNode;
}

export function OpenSalePanel({ lane, state, cart, priced, operatorId, presses, onNewSale, footer }: OpenSalePanelProps) {
  const { start, connect, counterPay, press, busy } = presses;
  const { payment, connection } = state;
  const total = cartTotal(priced);
  const problem = cart.length > 0 ? totalProblem(total) : null;
  const payRefused = refusal(state, 'pay');
  const canStart = cart.length > 0 && !problem && !payRefused && !busy;
  const refs = useSaleRefs(lane);
  const tenderName = useLaneTenderName(lane);
  return (
    <>
      {payment ? <ResultPanel state={state} payment={payment} onNewSale={onNewSale} busy={busy} />
        : connection && connection.outcome !== 'linked' && (
          <p className="notice" role="status" data-testid="cashier-status">{connection.outcome === 'cancelled' ? 'Wallet connection cancelled' : connection.notice}</p>
        )}
      {!payment && state.notice && <p className="notice" role="status" data-testid="lane-notice">{state.notice}</p>}
      {problem && <p className="error">{problem}</p>}
      <SaleReferencesFields lane={lane} disabled={busy} />
      <div className="tender-actions">
        <button type="button" className="pay-button" disabled={!canStart}
          onClick={() => press(() => start.mutate({ cart, operatorId, refs }))}>
          {start.isPending ? 'Starting payment…' : `Pay with ${tenderName}`}
        </button>
        <button type="button" className="connect-button" disabled={!canStart}
          onClick={() => press(() => connect.mutate({ cart, operatorId, refs }))}>
          {connect.isPending ? 'Connecting…' : 'Connect wallet'}
        </button>
      </div>
      <PatronCodePanel lane={lane} cart={cart} priced={priced} total={total} operatorId={operatorId} refs={refs}
        blocked={cart.length === 0 ? 'Add something to the cart first.' : problem ?? payRefused?.message ?? (busy ? 'Wait for the last press to finish.' : null)} />
      <h3 className="counter-heading">At the counter</h3>
      {/* No Centrapay step: the whole sale, or a first part with the rest by Centrapay or a code (split tender). */}
      <CounterTenderButtons due={total} disabled={!canStart} why={null} amountLabel="Take payment at the counter"
        onTake={(counter) => press(() => counterPay.mutate({ cart, operatorId, refs, ...counter }))} />
      {footer}
    </>
  );
}

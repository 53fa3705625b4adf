// Part of the sale is paid and the rest is owed (the cart beside it lists what paid): collect it at the counter, by
// Centrapay or a code, or, when the customer cannot pay, refund what they paid.
import type { ReactNode } from 'react';
import type { CartItem } from '../../domain/cart';
import type { LaneState } from '../../domain/lane';
import { amountStillOwed, refusal } from '../../domain/sale';
import { Money } from '../ui/money';
import { outcomeDetail, resultTitle } from '../ui/payment-words';
import { useLaneTenderName } from './api/get-lane-tender';
import { CounterTenderButtons, type CounterTenderProps } from './counter-tender';
import { PatronCodePanel } from './patron-code-panel';
import { stepWords } from './sale-words';
import type { SalePresses } from './use-sale-presses';

interface OwedPanelProps {
  lane: string;
  state: LaneState;
  cart: CartItem[];
  operatorId: string;
  presses: SalePresses;
  tenderProps: Omit<CounterTenderProps, 'due' | 'amountLabel'>;
  footer: ReactNode;
}

export function OwedPanel({ lane, state, cart, operatorId, presses, tenderProps, footer }: OwedPanelProps) {
  const { start, refund, press, busy, ref } = presses;
  // The request that paid part, or (after a request for the rest ended unpaid) that one, with what it said.
  const { payment } = state;
  const owed = amountStillOwed(state)!;
  const refundRefused = refusal(state, 'refund');
  const tenderName = useLaneTenderName(lane);
  return (
    <div className="payment-panel" role="status" aria-live="polite">
      <p className="status-line" data-testid="cashier-status">{stepWords(state) ?? 'Paid in part'}</p>
      {state.step?.notice && <p className="notice">{state.step.notice}</p>}
      <p>Still to pay <strong data-testid="cashier-remaining"><Money cents={owed} /></strong></p>
      {payment && payment.outcome !== 'paid' && <p className="notice" data-testid="rest-outcome">The payment for the rest ended: {resultTitle(payment.outcome).toLowerCase()}. {outcomeDetail(payment, state.order?.code ?? null)}</p>}
      {payment?.outcome === 'paid' && payment.notice && <p className="notice">{payment.notice}</p>}
      {state.notice && <p className="notice">{state.notice}</p>}
      <CounterTenderButtons {...tenderProps} due={owed} amountLabel="Collect the rest" />
      <button type="button" className="pay-button" disabled={busy || refusal(state, 'pay') !== null}
        onClick={() => press(() => start.mutate({ cart, operatorId }))}>
        {start.isPending ? 'Starting payment…' : <>Pay the rest <Money cents={owed} /> with {tenderName}</>}
      </button>
      <PatronCodePanel lane={lane} cart={cart} total={owed} operatorId={operatorId}
        blocked={refusal(state, 'pay')?.message ?? (busy ? 'Wait for the last press to finish.' : null)} />
      {footer}
      <button type="button" className="cancel-button" disabled={busy || refundRefused !== null}
        onClick={() => ref && press(() => refund.mutate({ ref, operatorId }))}>
        Customer cannot pay: refund
      </button>
    </div>
  );
}

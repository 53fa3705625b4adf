// How the sale is paid: start the QR or Connect flow, follow every wait on the lane, take payment at the counter,
// collect or refund what is owed, cancel, and the result. Which buttons are offered follows the domain's rules
// (`refusal`), the same ones the server checks each press against.
import type { ReactNode } from 'react';
import type { CartItem, CartLine } from '../../domain/cart';
import type { CounterTender, LaneState } from '../../domain/lane';
import { refusal } from '../../domain/sale';
import { followUpWords } from '../ui/sale-state';
import { CounterTenderButtons } from './counter-tender';
import { DonePanel } from './done-panel';
import { OpenSalePanel } from './open-sale-panel';
import { OrderLine } from './order-line';
import { OwedPanel } from './owed-panel';
import { ConditionPrompts, ConnectionPanel, PaymentPanel } from './payment-panel';
import { useSalePresses, type SalePresses } from './use-sale-presses';

interface TenderPanelProps {
  lane: string;
  state: LaneState | undefined;
  /** This screen's cart (sku and qty) and its lines priced by the server's catalog. */
  cart: CartItem[];
  priced: CartLine[];
  operatorId: string;
}

export function TenderPanel({ lane, state, cart, priced, operatorId }: TenderPanelProps) {
  const presses = useSalePresses(lane, state);
  const { phase, ref, errorText } = presses;
  const followUps = state ? followUpWords(state.followUps) : null;
  const footer = (
    <>
      {errorText ? <p role="alert" className="error">{errorText}</p> : null}
      {followUps && <p className="notice" data-testid="follow-ups">{followUps}</p>}
    </>
  );

  if (!state || !phase) return <>{footer}</>;
  const onNewSale = () => presses.press(() => presses.nextSale.mutate({ operatorId }));
  const { tenderProps, cancelButton, cancelling } = waitControls(state, presses, operatorId);
  switch (phase) {
    case 'starting':
      return <StartingPanel state={state} cancelling={cancelling} footer={footer} cancel={cancelButton(state.step?.kind === 'connecting' ? 'Cancel' : 'Cancel payment')} />;
    case 'connecting':
      return (
        <ConnectionPanel connection={state.connection!} serverTime={state.serverTime} cancelling={cancelling} footer={footer}
          tender={<CounterTenderButtons {...tenderProps} due={state.order?.total ?? state.total} amountLabel="Take payment without the wallet" />}
          cancel={cancelButton('Cancel')} />
      );
    case 'paying':
      return (
        <PaymentPanel state={state} payment={state.payment!} cancelling={cancelling}
          tender={(amountLabel, due) => <CounterTenderButtons {...tenderProps} due={due} amountLabel={amountLabel} />} footer={footer}
          checks={ref && <ConditionPrompts lane={lane} state={state} saleRef={ref} operatorId={operatorId} />}
          cancel={cancelButton('Cancel payment')} />
      );
    case 'owed':
      return <OwedPanel lane={lane} state={state} cart={cart} operatorId={operatorId} presses={presses} tenderProps={tenderProps} footer={footer} />;
    case 'done':
      return <DonePanel state={state} onNewSale={onNewSale} busy={presses.busy} footer={footer} />;
    case 'open':
      return <OpenSalePanel lane={lane} state={state} cart={cart} priced={priced} operatorId={operatorId} presses={presses} onNewSale={onNewSale} footer={footer} />;
  }
}

/** What a wait on the customer offers: payment at the counter instead, and cancelling the sale. */
function waitControls(state: LaneState, presses: SalePresses, operatorId: string) {
  const { ref, press, tender, cancel, busy, errorText } = presses;
  const onTender = ref ? (counter: CounterTender) => press(() => tender.mutate({ ref, operatorId, ...counter })) : undefined;
  const onCancel = ref ? () => press(() => cancel.mutate({ ref, operatorId })) : undefined;
  const tenderRefused = refusal(state, 'tender');
  const cancelRefused = refusal(state, 'cancel');
  const cancelling = cancel.isPending || state.step?.kind === 'cancelling' || state.step?.cancelRequested === true;
  const tenderProps = {
    onTake: onTender,
    disabled: busy || tenderRefused !== null,
    // Why the counter buttons cannot be used now (another screen is cancelling, a tender is being recorded…).
    why: state.step && tenderRefused && tenderRefused.message !== errorText ? tenderRefused.message : null,
  };
  const cancelButton = (label: string) => (
    <button type="button" className="cancel-button" onClick={onCancel} disabled={!onCancel || cancelling || cancelRefused !== null}>{label}</button>
  );
  return { tenderProps, cancelButton, cancelling };
}

/** The payment or the wallet connection is being started with Centrapay. */
function StartingPanel({ state, cancelling, footer, cancel }: { state: LaneState; cancelling: boolean; footer: ReactNode; cancel: ReactNode }) {
  const linked = state.connection?.outcome === 'linked' ? state.connection : null;
  const words = cancelling ? 'Cancelling payment…' : state.step?.kind === 'connecting' ? 'Starting the wallet connection…' : 'Starting the payment…';
  return (
    <div className="payment-panel" role="status" aria-live="polite">
      {linked && <p className="muted">Connected: {linked.walletName ?? 'wallet'}</p>}
      <p className="status-line" data-testid="cashier-status">{words}</p>
      {state.step?.notice && <p className="notice" data-testid="step-notice">{state.step.notice}</p>}
      <OrderLine order={state.order} />
      {footer}
      {cancel}
    </div>
  );
}

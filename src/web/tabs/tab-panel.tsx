// Bar tabs on the cashier screen: open one (a name and an amount to authorise, which the customer approves by the QR
// code on this lane's display), pick an open one, add the cart to it as a round (confirmed with Centrapay at once,
// under the till's invoice number), close it (the rest goes back) or void it (no rounds, within 24 hours). Which
// presses are offered follows the domain's rules (`holdRefusal`); the server checks each again.
import { useState, type FormEvent } from 'react';
import { cartTotal, restrictedNames } from '../../domain/cart';
import { formatMoney, parseDollars } from '../../domain/money';
import { holdRefusal, preAuthErrorWords, type HoldView } from '../../domain/pre-auth';
import { MAX_TAB_LABEL, TAB_QUICK_AMOUNTS } from '../../domain/tab';
import type { CartPanelProps } from '../cart/cart-panel-props';
import { useCartStore } from '../cart/cart-store';
import { errorMessage, isRefusal } from '../lib/api-client';
import { newPressKey } from '../lib/press-key';
import { Money } from '../ui/money';
import { useAddRound } from './api/add-round';
import { useCloseTab } from './api/close-tab';
import { useHold, waitingForPatron } from './api/get-hold';
import { useOpenTab } from './api/open-tab';
import { useVoidTab } from './api/void-tab';
import { TabRounds } from './tab-rounds';
import { tabStatusWords, tabTitle } from './tab-words';
import { TabsList } from './tabs-list';
import './tab-panel.css';


/** Beside the till's cart, which is the next round on the selected tab (`cartRefused`: why it cannot be one now). */
export function TabPanel({ lane, cart, priced, operatorId, cartRefused }: CartPanelProps) {
  const [selected, setSelected] = useState<string | null>(null);
  return (
    <section aria-labelledby="tabs-heading" className="tabs">
      <h2 id="tabs-heading">Bar tabs</h2>
      {selected
        ? <SelectedTab key={selected} id={selected} lane={lane} cart={cart} priced={priced} operatorId={operatorId} cartRefused={cartRefused} onDone={() => setSelected(null)} />
        : <OpenTabForm lane={lane} operatorId={operatorId} onOpened={setSelected} />}
      <TabsList selected={selected} onSelect={setSelected} />
    </section>
  );
}

function OpenTabForm({ lane, operatorId, onOpened }: { lane: string; operatorId: string; onOpened: (id: string) => void }) {
  const open = useOpenTab();
  const [label, setLabel] = useState('');
  const [amount, setAmount] = useState('100');
  const cents = parseDollars(amount);
  const problem = cents === null || cents === '0' ? 'Type the amount to authorise, e.g. 100 or 150.00.' : null;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (cents && !problem) open.mutate({ lane, amount: cents, label: label.trim(), operatorId }, { onSuccess: (hold) => onOpened(hold.id) });
  };
  return (
    <form className="tab-open" aria-labelledby="tab-open-heading" onSubmit={submit}>
      <h3 id="tab-open-heading">Open a tab</h3>
      <label>
        Name on the tab <span className="muted">(optional)</span>
        <input value={label} onChange={(event) => setLabel(event.target.value)} maxLength={MAX_TAB_LABEL} placeholder="Sam, Table 4" autoComplete="off" />
      </label>
      <label>
        Amount to authorise ($)
        <input value={amount} onChange={(event) => setAmount(event.target.value)} inputMode="decimal" aria-describedby="tab-amount-hint" />
      </label>
      <div className="quick-amounts" role="group" aria-label="Quick amounts">
        {TAB_QUICK_AMOUNTS.map((quick) => (
          <button key={quick} type="button" aria-pressed={cents === quick} onClick={() => setAmount(String(Number(quick) / 100))}>
            {formatMoney(quick)}
          </button>
        ))}
      </div>
      <p id="tab-amount-hint" className="muted">The customer approves it on the display; they pay only for what they order.</p>
      {problem && amount.trim() !== '' && <p className="error">{problem}</p>}
      <button type="submit" className="pay-button" disabled={problem !== null || open.isPending}>
        {open.isPending ? 'Opening the tab…' : cents && !problem ? `Open tab for ${formatMoney(cents)}` : 'Open tab'}
      </button>
      {open.error && <p role="alert" className="error">{errorMessage(open.error)}</p>}
    </form>
  );
}

/** The round being sent: its key stays the same until Centrapay (or the till) has answered it. */
interface RoundPress {
  key: string;
  cart: string;
}

type SelectedTabProps = CartPanelProps & { id: string; onDone: () => void };

function SelectedTab({ id, lane, cart, priced, operatorId, cartRefused, onDone }: SelectedTabProps) {
  const tab = useHold(id);
  const round = useRoundPress({ id, lane, cart, operatorId });
  const close = useCloseTab();
  const voidPress = useVoidPress();
  const { voidTab } = voidPress;
  if (tab.isError) return <p role="alert" className="error">{errorMessage(tab.error)}</p>;
  if (!tab.data) return <p className="muted">Loading the tab…</p>;
  const hold = tab.data;
  const title = tabTitle(hold);
  const busy = round.addRound.isPending || close.isPending || voidTab.isPending;
  const error = round.addRound.error ?? close.error ?? voidTab.error;
  const waiting = waitingForPatron(hold);
  const open = hold.status === 'authorized';
  return (
    <div className="tab-selected" role="group" aria-labelledby="tab-selected-heading" data-testid="selected-tab">
      <h3 id="tab-selected-heading">{title} <span className="muted">· {tabStatusWords(hold.status)}</span></h3>
      <p className={open ? 'status-line' : waiting ? 'notice' : undefined} role="status" data-testid="tab-status">
        {waiting ? `Waiting for the customer to approve ${formatMoney(hold.amount, hold.currency)} on the display.` : hold.words}
      </p>
      {hold.status === 'released' && <p className="cart-total">Final total <strong data-testid="tab-final"><Money cents={hold.confirmed} currency={hold.currency} /></strong></p>}
      {hold.shortCode && <p className="muted">Short code {hold.shortCode} · {hold.id}</p>}
      {!waiting && <TabRounds hold={hold} caption={`Rounds on ${title}`} />}
      {open && (
        <>
          <AddRoundButton hold={hold} cart={cart} priced={priced} cartRefused={cartRefused} round={round} busy={busy} />
          <button type="button" disabled={busy} onClick={() => close.mutate({ id, operatorId })}>
            {close.isPending ? 'Closing the tab…' : 'Close tab'}
          </button>
        </>
      )}
      <VoidTabPress hold={hold} title={title} operatorId={operatorId} press={voidPress} busy={busy} />
      {error && <p role="alert" className="error">{errorMessage(error)}</p>}
      <button type="button" className="link" onClick={onDone}>{waiting || open ? 'Back to the tabs' : 'Done'}</button>
    </div>
  );
}

/** Adding the till's cart to the tab as a round, and whether the cashier has checked the customer's ID for it. */
function useRoundPress({ id, lane, cart, operatorId }: Pick<SelectedTabProps, 'id' | 'lane' | 'cart' | 'operatorId'>) {
  const addRound = useAddRound();
  const [round, setRound] = useState<RoundPress | null>(null);
  const [idChecked, setIdChecked] = useState(false);
  const send = () => {
    const content = JSON.stringify(cart);
    // A round whose answer was lost is sent again under the same key: Centrapay takes it once.
    const press = round && round.cart === content ? round : { key: newPressKey(), cart: content };
    setRound(press);
    addRound.mutate({ id, lane, key: press.key, cart, idChecked, operatorId }, {
      onSuccess: () => {
        setRound(null);
        setIdChecked(false);
        // The round is on the tab: the till's cart is emptied for the next customer (edits the lane then takes).
        for (const line of cart) useCartStore.getState().remove(lane, line.sku);
      },
      onError: (failure) => {
        if (isRefusal(failure)) setRound(null);
      },
    });
  };
  return { addRound, send, idChecked, setIdChecked };
}

function AddRoundButton({ hold, cart, priced, cartRefused, round, busy }: Pick<SelectedTabProps, 'cart' | 'priced' | 'cartRefused'> & {
  hold: HoldView; round: ReturnType<typeof useRoundPress>; busy: boolean;
}) {
  const total = cartTotal(priced);
  const needsId = restrictedNames(priced);
  const refused = cart.length === 0 ? 'Ring up the round with the product buttons first.'
    : cartRefused ? `This cart cannot go on a tab now. ${cartRefused}`
      : holdRefusal(hold, { type: 'confirm', amount: total }, Date.now())?.message ?? (needsId.length > 0 && !round.idChecked ? `Check the customer’s ID first (${needsId.join(', ')}).` : null);
  return (
    <>
      {needsId.length > 0 && (
        <label className="id-check">
          <input type="checkbox" checked={round.idChecked} onChange={(event) => round.setIdChecked(event.target.checked)} />
          {' '}I have checked the customer’s ID ({needsId.join(', ')})
        </label>
      )}
      <button type="button" className="pay-button" disabled={busy || refused !== null} onClick={round.send}>
        {round.addRound.isPending ? 'Adding the round…' : <>Add round to tab{cart.length > 0 && <> (<Money cents={total} />)</>}</>}
      </button>
      {refused && cart.length > 0 && <p className="error" data-testid="round-refused">{refused}</p>}
    </>
  );
}

/** Voiding the tab: whether the cashier is being asked to confirm, and the reason they give. */
function useVoidPress() {
  const voidTab = useVoidTab();
  const [voiding, setVoiding] = useState(false);
  const [reason, setReason] = useState('');
  return { voidTab, voiding, setVoiding, reason, setReason };
}

/** Void (or, before the customer approved it, cancel) the tab, with a reason, once the cashier confirms. */
function VoidTabPress({ hold, title, operatorId, press, busy }: {
  hold: HoldView; title: string; operatorId: string; press: ReturnType<typeof useVoidPress>; busy: boolean;
}) {
  const { voidTab, voiding, setVoiding, reason, setReason } = press;
  const refused = holdRefusal(hold, { type: 'void' }, Date.now());
  const waiting = waitingForPatron(hold);
  const open = hold.status === 'authorized';
  return (
    <>
      {(open || waiting) && refused === null && !voiding && (
        <button type="button" className="cancel-button" disabled={busy} onClick={() => setVoiding(true)}>{waiting ? 'Cancel tab' : 'Void tab'}</button>
      )}
      {voiding && (
        <div role="alertdialog" aria-labelledby="tab-void-question" className="notice">
          <p id="tab-void-question">{waiting ? 'Cancel' : 'Void'} {title}? The whole {formatMoney(hold.amount, hold.currency)} goes back to the customer.</p>
          <label>Reason <input value={reason} onChange={(event) => setReason(event.target.value)} maxLength={200} /></label>
          <button type="button" disabled={busy || reason.trim() === ''}
            onClick={() => voidTab.mutate({ id: hold.id, operatorId, reason: reason.trim() }, { onSuccess: () => setVoiding(false) })}>
            {voidTab.isPending ? 'Working…' : 'Confirm'}
          </button>
          <button type="button" className="link" disabled={busy} onClick={() => setVoiding(false)}>Back</button>
        </div>
      )}
      {open && refused && hold.confirmations.length > 0 && <p className="muted">Void: {preAuthErrorWords(refused.code)}</p>}
    </>
  );
}

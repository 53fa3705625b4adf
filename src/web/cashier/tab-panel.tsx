// Bar tabs on the cashier screen: open one (a name and an amount to authorise, which the customer approves by the QR
// code on this lane's display), pick an open one, add the cart to it as a round (confirmed with Centrapay at once,
// under the till's invoice number), close it (the rest goes back) or void it (no rounds, within 24 hours). Which
// presses are offered follows the domain's rules (`confirmRefusal`, `voidRefusal`); the server checks each again.
import { useState, type FormEvent } from 'react';
import { cartTotal, restrictedNames, type CartItem, type CartLine } from '../../domain/cart';
import { formatMoney, parseDollars } from '../../domain/money';
import { confirmRefusal, preAuthErrorWords, voidRefusal } from '../../domain/pre-auth';
import { MAX_TAB_LABEL, TAB_QUICK_AMOUNTS } from '../../domain/tab';
import { useCartStore } from '../cart/cart-store';
import { errorMessage, isRefusal } from '../lib/api-client';
import { Money } from '../ui/money';
import { newPressKey } from '../lib/press-key';
import { useAddRound, useCloseTab, useHold, useOpenTab, useVoidTab } from './api/holds';
import { TabRounds } from './tab-rounds';
import { tabStatusWords, tabTitle } from './tab-words';
import { TabsList } from './tabs-list';
import './tab-panel.css';

interface TabPanelProps {
  lane: string;
  /** This screen's cart (the next round) and its lines priced by the server's catalog. */
  cart: CartItem[];
  priced: CartLine[];
  operatorId: string;
  /** Why the cart cannot be a round now (a sale on the lane is paying for it, or paid it); null when it can. */
  cartRefused: string | null;
}

export function TabPanel({ lane, cart, priced, operatorId, cartRefused }: TabPanelProps) {
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

function SelectedTab({ id, lane, cart, priced, operatorId, cartRefused, onDone }: TabPanelProps & { id: string; onDone: () => void }) {
  const tab = useHold(id);
  const addRound = useAddRound();
  const close = useCloseTab();
  const voidTab = useVoidTab();
  const [round, setRound] = useState<RoundPress | null>(null);
  const [voiding, setVoiding] = useState(false);
  const [reason, setReason] = useState('');
  const [idChecked, setIdChecked] = useState(false);
  if (tab.isError) return <p role="alert" className="error">{errorMessage(tab.error)}</p>;
  if (!tab.data) return <p className="muted">Loading the tab…</p>;
  const hold = tab.data;
  const now = Date.now();
  const title = tabTitle(hold);
  const total = cartTotal(priced);
  const needsId = restrictedNames(priced);
  const busy = addRound.isPending || close.isPending || voidTab.isPending;
  const roundRefused = cart.length === 0 ? 'Ring up the round with the product buttons first.'
    : cartRefused ? `This cart cannot go on a tab now. ${cartRefused}`
      : confirmRefusal(hold, total, now)?.message ?? (needsId.length > 0 && !idChecked ? `Check the customer’s ID first (${needsId.join(', ')}).` : null);
  const voidRefused = voidRefusal(hold, now);
  const error = addRound.error ?? close.error ?? voidTab.error;

  const sendRound = () => {
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

  const waiting = hold.status === 'opening' || hold.status === 'pending';
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
          {needsId.length > 0 && (
            <label className="id-check">
              <input type="checkbox" checked={idChecked} onChange={(event) => setIdChecked(event.target.checked)} />
              {' '}I have checked the customer’s ID ({needsId.join(', ')})
            </label>
          )}
          <button type="button" className="pay-button" disabled={busy || roundRefused !== null} onClick={sendRound}>
            {addRound.isPending ? 'Adding the round…' : <>Add round to tab{cart.length > 0 && <> (<Money cents={total} />)</>}</>}
          </button>
          {roundRefused && cart.length > 0 && <p className="error" data-testid="round-refused">{roundRefused}</p>}
          <button type="button" disabled={busy} onClick={() => close.mutate({ id, operatorId })}>
            {close.isPending ? 'Closing the tab…' : 'Close tab'}
          </button>
        </>
      )}
      {(open || waiting) && voidRefused === null && !voiding && (
        <button type="button" className="cancel-button" disabled={busy} onClick={() => setVoiding(true)}>{waiting ? 'Cancel tab' : 'Void tab'}</button>
      )}
      {voiding && (
        <div role="alertdialog" aria-labelledby="tab-void-question" className="notice">
          <p id="tab-void-question">{waiting ? 'Cancel' : 'Void'} {title}? The whole {formatMoney(hold.amount, hold.currency)} goes back to the customer.</p>
          <label>Reason <input value={reason} onChange={(event) => setReason(event.target.value)} maxLength={200} /></label>
          <button type="button" disabled={busy || reason.trim() === ''}
            onClick={() => voidTab.mutate({ id, operatorId, reason: reason.trim() }, { onSuccess: () => setVoiding(false) })}>
            {voidTab.isPending ? 'Working…' : 'Confirm'}
          </button>
          <button type="button" className="link" disabled={busy} onClick={() => setVoiding(false)}>Back</button>
        </div>
      )}
      {open && voidRefused && hold.confirmations.length > 0 && <p className="muted">Void: {preAuthErrorWords(voidRefused.code)}</p>}
      {error && <p role="alert" className="error">{errorMessage(error)}</p>}
      <button type="button" className="link" onClick={onDone}>{waiting || open ? 'Back to the tabs' : 'Done'}</button>
    </div>
  );
}

// A finished sale afterwards: refund the whole of it or chosen lines, or void it within 24 hours, with a reason; and
// each refund as it stands ("Refund pending" until Centrapay says it is done, then "Refunded"), errors in words.
// What can be refunded, and how much, is the server's answer: the screen only chooses lines and says why.
import { useState } from 'react';
import { handBackWords, refundActorWords, refundMethodWords, refundStatusWords, saleStanding, type AfterSale, type SaleRefund } from '../../domain/after-sale';
import { formatDateTime } from '../../domain/dates';
import { sumCents } from '../../domain/money';
import { useCartStore } from '../cart/cart-store';
import { errorMessage } from '../lib/api-client';
import { newPressKey } from '../lib/press-key';
import { Money } from '../ui/money';
import { useAfterSale } from './api/get-after-sale';
import { useRefundSale } from './api/refund-sale';
import { useVoidSale } from './api/void-sale';
import '../till/back-office.css';

type Pending = { kind: 'whole' | 'lines' | 'void'; key: string; amount: string; lines?: { sku: string; qty: number }[] };
/** Lines chosen to refund: how many of each sku. */
type Chosen = Record<string, number>;

/** Where the sale stands, over the presses: "Part refunded: $6.00 of $10.50" (domain's saleStanding); nothing before a refund. */
function stateWords(sale: AfterSale): string | null {
  if (sale.refundState === 'not-refundable') return 'This sale was not paid, so it cannot be refunded.';
  return sale.refundState === 'none' ? null : saleStanding(sale).words;
}

export function AfterSalePanel({ saleRef }: { saleRef: string }) {
  const sale = useAfterSale(saleRef);
  const presses = useAfterSalePresses(saleRef);
  if (sale.isError) return <p role="alert" className="error">{errorMessage(sale.error)}</p>;
  if (!sale.data) return <p className="muted">Loading…</p>;
  const { data } = sale;
  const { pending } = presses;
  const canRefund = data.refundState !== 'not-refundable' && BigInt(data.refundable) > 0n;
  return (
    <section className="after-sale" aria-label={`Refunds of ${data.ref}`} data-testid="after-sale">
      {stateWords(data) && <p className="status-line" data-testid="refund-state">{stateWords(data)}</p>}
      {canRefund && <RefundChoices sale={data} presses={presses} />}
      {pending && (
        <div role="alertdialog" aria-label="Confirm the refund" className="notice">
          <p>
            {pending.kind === 'void' ? 'Void the sale and give back ' : 'Refund '}
            <Money cents={pending.amount} currency={data.currency} />
            {pending.kind === 'whole' ? ' (the whole sale)' : pending.kind === 'lines' ? ' (the chosen lines)' : ''}?
          </p>
          <button type="button" disabled={presses.busy} onClick={() => presses.confirm(pending)}>{presses.busy ? 'Working…' : 'Confirm'}</button>
          <button type="button" className="link" disabled={presses.busy} onClick={() => presses.setPending(null)}>Back</button>
        </div>
      )}
      {presses.error && <p role="alert" className="error">{errorMessage(presses.error)}</p>}
      {data.refunds.length > 0 && (
        <ul className="refunds" aria-label="Refunds">
          {data.refunds.map((row) => <RefundLine key={row.id} refund={row} />)}
        </ul>
      )}
    </section>
  );
}

/** The refund or void being prepared (reason, lines, the press awaiting confirmation) and sending it once confirmed. */
function useAfterSalePresses(saleRef: string) {
  const operatorId = useCartStore((state) => state.operatorId);
  const refund = useRefundSale(saleRef);
  const voidSale = useVoidSale(saleRef);
  const [reason, setReason] = useState('');
  const [chosen, setChosen] = useState<Chosen>({});
  const [pending, setPending] = useState<Pending | null>(null);
  const confirm = (press: Pending) => {
    // A new press: what Centrapay said of the last one (a refused void, say) no longer stands beside it.
    refund.reset();
    voidSale.reset();
    const body = { key: press.key, reason: reason.trim(), operatorId };
    const done = { onSuccess: () => { setPending(null); setChosen({}); } };
    if (press.kind === 'void') voidSale.mutate(body, done);
    else refund.mutate(press.lines ? { ...body, lines: press.lines } : body, done);
  };
  const busy = refund.isPending || voidSale.isPending;
  return { reason, setReason, chosen, setChosen, pending, setPending, confirm, busy, error: refund.error ?? voidSale.error };
}

type Presses = ReturnType<typeof useAfterSalePresses>;

/** What is left to refund, the reason, the lines to choose, and the presses: the whole sale, the chosen lines, a void. */
function RefundChoices({ sale, presses }: { sale: AfterSale; presses: Presses }) {
  const { reason, setReason, chosen, setPending } = presses;
  const chosenLines = Object.entries(chosen).map(([sku, qty]) => ({ sku, qty }));
  const chosenAmount = sumCents(chosenLines.map(({ sku, qty }) => (BigInt(sale.lines.find((line) => line.sku === sku)?.unitPrice ?? '0') * BigInt(qty)).toString()));
  const noReason = reason.trim() === '';
  return (
    <>
      <p>Left to refund: <strong><Money cents={sale.refundable} currency={sale.currency} /></strong></p>
      <label>
        Reason <input value={reason} onChange={(event) => setReason(event.target.value)} maxLength={200} placeholder="Why is it being refunded?" />
      </label>
      <fieldset disabled={presses.busy || presses.pending !== null}>
        <legend>Lines</legend>
        <LineChoices sale={sale} chosen={chosen} onChoose={presses.setChosen} />
        <div className="after-sale-presses">
        <button type="button" disabled={noReason} onClick={() => setPending({ kind: 'whole', key: newPressKey(), amount: sale.refundable })}>
          Refund whole sale
        </button>
        <button type="button" disabled={noReason || chosenLines.length === 0}
          onClick={() => setPending({ kind: 'lines', key: newPressKey(), amount: chosenAmount, lines: chosenLines })}>
          Refund chosen lines
        </button>
        {sale.void.allowed && (
          <button type="button" className="cancel-button" disabled={noReason} onClick={() => setPending({ kind: 'void', key: newPressKey(), amount: sale.refundable })}>
            Void sale
          </button>
        )}
        </div>
      </fieldset>
      {!sale.void.allowed && sale.void.refusal && <p className="muted">Void: {sale.void.refusal}</p>}
      {noReason && <p className="muted">Give a reason to refund or void.</p>}
    </>
  );
}

/** The sale's lines as a checklist: a box beside each line's name, its amount aligned on the right. */
function LineChoices({ sale, chosen, onChoose }: { sale: AfterSale; chosen: Chosen; onChoose: (chosen: Chosen) => void }) {
  return (
    <ul className="refund-lines" aria-label="Lines to refund">
      {sale.lines.map((line) => {
        const qty = chosen[line.sku];
        return (
          <li key={line.sku} className="refund-line">
            <label>
              <input type="checkbox" checked={qty !== undefined} disabled={line.refundableQty === 0}
                onChange={(event) => onChoose(event.target.checked ? { ...chosen, [line.sku]: 1 } : without(chosen, line.sku))} />
              <span className="refund-line-name">
                {line.qty} × {line.name}
                {line.refundableQty < line.qty && <span className="muted"> ({line.refundableQty === 0 ? 'refunded' : `${line.refundableQty} left to refund`})</span>}
              </span>
            </label>
            <Money cents={line.price} currency={sale.currency} />
            {qty !== undefined && line.refundableQty > 1 && (
              <label className="refund-line-qty">How many <input type="number" min={1} max={line.refundableQty} value={qty}
                onChange={(event) => onChoose({ ...chosen, [line.sku]: Math.min(Math.max(1, Number(event.target.value) || 1), line.refundableQty) })} /></label>
            )}
          </li>
        );
      })}
    </ul>
  );
}

/** One refund as it stands, what it gave back, why, who made it and when. */
export function RefundLine({ refund }: { refund: SaleRefund }) {
  const handBack = handBackWords(refund.handBack, refund.currency);
  const what = refund.lineItems ? refund.lineItems.map((item) => `${item.qty} × ${item.name}`).join(', ') : 'whole sale';
  return (
    <li data-testid="refund" data-status={refund.status}>
      <strong className={refund.status === 'failed' ? 'error' : refund.status === 'pending' ? 'notice' : undefined}>{refundStatusWords(refund)}</strong>
      {' · '}{refundMethodWords(refund.method)}{refund.shortCode ? ` ${refund.shortCode}` : ''}
      {' · '}<Money cents={refund.amount} currency={refund.currency} /> ({what})
      {refund.reason && <> · “{refund.reason}”</>}
      {' · '}<span className="muted">{refundActorWords(refund.actor)}, <time dateTime={refund.createdAt}>{formatDateTime(refund.createdAt)}</time></span>
      {handBack && <div className="notice">{handBack}</div>}
    </li>
  );
}

function without(chosen: Chosen, sku: string): Chosen {
  return Object.fromEntries(Object.entries(chosen).filter(([key]) => key !== sku));
}

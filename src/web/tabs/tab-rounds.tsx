// A tab's rounds as a receipt would list them: each round's invoice number, what was in it, what it took and whether
// Centrapay confirmed it; then what was taken in all and what went back to the customer.
import { preAuthErrorWords, type HoldView } from '../../domain/pre-auth';
import { Money } from '../ui/money';

const ROUND_WORDS = { sending: 'Sending to Centrapay…', confirmed: 'Confirmed', refused: 'Refused' } as const;
const RETURN_WORDS = { release: 'Released (not used)', void: 'Voided', refund: 'Refunded' } as const;

export function TabRounds({ hold, caption }: { hold: HoldView; caption: string }) {
  const back = hold.returns.filter((row) => row.status !== 'refused' && row.status !== 'sending' && row.amount !== null);
  return (
    <table className="till-table tab-rounds" data-testid="tab-rounds">
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr><th scope="col">Invoice</th><th scope="col">Items</th><th scope="col" className="amount">Amount</th><th scope="col">Status</th></tr>
      </thead>
      <tbody>
        {hold.confirmations.length === 0 && <tr><td colSpan={4} className="muted">No rounds yet.</td></tr>}
        {hold.confirmations.map((round) => (
          <tr key={round.key} data-testid="tab-round">
            <th scope="row" data-testid="invoice-ref">{round.invoiceRef}</th>
            <td>{round.lineItems.map((item) => `${item.qty} × ${item.name}`).join(', ')}</td>
            <td className="amount"><Money cents={round.amount} currency={hold.currency} /></td>
            <td className={round.status === 'refused' ? 'error' : undefined}>
              {ROUND_WORDS[round.status]}{round.status === 'refused' && `: ${preAuthErrorWords(round.error)}`}
            </td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr><th scope="row" colSpan={2}>Taken</th><td className="amount" data-testid="tab-taken"><Money cents={hold.confirmed} currency={hold.currency} /></td><td /></tr>
        {back.map((row) => (
          <tr key={row.id}>
            <th scope="row" colSpan={2}>{RETURN_WORDS[row.kind]}</th>
            <td className="amount"><Money cents={row.amount!} currency={hold.currency} /></td><td />
          </tr>
        ))}
        <tr><th scope="row" colSpan={2}>Authorised</th><td className="amount"><Money cents={hold.amount} currency={hold.currency} /></td><td /></tr>
        {hold.status === 'authorized' && <tr><th scope="row" colSpan={2}>Still available</th><td className="amount" data-testid="tab-remaining"><Money cents={hold.remaining} currency={hold.currency} /></td><td /></tr>}
      </tfoot>
    </table>
  );
}

// The history's section for unattended machines: each vend with how it ended (and why a refund was made), each pump
// authorisation with what was confirmed under which invoice number and what went back.
import type { VendStatus } from '../../domain/machine';
import { formatMoney } from '../../domain/money';
import type { HoldView } from '../../domain/pre-auth';
import { errorMessage } from '../lib/api-client';
import { When } from '../till/when';
import { Money } from '../ui/money';
import { useMachineHistory, type MachineHistoryData } from './api/get-machine-history';

const VEND_WORDS: Record<VendStatus, string> = {
  creating: 'Starting the payment',
  pending: 'Waiting for the customer to pay',
  vending: 'Paid; the machine is vending',
  vended: 'Vended',
  refunding: 'Refunding',
  refunded: 'Refunded',
  'refund-failed': 'Refund refused by Centrapay: return the money another way',
  unpaid: 'Not paid',
  failed: 'Never started',
};

export function MachineHistory() {
  const history = useMachineHistory();
  if (history.isError) return <p role="alert" className="error">{errorMessage(history.error)}</p>;
  return history.data ? <MachineHistoryTables history={history.data} /> : null;
}

export function MachineHistoryTables({ history }: { history: MachineHistoryData }) {
  const { vends, pumps } = history;
  if (vends.length === 0 && pumps.length === 0) return null;
  return (
    <section aria-labelledby="machine-history">
      <h2 id="machine-history">Machines</h2>
      {vends.length > 0 && (
        <table className="till-table">
          <caption>Vends, newest first</caption>
          <thead><tr><th scope="col">When</th><th scope="col">Machine</th><th scope="col">Product</th><th scope="col">Short code</th><th scope="col" className="amount">Amount</th><th scope="col">Result</th></tr></thead>
          <tbody>
            {vends.map((vend) => (
              <tr key={vend.id} data-testid="machine-vend">
                <td><When at={vend.createdAt} /></td>
                <td>{vend.machineId}</td>
                <th scope="row">{vend.name} <span className="muted">{vend.id}</span></th>
                <td>{vend.shortCode ?? '—'}</td>
                <td className="amount"><Money cents={vend.amount} currency={vend.currency} /></td>
                <td>{VEND_WORDS[vend.status]}{vend.reason ? `: ${vend.reason}` : ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {pumps.length > 0 && (
        <table className="till-table">
          <caption>Pump authorisations, newest first</caption>
          <thead><tr><th scope="col">When</th><th scope="col">Pump</th><th scope="col" className="amount">Authorised</th><th scope="col" className="amount">Confirmed</th><th scope="col">Invoices</th><th scope="col">Status</th></tr></thead>
          <tbody>
            {pumps.map((hold) => (
              <tr key={hold.id} data-testid="machine-pump">
                <td><When at={hold.createdAt} /></td>
                <th scope="row">{hold.owner} <span className="muted">{hold.id}</span></th>
                <td className="amount"><Money cents={hold.amount} currency={hold.currency} /></td>
                <td className="amount"><Money cents={hold.confirmed} currency={hold.currency} /></td>
                <td>{invoices(hold)}</td>
                <td>{hold.words}{released(hold)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function invoices(hold: HoldView): string {
  const confirmed = hold.confirmations.filter((confirmation) => confirmation.status === 'confirmed').map((confirmation) => confirmation.invoiceRef);
  return confirmed.length ? confirmed.join(', ') : '—';
}

function released(hold: HoldView): string {
  const release = hold.returns.find((row) => row.kind === 'release' && row.status === 'done');
  return release?.amount ? ` (released ${formatMoney(release.amount, hold.currency)})` : '';
}

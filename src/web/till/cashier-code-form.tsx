// Asks for the store's cashier code once on a till (when the server requires one) and keeps it on this screen.
import { useState } from 'react';
import { errorMessage } from '../lib/api-client';
import { useCheckCashierCode } from './api/check-cashier-code';

/** `purpose`: what the code unlocks, finishing "Enter the store's cashier code to …". */
export function CashierCodeForm({ purpose = 'take payments' }: { purpose?: string }) {
  const [code, setCode] = useState('');
  const check = useCheckCashierCode();
  return (
    <main className="screen-message">
      <form className="cashier-code" onSubmit={(event) => { event.preventDefault(); check.mutate(code); }}>
        <h1>Cashier</h1>
        <p>Enter the store’s cashier code to {purpose} on this screen.</p>
        <label>
          Cashier code
          <input type="password" autoComplete="current-password" value={code} onChange={(event) => setCode(event.target.value)} required />
        </label>
        <button type="submit" disabled={check.isPending || code === ''}>Unlock</button>
        {check.error && <p role="alert" className="error">{errorMessage(check.error)}</p>}
      </form>
    </main>
  );
}

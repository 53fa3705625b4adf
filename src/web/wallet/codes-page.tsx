// "My codes" in the wallet simulator: the patron's barcode to show at the till, and the payment it started, waiting
// for the patron's approval (the barcode flow, centrapay-api.md §6.3). Also the sandbox's Quick Pay cards and vouchers,
// which the till charges without asking anyone (§6.4).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { describeCentrapayCode, type PaymentRequest } from '../../domain/centrapay';
import { SEED_QUICK_PAY_CODES, type SeedPatron } from '../../domain/sandbox-seeds';
import { ApiError, errorMessage } from '../lib/api-client';
import { Money } from '../ui/money';
import { CODE_PATRONS } from './code-patrons';
import { useCodesStore } from './codes-store';
import { PatronBarcode } from './patron-barcode';
import { acceptConditionAsPatron, declineAsPatron } from './patron-actions';
import { PaymentRequestSummary } from './payment-request-summary';
import { getPatronCodePaymentRequestQueryOptions, payAsPatron, walletKeys } from './sandbox-api';

export function CodesPage() {
  const patronId = useCodesStore((state) => state.patronId);
  const choosePatron = useCodesStore((state) => state.choosePatron);
  const patron = CODE_PATRONS.find((candidate) => candidate.id === patronId) ?? CODE_PATRONS[0]!;

  return (
    <main className="wallet codes">
      <p className="wallet-badge">Sandbox wallet</p>
      <h1>My codes</h1>
      <fieldset className="patrons">
        <legend>Patron</legend>
        {CODE_PATRONS.map((candidate) => (
          <label key={candidate.id}>
            <input type="radio" name="patron" value={candidate.id} checked={candidate.id === patron.id} onChange={() => choosePatron(candidate.id)} />
            {candidate.name} <span className="muted">({candidate.note})</span>
          </label>
        ))}
      </fieldset>
      <section aria-labelledby="my-code">
        <h2 id="my-code">{patron.name}’s code</h2>
        <PatronBarcode value={patron.barcode!} />
        <p className="muted">Show it at the till, or read the digits out. The payment it starts appears below for you to approve.</p>
      </section>
      <PendingPayment key={patron.id} patron={patron} />
      <QuickPayCodes />
    </main>
  );
}

interface Answer {
  paymentRequest: PaymentRequest;
  action: 'approve' | 'decline';
}

function PendingPayment({ patron }: { patron: SeedPatron }) {
  const queryClient = useQueryClient();
  const pending = useQuery(getPatronCodePaymentRequestQueryOptions(patron));
  // Approve is the pay page's pay in full; the key is per request, so a double tap never pays twice.
  const answer = useMutation({
    mutationFn: ({ paymentRequest, action }: Answer) =>
      action === 'approve' ? payAsPatron(paymentRequest.id, patron, `codes-${patron.id}-${paymentRequest.id}`) : declineAsPatron(paymentRequest.id, patron),
    onSettled: () => queryClient.invalidateQueries({ queryKey: walletKeys.patronCodePaymentRequest(patron.id) }),
  });
  const paymentRequest = pending.data;
  const answered = answer.variables;
  const failure = answer.error && answered?.paymentRequest.id === paymentRequest?.id ? answer.error : null;
  const awaitingMerchant = paymentRequest?.merchantConditions.some((condition) => condition.status === 'awaiting-merchant') ?? false;
  const forPatron = paymentRequest?.merchantConditions.filter((condition) => condition.status === 'awaiting-patron') ?? [];
  const confirm = useMutation({
    mutationFn: ({ id, conditionId }: { id: string; conditionId: string }) => acceptConditionAsPatron(id, conditionId, patron),
    onSettled: () => queryClient.invalidateQueries({ queryKey: walletKeys.patronCodePaymentRequest(patron.id) }),
  });

  return (
    <section aria-labelledby="waiting-payment" className="codes-pending">
      <h2 id="waiting-payment">Waiting for your approval</h2>
      {answer.isSuccess && answered && (
        answered.action === 'approve' ? (
          <p role="status" className="wallet-status status-paid">
            Paid <Money cents={answered.paymentRequest.remainingAmount ?? answered.paymentRequest.value.amount} currency={answered.paymentRequest.value.currency} /> to {answered.paymentRequest.merchantName}.
          </p>
        ) : (
          <p role="status" className="wallet-status">You declined the payment to {answered.paymentRequest.merchantName}.</p>
        )
      )}
      {pending.isPending ? (
        <p>Looking for a payment…</p>
      ) : pending.isError ? (
        <p role="alert" className="error">{errorMessage(pending.error)}</p>
      ) : !paymentRequest ? (
        <p>Nothing to approve. When the till scans your code, the payment appears here.</p>
      ) : (
        <article aria-label={`Payment to ${paymentRequest.merchantName}`}>
          <h3>{paymentRequest.merchantName}</h3>
          <PaymentRequestSummary paymentRequest={paymentRequest} />
          {awaitingMerchant && <p className="notice">The cashier has to check something before you can pay.</p>}
          {forPatron.map((condition) => (
            <div key={condition.id} className="codes-condition" role="group" aria-label="Confirm before you pay">
              <p>{condition.message}</p>
              <button type="button" disabled={confirm.isPending} onClick={() => confirm.mutate({ id: paymentRequest.id, conditionId: condition.id })}>Confirm</button>
            </div>
          ))}
          {confirm.error && <p role="alert" className="error">{errorMessage(confirm.error)}</p>}
          <div className="codes-actions">
            <button type="button" className="pay-button" disabled={answer.isPending || awaitingMerchant || forPatron.length > 0}
              onClick={() => answer.mutate({ paymentRequest, action: 'approve' })}>
              {answer.isPending && answered?.action === 'approve' ? 'Paying…' : 'Approve'}
            </button>
            <button type="button" disabled={answer.isPending} onClick={() => answer.mutate({ paymentRequest, action: 'decline' })}>Decline</button>
          </div>
          {failure && <p role="alert" className="error">{failure instanceof ApiError ? describeCentrapayCode(failure.code) : errorMessage(failure)}</p>}
          <p className="muted">Reference {paymentRequest.shortCode}</p>
        </article>
      )}
    </section>
  );
}

function QuickPayCodes() {
  return (
    <details className="codes-cards">
      <summary>Test cards and vouchers</summary>
      <p className="muted">
        Quick Pay: the till charges these without asking anyone, when it first checks the payment. Balances shown are the
        seeded ones; a sandbox reset restores them.
      </p>
      <ul>
        {SEED_QUICK_PAY_CODES.map((code) => (
          <li key={code.barcode}>
            <h3>{code.type.description}: {code.note}</h3>
            <PatronBarcode value={code.barcode} />
          </li>
        ))}
      </ul>
    </details>
  );
}

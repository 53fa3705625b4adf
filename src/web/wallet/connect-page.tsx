// The rewards wallet simulator for a Connection: what the patron's wallet app does after scanning the connect QR.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo } from 'react';
import { describeCentrapayCode } from '../../domain/centrapay';
import { offerCover, REWARDS_OFFER, REWARDS_WALLET } from '../../domain/sandbox-seeds';
import { ApiError, errorMessage } from '../lib/api-client';
import { Money } from '../ui/money';
import { authorizeConnection, getConnectionSummaryQueryOptions, getLatestPaymentRequestQueryOptions, payOffer, walletKeys } from './sandbox-api';

export function ConnectPage({ connectionId }: { connectionId: string }) {
  const queryClient = useQueryClient();
  const summary = useQuery(getConnectionSummaryQueryOptions(connectionId));
  const authorize = useMutation({
    mutationFn: () => authorizeConnection(connectionId),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: walletKeys.connection(connectionId) }),
  });
  const authorized = summary.data?.status === 'authorized' || authorize.isSuccess;
  const latest = useQuery(getLatestPaymentRequestQueryOptions(connectionId, authorized));
  const paymentRequest = latest.data;
  const offer = useMemo(() => offerCover(REWARDS_OFFER, paymentRequest?.lineItems ?? []), [paymentRequest]);
  const offerTaken = paymentRequest?.paidBy?.assetTotals.some((total) => total.type === REWARDS_WALLET.assetType) ?? false;
  const apply = useMutation({
    mutationFn: () => payOffer(paymentRequest!.id, offer.amount, `${paymentRequest!.id}-rewards`),
    onSettled: () => queryClient.invalidateQueries({ queryKey: walletKeys.latestPaymentRequest(connectionId) }),
  });

  if (summary.isError) return <main className="wallet"><p role="alert" className="error">{errorMessage(summary.error)}</p></main>;
  const failure = authorize.error ?? apply.error;
  return (
    <main className="wallet">
      <p className="wallet-badge">Sandbox wallet</p>
      <h1>{REWARDS_WALLET.name}</h1>
      {!authorized ? (
        <>
          <p>Connect to {summary.data?.createdByAccountName ?? 'the merchant'} to get your rewards on this sale.</p>
          <button type="button" className="pay-button" disabled={!summary.data || authorize.isPending} onClick={() => authorize.mutate()}>
            {authorize.isPending ? 'Connecting…' : `Connect ${REWARDS_WALLET.name}`}
          </button>
        </>
      ) : !paymentRequest ? (
        <p role="status">Connected. Waiting for the till…</p>
      ) : (
        <>
          <p role="status" className="wallet-status">Connected to {paymentRequest.merchantName}</p>
          {paymentRequest.lineItems && (
            <ul className="wallet-items" aria-label="Items">
              {paymentRequest.lineItems.map((item, index) => (
                <li key={`${item.sku ?? item.name}-${index}`}>{item.qty} × {item.name} <Money cents={item.price} /></li>
              ))}
            </ul>
          )}
          {offerTaken ? (
            <p role="status" className="wallet-status status-paid">Offer applied. Pay the rest at the counter.</p>
          ) : paymentRequest.status !== 'new' ? (
            <p role="status">This sale is {paymentRequest.status}.</p>
          ) : offer.amount === '0' ? (
            <p>No offers apply to this sale.</p>
          ) : (
            <button type="button" className="pay-button" disabled={apply.isPending} onClick={() => apply.mutate()}>
              Apply offer: 20% off coffee (−<Money cents={offer.amount} />)
            </button>
          )}
          <p className="muted">Still to pay <Money cents={paymentRequest.remainingAmount ?? paymentRequest.value.amount} /></p>
        </>
      )}
      {failure && <p role="alert" className="error">{failure instanceof ApiError ? describeCentrapayCode(failure.code) : errorMessage(failure)}</p>}
    </main>
  );
}

// Where Centrapay's pay page sends the patron at the end, as its e-commerce guide says: a paid request to its
// `redirectPaidUrl`, one cancelled, expired or still new to its `redirectCancelUrl`, each with the request's id added
// as `paymentRequestId`. The wallet simulator does the same once the patron has paid or declined on it.
import { useEffect } from 'react';
import { isFinalStatus, type PaymentRequest } from '../../domain/centrapay';

/** The address to send the patron back to, or null when the request asks for none (or names no web page). */
export function redirectBackUrl(paymentRequest: Pick<PaymentRequest, 'id' | 'status' | 'redirectPaidUrl' | 'redirectCancelUrl'>): string | null {
  const target = paymentRequest.status === 'paid' ? paymentRequest.redirectPaidUrl : paymentRequest.redirectCancelUrl;
  if (!target || !URL.canParse(target)) return null;
  const url = new URL(target);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  url.searchParams.set('paymentRequestId', paymentRequest.id);
  return url.href;
}

/** Once the patron has answered on this page and the request is final, takes them back (in place of this page). */
export function useRedirectBack(paymentRequest: PaymentRequest | undefined, answered: boolean): void {
  const target = paymentRequest && answered && isFinalStatus(paymentRequest.status) ? redirectBackUrl(paymentRequest) : null;
  useEffect(() => {
    if (target) window.location.replace(target);
  }, [target]);
}

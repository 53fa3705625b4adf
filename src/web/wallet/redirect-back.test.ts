import { describe, expect, it } from 'vitest';
import { redirectBackUrl } from './redirect-back';

const back = { redirectPaidUrl: 'http://pos.test/machines/vend-1/pay?vend=V1', redirectCancelUrl: 'http://pos.test/machines/vend-1/pay?vend=V1&why=cancel' };

describe('redirectBackUrl', () => {
  it('sends a paid request to its redirectPaidUrl, with the request’s id added as paymentRequestId', () => {
    expect(redirectBackUrl({ id: 'PR1', status: 'paid', ...back })).toBe('http://pos.test/machines/vend-1/pay?vend=V1&paymentRequestId=PR1');
  });

  it('sends one cancelled, expired or still new to its redirectCancelUrl', () => {
    for (const status of ['cancelled', 'expired', 'new'] as const) {
      expect(redirectBackUrl({ id: 'PR2', status, ...back }), status).toBe('http://pos.test/machines/vend-1/pay?vend=V1&why=cancel&paymentRequestId=PR2');
    }
  });

  it('goes nowhere when the request names no page, or names something that is not a web page', () => {
    expect(redirectBackUrl({ id: 'PR3', status: 'paid' })).toBeNull();
    expect(redirectBackUrl({ id: 'PR3', status: 'cancelled', redirectPaidUrl: back.redirectPaidUrl })).toBeNull();
    expect(redirectBackUrl({ id: 'PR3', status: 'paid', redirectPaidUrl: 'javascript:alert(1)' })).toBeNull();
    expect(redirectBackUrl({ id: 'PR3', status: 'paid', redirectPaidUrl: 'not a url' })).toBeNull();
  });
});

// Tenders are tenders on the cashier's cart (issue 20): a voucher that paid part of the sale is listed as paid
// towards its total, never taken off it; only a connected wallet's offer is a discount.
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { LaneState } from '../../domain/lane';
import { connectedOffer, voucherPaidPart } from '../../test-support/tender-lanes';
import { CartEditor } from './cart-editor';

/** The cart's text as the cashier reads it, without markup. */
function cartText(state: LaneState): string {
  const html = renderToStaticMarkup(<CartEditor lane="till-1" state={state} lines={state.cart} editable={false} />);
  return html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').replace(/− /g, '−');
}

describe('the cashier’s cart as the sale’s bill', () => {
  it('keeps a $21.00 sale’s total when a $20 voucher paid part: the voucher under Paid (the panel under it says $1.00 is still to pay)', () => {
    const text = cartText(voucherPaidPart());
    expect(text).toContain('Total $21.00 Paid Sandbox Voucher $20.00');
    expect(text).not.toContain('Before discounts');
    expect(text).not.toContain('−$20.00');
  });

  it('takes a connected wallet’s offer off the total, under the coffee it paid for', () => {
    const text = cartText(connectedOffer());
    expect(text).toContain('Sandbox Rewards −$2.20');
    expect(text).toContain('Before discounts $17.00 Total $14.80');
    expect(text).not.toContain('Paid');
  });

  it('leaves how a finished sale was paid to its result', () => {
    const state = voucherPaidPart();
    const done: LaneState = { ...state, settlement: { tender: { method: 'cash', amount: '100' }, at: state.serverTime } };
    const text = cartText(done);
    expect(text).toContain('Total $21.00');
    expect(text).not.toContain('Still to pay');
  });
});

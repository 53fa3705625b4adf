// Tenders are tenders on the customer display (issue 20): a voucher that paid part of the sale is listed as paid
// towards its total, never taken off it; only a connected wallet's offer is a discount.
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { renderToStaticMarkup } from 'react-dom/server';
import { afterEach, describe, expect, it } from 'vitest';
import type { LaneState } from '../../domain/lane';
import { connectedOffer, NOW, voucherPaidPart } from '../../test-support/tender-lanes';
import { i18n } from '../i18n/i18n';
import { displayScreen } from '../ui/sale-state';
import { DisplayScreens } from './display-page';

const CONFIG = { logoUrl: '/logo.svg', merchantName: 'Sandbox Café', slides: [] };

/** The display's text for the lane at NOW, without markup. */
function displayText(state: LaneState): string {
  const html = renderToStaticMarkup(<QueryClientProvider client={new QueryClient()}><DisplayScreens state={state} now={NOW} config={CONFIG} /></QueryClientProvider>);
  return html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').replace(/− /g, '−');
}

describe('the display’s bill', () => {
  afterEach(() => i18n.changeLanguage('en-NZ'));

  it('keeps a $21.00 sale’s total when a $20 voucher paid part: the voucher under Paid, $1.00 still to pay', () => {
    const state = voucherPaidPart();
    expect(displayScreen(state, NOW)).toBe('collect');
    const text = displayText(state);
    expect(text).toContain('Total $21.00 Paid Sandbox Voucher $20.00 Still to pay $1.00');
    expect(text).not.toContain('Before discounts');
    expect(text).not.toContain('−$20.00');
    expect(text).not.toContain('Total $1.00');
  });

  it('says it in te reo Māori too', async () => {
    await i18n.changeLanguage('mi-NZ');
    const text = displayText(voucherPaidPart());
    expect(text).toMatch(/Kua utua Sandbox Voucher \$20\.00 Te toenga hei utu \$1\.00/);
    expect(text).not.toContain('I mua i ngā heke utu');
  });

  it('takes a connected wallet’s offer off the total, under the coffee it paid for, with nothing listed as paid', () => {
    const text = displayText(connectedOffer());
    expect(text).toContain('2 × Flat White $11.00 Sandbox Rewards −$2.20');
    expect(text).toContain('Before discounts $17.00 Total $14.80');
    expect(text).not.toContain('Paid Sandbox Rewards');
    expect(text).toContain('Still to pay $14.80');
  });
});

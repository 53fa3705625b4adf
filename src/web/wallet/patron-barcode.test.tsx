import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { PaymentRequest } from '../../domain/centrapay';
import { SEED } from '../../domain/sandbox-seeds';
import { barsOf, code128Modules, QUIET_ZONE_MODULES } from './barcode-modules';
import { PatronBarcode } from './patron-barcode';
import { PaymentRequestSummary } from './payment-request-summary';

describe('PatronBarcode', () => {
  it('draws every bar of the code with a quiet zone, and prints the digits under it', () => {
    const html = renderToStaticMarkup(<PatronBarcode value={SEED.aliceBarcode} />);
    const modules = code128Modules(SEED.aliceBarcode);
    expect(html).toContain(`role="img" aria-label="Barcode ${SEED.aliceBarcode}"`);
    expect(html).toContain(`viewBox="0 0 ${modules.length + 2 * QUIET_ZONE_MODULES} 90"`);
    expect(html.match(/fill="#000"/g)).toHaveLength(barsOf(modules).length);
    expect(html).toContain(`x="${QUIET_ZONE_MODULES}"`);
    expect(html).toContain(`<figcaption class="barcode-digits" data-testid="barcode-digits">${SEED.aliceBarcode}</figcaption>`);
  });
});

describe('PaymentRequestSummary', () => {
  it('shows what is left to pay, the items and the conditions', () => {
    const paymentRequest = {
      id: 'pr', shortCode: 'CP-AAA-AAA', url: 'u', value: { amount: '1250', currency: 'NZD' }, remainingAmount: '1250',
      paymentOptions: [], merchantId: 'm', merchantName: 'Sandbox Café', configId: 'c', status: 'new',
      createdAt: 't', updatedAt: 't', expiresAt: 't',
      lineItems: [{ name: 'Flat White', sku: 'COFFEE-FW', qty: '2', price: '1250' }],
      merchantConditions: [{ id: '1', name: 'photo-id-check', message: 'Please check ID', status: 'awaiting-merchant' }],
    } satisfies PaymentRequest;
    const html = renderToStaticMarkup(<PaymentRequestSummary paymentRequest={paymentRequest} />);
    expect(html).toContain('$12.50');
    expect(html).toContain('aria-label="Items"');
    expect(html).toContain('Flat White');
    expect(html).toContain('Please check ID (waiting for the cashier)');
  });
});

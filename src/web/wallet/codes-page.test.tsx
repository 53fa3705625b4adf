import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { renderToStaticMarkup } from 'react-dom/server';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { PaymentRequest } from '../../domain/centrapay';
import { SEED } from '../../domain/sandbox-seeds';
import { walletKeys } from './api/wallet-keys';

// The page's store reads the address when it loads: give it Bob's.
beforeAll(() => {
  vi.stubGlobal('window', { location: { search: '?patron=bob', href: 'http://pos.test/sandbox/codes?patron=bob' } });
});
afterAll(() => {
  vi.unstubAllGlobals();
});

const pending = {
  id: 'pr1', shortCode: 'CP-AAA-AAA', url: 'u', value: { amount: '450', currency: 'NZD' }, remainingAmount: '450',
  paymentOptions: [], merchantId: SEED.merchantCafe, merchantName: 'Sandbox Café', configId: SEED.configCafe, status: 'new',
  createdAt: 't', updatedAt: 't', expiresAt: 't', patronCodeId: SEED.bobPatronCode,
  lineItems: [{ name: 'Flat White', sku: 'COFFEE-FW', qty: '1', price: '450' }], merchantConditions: [],
} satisfies PaymentRequest;

async function render(data: PaymentRequest | null | undefined) {
  const { CodesPage } = await import('./codes-page');
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  if (data !== undefined) queryClient.setQueryData(walletKeys.patronCodePaymentRequest('bob'), data);
  return renderToStaticMarkup(<QueryClientProvider client={queryClient}><CodesPage /></QueryClientProvider>);
}

describe('CodesPage', () => {
  it('shows the patron the address names, with their code as a barcode and as digits', async () => {
    const html = await render(null);
    expect(html).toContain('<h1>My codes</h1>');
    expect(html).toContain('<input type="radio" name="patron" checked="" value="bob"/>');
    expect(html).toContain('Bob’s code');
    expect(html).toContain(`aria-label="Barcode ${SEED.bobBarcode}"`);
    expect(html).toContain(`>${SEED.bobBarcode}</figcaption>`);
    expect(html).not.toContain(SEED.aliceBarcode);
    expect(html).toContain('Nothing to approve.');
    // The Quick Pay cards and vouchers, each scannable.
    expect(html).toContain(`aria-label="Barcode ${SEED.farmlandsCard}"`);
    expect(html).toContain(`aria-label="Barcode ${SEED.voucher20}"`);
  });

  it('shows the payment the code started, to approve or decline', async () => {
    const html = await render(pending);
    expect(html).toContain('aria-label="Payment to Sandbox Café"');
    expect(html).toContain('$4.50');
    expect(html).toContain('Flat White');
    expect(html).toMatch(/<button type="button" class="pay-button">Approve<\/button>/);
    expect(html).toMatch(/<button type="button">Decline<\/button>/);
  });

  it('holds Approve back while the cashier has a condition to check', async () => {
    const html = await render({ ...pending, merchantConditions: [{ id: '1', name: 'photo-id-check', message: 'Please check ID', status: 'awaiting-merchant' }] });
    expect(html).toContain('The cashier has to check something before you can pay.');
    expect(html).toMatch(/<button type="button" class="pay-button" disabled="">Approve<\/button>/);
  });
});

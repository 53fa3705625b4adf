// A sale found at Centrapay as the cashier reads it on the history screen: what it was, what another till already
// refunded of it (and who), and either the press that refunds it from here, the journal's own sale, or why not.
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { FoundSale } from '../../domain/found-sale';
import { FoundDetails } from './sale-at-centrapay';

const AT = '2026-11-26T01:00:00.000Z';
const SALE: FoundSale = {
  paymentRequestId: 'PR1', shortCode: 'CP-AAA-BB2', status: 'paid', createdAt: AT, terminalId: 'till-9', amount: '1700', currency: 'NZD',
  lineItems: [{ name: 'Blueberry Muffin', sku: 'FOOD-MUF', qty: '1', price: '600' }, { name: 'Flat White', sku: 'COFFEE-FW', qty: '2', price: '1100' }],
  paidBy: { assetTotals: [{ type: 'centrapay.nzd.test', description: 'Centrapay NZD', total: { amount: '1700', currency: 'NZD' } }] },
  refunds: [{
    id: 'till-9-R1', orderRef: '', paymentRequestId: 'PR1', shortCode: 'CP-AAA-BB2', method: 'centrapay', amount: '600', currency: 'NZD',
    lineItems: [{ name: 'Blueberry Muffin', sku: 'FOOD-MUF', qty: '1', price: '600' }], reason: null, actor: 'elsewhere', status: 'completed', error: null,
    assetTotals: null, handBack: null, createdAt: AT, updatedAt: AT,
  }],
  refundable: '1100', ref: null, refusal: null,
};

const html = (sale: FoundSale) => renderToStaticMarkup(
  <QueryClientProvider client={new QueryClient()}><FoundDetails sale={sale} lane="lane-1" /></QueryClientProvider>,
);

describe('a sale found at Centrapay', () => {
  it('says where it was sold, what it was, what another till refunded of it, and offers to refund the rest from here', () => {
    const page = html(SALE);
    expect(page).toContain('Not in this till’s journal: sold on terminal till-9, as Centrapay has it.');
    expect(page).toContain('Paid · Centrapay NZD');
    expect(page).toContain('<span class="money">$11.00</span>');
    expect(page).toContain('Refunded</strong> · Centrapay refund CP-AAA-BB2 · <span class="money">$6.00</span> (1 × Blueberry Muffin)');
    expect(page).toContain('elsewhere, not on this till');
    expect(page).toContain('>Refund from this till</button>');
  });

  it('says why it cannot be refunded from here, with no press', () => {
    const page = html({ ...SALE, status: 'new', refunds: [], refundable: '0', refusal: 'Only a paid sale can be refunded or voided, and this one is not paid.' });
    expect(page).toContain('Not paid yet');
    expect(page).toContain('Nothing has been refunded of it.');
    expect(page).toContain('Only a paid sale can be refunded or voided, and this one is not paid.');
    expect(page).not.toContain('Refund from this till');
  });

  it('opens the journal’s own sale of it', () => {
    const page = html({ ...SALE, ref: 'till-1-FOUND-ABC123' });
    expect(page).toContain('This sale is in the till’s journal.');
    expect(page).toContain('<a href="/history/till-1-FOUND-ABC123?lane=lane-1">Open the sale</a>');
    expect(page).not.toContain('Refund from this till');
  });
});

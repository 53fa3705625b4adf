// The end-of-day tables and a sale's page as the cashier reads them: tables with headers, amounts formatted only here.
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { EndOfDay } from './api/get-end-of-day';
import type { SaleDetail } from './api/get-sale';
import { ReportTables } from './end-of-day-page';
import { SaleDetails } from './sale-page';

const tally = (count: number, amount: string) => ({ count, amount });

const REPORT: EndOfDay = {
  date: '2026-11-26',
  lane: null,
  timeZone: 'Pacific/Auckland',
  currency: 'NZD',
  tenders: [
    { key: 'cash', label: 'Cash', sales: tally(2, '2480'), refunds: tally(1, '1000'), net: '1480' },
    { key: 'centrapay', label: 'Centrapay', sales: tally(3, '2620'), refunds: tally(2, '1200'), net: '1420' },
  ],
  assets: [{ key: 'sbx.rewards.test', label: 'Sandbox Rewards', sales: tally(1, '220'), refunds: tally(0, '0'), net: '220' }],
  total: { key: 'total', label: 'All tenders', sales: tally(5, '5100'), refunds: tally(3, '2200'), net: '2900' },
  pendingRefunds: { count: 1, amount: '100', items: [{ orderRef: 'till-1-000004-AAAAAA', method: 'centrapay', amount: '100', createdAt: '2026-11-26T01:00:00.000Z' }] },
  notCounted: [{ result: 'cancelled', count: 1, amount: '1700' }],
};

describe('the end-of-day tables', () => {
  const html = renderToStaticMarkup(<ReportTables report={REPORT} lanes={[{ id: 'lane-1', name: 'Front counter' }]} />);

  it('have column and row headers, and a total row', () => {
    expect(html).toContain('<th scope="col">Tender</th>');
    expect(html).toContain('<th scope="col" class="amount">Net</th>');
    expect(html).toMatch(/<tfoot><tr><th scope="row">All tenders<\/th><td class="amount">5<\/td><td class="amount"><span class="money">\$51\.00<\/span>/);
    expect(html).toContain('<caption class="visually-hidden">By tender: sales, refunds and net</caption>');
  });

  it('name each asset type by its description and its type', () => {
    expect(html).toContain('<th scope="row">Sandbox Rewards<span class="muted"> sbx.rewards.test</span></th>');
  });

  it('show refunds not completed apart, and the sales that took nothing', () => {
    expect(html).toContain('Refunds not completed');
    expect(html).toContain('<th scope="row">till-1-000004-AAAAAA</th>');
    expect(html).toContain('Cancelled: 1 (<span class="money">$17.00</span>)');
    expect(html).toContain('all lanes');
  });
});

const AT = '2026-11-26T01:00:00.000Z';
const DETAIL: SaleDetail = {
  sale: { ref: 'till-1-000003-BBBBBB', number: 3, lane: 'lane-1', kind: 'counter', total: '1700', currency: 'NZD', operatorId: 'op-7', result: 'paid', createdAt: AT, updatedAt: AT },
  lineItems: [{ name: 'Flat White', sku: 'COFFEE-FW', qty: '2', price: '1100', tax: '15' }],
  requests: [{
    id: 'PR1', shortCode: 'CP-C7F-ZS5', status: 'paid', amount: '700', currency: 'NZD', createdAt: AT,
    paidBy: { assetTotals: [{ type: 'centrapay.nzd.test', description: 'Centrapay NZD', total: { amount: '700', currency: 'NZD' } }] },
  }],
  tenders: [{ paymentRequestId: null, onRequest: false, method: 'cash', amount: '1000', actor: 'cashier:op-7', at: AT }],
  refunds: [{ paymentRequestId: 'PR1', method: 'void', amount: '700', currency: 'NZD', status: 'completed', reason: null, createdAt: AT }],
  events: [
    { subject: 'till-1-000003-BBBBBB', kind: 'part-at-counter', status: null, actor: 'cashier:op-7', detail: 'cash 1000 of 1700', at: AT },
    { subject: 'PR1', kind: 'status', status: 'paid', actor: 'centrapay', detail: null, at: AT },
  ],
};

describe('a sale’s page', () => {
  const html = renderToStaticMarkup(<SaleDetails detail={DETAIL} />);

  it('shows each tender: the Centrapay request with its short code and status, and the cash at the counter', () => {
    expect(html).toMatch(/<th scope="row">Centrapay <span class="muted">\(PR1\)<\/span><\/th><td>CP-C7F-ZS5<\/td><td>paid<\/td>/);
    expect(html).toMatch(/<th scope="row">Cash<\/th><td>—<\/td><td>taken by cashier:op-7<\/td><td class="amount"><span class="money">\$10\.00<\/span>/);
  });

  it('shows what paid each request by asset, Centrapay’s activities and the journal’s events', () => {
    expect(html).toMatch(/<th scope="row">Centrapay NZD<\/th><td>centrapay\.nzd\.test<\/td><td>CP-C7F-ZS5<\/td>/);
    expect(html).toContain('<th scope="row">status paid</th>');
    expect(html).toContain('<th scope="row">Void · completed</th>');
    expect(html).toContain('<th scope="row">part at counter</th><td>cashier:op-7</td><td>cash 1000 of 1700</td>');
  });
});

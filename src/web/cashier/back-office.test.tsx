// The end-of-day tables, a sale's page and its refund panel as the cashier reads them: tables with headers, amounts and
// dates formatted only here, as New Zealand writes them, and people's words — ids, asset types and the journal's own
// names only under Details.
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { renderToStaticMarkup } from 'react-dom/server';
import { afterAll, describe, expect, it } from 'vitest';
import type { AfterSale } from '../../domain/after-sale';
import { AfterSalePanel } from './after-sale-panel';
import { afterSaleKeys } from './api/get-after-sale';
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

// Times are shown in the device's zone: these tests stand in Auckland (from before the pages below are rendered).
const zone = process.env.TZ;
process.env.TZ = 'Pacific/Auckland';
afterAll(() => {
  if (zone === undefined) delete process.env.TZ;
  else process.env.TZ = zone;
});

/** The page as a person reads it: everything but what is under its Details. */
const outsideDetails = (html: string) => html.replace(/<details[\s\S]*?<\/details>/g, '');
const insideDetails = (html: string) => (html.match(/<details[\s\S]*?<\/details>/g) ?? []).join('');

describe('the end-of-day tables', () => {
  const html = renderToStaticMarkup(<ReportTables report={REPORT} lanes={[{ id: 'lane-1', name: 'Front counter' }]} />);

  it('have column and row headers, and a total row', () => {
    expect(html).toContain('<th scope="col">Tender</th>');
    expect(html).toContain('<th scope="col" class="amount">Net</th>');
    expect(html).toMatch(/<tfoot><tr><th scope="row">All tenders<\/th><td class="amount">5<\/td><td class="amount"><span class="money">\$51\.00<\/span>/);
    expect(html).toContain('<caption class="visually-hidden">By tender: sales, refunds and net</caption>');
  });

  it('say the day in words, not as the browser writes dates', () => {
    expect(html).toContain('Thursday 26 November 2026 · all lanes');
    expect(html).not.toMatch(/>[^<]*2026-11-26/);
  });

  it('name each asset by its name, with its type only under Details', () => {
    expect(outsideDetails(html)).toContain('<th scope="row">Sandbox Rewards</th>');
    expect(outsideDetails(html)).not.toContain('sbx.rewards.test');
    expect(insideDetails(html)).toContain('<th scope="row">Sandbox Rewards</th><td><code>sbx.rewards.test</code></td>');
  });

  it('show refunds not completed apart, in words, and the sales that took nothing', () => {
    expect(html).toContain('Refunds not completed');
    expect(html).toContain('<td><time dateTime="2026-11-26T01:00:00.000Z">26 Nov 2026, 2:00 pm</time></td><th scope="row">till-1-000004-AAAAAA</th><td>Centrapay refund</td>');
    expect(html).toContain('Cancelled: 1 (<span class="money">$17.00</span>)');
    expect(html).toContain('all lanes');
  });
});

const AT = '2026-11-26T01:00:00.000Z';
const DETAIL: SaleDetail = {
  sale: { ref: 'till-1-000003-BBBBBB', number: 3, lane: 'lane-1', kind: 'counter', total: '1700', currency: 'NZD', operatorId: 'op-7', result: 'paid', createdAt: AT, updatedAt: AT },
  lineItems: [{ name: 'Flat White', sku: 'COFFEE-FW', qty: '2', price: '1100', tax: '15' }],
  requests: [{
    id: 'PMfpfLAJ4oqKWc6nZ7xK9v', shortCode: 'CP-C7F-ZS5', status: 'paid', amount: '700', currency: 'NZD', createdAt: AT,
    paidBy: { assetTotals: [{ type: 'centrapay.nzd.test', description: 'Centrapay NZD', total: { amount: '700', currency: 'NZD' } }] },
  }],
  tenders: [{ paymentRequestId: null, onRequest: false, method: 'cash', amount: '1000', actor: 'cashier:op-7', at: AT }],
  refunds: [{ paymentRequestId: 'PMfpfLAJ4oqKWc6nZ7xK9v', method: 'centrapay', amount: '550', currency: 'NZD', status: 'completed', reason: 'Spilt', createdAt: AT }],
  events: [
    { subject: 'till-1-000003-BBBBBB', kind: 'part-at-counter', status: null, actor: 'cashier:op-7', detail: 'cash 1000 of 1700', at: AT },
    { subject: 'PMfpfLAJ4oqKWc6nZ7xK9v', kind: 'status', status: 'paid', actor: 'centrapay', detail: null, at: AT },
    { subject: 'PMfpfLAJ4oqKWc6nZ7xK9v', kind: 'refund-accepted', status: 'pending', actor: 'centrapay', detail: 'till-1-000003-BBBBBB-R1: completes asynchronously', at: AT },
  ],
};
/** The server's after-sale view of it: one line of $5.50 refunded through Centrapay, of $17.00 paid. */
const AFTER_SALE: AfterSale = {
  ref: DETAIL.sale.ref, number: 3, total: '1700', currency: 'NZD', result: 'paid', refundState: 'part', refundable: '1150',
  lines: [
    { sku: 'COFFEE-FW', name: 'Flat White', qty: 2, unitPrice: '550', price: '1100', refundableQty: 1 },
    { sku: 'FOOD-MUF', name: 'Blueberry Muffin', qty: 1, unitPrice: '600', price: '600', refundableQty: 1 },
  ],
  tenders: [
    { method: 'centrapay', paymentRequestId: 'PMfpfLAJ4oqKWc6nZ7xK9v', shortCode: 'CP-C7F-ZS5', paid: '700', refunded: '550', refundable: '150', assets: [] },
    { method: 'cash', paymentRequestId: null, shortCode: null, paid: '1000', refunded: '0', refundable: '1000', assets: [] },
  ],
  void: { allowed: false, until: null, refusal: 'Part of this sale has been refunded: refund the rest instead of voiding.' },
  refunds: [{
    id: 'till-1-000003-BBBBBB-R1', orderRef: DETAIL.sale.ref, paymentRequestId: 'PMfpfLAJ4oqKWc6nZ7xK9v', shortCode: 'CP-C7F-ZS5', method: 'centrapay',
    amount: '550', currency: 'NZD', lineItems: [{ name: 'Flat White', sku: 'COFFEE-FW', qty: '1', price: '550' }], reason: 'Spilt', actor: 'cashier:op-7',
    status: 'completed', error: null, assetTotals: [{ type: 'centrapay.nzd.test', description: 'Centrapay NZD', amount: '550' }], handBack: null, createdAt: AT, updatedAt: AT,
  }],
};

describe('a sale’s page', () => {
  const html = renderToStaticMarkup(<SaleDetails detail={DETAIL} standing={AFTER_SALE} lanes={[{ id: 'lane-1', name: 'Front counter' }]} />);
  const page = outsideDetails(html);

  it('says where a sale refunded in part stands, with the amounts', () => {
    expect(page).toContain('<dt>Status</dt><dd data-testid="sale-result">Part refunded: $5.50 of $17.00</dd>');
    expect(page).not.toContain('>Paid</dd>');
  });

  it('names the lane and the cashier in words, and the date as New Zealand writes it', () => {
    expect(page).toContain('<dt>Lane</dt><dd>Front counter</dd><dt>Cashier</dt><dd>Op 7</dd>');
    expect(page).toContain('<dt>When</dt><dd><time dateTime="2026-11-26T01:00:00.000Z">26 Nov 2026, 2:00 pm</time></dd>');
  });

  it('shows each tender in words: the Centrapay request by its short code, and the cash at the counter', () => {
    expect(page).toMatch(/<th scope="row">Centrapay<\/th><td>CP-C7F-ZS5<\/td><td>Paid<\/td>/);
    expect(page).toMatch(/<th scope="row">Cash<\/th><td>—<\/td><td>Taken by Op 7<\/td><td class="amount"><span class="money">\$10\.00<\/span>/);
  });

  it('shows what paid each request by the asset’s name, Centrapay’s activities and what happened, in words', () => {
    expect(page).toMatch(/<th scope="row">Centrapay NZD<\/th><td>CP-C7F-ZS5<\/td>/);
    expect(page).toContain('<th scope="row">Paid</th>');
    expect(page).toContain('<th scope="row">Refund accepted by Centrapay, still being processed</th>');
    expect(page).toContain('<th scope="row">Refunded</th><td class="amount"><span class="money">$5.50</span></td><td>Spilt</td>');
    expect(page).toContain('<th scope="row">Part paid at the counter</th><td>Op 7</td>');
  });

  it('shows no id, asset type, actor or journal name outside Details', () => {
    for (const raw of ['PMfpfLAJ', 'centrapay.nzd.test', 'cashier:', 'op-7', 'refund accepted pending', 'refund-accepted', 'status paid', 'part-at-counter', '-R1', 'asynchronously']) {
      expect(page, raw).not.toContain(raw);
    }
  });

  it('keeps the ids, asset types and the journal as written under Details', () => {
    const details = insideDetails(html);
    expect(details).toContain('<summary>Details</summary>');
    expect(details).toContain('<th scope="row">CP-C7F-ZS5</th><td><code>PMfpfLAJ4oqKWc6nZ7xK9v</code></td>');
    expect(details).toContain('<th scope="row">Centrapay NZD</th><td><code>centrapay.nzd.test</code></td>');
    expect(details).toContain('<code>refund-accepted pending</code>');
    expect(details).toContain('<code>cashier:op-7</code>');
    expect(details).toContain('till-1-000003-BBBBBB-R1: completes asynchronously');
  });
});

describe('the refund panel', () => {
  const client = new QueryClient();
  client.setQueryData(afterSaleKeys.detail(AFTER_SALE.ref), AFTER_SALE);
  const html = renderToStaticMarkup(<QueryClientProvider client={client}><AfterSalePanel saleRef={AFTER_SALE.ref} /></QueryClientProvider>);

  it('says where the sale stands, with the amounts', () => {
    expect(html).toContain('<p class="status-line" data-testid="refund-state">Part refunded: $5.50 of $17.00</p>');
  });

  it('lists the lines as a checklist: each box beside its line’s name, its amount apart on the right', () => {
    expect(html).toContain('<ul class="refund-lines" aria-label="Lines to refund">');
    expect(html).toMatch(/<li class="refund-line"><label><input type="checkbox"\/><span class="refund-line-name">2 × Flat White<span class="muted"> \(1 left to refund\)<\/span><\/span><\/label><span class="money">\$11\.00<\/span><\/li>/);
    expect(html).toMatch(/<li class="refund-line"><label><input type="checkbox"\/><span class="refund-line-name">1 × Blueberry Muffin<\/span><\/label><span class="money">\$6\.00<\/span><\/li>/);
  });

  it('says each refund in words: what, who and when, as New Zealand writes it', () => {
    expect(html).toContain('Refunded</strong> · Centrapay refund CP-C7F-ZS5 · <span class="money">$5.50</span> (1 × Flat White) · “Spilt” · <span class="muted">Op 7, <time dateTime="2026-11-26T01:00:00.000Z">26 Nov 2026, 2:00 pm</time></span>');
    expect(html).not.toMatch(/cashier:|\d+\/\d+\/\d{4}|AM|PM/);
  });
});

// The receipt as the patron reads it and the printer prints it: headings, a table of lines with headers, the GST, the
// short code of each Centrapay payment with what paid it, and the refund receipt when the sale has refunds.
import { renderToStaticMarkup } from 'react-dom/server';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Receipt } from '../../domain/receipt';
import { i18n } from '../i18n/i18n';
import { ReceiptView } from './receipt-page';

const RECEIPT: Receipt = {
  merchant: { name: 'Sandbox Café', gstNumber: '123-456-789' },
  order: { ref: 'till-1-000007-ABCDEF', number: 7, date: '2026-11-26T01:02:03.000Z', result: 'paid' },
  currency: 'NZD',
  lines: [
    { name: 'Flat White', qty: '2', total: '1100', tax: '15', gst: '143' },
    { name: 'Blueberry Muffin', qty: '1', total: '600', tax: '15', gst: '78' },
  ],
  // The connected rewards wallet's offer is a discount: off the total, out of the GST (on $8.80 of flat whites), not a payment.
  offers: [{ description: 'Sandbox Rewards', amount: '220' }],
  total: '1480',
  gst: '193',
  tenders: [
    { kind: 'centrapay', shortCode: 'CP-C7F-ZS5', amount: '980', paidBy: [{ description: 'Centrapay NZD', amount: '980' }] },
    { kind: 'counter', method: 'cash', amount: '500' },
  ],
  refunds: [],
};
const REFUND = {
  method: 'centrapay' as const, amount: '550', status: 'completed' as const, reason: 'Spilt', shortCode: 'CP-C7F-ZS5',
  lines: [{ name: 'Flat White', qty: '1', total: '550', tax: '15', gst: '72' }], gst: '72', paidBy: [{ description: 'Centrapay NZD', amount: '550' }],
  at: '2026-11-26T02:00:00.000Z',
};

describe('a receipt', () => {
  const html = renderToStaticMarkup(<ReceiptView receipt={RECEIPT} />);

  it('is headed with the merchant, and has its GST number, order number and reference', () => {
    expect(html).toContain('<p class="receipt-merchant">Sandbox Café</p><h1 id="receipt-title">Receipt</h1>');
    expect(html).toContain('<dt>GST number</dt><dd>123-456-789</dd>');
    expect(html).toContain('<dt>Order</dt><dd data-testid="receipt-order-number">7</dd>');
    expect(html).toContain('till-1-000007-ABCDEF');
  });

  it('of a sale found at Centrapay (no order number of this till’s) has its reference and no order number', () => {
    const found = renderToStaticMarkup(<ReceiptView receipt={{ ...RECEIPT, order: { ...RECEIPT.order, ref: 'till-1-FOUND-ABC123', number: 0 } }} />);
    expect(found).not.toContain('receipt-order-number');
    expect(found).toContain('till-1-FOUND-ABC123');
  });

  it('has a table of lines with column headers, the total and the GST it includes', () => {
    expect(html).toContain('<th scope="col">Item</th><th scope="col" class="num">Qty</th><th scope="col" class="num">Amount</th>');
    expect(html).toContain('<tr><td>Flat White</td><td class="num">2</td><td class="num"><span class="money">$11.00</span></td></tr>');
    expect(html).toContain('<th scope="row" colSpan="2">Total</th><td class="num"><span class="money">$14.80</span></td>');
    expect(html).toContain('<th scope="row" colSpan="2">Includes GST</th><td class="num"><span class="money">$1.93</span></td>');
  });

  it('lists a wallet’s offer as a discount under the lines, off the price before it, and never as what paid', () => {
    expect(html).toContain('<th scope="row" colSpan="2">Before discounts</th><td class="num"><span class="money">$17.00</span></td>');
    expect(html).toContain('<th scope="row" colSpan="2">Sandbox Rewards</th><td class="num"><span class="money">-$2.20</span></td>');
    expect(html.slice(html.indexOf('id="receipt-paid"'))).not.toContain('Sandbox Rewards');
  });

  it('names each Centrapay payment by its short code with what paid it (paidBy), and the counter tenders', () => {
    expect(html).toContain('data-testid="receipt-short-code">CP-C7F-ZS5</span>');
    expect(html).toContain('<li>Centrapay NZD <span class="money">$9.80</span></li>');
    expect(html).toContain('<li><span>Cash</span> <span class="money">$5.00</span></li>');
    expect(html).toContain('show the Centrapay short code above');
  });

  it('with refunds, is a refund receipt: the refunds, then the original sale', () => {
    const refund = renderToStaticMarkup(<ReceiptView receipt={{ ...RECEIPT, refunds: [REFUND, { ...REFUND, method: 'cash', status: 'pending', shortCode: null, lines: [], gst: null, paidBy: [] }] }} />);
    expect(refund).toContain('<h1 id="receipt-title">Refund receipt</h1>');
    expect(refund.indexOf('Refunds</h2>')).toBeLessThan(refund.indexOf('Original sale</h2>'));
    expect(refund).toContain('<strong>Refunded through Centrapay</strong> <span class="money">$5.50</span>');
    expect(refund).toContain('Centrapay CP-C7F-ZS5');
    expect(refund).toContain('<th scope="row" colSpan="2">Includes GST</th><td class="num"><span class="money">$0.72</span></td>');
    expect(refund).toContain('<strong>Refunded in cash</strong> <span class="money">$5.50</span> (being processed)');
    expect(html).not.toContain('Refund receipt');
  });
});

describe('a receipt in te reo Māori', () => {
  const zone = process.env.TZ;
  beforeEach(() => {
    process.env.TZ = 'Pacific/Auckland';
  });
  afterEach(async () => {
    if (zone === undefined) delete process.env.TZ;
    else process.env.TZ = zone;
    await i18n.changeLanguage('en-NZ');
  });

  it('has its words in Māori, its money as New Zealand writes it ($, never NZ$) and its date on the 24-hour clock', async () => {
    await i18n.changeLanguage('mi-NZ');
    const html = renderToStaticMarkup(<ReceiptView receipt={RECEIPT} />);
    expect(html).toContain('<h1 id="receipt-title">Rīhiti</h1>');
    expect(html).toContain('<dt>Rā</dt><dd>26 Noema 2026, 14:02</dd>');
    expect(html).toContain('<th scope="col">Tūemi</th>');
    expect(html).toContain('<th scope="row" colSpan="2">Tāpeke</th><td class="num"><span class="money">$14.80</span></td>');
    expect(html).toContain('<th scope="row" colSpan="2">I mua i ngā heke utu</th><td class="num"><span class="money">$17.00</span></td>');
    expect(html).toContain('<li><span>Moni</span> <span class="money">$5.00</span></li>');
    expect(html).not.toMatch(/NZ\$|\$ \d|PM|AM/);
    expect(html).toContain('Ngā mihi. Mō te whakahoki moni');
    expect(html).not.toContain('Receipt');
  });
});

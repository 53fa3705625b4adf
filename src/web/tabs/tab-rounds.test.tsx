import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { holdView, type Hold, type HoldConfirmation } from '../../domain/pre-auth';
import { TabRounds } from './tab-rounds';

const NOW = Date.parse('2026-11-26T12:00:00.000Z');
const round = (n: number, amount: string, status: HoldConfirmation['status'] = 'confirmed', error: string | null = null): HoldConfirmation => ({
  key: `k-${n}`, invoiceRef: `till-1-TAB-X-R${n}`, amount, lineItems: [{ name: 'Craft Beer', sku: 'DRINK-BEER', qty: '2', price: amount }], status, error,
  activityId: null, actor: 'cashier:op-7', createdAt: '', updatedAt: '',
});
const tab = (patch: Partial<Hold>): Hold => ({
  id: 'till-1-TAB-X', kind: 'tab', owner: 'lane-1', externalRef: 'till-1-TAB-X', paymentRequestId: 'pr-1', shortCode: 'CP-1', url: null,
  amount: '10000', currency: 'NZD', status: 'authorized', error: null, preAuthExpiresAt: null, requestCreatedAt: null, openedBy: 'cashier:op-7',
  label: 'Bar tab: Sam', createdAt: '', updatedAt: '', confirmations: [], returns: [], ...patch,
});

describe('a tab’s rounds, as a receipt lists them', () => {
  it('lists each round with its invoice number, what it took, and what is still available', () => {
    const html = renderToStaticMarkup(<TabRounds hold={holdView(tab({ confirmations: [round(1, '1800'), round(2, '900', 'refused', 'INVALID_AMOUNT')] }), NOW)} caption="Rounds" />);
    expect(html).toContain('till-1-TAB-X-R1');
    expect(html).toContain('2 × Craft Beer');
    expect(html).toContain('Refused: That is more than Centrapay still holds on this authorisation. Nothing was taken.');
    expect(html).toMatch(/Taken<\/th><td class="amount" data-testid="tab-taken"><span class="money">\$18\.00/);
    expect(html).toMatch(/Still available<\/th><td class="amount" data-testid="tab-remaining"><span class="money">\$82\.00/);
  });

  it('shows, once closed, what went back to the customer instead of what is available', () => {
    const closed = tab({
      status: 'released', confirmations: [round(1, '3700')],
      returns: [{ id: 'till-1-TAB-X-L1', kind: 'release', amount: '6300', confirmationKey: null, status: 'done', error: null, actor: 'cashier:op-7', createdAt: '', updatedAt: '' }],
    });
    const html = renderToStaticMarkup(<TabRounds hold={holdView(closed, NOW)} caption="Rounds" />);
    expect(html).toMatch(/Released \(not used\)<\/th><td class="amount"><span class="money">\$63\.00/);
    expect(html).not.toContain('Still available');
  });
});

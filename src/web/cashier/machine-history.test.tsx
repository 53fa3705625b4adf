// The history's Machines section as the cashier reads it: each vend with how it ended and why a refund was made, each
// pump authorisation with what was confirmed under which invoice and what went back.
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { HoldView } from '../../domain/pre-auth';
import type { MachineHistoryData } from './api/get-machine-history';
import { MachineHistoryTables } from './machine-history';

const AT = '2026-11-26T01:00:00.000Z';
const vend = (id: string, status: MachineHistoryData['vends'][number]['status'], reason: string | null) => ({
  id, machineId: 'vend-1', sku: 'DRINK-OJ', name: 'Orange Juice', amount: '450', currency: 'NZD', status, reason,
  paymentRequestId: 'PR1', shortCode: 'CP-AAA-BBB', url: null, createdAt: AT, updatedAt: AT,
});
const PUMP: HoldView = {
  id: 'machine-pump-1-PUMP-ABC', kind: 'pump', owner: 'pump-1', externalRef: 'machine-pump-1-PUMP-ABC', paymentRequestId: 'PR2', shortCode: 'CP-CCC-DDD',
  url: null, amount: '10000', currency: 'NZD', status: 'released', error: null, preAuthExpiresAt: null, requestCreatedAt: AT, openedBy: 'cashier:patron@pump-1',
  createdAt: AT, updatedAt: AT,
  confirmations: [{ key: 'k', invoiceRef: 'PUMP-1-000001', amount: '3720', lineItems: [], status: 'confirmed', error: null, activityId: null, actor: 'machine:pump-1', createdAt: AT, updatedAt: AT }],
  returns: [{ id: 'r', kind: 'release', amount: '6280', confirmationKey: null, status: 'done', error: null, actor: 'machine:pump-1', createdAt: AT, updatedAt: AT }],
  confirmed: '3720', inFlight: '0', remaining: '0', words: 'Closed: what was not used went back to the customer.',
};

describe('the machines in the history', () => {
  const html = renderToStaticMarkup(<MachineHistoryTables history={{
    vends: [vend('V2', 'refunded', 'The machine did not confirm the vend within 20 s.'), vend('V1', 'vended', null)],
    pumps: [PUMP],
  }} />);

  it('lists vends with their amount and result, and why one was refunded', () => {
    expect(html).toContain('<caption>Vends, newest first</caption>');
    expect(html).toContain('Refunded: The machine did not confirm the vend within 20 s.');
    expect(html).toContain('<td>Vended</td>');
    expect(html).toContain('<span class="money">$4.50</span>');
  });

  it('lists pump authorisations with the invoice confirmed and what was released', () => {
    expect(html).toContain('<caption>Pump authorisations, newest first</caption>');
    expect(html).toContain('<td>PUMP-1-000001</td>');
    expect(html).toContain('<span class="money">$37.20</span>');
    expect(html).toContain('(released $62.80)');
  });

  it('shows nothing when no machine has sold anything', () => {
    expect(renderToStaticMarkup(<MachineHistoryTables history={{ vends: [], pumps: [] }} />)).toBe('');
  });
});

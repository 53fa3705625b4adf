import { describe, expect, it } from 'vitest';
import type { HoldView } from './pre-auth';
import { closeAction, laneTabStage, nextRoundInvoiceRef, openTabRefusal, tabLineName, tabName } from './tab';

const view = (patch: Partial<HoldView>): Pick<HoldView, 'status' | 'remaining' | 'inFlight' | 'returns'> => ({ status: 'authorized', remaining: '0', inFlight: '0', returns: [], ...patch });

describe('a bar tab', () => {
  it('is named on the patron’s app by the name it was opened under, and the till reads the name back', () => {
    expect(tabLineName(' Sam ')).toBe('Bar tab: Sam');
    expect(tabLineName('')).toBe('Bar tab');
    expect(tabLineName(undefined)).toBe('Bar tab');
    expect(tabName({ label: 'Bar tab: Table 4' })).toBe('Table 4');
    expect(tabName({ label: 'Bar tab' })).toBe('Bar tab');
    expect(tabName({ label: undefined })).toBe('Bar tab');
  });

  it('numbers each round after the tab, counting every round sent (a refused one keeps its number)', () => {
    expect(nextRoundInvoiceRef({ id: 'till-1-TAB-K7QZ2M8X', confirmations: [] })).toBe('till-1-TAB-K7QZ2M8X-R1');
    const one = { key: 'k', invoiceRef: 'till-1-TAB-K7QZ2M8X-R1', amount: '900', lineItems: [], status: 'refused' as const, error: 'INVALID_AMOUNT', activityId: null, actor: 'cashier:op', createdAt: '', updatedAt: '' };
    expect(nextRoundInvoiceRef({ id: 'till-1-TAB-K7QZ2M8X', confirmations: [one] })).toBe('till-1-TAB-K7QZ2M8X-R2');
  });

  it('waits for a lane’s tab being approved before another is opened there', () => {
    expect(openTabRefusal([{ kind: 'tab', status: 'pending' }])).toMatchObject({ statusCode: 409, code: 'TAB_AWAITING_APPROVAL' });
    expect(openTabRefusal([{ kind: 'tab', status: 'opening' }])).not.toBeNull();
    expect(openTabRefusal([{ kind: 'tab', status: 'authorized' }, { kind: 'pump', status: 'pending' }])).toBeNull();
  });

  it('is, on the display, waiting, open or not opened', () => {
    expect(['opening', 'pending', 'authorized', 'released', 'cancelled', 'expired', 'voided', 'failed'].map((status) => laneTabStage(status as never)))
      .toEqual(['waiting', 'waiting', 'open', 'not-opened', 'not-opened', 'not-opened', 'not-opened', 'not-opened']);
  });

  it('is closed without a release only when everything authorised was taken and nothing is on its way', () => {
    expect(closeAction(view({}))).toBe('close');
    expect(closeAction(view({ remaining: '100' }))).toBe('release');
    expect(closeAction(view({ inFlight: '100' }))).toBe('release');
    expect(closeAction(view({ status: 'pending', remaining: '0' }))).toBe('release');
  });
});

// POST /api/holds/:id/void: voids a tab (no rounds, within 24 hours), or cancels one not yet approved: the whole
// authorisation goes back to the customer.
import { holdViewSchema } from '../../../domain/pre-auth';
import { cashierRequest } from '../../till/cashier-request';
import { useHoldAction } from './hold-action';

export function voidTab({ id, operatorId, reason }: { id: string; operatorId: string; reason: string }) {
  return cashierRequest(`/api/holds/${encodeURIComponent(id)}/void`, holdViewSchema, { method: 'POST', body: { operatorId, reason } });
}

export function useVoidTab() {
  return useHoldAction(voidTab);
}

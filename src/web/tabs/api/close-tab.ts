// POST /api/holds/:id/close: closes a tab; what its rounds did not use goes back to the customer.
import { holdViewSchema } from '../../../domain/pre-auth';
import { cashierRequest } from '../../till/cashier-request';
import { useHoldAction } from './hold-action';

export function closeTab({ id, operatorId }: { id: string; operatorId: string }) {
  return cashierRequest(`/api/holds/${encodeURIComponent(id)}/close`, holdViewSchema, { method: 'POST', body: { operatorId } });
}

export function useCloseTab() {
  return useHoldAction(closeTab);
}

// POST /api/sales/:ref/void: voids a finished sale (within 24 hours), giving everything back, with a reason.
import { afterSaleSchema } from '../../../domain/after-sale';
import { cashierRequest } from '../../till/cashier-request';
import { useAfterSaleAction } from './after-sale-action';
import { afterSalePath } from './get-after-sale';
import type { RefundPress } from './refund-sale';

export function voidSale(ref: string, input: Omit<RefundPress, 'lines'>) {
  return cashierRequest(`${afterSalePath(ref)}/void`, afterSaleSchema, { method: 'POST', body: input });
}

export function useVoidSale(ref: string) {
  return useAfterSaleAction(ref, (input: Omit<RefundPress, 'lines'>) => voidSale(ref, input));
}

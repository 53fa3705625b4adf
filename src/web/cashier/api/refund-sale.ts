// POST /api/sales/:ref/refunds: refunds the whole of a finished sale, or chosen lines, with a reason.
import { afterSaleSchema } from '../../../domain/after-sale';
import { cashierRequest } from '../../till/cashier-request';
import { useAfterSaleAction } from './after-sale-action';
import { afterSalePath } from './get-after-sale';

export interface RefundPress {
  /** Made once per press (`newPressKey`): sent again after a lost answer, it refunds nothing twice. */
  key: string;
  /** Undefined: the whole sale. */
  lines?: { sku: string; qty: number }[];
  reason: string;
  operatorId: string;
}

export function refundSale(ref: string, input: RefundPress) {
  return cashierRequest(`${afterSalePath(ref)}/refunds`, afterSaleSchema, { method: 'POST', body: input });
}

export function useRefundSale(ref: string) {
  return useAfterSaleAction(ref, (input: RefundPress) => refundSale(ref, input));
}

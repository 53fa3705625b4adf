// POST /api/machines/:id/vends: the patron buys a product from a vending machine; the answer is the vend, with the
// Payment Request to pay it by.
import { useMutation } from '@tanstack/react-query';
import { vendViewSchema, type VendView } from '../../../domain/machine';
import { apiRequest } from '../../lib/api-client';
import { machinePath } from './machine-keys';

export function buyProduct(id: string, sku: string) {
  return apiRequest(`${machinePath(id)}/vends`, vendViewSchema, { method: 'POST', body: { sku } });
}

export function useBuyProduct(id: string, onSuccess: (vend: VendView) => void) {
  return useMutation({ mutationFn: (sku: string) => buyProduct(id, sku), onSuccess });
}

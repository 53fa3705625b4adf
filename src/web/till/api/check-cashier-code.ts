// POST /api/cashier/check: whether a cashier code is the store's. A code that is becomes this screen's.
import { useMutation } from '@tanstack/react-query';
import { z } from 'zod/mini';
import { useCartStore } from '../../cart/cart-store';
import { apiRequest } from '../../lib/api-client';

export function checkCashierCode(candidate: string) {
  return apiRequest('/api/cashier/check', z.object({ ok: z.literal(true) }), { method: 'POST', body: {}, headers: { 'X-Cashier-Code': candidate } });
}

export function useCheckCashierCode() {
  return useMutation({
    mutationFn: checkCashierCode,
    onSuccess: (_result, candidate) => useCartStore.getState().setCashierCode(candidate),
  });
}

// The cashier's requests: the one API client, carrying the store's cashier code. Only a screen that knows the code may
// change a lane or read the till's journal (displays only read the lane).
import type { z } from 'zod/mini';
import { useCartStore } from '../cart/cart-store';
import { ApiError, apiRequest, type RequestOptions } from '../lib/api-client';

export function cashierHeaders(): Record<string, string> {
  const code = useCartStore.getState().cashierCode;
  return code ? { 'X-Cashier-Code': code } : {};
}

/** A cashier request (a change, or a read only cashiers may make); a refused code is forgotten so the screen asks again. */
export async function cashierRequest<T extends z.core.$ZodType>(path: string, schema: T, options: RequestOptions = {}): Promise<z.output<T>> {
  // Every change is a JSON body (the gateway refuses anything else), even when there is nothing more to say.
  const body = options.method && options.method !== 'GET' ? options.body ?? {} : undefined;
  try {
    return await apiRequest(path, schema, { ...options, body, headers: { ...options.headers, ...cashierHeaders() } });
  } catch (error) {
    if (error instanceof ApiError && error.code === 'CASHIER_CODE_REQUIRED') useCartStore.getState().setCashierCode('');
    throw error;
  }
}

// POST /api/kiosk/lanes/:lane/payments: the patron pays the cart by Centrapay's QR code.
import type { CartItem } from '../../../domain/cart';
import { cartItemsOf } from '../../cart/cart-items';
import { kioskCommand, useKioskCommand } from './kiosk-request';

export function payByQr(lane: string, cart: readonly CartItem[]) {
  return kioskCommand(lane, '/payments', { cart: cartItemsOf(cart) });
}

export function usePayByQr(lane: string) {
  return useKioskCommand(lane, (cart: readonly CartItem[]) => payByQr(lane, cart));
}

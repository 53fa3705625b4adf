/**
 * A key for one press that moves money (a refund, a round on a tab), made when the cashier confirms it: sent again
 * after a lost answer, the server takes it as the same press. 128 random bits in hex (`crypto.randomUUID` needs HTTPS,
 * and a till on the shop's network may not have it).
 */
export function newPressKey(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

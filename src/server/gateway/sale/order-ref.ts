// Order references (`externalRef`) that cannot collide: the lane's terminal id, the journal's durable sequence and a
// random part, so two gateways on one Centrapay account, or one whose journal was lost, never send the same one.
import { randomInt } from 'node:crypto';

// Crockford's base32: no I, L, O or U to misread on a receipt.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export function orderRef(terminalId: string, number: number): string {
  return `${terminalId}-${String(number).padStart(6, '0')}-${random()}`;
}

/** A sale found at Centrapay and journaled by a lane: the lane's terminal id and a random part (it has no number here). */
export function foundSaleRef(terminalId: string): string {
  return `${terminalId}-FOUND-${random()}`;
}

function random(): string {
  let text = '';
  for (let i = 0; i < 6; i += 1) text += ALPHABET[randomInt(ALPHABET.length)];
  return text;
}

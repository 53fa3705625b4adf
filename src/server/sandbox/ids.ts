// Identifier and code formats, imitating the shapes in centrapay-api.md §1.5.
import { randomBytes, randomInt } from 'node:crypto';

const BASE58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';

function randomString(alphabet: string, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[randomInt(alphabet.length)];
  return out;
}

/** Payment Request ids: 22 base58 characters, like `MhocUmpxxmgdHjr7DgKoKw`. */
export function newPaymentRequestId(): string {
  return randomString(BASE58, 22);
}

/** Payment Activity ids: 32 hex characters. */
export function newActivityId(): string {
  return randomBytes(16).toString('hex');
}

export function newConnectionId(): string {
  return `cn_${randomString(BASE58, 12)}`;
}

// Short codes use upper-case letters and digits without 0/O and 1/I, which people and OCR confuse.
export const SHORT_CODE_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
const N = SHORT_CODE_ALPHABET.length; // 32

/**
 * Luhn mod N over the short-code alphabet: catches every single-character mistake and
 * most swaps of neighbouring characters, which are the typos people make reading a receipt.
 */
export function shortCodeCheckCharacter(payload: string): string {
  let factor = 2;
  let sum = 0;
  for (let i = payload.length - 1; i >= 0; i--) {
    const codePoint = SHORT_CODE_ALPHABET.indexOf(payload[i] ?? '');
    if (codePoint < 0) throw new Error(`not a short-code character: ${payload[i]}`);
    const addend = factor * codePoint;
    sum += Math.floor(addend / N) + (addend % N);
    factor = factor === 2 ? 1 : 2;
  }
  return SHORT_CODE_ALPHABET[(N - (sum % N)) % N] ?? '';
}

/** `CP-` + 5 random characters + 1 check character, grouped 3-3: `CP-C7F-ZS5`. */
export function newShortCode(): string {
  const payload = randomString(SHORT_CODE_ALPHABET, 5);
  const code = payload + shortCodeCheckCharacter(payload);
  return `CP-${code.slice(0, 3)}-${code.slice(3)}`;
}

export type ShortCodeCheck = 'ok' | 'malformed' | 'checksum-failed';

export function checkShortCode(shortCode: string): ShortCodeCheck {
  const match = /^CP-([A-Z0-9]{3})-([A-Z0-9]{3})$/.exec(shortCode.toUpperCase());
  if (!match) return 'malformed';
  const chars = `${match[1]}${match[2]}`;
  // A 0, 1, I or O can only be a misread character, so it is a checksum failure, not a format error.
  if ([...chars].some((c) => !SHORT_CODE_ALPHABET.includes(c))) return 'checksum-failed';
  return shortCodeCheckCharacter(chars.slice(0, 5)) === chars[5] ? 'ok' : 'checksum-failed';
}

/** Standard mod-10 Luhn check over all digits (patron-code barcodes, §6.3): the till's rule, held in domain/. */
export { luhnValid } from '../../domain/patron-code';

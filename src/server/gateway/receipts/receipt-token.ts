// Receipt links anyone holding them may open (no login), that nobody can guess, with no secret stored per sale: the
// token is the order reference and an HMAC-SHA256 of it under the journal's receipt key, cut to 128 bits and written
// base64url: `{ref}.{mac}`. Only this till can make one; a changed ref or mac does not verify.
import { createHmac, timingSafeEqual } from 'node:crypto';

const MAC_BYTES = 16;
/** 16 bytes in base64url, unpadded. */
const MAC_PATTERN = /^[A-Za-z0-9_-]{22}$/;

function macOf(key: Buffer, ref: string): Buffer {
  return createHmac('sha256', key).update(ref, 'utf8').digest().subarray(0, MAC_BYTES);
}

export function receiptToken(key: Buffer, ref: string): string {
  return `${ref}.${macOf(key, ref).toString('base64url')}`;
}

/** The order reference a token was made for, or null when it was not made by this key (or is malformed). */
export function verifyReceiptToken(key: Buffer, token: string): string | null {
  const dot = token.lastIndexOf('.');
  if (dot <= 0) return null;
  const ref = token.slice(0, dot);
  const mac = token.slice(dot + 1);
  if (!MAC_PATTERN.test(mac)) return null;
  const given = Buffer.from(mac, 'base64url');
  // 22 characters carry 132 bits: the last 4 must be zero, or two spellings of one mac would both verify.
  if (given.length !== MAC_BYTES || given.toString('base64url') !== mac) return null;
  return timingSafeEqual(given, macOf(key, ref)) ? ref : null;
}

/** The receipt page's path for a token; the ref may hold any character, so it is encoded. */
export function receiptPath(token: string): string {
  return `/receipt/${encodeURIComponent(token)}`;
}

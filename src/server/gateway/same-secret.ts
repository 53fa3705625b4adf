// Secrets a caller presents (a staff code, a kiosk token, the metrics token) are compared in constant time, whatever
// their lengths: both sides are hashed first.
import { createHash, timingSafeEqual } from 'node:crypto';

export function sameSecret(given: unknown, expected: string): boolean {
  if (typeof given !== 'string') return false;
  return timingSafeEqual(secretDigest(given), secretDigest(expected));
}

export function secretDigest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

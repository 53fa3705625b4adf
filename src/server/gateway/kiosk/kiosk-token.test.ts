import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { kioskToken } from './kiosk-token';

describe('a kiosk token', () => {
  const secret = randomBytes(32);

  it('is the same after a restart (same journal secret), so a paired kiosk stays paired', () => {
    expect(kioskToken(Buffer.from(secret), 'kiosk-1357', 'kiosk-1')).toBe(kioskToken(secret, 'kiosk-1357', 'kiosk-1'));
  });

  it('opens one lane, and changes with the staff code', () => {
    expect(kioskToken(secret, 'kiosk-1357', 'kiosk-1')).not.toBe(kioskToken(secret, 'kiosk-1357', 'kiosk-2'));
    expect(kioskToken(secret, 'kiosk-1357', 'kiosk-1')).not.toBe(kioskToken(secret, 'kiosk-2468', 'kiosk-1'));
  });

  it('cannot be made from the staff code alone: another till with the same code makes another token', () => {
    expect(kioskToken(randomBytes(32), 'kiosk-1357', 'kiosk-1')).not.toBe(kioskToken(secret, 'kiosk-1357', 'kiosk-1'));
  });
});

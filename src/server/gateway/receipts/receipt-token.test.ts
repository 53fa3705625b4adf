import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SqliteJournal } from '../journal/sqlite/sqlite-journal';
import { receiptPath, receiptToken, verifyReceiptToken } from './receipt-token';

const KEY = Buffer.alloc(32, 7);
const REF = 'till-1-000042-K7QZ2M';

describe('receipt tokens', () => {
  it('carry the order reference and a 128-bit mac, and verify to that reference', () => {
    const token = receiptToken(KEY, REF);
    expect(token).toMatch(/^till-1-000042-K7QZ2M\.[A-Za-z0-9_-]{22}$/);
    expect(verifyReceiptToken(KEY, token)).toBe(REF);
  });

  it('differ from one reference to the next and from one key to the next', () => {
    const mac = (key: Buffer, ref: string) => receiptToken(key, ref).split('.').pop();
    expect(mac(KEY, REF)).not.toBe(mac(KEY, 'till-1-000043-K7QZ2M'));
    expect(mac(KEY, REF)).not.toBe(mac(randomBytes(32), REF));
  });

  it('refuse a mac changed in any one character', () => {
    const token = receiptToken(KEY, REF);
    const mac = token.slice(REF.length + 1);
    for (let index = 0; index < mac.length; index += 1) {
      const other = mac[index] === 'A' ? 'B' : 'A';
      const tampered = `${REF}.${mac.slice(0, index)}${other}${mac.slice(index + 1)}`;
      expect(verifyReceiptToken(KEY, tampered), tampered).toBeNull();
    }
  });

  it('refuse another reference with this mac, and a token made with another key', () => {
    const mac = receiptToken(KEY, REF).slice(REF.length + 1);
    expect(verifyReceiptToken(KEY, `till-1-000043-K7QZ2M.${mac}`)).toBeNull();
    expect(verifyReceiptToken(KEY, `${REF}x.${mac}`)).toBeNull();
    expect(verifyReceiptToken(KEY, receiptToken(randomBytes(32), REF))).toBeNull();
  });

  it('refuse a mac of the wrong length or spelling, and tokens with no reference or no mac', () => {
    const token = receiptToken(KEY, REF);
    expect(verifyReceiptToken(KEY, token.slice(0, -1))).toBeNull();
    expect(verifyReceiptToken(KEY, `${token}A`)).toBeNull();
    // 22 base64url characters hold 132 bits: a last character with any of the 4 spare bits set is another spelling.
    const last = token.at(-1)!;
    const sibling = String.fromCharCode(last.charCodeAt(0) + 1);
    expect(verifyReceiptToken(KEY, `${token.slice(0, -1)}${sibling}`)).toBeNull();
    // The whole HMAC, untruncated, is not the token either.
    expect(verifyReceiptToken(KEY, `${REF}.${'A'.repeat(43)}`)).toBeNull();
    expect(verifyReceiptToken(KEY, token.slice(REF.length))).toBeNull();
    expect(verifyReceiptToken(KEY, REF)).toBeNull();
    expect(verifyReceiptToken(KEY, '')).toBeNull();
  });

  it('keep a reference that holds dots or characters a URL must encode', () => {
    const ref = 'till.7/a b-000001-ABCDEF';
    expect(verifyReceiptToken(KEY, receiptToken(KEY, ref))).toBe(ref);
    expect(receiptPath(receiptToken(KEY, ref))).toMatch(/^\/receipt\/till\.7%2Fa%20b-000001-ABCDEF\.[A-Za-z0-9_-]{22}$/);
  });
});

describe('the journal’s receipt key', () => {
  it('is 32 random bytes made once and kept across restarts, so printed links keep working', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'pos-receipt-key-')), 'journal.sqlite');
    const first = new SqliteJournal(path);
    const key = await first.secrets.receiptKey();
    expect(key).toHaveLength(32);
    expect((await first.secrets.receiptKey()).equals(key)).toBe(true);
    await first.close();
    const reopened = new SqliteJournal(path);
    expect((await reopened.secrets.receiptKey()).equals(key)).toBe(true);
    await reopened.close();
    const other = new SqliteJournal(':memory:');
    expect((await other.secrets.receiptKey()).equals(key)).toBe(false);
    await other.close();
  });
});

import { describe, expect, it } from 'vitest';
import { luhnValid, maskPatronCode, normalisePatronCode, patronCodeProblem, presentedCodeFailure } from './patron-code';
import { SEED } from './sandbox-seeds';

describe('patronCodeProblem (checklist 201.1, 201.2)', () => {
  it('accepts 1–16 digits, checking the Luhn digit of a 16-digit Centrapay code only', () => {
    expect(patronCodeProblem('4')).toBeNull();
    expect(patronCodeProblem('424242424')).toBeNull(); // a Farmlands card: 9 digits, no check digit of Centrapay's
    expect(patronCodeProblem('700000000011')).toBeNull();
    expect(patronCodeProblem(SEED.aliceBarcode)).toBeNull();
    expect(patronCodeProblem(SEED.badChecksumBarcode)).toMatch(/check digit is wrong/);
  });

  it('says in words what is wrong with anything else', () => {
    expect(patronCodeProblem('')).toMatch(/Scan or type/);
    expect(patronCodeProblem('12a4')).toMatch(/digits only/);
    expect(patronCodeProblem('-1')).toMatch(/digits only/);
    expect(patronCodeProblem('12345678901234567')).toMatch(/at most 16 digits; this one has 17/);
  });

  it('takes the digits out of what a scanner or a person typed, and masks all but the last 4', () => {
    expect(normalisePatronCode(' 9990 0010-0000 0019 ')).toBe(SEED.aliceBarcode);
    expect(maskPatronCode(SEED.aliceBarcode)).toBe('•••• 0019');
    expect(luhnValid('79927398713')).toBe(true);
    expect(luhnValid('79927398710')).toBe(false);
  });
});

describe('presentedCodeFailure', () => {
  it('names the card or voucher and says why Centrapay declined it', () => {
    expect(presentedCodeFailure('PAYMENT_DECLINED', 'Sandbox Voucher')).toBe('Sandbox Voucher declined: it has no balance, or not enough for this sale.');
    expect(presentedCodeFailure('INACTIVE_ASSET', 'Farmlands')).toBe('Farmlands cannot be used: it has expired or is not active.');
    expect(presentedCodeFailure('CANCELLED_BY_MERCHANT', 'Farmlands')).toBeNull();
  });
});

// Codes a patron presents at the till (centrapay-api.md §6.3; checklist 201.1, 201.2): 1–16 digits from a scanner or
// typed in; a 16-digit Centrapay code carries a Luhn check digit, checked before anything is sent. The till's screen
// and the gateway apply the same rule, so a misread never reaches Centrapay.

export const PATRON_CODE_MAX_DIGITS = 16;

/** Standard mod-10 Luhn check over all digits. */
export function luhnValid(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = Number(digits[i]);
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

/** Scanners and people add spaces or dashes between groups; only the digits are the code. */
export function normalisePatronCode(input: string): string {
  return input.replace(/[\s-]/g, '');
}

/** What is wrong with a code, in words for the cashier; null when it may be sent. */
export function patronCodeProblem(code: string): string | null {
  if (code.length === 0) return 'Scan or type the customer’s code.';
  if (!/^\d+$/.test(code)) return 'A code has digits only. Check it and type it again.';
  if (code.length > PATRON_CODE_MAX_DIGITS) return `A code has at most ${PATRON_CODE_MAX_DIGITS} digits; this one has ${code.length}. Check it and type it again.`;
  if (code.length === PATRON_CODE_MAX_DIGITS && !luhnValid(code)) return 'That code’s check digit is wrong: it was misread or mistyped. Scan it again, or check each digit.';
  return null;
}

/**
 * Why a payment by a presented card or voucher ended cancelled, in words naming it (Quick Pay, §6.4): Centrapay says
 * only `PAYMENT_DECLINED` when it holds too little and `INACTIVE_ASSET` when it has expired or is not active. Null for
 * any other reason (the general words apply).
 */
export function presentedCodeFailure(reason: string | undefined, displayName: string): string | null {
  if (reason === 'PAYMENT_DECLINED') return `${displayName} declined: it has no balance, or not enough for this sale.`;
  if (reason === 'INACTIVE_ASSET') return `${displayName} cannot be used: it has expired or is not active.`;
  return null;
}

/** What the journal and the screens keep of a code: its last 4 digits, never the whole (it pays). */
export function maskPatronCode(code: string): string {
  return `•••• ${code.slice(-4)}`;
}

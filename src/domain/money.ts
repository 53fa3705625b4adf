// Money is integer cents held in strings ("550" = $5.50). Arithmetic goes through bigint, never floats.

export function sumCents(values: readonly string[]): string {
  return values.reduce((total, value) => total + BigInt(value), 0n).toString();
}

export function multiplyCents(cents: string, quantity: number | string): string {
  return (BigInt(cents) * BigInt(quantity)).toString();
}

export function subtractCents(a: string, b: string): string {
  return (BigInt(a) - BigInt(b)).toString();
}

export function compareCents(a: string, b: string): number {
  const diff = BigInt(a) - BigInt(b);
  return diff === 0n ? 0 : diff > 0n ? 1 : -1;
}

/** "20", "20.5", "$20.50" → "2050"; null for anything that is not an amount of money. */
export function parseDollars(text: string): string | null {
  const match = /^\$?\s*(\d{1,8})(?:\.(\d{1,2}))?$/.exec(text.trim().replace(/,/g, ''));
  if (!match) return null;
  return (BigInt(match[1]!) * 100n + BigInt((match[2] ?? '').padEnd(2, '0'))).toString();
}

/** Cash a customer is likely to hand over for `due`: the exact amount, then the next round amounts above it. */
export function quickCashAmounts(due: string, most = 4): string[] {
  const cents = BigInt(due);
  const amounts = [cents];
  for (const step of [500n, 1000n, 2000n, 5000n, 10000n]) {
    const next = ((cents + step - 1n) / step) * step;
    if (next > cents && !amounts.includes(next)) amounts.push(next);
  }
  return amounts.slice(0, most).map(String);
}

/**
 * Cents as New Zealand writes money: "$5.50", "$1,234.56", "-$2.20" — the same in English and te reo Māori (NZD is
 * "$", never "NZ$", and no space after the sign). Written out here rather than left to Intl, whose data for `mi` some
 * browsers lack (Chromium writes "NZ$5.50", Node "$ 5.50"). Another currency is written with its code: "AUD 5.50".
 * `_language`: the screen's language, for the day the two differ.
 */
export function formatMoney(cents: string, currency = 'NZD', _language = 'en-NZ'): string {
  const value = BigInt(cents);
  const abs = value < 0n ? -value : value;
  const whole = (abs / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const amount = `${whole}.${(abs % 100n).toString().padStart(2, '0')}`;
  const sign = value < 0n ? '-' : '';
  return currency === 'NZD' ? `${sign}$${amount}` : `${sign}${currency}\u00a0${amount}`;
}

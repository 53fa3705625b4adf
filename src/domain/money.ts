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

const formatters = new Map<string, Intl.NumberFormat>();

/** Cents as the screen's language writes money (`locale`: en-NZ unless a patron's screen says otherwise). */
export function formatMoney(cents: string, currency = 'NZD', locale = 'en-NZ'): string {
  const key = `${locale} ${currency}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = new Intl.NumberFormat(locale, { style: 'currency', currency });
    formatters.set(key, formatter);
  }
  const value = BigInt(cents);
  const sign = value < 0n ? -1 : 1;
  const abs = value < 0n ? -value : value;
  // Split into whole and fractional parts so large amounts never lose precision.
  const whole = Number(abs / 100n);
  const fraction = Number(abs % 100n) / 100;
  return formatter.format(sign * (whole + fraction));
}

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

const formatters = new Map<string, Intl.NumberFormat>();

export function formatMoney(cents: string, currency = 'NZD'): string {
  let formatter = formatters.get(currency);
  if (!formatter) {
    formatter = new Intl.NumberFormat('en-NZ', { style: 'currency', currency });
    formatters.set(currency, formatter);
  }
  const value = BigInt(cents);
  const sign = value < 0n ? -1 : 1;
  const abs = value < 0n ? -value : value;
  // Split into whole and fractional parts so large amounts never lose precision.
  const whole = Number(abs / 100n);
  const fraction = Number(abs % 100n) / 100;
  return formatter.format(sign * (whole + fraction));
}

// GST on a receipt. The till's prices include tax at each line's `tax` percent (the catalog's and Centrapay's line
// items, §2.8), so the tax inside a price is price × tax / (100 + tax). It is rounded to the cent on each line (half
// away from zero, so a negative discount line mirrors its positive) and a sale's GST is the sum of its lines'.
import { sumCents } from './money';

const PERCENT = /^\d{1,3}(\.\d{1,8})?$/;

/** The GST included in `price` (cents, tax inclusive) at `taxPercent` ("15", "12.5"), in cents. */
export function gstIncluded(price: string, taxPercent: string): string {
  if (!PERCENT.test(taxPercent)) throw new Error(`not a tax percentage: ${taxPercent}`);
  const [whole, fraction = ''] = taxPercent.split('.');
  const scale = 10n ** BigInt(fraction.length);
  const rate = BigInt(`${whole}${fraction}`); // the percentage × scale
  return divideRounded(BigInt(price) * rate, 100n * scale + rate).toString();
}

/** The GST of lines priced tax inclusive: each line's, rounded, added up. A line without a tax rate carries none. */
export function gstOfLines(lines: readonly { price: string; tax?: string | undefined }[]): string {
  return sumCents(lines.map((line) => gstIncluded(line.price, line.tax ?? '0')));
}

function divideRounded(numerator: bigint, denominator: bigint): bigint {
  const negative = numerator < 0n;
  const magnitude = negative ? -numerator : numerator;
  const quotient = (2n * magnitude + denominator) / (2n * denominator);
  return negative ? -quotient : quotient;
}

import { formatMoney } from '../../domain/money';

export function Money({ cents, currency = 'NZD' }: { cents: string; currency?: string }) {
  return <span className="money">{formatMoney(cents, currency)}</span>;
}

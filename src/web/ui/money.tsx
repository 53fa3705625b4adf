import { formatMoney } from '../../domain/money';
import { useWords } from '../i18n/i18n';

/** An amount as the screen's language writes money (the cashier's screens: en-NZ). */
export function Money({ cents, currency = 'NZD' }: { cents: string; currency?: string }) {
  const { language } = useWords();
  return <span className="money">{formatMoney(cents, currency, language)}</span>;
}

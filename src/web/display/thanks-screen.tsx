// After a paid sale's result: a moment of thanks before the attract screen returns.
import { useWords } from '../i18n/i18n';
import './display-brand.css';

export function ThanksScreen({ merchantName }: { merchantName: string | null }) {
  const { t } = useWords();
  return (
    <div className="thanks" role="status">
      <h1>{merchantName ? t('display.attract.thanksForShopping', { merchant: merchantName }) : t('display.attract.thanksForShoppingWithUs')}</h1>
      <p>{t('display.attract.seeYouSoon')}</p>
    </div>
  );
}

// A bar tab the cashier opened on this lane (part of the lane's pushed state): the QR code the patron scans to
// authorise the amount (they pay only for what they order), then "Your tab is open", or "Tab not opened" when it was
// not approved.
import type { LaneTabView } from '../../domain/lane-tab';
import { formatMoney } from '../../domain/money';
import { useWords } from '../i18n/i18n';
import { CentrapayQr } from '../ui/centrapay-qr';
import { Money } from '../ui/money';

type Tab = LaneTabView;

/** Shown instead of the idle, cart or result screen while a tab is being opened: one QR code at a time. */
export function tabShown(tab: Tab | null | undefined, screen: string): tab is Tab {
  return Boolean(tab) && (screen === 'idle' || screen === 'cart' || screen === 'result' || screen === 'thanks');
}

export function TabScreen({ tab, logoUrl }: { tab: Tab; logoUrl: string }) {
  const { t, language } = useWords();
  const amount = formatMoney(tab.amount, tab.currency, language);
  if (tab.stage === 'open') {
    return (
      <div className="display-result result-paid" role="status" data-testid="display-tab">
        <h1>{t('display.tab.open')}</h1>
        {tab.name && <p>{t('display.tab.forName', { name: tab.name })}</p>}
        <p>{t('display.tab.openHint', { amount })}</p>
      </div>
    );
  }
  if (tab.stage === 'not-opened') {
    return (
      <div className="display-result result-cancelled" role="status" data-testid="display-tab">
        <h1>{t('display.tab.notOpened')}</h1>
        <p>{t('display.tab.notOpenedHint')}</p>
      </div>
    );
  }
  return (
    <div className="display-pay" data-testid="display-tab">
      <div className="display-pay-cart">
        <h1>{t('display.tab.title')}</h1>
        {tab.name && <p className="display-tab-name">{t('display.tab.forName', { name: tab.name })}</p>}
      </div>
      <div className="display-pay-qr">
        <p className="amount-due">{t('display.tab.toHold')} <strong data-testid="amount-due"><Money cents={tab.amount} currency={tab.currency} /></strong></p>
        {tab.url ? (
          <>
            <CentrapayQr url={tab.url} label={t('display.tab.qrLabel')} logoUrl={logoUrl} />
            <p className="scan-hint">{t('display.tab.hint', { amount })}</p>
          </>
        ) : <p className="display-step" role="status">{t('display.step.starting')}</p>}
      </div>
    </div>
  );
}

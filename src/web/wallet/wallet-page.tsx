// The wallet simulator's own page (/sandbox/wallet): what is waiting for a patron at this till right now, each opened
// as the phone that scanned its QR code would open it, so the sandbox can be tried on one computer.
import { formatMoney } from '../../domain/money';
import { REWARDS_WALLET } from '../../domain/sandbox-seeds';
import { browserLanguage } from '../i18n/browser-language';
import { useWords } from '../i18n/i18n';
import { LanguageSwitch } from '../i18n/language-switch';
import { tillFailureWords } from '../i18n/patron-words';
import { useScreenLanguage } from '../i18n/use-screen-language';
import { useWaiting } from './api/get-waiting';

export function WalletPage() {
  useScreenLanguage(browserLanguage());
  const words = useWords();
  const { t, language } = words;
  const waiting = useWaiting();
  // A request made with a patron's code is approved under My codes, not opened from a QR code.
  const scannable = waiting.data?.paymentRequests.filter((request) => request.patronAccountId === null) ?? [];
  const connections = waiting.data?.connections ?? [];
  return (
    <main className="wallet">
      <LanguageSwitch size="small" />
      <p className="wallet-badge">{t('wallet.badge')}</p>
      <h1>{t('wallet.home.title')}</h1>
      <p>{t('wallet.home.intro')}</p>
      <section aria-labelledby="wallet-waiting">
        <h2 id="wallet-waiting">{t('wallet.home.waiting')}</h2>
        {waiting.isError ? (
          <p role="alert" className="error">{tillFailureWords(waiting.error, words)}</p>
        ) : waiting.isPending ? (
          <p>{t('wallet.loading')}</p>
        ) : scannable.length + connections.length === 0 ? (
          <p role="status">{t('wallet.home.nothing')}</p>
        ) : (
          <ul className="wallet-waiting">
            {scannable.map((request) => {
              const amount = formatMoney(request.remainingAmount, request.value.currency, language);
              return (
                <li key={request.id}>
                  <a href={`/sandbox/pay/${encodeURIComponent(request.id)}`}>
                    {t(request.preAuth ? 'wallet.home.authorise' : 'wallet.home.pay', { amount, merchant: request.merchantName })}
                  </a>
                  <span className="muted">{request.shortCode}</span>
                </li>
              );
            })}
            {connections.map((connection) => (
              <li key={connection.id}>
                <a href={`/sandbox/connect/${encodeURIComponent(connection.id)}`}>{t('wallet.home.connect', { wallet: REWARDS_WALLET.name, merchant: connection.merchantName })}</a>
              </li>
            ))}
          </ul>
        )}
      </section>
      <p>{t('wallet.home.codes')} <a href="/sandbox/codes">{t('wallet.myCodes')}</a></p>
    </main>
  );
}

// What a patron's phone shows after scanning a machine's sticker. A vending machine: pick a product, pay in
// Centrapay, then how the vend went ("Vended — enjoy", or refunded). A pump: authorise its fixed amount, then the
// final amount once the pump finished. The purchase in flight is kept in the page's address, so coming back from
// paying shows it.
import { useState } from 'react';
import type { MachineView, PumpView, VendStatus, VendView } from '../../domain/machine';
import { formatMoney } from '../../domain/money';
import { browserLanguage } from '../i18n/browser-language';
import { useWords, type Words } from '../i18n/i18n';
import { LanguageSwitch } from '../i18n/language-switch';
import { useScreenLanguage } from '../i18n/use-screen-language';
import { useAuthorisePump } from './api/authorise-pump';
import { useBuyProduct } from './api/buy-product';
import { useMachine } from './api/get-machine';
import { usePump } from './api/get-pump';
import { useVend } from './api/get-vend';
import { fromUrl, machineFailureWords, rememberInUrl } from './machine-words';
import './machines.css';

export function MachinePatronPage({ machineId }: { machineId: string }) {
  useScreenLanguage(browserLanguage());
  const words = useWords();
  const machine = useMachine(machineId);
  if (machine.isPending) return <main className="wallet machine-patron"><p>{words.t('machines.loading')}</p></main>;
  if (machine.isError) return <main className="wallet machine-patron"><p role="alert" className="error">{machineFailureWords(machine.error, words)}</p></main>;
  return (
    <main className="wallet machine-patron">
      <LanguageSwitch size="small" />
      <h1>{machine.data.name}</h1>
      {machine.data.kind === 'pump' ? <Pump machine={machine.data} words={words} /> : <Vending machine={machine.data} words={words} />}
    </main>
  );
}

function Vending({ machine, words }: { machine: MachineView; words: Words }) {
  const { t, language } = words;
  const [vendId, setVendId] = useState(() => fromUrl('vend'));
  const buy = useBuyProduct(machine.id, (vend) => {
    rememberInUrl('vend', vend.id);
    setVendId(vend.id);
    if (vend.url) window.location.assign(vend.url);
  });
  if (vendId) return <VendResult vendId={vendId} words={words} onAnother={() => { setVendId(null); buy.reset(); }} />;
  return (
    <section aria-labelledby="pick">
      <h2 id="pick">{t('machines.pick')}</h2>
      <ul className="machine-products">
        {machine.products.map((product) => (
          <li key={product.sku}>
            <button type="button" disabled={buy.isPending} onClick={() => buy.mutate(product.sku)} aria-label={t('machines.buy', { name: product.name })}>
              <span>{product.name}</span> <strong>{formatMoney(product.price, machine.currency, language)}</strong>
            </button>
          </li>
        ))}
      </ul>
      {buy.isPending && <p role="status">{t('machines.starting')}</p>}
      {buy.error && <p role="alert" className="error">{machineFailureWords(buy.error, words)}</p>}
    </section>
  );
}

const VEND_WORDS: Record<VendStatus, 'pending' | 'vending' | 'vended' | 'refunding' | 'refunded' | 'refundFailed' | 'unpaid' | 'failed'> = {
  creating: 'pending', pending: 'pending', vending: 'vending', vended: 'vended', refunding: 'refunding', refunded: 'refunded',
  'refund-failed': 'refundFailed', unpaid: 'unpaid', failed: 'failed',
};

function VendResult({ vendId, words, onAnother }: { vendId: string; words: Words; onAnother: () => void }) {
  const { t, language } = words;
  const vend = useVend(vendId);
  if (vend.isPending) return <p>{t('machines.loading')}</p>;
  if (vend.isError) return <p role="alert" className="error">{machineFailureWords(vend.error, words)}</p>;
  const current: VendView = vend.data;
  const done = !['creating', 'pending', 'vending', 'refunding'].includes(current.status);
  return (
    <section className="machine-result">
      <p className="wallet-amount">{current.name} · {formatMoney(current.amount, current.currency, language)}</p>
      <p role="status" className={`wallet-status vend-${current.status}`}>{t(`machines.status.${VEND_WORDS[current.status]}`, { name: current.name })}</p>
      {current.status === 'pending' && current.url && <p><a className="pay-button" href={current.url}>{t('machines.payNow', { amount: formatMoney(current.amount, current.currency, language) })}</a></p>}
      {current.shortCode && <p className="muted">{t('common.reference', { code: current.shortCode })}</p>}
      {done && <button type="button" onClick={onAnother}>{t('machines.another')}</button>}
    </section>
  );
}

function Pump({ machine, words }: { machine: MachineView; words: Words }) {
  const { t, language } = words;
  const [holdId, setHoldId] = useState(() => fromUrl('hold'));
  const amount = formatMoney(machine.authoriseAmount ?? '0', machine.currency, language);
  const authorise = useAuthorisePump(machine.id, (pump) => {
    rememberInUrl('hold', pump.holdId);
    setHoldId(pump.holdId);
    if (pump.url) window.location.assign(pump.url);
  });
  if (holdId) return <PumpResult machineId={machine.id} holdId={holdId} words={words} />;
  return (
    <section>
      <p>{t('machines.pump.explain', { amount })}</p>
      <button type="button" className="pay-button" disabled={authorise.isPending} onClick={() => authorise.mutate()}>{t('machines.pump.authorise', { amount })}</button>
      {authorise.isPending && <p role="status">{t('machines.starting')}</p>}
      {authorise.error && <p role="alert" className="error">{machineFailureWords(authorise.error, words)}</p>}
    </section>
  );
}

function PumpResult({ machineId, holdId, words }: { machineId: string; holdId: string; words: Words }) {
  const { t, language } = words;
  const pump = usePump(machineId, holdId);
  if (pump.isPending) return <p>{t('machines.loading')}</p>;
  if (pump.isError) return <p role="alert" className="error">{machineFailureWords(pump.error, words)}</p>;
  const current: PumpView = pump.data;
  const money = (cents: string) => formatMoney(cents, current.currency, language);
  if (current.finished) {
    return (
      <section className="machine-result">
        <p role="status" className="wallet-amount">{t('machines.pump.finalAmount', { amount: money(current.confirmed) })}</p>
        {current.released && <p>{t('machines.pump.released', { amount: money(current.released) })}</p>}
        {current.invoiceRef && <p className="muted">{t('machines.pump.invoice', { ref: current.invoiceRef })}</p>}
      </section>
    );
  }
  if (current.status === 'pending' || current.status === 'opening') {
    return (
      <section className="machine-result">
        <p role="status">{t('machines.pump.waiting')}</p>
        {current.url && <p><a className="pay-button" href={current.url}>{t('machines.pump.approve')}</a></p>}
      </section>
    );
  }
  if (current.status === 'authorized') return <p role="status" className="wallet-status">{t('machines.pump.authorised')}</p>;
  if (current.status === 'expired') return <p role="status">{t('machines.pump.expired')}</p>;
  return <p role="status">{t('machines.pump.notAuthorised')}</p>;
}

// The customer-facing display: read-only. Under the merchant's name on every screen, it shows the lane's cart, the QR
// code to connect a wallet or to pay, the offers a wallet applied and what is still owed, and the result (after a paid
// sale, a thank-you), then goes back to its attract screen.
import { lazy, memo, useMemo } from 'react';
import type { PaymentRequest } from '../../domain/centrapay';
import type { LaneConnection, LaneState } from '../../domain/lane';
import { laneTabShown } from '../../domain/lane-tab';
import { DEFAULT_LANGUAGE } from '../../domain/language';
import { usePosConfig, type PosConfig } from '../config/api/get-config';
import { useWakeLock } from '../lib/use-wake-lock';
import { isUnknownLane, useLaneState } from '../lane/api/get-lane-state';
import { useLaneEvents } from '../lane/api/use-lane-events';
import { laneFromLocation } from '../lib/lane-param';
import { useServerNow } from '../lib/use-now';
import { CentrapayQr } from '../ui/centrapay-qr';
import { Money } from '../ui/money';
import { AttractScreen } from './attract-screen';
import { BrandBar } from './brand-bar';
import { DisplayCart } from './display-cart';
import { ReceiptQr } from './receipt-qr';
import { ThanksScreen } from './thanks-screen';
import { TabScreen, tabShown } from './tab-screen';
import { chooseDisplayLane, useRememberDisplayLane } from './display-lane';
import { useDisplayLaneStore } from './display-lane-store';
import { ReconnectingNotice } from './reconnecting-notice';
import { withOwnResultSeconds } from './result-seconds';
import { changeOwed, discountLabel, paidLines, patronOutcomeDetail, patronResultTitle } from '../ui/payment-words';
import { ShownByClock, TimeLeft } from '../ui/clock';
import { amountStillOwed, conditionsAwaitingCashier, notPaidYet, owingRequest, salePhase } from '../../domain/sale';
import { discountTotals, saleTally, type SaleTally } from '../../domain/sale-tally';
import { displayConditionWords, displayScreen, displayStepWords } from '../ui/sale-state';
import { useWords } from '../i18n/i18n';
import { LanguageSwitch } from '../i18n/language-switch';
import { tillFailureWords, patronNoteWords } from '../i18n/patron-words';
import { useScreenLanguage } from '../i18n/use-screen-language';
import { useForgetLanguageAfterSale } from './language-after-sale';

// A display set up for its lane never shows the setup screen: that screen's code is fetched only when it is shown.
const DisplaySetup = lazy(() => import('./display-setup').then((module) => ({ default: module.DisplaySetup })));

export function DisplayPage() {
  const config = usePosConfig();
  const remembered = useDisplayLaneStore((state) => state.lane);
  const lane = config.data ? chooseDisplayLane(laneFromLocation(undefined), remembered, config.data.lanes) : null;
  useRememberDisplayLane(lane, config.data?.lanes);
  useScreenLanguage(config.data?.displayLanguage ?? DEFAULT_LANGUAGE);
  const words = useWords();
  if (config.isError) return <main className="display display-message" role="alert">{tillFailureWords(config.error, words)}</main>;
  if (!config.data) return <main className="display display-message">{words.t('display.connecting')}</main>;
  if (!lane) return <DisplaySetup lanes={config.data.lanes} />;
  return <Display lane={lane} config={config.data} />;
}

function Display({ lane, config }: { lane: string; config: PosConfig }) {
  const brand = <BrandBar merchantName={config.merchantName} logoUrl={config.merchantLogoUrl} />;
  useWakeLock();
  const laneState = useLaneState(lane);
  const unknown = isUnknownLane(laneState.error);
  useLaneEvents(lane, !unknown);
  const now = useServerNow(laneState.data?.serverTime, 500);
  const words = useWords();
  // This display's own result time, when it was opened with one (?resultSeconds=…), for the sale and the tab alike.
  // The same object while the lane is unchanged: its screens are drawn again only when it changes.
  const shown = useMemo(() => (laneState.data ? withOwnResultSeconds(laneState.data) : undefined), [laneState.data]);
  const screen = shown ? displayScreen(shown, now) : 'idle';
  const tab = shown ? laneTabShown(shown.tab, now, shown.resultSeconds) : null;
  useForgetLanguageAfterSale({ screen, phase: laneState.data ? salePhase(laneState.data) : 'open' });

  // A wrong address: set this display up for one of the till's lanes instead (never a kiosk's).
  if (unknown) return <DisplaySetup lanes={config.lanes} problem={words.t('display.setup.unknownLane', { lane })} />;
  if (!shown) {
    return (
      <main className="display display-message" role={laneState.isError ? 'alert' : undefined}>
        {brand}
        {laneState.isError ? tillFailureWords(laneState.error, words) : words.t('display.connecting')}
      </main>
    );
  }
  return (
    <main className="display" data-screen={tabShown(tab, screen) ? 'tab' : screen} aria-live="polite">
      {brand}
      <LanguageSwitch />
      <ReconnectingNotice lane={lane} read={laneState} />
      <DisplayScreens state={shown} now={now} config={config} />
    </main>
  );
}

/** What the display shows of a lane's state at `now`: the screens a patron reads (the tab's, or the sale's). */
export function DisplayScreens({ state, now, config }: { state: LaneState; now: number; config: Pick<PosConfig, 'logoUrl' | 'merchantName' | 'slides'> }) {
  const { logoUrl, merchantName } = config;
  const screen = displayScreen(state, now);
  const tab = laneTabShown(state.tab, now, state.resultSeconds);
  if (tabShown(tab, screen)) return <TabScreen tab={tab} logoUrl={logoUrl} />;
  return (
    <>
      {screen === 'idle' && <AttractScreen slides={config.slides} minute={now - (now % 60_000)} />}
      {/* One element from the first item to the QR code: the cart stays as it was drawn, and Pay, then the code, only add
          the side beside it. */}
      {(screen === 'cart' || screen === 'starting' || (screen === 'pay' && state.payment)) && (
        <SaleScreen state={state} stage={screen} logoUrl={logoUrl} />
      )}
      {screen === 'connect' && state.connection && <ConnectScreen state={state} connection={state.connection} logoUrl={logoUrl} />}
      {screen === 'collect' && <CollectScreen state={state} />}
      {screen === 'result' && <ResultScreen state={state} />}
      {screen === 'result' && <ReceiptQr state={state} />}
      {screen === 'thanks' && <ThanksScreen merchantName={merchantName} />}
    </>
  );
}

function ConnectScreen({ state, connection, logoUrl }: { state: LaneState; connection: LaneConnection; logoUrl: string }) {
  const { t } = useWords();
  return (
    <div className="display-pay">
      <div className="display-pay-cart">
        <h1>{t('display.order')}</h1>
        <DisplayCart cart={state.cart} total={state.total} />
      </div>
      <div className="display-pay-qr">
        <p className="amount-due">{t('display.connect.title')}</p>
        <CentrapayQr url={connection.url} label={t('display.connect.qrLabel')} logoUrl={logoUrl} />
        <p className="scan-hint">{t('display.connect.hint')}</p>
        <p className="time-left">{t('display.timeLeft')} <TimeLeft expiresAt={connection.expiresAt} serverTime={state.serverTime} /></p>
      </div>
    </div>
  );
}

/**
 * The sale at the counter: the cart as it is rung up (`cart`), Pay pressed (`starting`: the request is being made, so
 * there is no QR code to scan yet), then the live request (`pay`). The cart column is the same element throughout, so
 * Pay and the QR code's arrival redraw only the side they are on; its countdown ticks by itself, so the screen is drawn
 * again only when the lane changes.
 */
const SaleScreen = memo(function SaleScreen({ state, stage, logoUrl }: { state: LaneState; stage: 'cart' | 'starting' | 'pay'; logoUrl: string }) {
  const paymentRequest = stage === 'pay' ? state.payment?.paymentRequest : undefined;
  const linked = stage !== 'cart' && state.connection?.outcome === 'linked' ? state.connection : null;
  const wallet = linked && (!paymentRequest || paymentRequest.connectionId === linked.id) ? linked : null;
  const { t } = useWords();
  return (
    <div className={stage === 'cart' ? 'display-pay display-pay-cart-only' : 'display-pay'}>
      <div className="display-pay-cart">
        {wallet && <WalletConnected walletName={wallet.walletName} />}
        <h1>{t('display.order')}</h1>
        <DisplayCart cart={state.cart} total={state.total} tally={stage === 'cart' ? null : saleTally(state)} />
      </div>
      {stage !== 'cart' && (
        <div className="display-pay-qr">
          {paymentRequest ? <RequestSide state={state} paymentRequest={paymentRequest} wallet={wallet !== null} logoUrl={logoUrl} /> : <StartingSide state={state} />}
        </div>
      )}
    </div>
  );
});

/** The request is being made: what is due, and that it is starting. */
function StartingSide({ state }: { state: LaneState }) {
  const words = useWords();
  return (
    <>
      <p className="amount-due">{words.t('display.amountDue')} <strong data-testid="amount-due"><Money cents={state.order?.total ?? state.total} /></strong></p>
      <p className="display-step" role="status" data-testid="display-step">{displayStepWords(state, words)}</p>
    </>
  );
}

/** The live request: what is still due (what was paid of the sale is in the cart beside it), and the QR code to pay it (or why not to scan now). */
function RequestSide({ state, paymentRequest, wallet, logoUrl }: { state: LaneState; paymentRequest: PaymentRequest; wallet: boolean; logoUrl: string }) {
  const words = useWords();
  const { t } = words;
  const step = displayStepWords(state, words);
  const check = displayConditionWords(state, words);
  const heldForCashier = conditionsAwaitingCashier(state).length > 0;
  const code = state.order?.kind === 'code' ? state.order.code : null;
  return (
    <>
      <p className="amount-due">
        {wallet || state.parts.length + state.counter.length > 0 ? t('common.stillToPay') : t('display.amountDue')}{' '}
        <strong data-testid="amount-due"><Money cents={paymentRequest.remainingAmount ?? paymentRequest.value.amount} currency={paymentRequest.value.currency} /></strong>
      </p>
      {check && <p className="display-check" role="status" data-testid="display-check">{check}</p>}
      {/* While the till cancels the request or records a payment on it, nobody should scan it. */}
      {step ? (
        <p className="display-step" role="status" data-testid="display-step">{step}</p>
      ) : heldForCashier ? (
        // Centrapay takes no payment until the cashier has checked (§6.9): nothing to scan or approve meanwhile.
        <p className="scan-hint" data-testid="display-then-pay">{t('display.check.thenPay')}</p>
      ) : code ? (
        <>
          {/* The customer showed a code: the request waits in their app, so there is nothing to scan here. */}
          <p className="approve-hint" data-testid="approve-hint">{t('display.pay.approveHint')}</p>
          <ShownByClock shown={(now) => notPaidYet(state, now)} serverTime={state.serverTime}><p className="display-hint" data-testid="display-not-paid-yet">{t('display.pay.troublePaying')}</p></ShownByClock>
          <p className="muted">{code.displayName} · {code.masked}</p>
          <p className="time-left">{t('display.timeLeft')} <TimeLeft expiresAt={paymentRequest.expiresAt} serverTime={state.serverTime} /></p>
        </>
      ) : (
        <>
          <CentrapayQr url={paymentRequest.url} label={t('display.pay.qrLabel')} logoUrl={logoUrl} />
          <p className="scan-hint">{wallet ? t('display.pay.restHint') : t('display.pay.hint')}</p>
          <ShownByClock shown={(now) => notPaidYet(state, now)} serverTime={state.serverTime}><p className="display-hint" data-testid="display-not-paid-yet">{t('display.pay.troublePaying')}</p></ShownByClock>
          <p className="time-left">{t('display.timeLeft')} <TimeLeft expiresAt={paymentRequest.expiresAt} serverTime={state.serverTime} /></p>
        </>
      )}
    </>
  );
}

/** The wallet the patron connected, by the name it gave. */
function WalletConnected({ walletName }: { walletName: string | null }) {
  const { t } = useWords();
  return <p className="wallet-connected" data-testid="wallet-connected">{t('display.walletConnected', { wallet: walletName ?? t('display.yourWallet') })}</p>;
}

/** Paid in part (a voucher, a card, cash at the counter): the cart lists what paid; the rest is taken at the counter. */
function CollectScreen({ state }: { state: LaneState }) {
  // The request that paid part, if any: a sale begun at the counter has none.
  const owing = owingRequest(state);
  const words = useWords();
  const { t } = words;
  const step = displayStepWords(state, words);
  return (
    <div className="display-pay display-collect">
      <div className="display-pay-cart">
        <h1>{t('display.order')}</h1>
        <DisplayCart cart={state.cart} total={state.total} tally={saleTally(state)} />
      </div>
      <div className="display-pay-qr">
        <p className="amount-due">
          {t('common.stillToPay')} <strong data-testid="amount-due"><Money cents={amountStillOwed(state) ?? '0'} currency={owing?.paymentRequest.value.currency} /></strong>
        </p>
        {step ? <p className="display-step" role="status" data-testid="display-step">{step}</p> : <p>{t('display.payRestAtCounter')}</p>}
      </div>
    </div>
  );
}

/** The change the customer is owed for their cash, large enough to read across the counter. */
function ChangeLine({ state }: { state: LaneState }) {
  const change = changeOwed(state);
  const { t } = useWords();
  return change ? <p className="change-due" data-testid="change-due">{t('display.change')} <strong><Money cents={change} /></strong></p> : null;
}

/** What came off the sale: the wallet's offers and the Card Partner discount the customer's Farmlands card got them. */
function DiscountLines({ tally }: { tally: SaleTally }) {
  const words = useWords();
  return discountTotals(tally).map((discount, index) => (
    <p key={index} className="discount-given" data-testid="display-discount">
      {discountLabel(discount, words)} <strong>−<Money cents={discount.amount} /></strong>
    </p>
  ));
}

/** What paid for the sale, each tender by name. */
function PaidByList({ tally }: { tally: SaleTally }) {
  const words = useWords();
  return <ul className="paid-by" aria-label={words.t('common.paidBy')}>{paidLines(tally, words).map((line, index) => <li key={index}>{line}</li>)}</ul>;
}

function ResultScreen({ state }: { state: LaneState }) {
  const { payment, settlement, connection } = state;
  const words = useWords();
  const { t } = words;
  const tally = saleTally(state);
  if (settlement) {
    // Either the whole sale at the counter (no wallet), or the rest after a part paid through Centrapay.
    const paidPart = payment?.outcome === 'paid' ? payment : null;
    return (
      <div className="display-result result-paid" role="status">
        <h1>{paidPart || state.parts.length > 0 ? t('payment.paid') : t('display.result.thankYou')}</h1>
        <PaidByList tally={tally} />
        <ChangeLine state={state} />
        <DiscountLines tally={tally} />
      </div>
    );
  }
  if (!payment) {
    return (
      <div className="display-result result-cancelled" role="status">
        <h1>{connection?.outcome === 'expired' ? t('display.result.walletNotConnected') : t('payment.cancelled')}</h1>
        {connection?.notice && <p>{patronNoteWords(connection.notice, words)}</p>}
      </div>
    );
  }
  const detail = payment.outcome === 'paid' ? null : patronOutcomeDetail(payment, state.order?.code ?? null, words);
  return (
    <div className={`display-result result-${payment.outcome}`} role="status">
      <h1>{patronResultTitle(payment.outcome, words)}</h1>
      {payment.outcome === 'paid' && <PaidByList tally={tally} />}
      {payment.outcome === 'paid' && <ChangeLine state={state} />}
      {payment.outcome === 'paid' && <DiscountLines tally={tally} />}
      {detail && <p>{detail}</p>}
      {payment.outcome !== 'paid' && state.cart.length > 0 && (
        <div className="result-cart"><DisplayCart cart={state.cart} total={state.total} /></div>
      )}
      <p className="muted">{t('common.reference', { code: payment.paymentRequest.shortCode })}</p>
    </div>
  );
}

// The self-checkout kiosk (/kiosk?lane=…): the patron builds their own cart on a touch screen and pays by the
// Centrapay QR on this screen or a code they present; the result shows, then the attract screen returns. Whatever it
// shows is read off its lane's state (a reload mid-payment shows that payment); every command goes to the server,
// which decides. Nothing leads off the kiosk: no links, no text selection, no context menu, no cashier functions; a
// staff code opens a small staff panel. A patron who walks away is asked whether they are still there, then the
// kiosk starts over (any payment under way voided by the server).
import { useCallback, useEffect, useState } from 'react';
import { DEFAULT_LANGUAGE } from '../../domain/language';
import { usePosConfig, type PosConfig } from '../config/api/get-config';
import { isUnknownLane, useLaneState } from '../lane/api/get-lane-state';
import { useLaneEvents } from '../lane/api/use-lane-events';
import { useWords } from '../i18n/i18n';
import { useLanguageStore } from '../i18n/language-store';
import { LanguageSwitch } from '../i18n/language-switch';
import { tillFailureWords } from '../i18n/patron-words';
import { useScreenLanguage } from '../i18n/use-screen-language';
import { laneFromLocation } from '../lib/lane-param';
import { useWakeLock } from '../lib/use-wake-lock';
import { useStartOver } from './api/start-over';
import { CodeScreen } from './code-screen';
import { FRESH_VIEW, kioskScreen, type KioskView } from './kiosk-screen';
import { useKioskStore } from './kiosk-store';
import { CollectScreen, PayScreen, ResultScreen, WaitScreen } from './payment-screens';
import { ShopScreen } from './shop-screen';
import { StaffPanel } from './staff-panel';
import { useIdle } from './use-idle';
import './kiosk.css';

export function KioskPage() {
  const config = usePosConfig();
  useScreenLanguage(config.data?.displayLanguage ?? DEFAULT_LANGUAGE);
  useKioskLockdown();
  const words = useWords();
  const lane = laneFromLocation(undefined);
  if (config.isError) return <main className="kiosk kiosk-message" role="alert">{tillFailureWords(config.error, words)}</main>;
  if (!config.data) return <main className="kiosk kiosk-message">{words.t('display.connecting')}</main>;
  if (!lane || !config.data.kiosks.some((kiosk) => kiosk.id === lane)) return <main className="kiosk kiosk-message" role="alert">{words.t('kiosk.notKiosk')}</main>;
  return <Kiosk lane={lane} config={config.data} />;
}

function Kiosk({ lane, config }: { lane: string; config: PosConfig }) {
  useWakeLock();
  const laneState = useLaneState(lane);
  useLaneEvents(lane, !isUnknownLane(laneState.error));
  const paired = useKioskStore((state) => Boolean(state.tokens[lane]));
  const words = useWords();
  const [view, setView] = useState<KioskView>(FRESH_VIEW);
  const startOver = useStartOver(lane);
  const screen = laneState.data ? kioskScreen(laneState.data, view) : 'attract';

  const { mutate: startOverMutate } = startOver;
  const begin = useCallback(() => {
    setView(FRESH_VIEW);
    useLanguageStore.getState().forget();
    startOverMutate(undefined);
  }, [startOverMutate]);
  const secondsLeft = useIdle(paired && screen !== 'attract', config.kioskIdleSeconds, begin);

  let body;
  if (!laneState.data) {
    body = <p className="kiosk-message" role={laneState.isError ? 'alert' : undefined}>{laneState.isError ? tillFailureWords(laneState.error, words) : words.t('display.connecting')}</p>;
  } else if (!paired) {
    body = <p className="kiosk-message" role="alert">{words.t('kiosk.staff.notSetUp')}</p>;
  } else {
    const state = laneState.data;
    body = (
      <>
        {screen === 'attract' && <Attract merchantName={config.merchantName} onStart={() => setView({ ...FRESH_VIEW, started: true })} />}
        {screen === 'shop' && <ShopScreen lane={lane} state={state} onCode={() => setView((before) => ({ ...before, enteringCode: true }))} onStartOver={begin} />}
        {screen === 'code' && <CodeScreen lane={lane} state={state} onBack={() => setView((before) => ({ ...before, enteringCode: false }))} />}
        {screen === 'wait' && <WaitScreen lane={lane} state={state} />}
        {screen === 'pay' && <PayScreen lane={lane} state={state} logoUrl={config.logoUrl} />}
        {screen === 'collect' && <CollectScreen lane={lane} state={state} onCode={() => setView((before) => ({ ...before, enteringCode: true }))} onStartOver={begin} />}
        {screen === 'result' && (
          <ResultScreen state={state} onDone={begin} onBack={() => setView((before) => ({ ...before, started: true, enteringCode: false, dismissed: state.order?.ref ?? null }))} />
        )}
        {startOver.isError && <p className="error" role="alert">{tillFailureWords(startOver.error, words)}</p>}
      </>
    );
  }
  return (
    <main className="kiosk" data-screen={paired ? screen : 'not-set-up'}>
      <div className="kiosk-top">
        <StaffPanel lane={lane} state={laneState.data} onReset={() => setView(FRESH_VIEW)} />
        <LanguageSwitch size="small" />
      </div>
      {body}
      {secondsLeft !== null && <StillTherePrompt secondsLeft={secondsLeft} />}
    </main>
  );
}

function Attract({ merchantName, onStart }: { merchantName: string | null; onStart: () => void }) {
  const { t } = useWords();
  return (
    <div className="kiosk-attract">
      {merchantName && <p className="kiosk-merchant">{merchantName}</p>}
      <h1>{t('kiosk.attract.title')}</h1>
      <button type="button" className="kiosk-start" onClick={onStart}>{t('kiosk.attract.touch')}</button>
      <p className="kiosk-attract-hint">{t('kiosk.attract.hint')}</p>
    </div>
  );
}

/** Any touch answers it (the idle time starts again); the button is there to be touched. */
function StillTherePrompt({ secondsLeft }: { secondsLeft: number }) {
  const { t } = useWords();
  return (
    <div className="kiosk-overlay" role="alertdialog" aria-modal="true" aria-labelledby="kiosk-still-there" aria-describedby="kiosk-still-there-countdown">
      <div className="kiosk-dialog">
        <h2 id="kiosk-still-there">{t('kiosk.idle.title')}</h2>
        <p id="kiosk-still-there-countdown" data-testid="idle-countdown">{t('kiosk.idle.countdown', { seconds: secondsLeft })}</p>
        <button type="button" className="kiosk-primary" autoFocus>{t('kiosk.idle.stillHere')}</button>
      </div>
    </div>
  );
}

/** Nothing on the kiosk leads anywhere else: no context menu, no dragging things out, no text to select. */
function useKioskLockdown(): void {
  useEffect(() => {
    const block = (event: Event) => event.preventDefault();
    document.addEventListener('contextmenu', block);
    document.addEventListener('dragstart', block);
    document.addEventListener('selectstart', block);
    return () => {
      document.removeEventListener('contextmenu', block);
      document.removeEventListener('dragstart', block);
      document.removeEventListener('selectstart', block);
    };
  }, []);
}

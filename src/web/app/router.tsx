// The route table: which page each address shows.
import { lazy } from 'react';

/** A patron's page's code with the words of those pages (en-NZ-pages.ts), which the display never loads. */
function withPageWords<Page>(load: () => Promise<Page>): () => Promise<Page> {
  return () => Promise.all([load(), import('../i18n/i18n').then((i18n) => i18n.loadPageWords())]).then(([page]) => page);
}

// Each screen is its own chunk: a display never loads the cashier's code, nor the other pages' words.
const CashierPage = lazy(() => import('./cashier-with-tabs').then((m) => ({ default: m.CashierWithTabs })));
const HistoryPage = lazy(() => import('./history-with-tabs').then((m) => ({ default: m.HistoryWithTabs })));
const TabPage = lazy(() => import('../tabs/tab-page').then((m) => ({ default: m.TabPage })));
const SalePage = lazy(() => import('../cashier/sale-page').then((m) => ({ default: m.SalePage })));
const SettingsPage = lazy(() => import('../cashier/settings-page').then((m) => ({ default: m.SettingsPage })));
const EndOfDayPage = lazy(() => import('../cashier/end-of-day-page').then((m) => ({ default: m.EndOfDayPage })));
const DisplayPage = lazy(() => import('../display/display-page').then((m) => ({ default: m.DisplayPage })));
const KioskPage = lazy(withPageWords(() => import('../kiosk/kiosk-page').then((m) => ({ default: m.KioskPage }))));
const PairPage = lazy(() => import('../display/pair-page').then((m) => ({ default: m.PairPage })));
const PayPage = lazy(withPageWords(() => import('../wallet/pay-page').then((m) => ({ default: m.PayPage }))));
const ConnectPage = lazy(withPageWords(() => import('../wallet/connect-page').then((m) => ({ default: m.ConnectPage }))));
const CodesPage = lazy(withPageWords(() => import('../wallet/codes-page').then((m) => ({ default: m.CodesPage }))));
const MachineQrPage = lazy(withPageWords(() => import('../machines/machine-qr-page').then((m) => ({ default: m.MachineQrPage }))));
const MachinePatronPage = lazy(withPageWords(() => import('../machines/machine-patron-page').then((m) => ({ default: m.MachinePatronPage }))));
const MachineSimulatorPage = lazy(() => import('../machines/machine-simulator-page').then((m) => ({ default: m.MachineSimulatorPage })));
const HomePage = lazy(() => import('../home/home-page').then((m) => ({ default: m.HomePage })));
const WalletPage = lazy(withPageWords(() => import('../wallet/wallet-page').then((m) => ({ default: m.WalletPage }))));
const ReceiptPage = lazy(withPageWords(() => import('../receipt/receipt-page').then((m) => ({ default: m.ReceiptPage }))));

export function Router() {
  const path = window.location.pathname.replace(/\/+$/, '') || '/';
  const pay = /^\/sandbox\/pay\/([^/]+)$/.exec(path);
  if (pay?.[1]) return <PayPage paymentRequestId={decodeURIComponent(pay[1])} />;
  const connect = /^\/sandbox\/connect\/([^/]+)$/.exec(path);
  if (connect?.[1]) return <ConnectPage connectionId={decodeURIComponent(connect[1])} />;
  if (path === '/sandbox/codes') return <CodesPage />;
  if (path === '/sandbox/wallet') return <WalletPage />;
  const receipt = /^\/receipt\/(.+)$/.exec(path);
  if (receipt?.[1]) return <ReceiptPage token={receipt[1]} />;
  if (path === '/display') return <DisplayPage />;
  if (path === '/kiosk') return <KioskPage />;
  const pair = /^\/pair(?:\/([^/]+))?$/.exec(path);
  if (pair) return <PairPage code={pair[1] && decodeURIComponent(pair[1])} />;
  if (path === '/cashier') return <CashierPage />;
  if (path === '/history') return <HistoryPage />;
  const tab = /^\/history\/tabs\/([^/]+)$/.exec(path);
  if (tab?.[1]) return <TabPage holdId={decodeURIComponent(tab[1])} />;
  const sale = /^\/history\/([^/]+)$/.exec(path);
  if (sale?.[1]) return <SalePage saleRef={decodeURIComponent(sale[1])} />;
  if (path === '/reports') return <EndOfDayPage />;
  if (path === '/settings') return <SettingsPage />;
  const machine = /^\/machines\/([^/]+)(?:\/(qr|pay))?$/.exec(path);
  if (machine?.[1]) {
    const id = decodeURIComponent(machine[1]);
    if (machine[2] === 'qr') return <MachineQrPage machineId={id} />;
    if (machine[2] === 'pay') return <MachinePatronPage machineId={id} />;
    return <MachineSimulatorPage machineId={id} />;
  }
  return <HomePage />;
}

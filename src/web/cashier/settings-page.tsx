// /settings?lane=…: the cashier's settings page, for an authorised cashier screen only (CashierGate asks any other
// screen for the store's cashier code, or says it may not): the pre-flight checks of its store.
import { CashierGate } from '../till/cashier-gate';
import { TillHeader } from '../till/till-header';
import { PreflightPanel } from './preflight-panel';

export function SettingsPage() {
  return (
    <CashierGate purpose="see this till’s settings">
      {(lane, config) => (
        <div className="cashier settings">
          <TillHeader lane={lane} lanes={config.lanes} title="Settings" current="settings" />
          <main className="till-page">
            <PreflightPanel />
          </main>
        </div>
      )}
    </CashierGate>
  );
}

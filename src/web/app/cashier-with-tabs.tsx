// /cashier: the till's screen (the cashier feature) with the bar tabs panel (the tabs feature) beside its cart.
import { CashierPage } from '../cashier/cashier-page';
import { TabPanel } from '../tabs/tab-panel';

export function CashierWithTabs() {
  return <CashierPage cartPanel={(sale) => <TabPanel {...sale} />} />;
}

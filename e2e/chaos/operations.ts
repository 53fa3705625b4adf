// The workers: one per lane of each gateway, taking the run's tickets one at a time. Each ticket is an operation the
// dealer hands out (flows.ts) among what is possible for this worker now: a sale on its lane, a refund or void of a
// finished paid sale from its gateway's history, a bar tab on its lane, a pump's authorisation or a vend at one of
// its gateway's machines that nobody else is using.
import { driveAfterSale } from './after-sale';
import { driveSale, freeTheLane } from './cashier';
import type { Flow, Operation } from './flows';
import { drivePump, driveVend } from './machines';
import { bump, log } from './stats';
import { driveTab } from './tabs';
import { GatewayDown } from './till';
import type { Worker } from './workplace';

/** Drives operations until the tickets run out; returns when the worker's last one has ended. */
export async function driveWorker(worker: Worker): Promise<void> {
  const { till, lane, place } = worker;
  const gateway = till.gateway.name;
  try {
    for (let ticket = place.takeTicket(); ticket !== null; ticket = place.takeTicket()) {
      const operation = place.dealer.next((flow) => possible(worker, flow));
      const stats = place.stats.byFlow[operation.flow];
      stats.driven += 1;
      bump(stats.variants, operation.variant);
      place.stats.opsStarted += 1;
      const began = Date.now();
      const outcome = await drive(worker, operation);
      stats.ms.push(Date.now() - began);
      place.stats.opsEnded += 1;
      place.dealer.done(operation, outcome.reached);
      if (outcome.reached) bump(stats.reached, operation.variant);
      if (!outcome.goOn) return;
    }
  } catch (error) {
    if (!(error instanceof GatewayDown)) throw error;
    place.stats.abandoned.push({ gateway, lane, ref: null, phase: 'unknown', detail: error.message });
    log(`worker ${gateway}/${lane}: ${error.message}`);
  }
}

function possible(worker: Worker, flow: Flow): boolean {
  const { place, till } = worker;
  const gateway = till.gateway.name;
  switch (flow) {
    case 'refund':
    case 'void':
      return place.sales.possible(gateway, flow === 'void');
    case 'pump':
      return place.machines.free(gateway, 'pump').length > 0;
    case 'vend':
      return place.machines.free(gateway, 'vending').length > 0;
    default:
      return true;
  }
}

/** One operation. `goOn` is false when the worker's lane could not be brought to an end (reported). */
async function drive(worker: Worker, operation: Operation): Promise<{ reached: boolean; goOn: boolean }> {
  const { till, lane, place, random } = worker;
  switch (operation.flow) {
    case 'sale': {
      const driver = { till, lane, random, patrons: place.patrons, stats: place.stats, chaos: place.chaos, catalog: place.catalog };
      const { ended, paid } = await driveSale(driver, operation.variant === 'connect' ? 'connect' : 'qr');
      if (paid) place.sales.sawPaid(till.gateway.name);
      bump(place.stats.byFlow.sale.outcomes, ended ? (paid ? 'paid' : 'ended unpaid') : 'lane never ended');
      return { reached: ended, goOn: ended };
    }
    case 'refund':
    case 'void':
      return { reached: await driveAfterSale(worker, operation), goOn: true };
    case 'tab': {
      // A round is rung up in the lane's cart: the lane must be free of the last sale first.
      const driver = { till, lane, random, patrons: place.patrons, stats: place.stats, chaos: place.chaos, catalog: place.catalog };
      if (!(await freeTheLane(driver))) return { reached: false, goOn: false };
      return { reached: await driveTab(worker, operation), goOn: true };
    }
    case 'pump':
      return { reached: await drivePump(worker, operation), goOn: true };
    case 'vend':
      return { reached: await driveVend(worker, operation), goOn: true };
  }
}

// Unattended machines, as the patron's phone and the machine drive them through the gateway's API. A pump: the
// patron scans and authorises its fixed amount (the sandbox patron pays the pre-auth request in full), the machine
// (with its own key) waits for its job to show the authorisation, dispenses and finishes with the amount dispensed
// (confirm + release), sent again with the same amount when its answer was lost. A vend: the patron buys a product
// and pays; the machine sees the paid vend in its job and confirms it (`vended`), reports a jam (`failed`), or
// never confirms (the gateway must refund when VEND_TIMEOUT_SECONDS pass), or confirms too late.
import type { PumpView, VendView } from '../../src/domain/machine';
import type { HoldDrive, VendDrive } from './audit-model';
import type { Operation } from './flows';
import { bump, sleep, trace } from './stats';
import type { Reply } from './till';
import { answered, until, untilAnswered, type MachineSpec, type Worker } from './workplace';

const VEND_FINAL = new Set(['vended', 'refunded', 'refund-failed', 'unpaid', 'failed']);
const PUMP_ENDED = new Set(['released', 'cancelled', 'voided', 'expired', 'failed']);
/** A finish refused because Centrapay has not answered yet: sent again in a moment. */
const IN_FLIGHT = new Set(['CONFIRMATION_IN_FLIGHT', 'RETURN_IN_FLIGHT']);

interface Job {
  vend: { vendId: string } | null;
  pump: PumpView | null;
}

const requestIdOf = (url: string | null): string | null => (url ? /\/pay\/([^/?#]+)/.exec(url)?.[1] ?? null : null);

function claim(worker: Worker, kind: MachineSpec['kind']): MachineSpec | null {
  const { place, random, till } = worker;
  const free = random.shuffle(place.machines.free(till.gateway.name, kind));
  return free.find((machine) => place.machines.claim(machine)) ?? null;
}

async function job(worker: Worker, machine: MachineSpec): Promise<Job | null> {
  const reply = await worker.till.call<Job>('GET', `/api/machines/${machine.id}/job`, undefined, { machineKey: machine.key });
  return reply.status === 200 ? reply.body : null;
}

/** A pump's authorisation from the patron's scan to the machine's finish; true when it came to the variant's point. */
export async function drivePump(worker: Worker, operation: Operation): Promise<boolean> {
  const machine = claim(worker, 'pump');
  if (!machine) return false;
  const { till, place } = worker;
  const stats = place.stats.byFlow.pump;
  const drive: HoldDrive = { gateway: till.gateway.name, kind: 'pump', holdId: null, openAnswered: false, roundKeys: [], roundsConfirmed: [], finishedAmount: null, ended: null };
  place.stats.records.holdDrives.push(drive);
  try {
    const where = `${till.gateway.name}/${machine.id} pump:${operation.variant}`;
    const opened = await authorisePump(worker, machine, drive);
    trace(where, `authorise answered: ${opened?.holdId ?? 'no'} ${opened?.status ?? ''}`);
    if (!opened) {
      bump(stats.outcomes, 'never authorised');
      return false;
    }
    const view = (id: string) => till.call<PumpView>('GET', `/api/machines/${machine.id}/holds/${encodeURIComponent(id)}`, undefined, { cashier: false }).then((reply) => reply.body);
    const withUrl = await until(() => view(opened.holdId), (pump) => pump.url !== null || PUMP_ENDED.has(pump.status), 60_000);
    const requestId = requestIdOf(withUrl?.url ?? null);
    if (!requestId) return false;
    const signal = AbortSignal.timeout(60_000);
    await sleep(worker.random.int(200, 2_000));
    if (operation.variant === 'declined') {
      bump(place.stats.patron, `pump: alice declines: ${await place.patrons.aliceDeclines(requestId, signal)}`);
      const ended = await until(() => view(opened.holdId), (pump) => PUMP_ENDED.has(pump.status), 60_000);
      bump(stats.outcomes, `ended ${ended?.status ?? 'unreadable'}`);
      return ended?.status === 'cancelled';
    }
    bump(place.stats.patron, `pump: alice authorises: ${await place.patrons.alicePays(requestId, `alice-pump-${requestId}`, signal)}`);
    // The machine waits for its job to show the authorisation, then dispenses.
    const authorised = await until(() => job(worker, machine), (current) => current.pump?.holdId !== opened.holdId || current.pump.status !== 'pending', 60_000);
    const pump = await view(opened.holdId);
    if (pump?.status !== 'authorized' || authorised?.pump?.holdId !== opened.holdId) {
      bump(stats.outcomes, `not authorised: ${pump?.status ?? 'unreadable'}`);
      return false;
    }
    trace(where, 'authorised; dispensing');
    const finished = await finish(worker, machine, operation, drive, pump);
    trace(where, `finish answered: ${finished}`);
    const ended = await until(() => view(opened.holdId), (current) => current.finished, 60_000);
    bump(stats.outcomes, `ended ${ended?.status ?? 'unreadable'}${ended?.finished ? `, finished: ${ended.confirmed} taken, ${ended.released ?? '0'} released` : ', not finished'}`);
    return finished && ended?.finished === true;
  } finally {
    place.machines.release(machine);
  }
}

/**
 * The patron's scan. After a lost answer (or a pump busy with an authorisation nobody drives) the pump's own job
 * says which authorisation is in use: one waiting for the patron is theirs to approve (the pump shows its code), one
 * authorised and never finished the pump finishes with nothing dispensed.
 */
async function authorisePump(worker: Worker, machine: MachineSpec, drive: HoldDrive): Promise<PumpView | null> {
  const { till, place } = worker;
  const stats = place.stats.byFlow.pump;
  const deadline = Date.now() + 75_000;
  while (Date.now() < deadline) {
    let inFlight = true;
    place.chaos.pressed(till.gateway.name, 'pump: authorise', () => inFlight);
    const reply = await till.call<PumpView>('POST', `/api/machines/${machine.id}/holds`, {}, { cashier: false });
    inFlight = false;
    if (reply.status === 200 && reply.body) {
      drive.holdId = reply.body.holdId;
      drive.openAnswered = true;
      return reply.body;
    }
    if (answered(reply) && reply.code !== 'MACHINE_BUSY') {
      bump(stats.outcomes, `authorise refused: ${reply.code}`);
      return null;
    }
    if (!answered(reply)) await till.waitUp();
    const current = (await job(worker, machine))?.pump;
    if (current && (current.status === 'pending' || current.status === 'opening')) {
      bump(stats.outcomes, `authorise: ${reply.code ?? reply.status}; the pump shows one ${current.status}, approved`);
      drive.holdId = current.holdId;
      return current;
    }
    if (current?.status === 'authorized') {
      bump(stats.outcomes, 'finished an authorisation left over');
      await untilAnswered(place.stats, 'pump finish', () => till.call('POST', `/api/machines/${machine.id}/holds/${encodeURIComponent(current.holdId)}/finish`, { amount: '0' }, { machineKey: machine.key }), 4);
    }
    await sleep(1_000);
  }
  return null;
}

/** The machine's finish with what it dispensed; sent again (the same amount) until answered. */
async function finish(worker: Worker, machine: MachineSpec, operation: Operation, drive: HoldDrive, pump: PumpView): Promise<boolean> {
  const { till, place, random } = worker;
  const authorised = Number(pump.authorised);
  const amount = String(operation.variant === 'nothing-dispensed' ? 0 : operation.variant === 'full-amount' ? authorised : random.int(1, authorised - 1));
  const path = `/api/machines/${machine.id}/holds/${encodeURIComponent(pump.holdId)}/finish`;
  if (operation.variant === 'finish' && random.chance(0.2)) {
    // A pump that reports more than it authorised is refused before anything is sent.
    const over = await till.call('POST', path, { amount: String(authorised + random.int(1, 500)) }, { machineKey: machine.key });
    bump(place.stats.byFlow.pump.outcomes, `over-authorised finish: ${over.status === 200 ? 'answered 200' : over.code}`);
  }
  const send = async (): Promise<Reply<PumpView>> => {
    let inFlight = false;
    place.chaos.pressed(till.gateway.name, 'pump: finish', () => inFlight);
    for (let attempt = 1; attempt <= 10; attempt += 1) {
      const replies = await untilAnswered(place.stats, 'pump finish', async () => {
        inFlight = true;
        try {
          return await till.call<PumpView>('POST', path, { amount }, { machineKey: machine.key });
        } finally {
          inFlight = false;
        }
      }, 6);
      const reply = replies[replies.length - 1]!;
      // Still waiting on Centrapay for the confirmation or the release: the machine tries again in a moment.
      if (!IN_FLIGHT.has(reply.code ?? '')) return reply;
      await sleep(1_000 * attempt);
    }
    return { status: 409, code: 'GAVE_UP', body: null };
  };
  const copies = operation.variant === 'finish-twice' ? 2 : 1;
  if (copies > 1) bump(place.stats.races, 'pump: finish sent twice at once');
  const replies = await Promise.all(Array.from({ length: copies }, send));
  const ok = replies.find((reply) => reply.status === 200);
  bump(place.stats.byFlow.pump.outcomes, ok ? 'finish answered' : `finish refused: ${replies.map((reply) => reply.code).join('/')}`);
  if (ok) {
    drive.finishedAmount = amount;
    drive.ended = 'finish';
  }
  return ok !== undefined;
}

/** A vend from the patron's pick to its end; true when it came to the variant's point. */
export async function driveVend(worker: Worker, operation: Operation): Promise<boolean> {
  const machine = claim(worker, 'vending');
  if (!machine) return false;
  const { till, place } = worker;
  const drive: VendDrive = { gateway: till.gateway.name, machineId: machine.id, vendId: null, variant: operation.variant, boughtAnswered: false, vendedSent: false, vendedAnswered: false, failedAnswered: false };
  place.stats.records.vendDrives.push(drive);
  try {
    return await vend(worker, machine, operation, drive);
  } finally {
    place.machines.release(machine);
  }
}

async function vend(worker: Worker, machine: MachineSpec, operation: Operation, drive: VendDrive): Promise<boolean> {
  const { till, place, random } = worker;
  const stats = place.stats.byFlow.vend;
  const where = `${till.gateway.name}/${machine.id} vend:${operation.variant}`;
  const bought = await buy(worker, machine, drive);
  trace(where, `bought: ${bought?.id ?? 'no'} ${bought?.status ?? ''}`);
  if (!bought) {
    bump(stats.outcomes, 'never bought');
    return false;
  }
  const view = () => till.call<VendView>('GET', `/api/vends/${encodeURIComponent(bought.id)}`, undefined, { cashier: false }).then((reply) => reply.body);
  const withRequest = await until(view, (current) => current.url !== null || VEND_FINAL.has(current.status), 60_000);
  const requestId = requestIdOf(withRequest?.url ?? null);
  if (!requestId) {
    bump(stats.outcomes, `no request: ${withRequest?.status ?? 'unreadable'}`);
    return false;
  }
  const signal = AbortSignal.timeout(60_000);
  await sleep(random.int(200, 1_500));
  if (operation.variant === 'unpaid') {
    bump(place.stats.patron, `vend: alice declines: ${await place.patrons.aliceDeclines(requestId, signal)}`);
  } else {
    let paying = true;
    place.chaos.pressed(till.gateway.name, 'vend: paying', () => paying);
    bump(place.stats.patron, `vend: alice pays: ${await place.patrons.alicePays(requestId, `alice-vend-${requestId}`, signal)}`);
    paying = false;
  }
  trace(where, 'the patron has acted');
  const reachedPoint = operation.variant === 'unpaid' ? true : await machineSide(worker, machine, operation, drive, bought.id);
  trace(where, `the machine has acted: ${reachedPoint}`);
  const ended = await until(view, (current) => VEND_FINAL.has(current.status), 90_000, 500);
  bump(stats.outcomes, `ended ${ended?.status ?? 'unreadable'}`);
  trace(where, `ended ${ended?.status ?? 'unreadable'}`);
  if (operation.variant === 'unpaid') return ended?.status === 'unpaid';
  return reachedPoint;
}

/**
 * The patron picks a product. After a lost answer, or a machine busy with a purchase nobody drives, the purchase
 * waiting for payment on the machine is found (the cashier's machine history; on a real phone the page resumes it)
 * and paid; a machine busy vending someone else's purchase is left alone for a while.
 */
async function buy(worker: Worker, machine: MachineSpec, drive: VendDrive): Promise<VendView | null> {
  const { till, place, random } = worker;
  const stats = place.stats.byFlow.vend;
  const sku = random.pick(machine.products);
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    let inFlight = true;
    place.chaos.pressed(till.gateway.name, 'vend: buying', () => inFlight);
    const reply = await till.call<VendView>('POST', `/api/machines/${machine.id}/vends`, { sku }, { cashier: false });
    inFlight = false;
    if (reply.status === 200 && reply.body) {
      drive.vendId = reply.body.id;
      drive.boughtAnswered = true;
      return reply.body;
    }
    if (answered(reply) && reply.code !== 'MACHINE_BUSY' && reply.code !== 'VEND_NOT_STARTED') {
      bump(stats.outcomes, `buy refused: ${reply.code}`);
      return null;
    }
    if (!answered(reply)) await till.waitUp();
    if (reply.code !== 'VEND_NOT_STARTED') {
      const waiting = await waitingVend(worker, machine);
      if (waiting?.status === 'pending' || waiting?.status === 'creating') {
        bump(stats.outcomes, `buy: ${reply.code ?? reply.status}; found the purchase waiting on the machine`);
        drive.vendId = waiting.id;
        return waiting;
      }
      if (waiting?.status === 'vending') {
        bump(stats.outcomes, 'buy: the machine is vending a purchase nobody drives; left alone');
        place.machines.rest(machine, 12_000);
        return null;
      }
    }
    bump(stats.outcomes, `buy: ${reply.code ?? reply.status}, tried again`);
    await sleep(1_500);
  }
  return null;
}

/** The machine's purchase in progress (being created, waiting for payment, or vending), if any. */
async function waitingVend(worker: Worker, machine: MachineSpec): Promise<VendView | null> {
  try {
    const { vends } = await worker.till.get<{ vends: VendView[] }>('/api/machine-history', 30_000);
    return vends.find((vend) => vend.machineId === machine.id && ['creating', 'pending', 'vending'].includes(vend.status)) ?? null;
  } catch {
    return null;
  }
}

/** The machine: sees the paid vend in its job and acts as the variant says. True when that happened. */
async function machineSide(worker: Worker, machine: MachineSpec, operation: Operation, drive: VendDrive, vendId: string): Promise<boolean> {
  const { till, place } = worker;
  const stats = place.stats.byFlow.vend;
  // The machine asks for work; now and then it is worth knowing the purchase ended without it (never paid).
  const view = () => till.call<VendView>('GET', `/api/vends/${encodeURIComponent(vendId)}`, undefined, { cashier: false }).then((reply) => reply.body);
  let polls = 0;
  const seen = await until(async () => {
    polls += 1;
    if ((await job(worker, machine))?.vend?.vendId === vendId) return 'job';
    const current = polls % 5 === 0 ? await view() : null;
    return current && !['creating', 'pending', 'vending'].includes(current.status) ? `no job: ${current.status}` : 'waiting';
  }, (state) => state !== 'waiting', 45_000, 300);
  if (seen !== 'job') {
    bump(stats.outcomes, `machine never got the job (${seen === 'waiting' ? 'still waiting' : seen})`);
    return false;
  }
  const post = (what: 'vended' | 'failed', body: object) => {
    if (what === 'vended') drive.vendedSent = true;
    let inFlight = false;
    place.chaos.pressed(till.gateway.name, `vend: ${what}`, () => inFlight);
    return untilAnswered(place.stats, `vend ${what}`, async () => {
      inFlight = true;
      try {
        return await till.call<VendView>('POST', `/api/machines/${machine.id}/vends/${encodeURIComponent(vendId)}/${what}`, body, { machineKey: machine.key });
      } finally {
        inFlight = false;
      }
    }).then((replies) => replies[replies.length - 1]!);
  };
  const vended = async () => {
    const reply = await post('vended', {});
    if (reply.status === 200) drive.vendedAnswered = true;
    bump(stats.outcomes, `vended: ${reply.status === 200 ? 'answered' : reply.code}`);
    return reply.status === 200;
  };
  switch (operation.variant) {
    case 'vended':
      // Sometimes the machine's confirmation is sent twice at once (its first answer lost on the way).
      return (await Promise.all(Array.from({ length: worker.random.chance(0.25) ? 2 : 1 }, vended))).some(Boolean);
    case 'jam': {
      const reply = await post('failed', { reason: 'coil jammed' });
      if (reply.status === 200) drive.failedAnswered = true;
      bump(stats.outcomes, `failed: ${reply.status === 200 ? 'answered' : reply.code}`);
      return reply.status === 200;
    }
    case 'timeout':
    case 'late-confirm': {
      // The machine stays silent; the gateway must refund once the vend timeout passes.
      const refunded = await until(view, (current) => current.status !== 'vending', 60_000, 500);
      if (operation.variant === 'late-confirm') {
        const late = await post('vended', {});
        if (late.status === 200) drive.vendedAnswered = true;
        bump(stats.outcomes, `late vended: ${late.status === 200 ? 'answered 200' : late.code}`);
      }
      return refunded?.status === 'refunded' || refunded?.status === 'refunding';
    }
    default:
      return false;
  }
}

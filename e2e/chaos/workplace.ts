// What the run's workers share: the dealer of operations, the run's figures, the chaos, the patrons, the finished
// sales a history screen may pick to refund, and the machines (one purchase at a time each). Plus the one habit
// every screen and machine has: a press whose answer was lost is sent again, the same, until it is answered.
import type { CatalogItem } from '../../src/domain/catalog';
import type { Chaos } from './chaos';
import type { OperationDealer } from './flows';
import type { Patrons } from './patron';
import type { Random } from './random';
import { bump, sleep, type RunStats } from './stats';
import type { Reply, Till } from './till';

export interface MachineSpec {
  gateway: string;
  id: string;
  kind: 'vending' | 'pump';
  key: string;
  name: string;
  /** A vending machine's skus. */
  products: string[];
  /** A pump's fixed authorisation, in cents. */
  authoriseAmount: string | null;
}

/** Machines by gateway; an operation claims one for its whole purchase, as a patron standing at it would. */
export class MachinePool {
  private readonly busy = new Set<string>();
  /** Machines that said they are busy with someone else (a purchase whose answer never reached its phone), until when. */
  private readonly resting = new Map<string, number>();

  constructor(readonly machines: readonly MachineSpec[]) {}

  free(gateway: string, kind: MachineSpec['kind']): MachineSpec[] {
    const now = Date.now();
    return this.machines.filter((machine) => machine.gateway === gateway && machine.kind === kind && !this.busy.has(`${gateway}/${machine.id}`) &&
      (this.resting.get(`${gateway}/${machine.id}`) ?? 0) <= now);
  }

  /** The machine is busy with a purchase nobody is driving: left alone for a while. */
  rest(machine: MachineSpec, ms: number): void {
    this.resting.set(`${machine.gateway}/${machine.id}`, Date.now() + ms);
  }

  claim(machine: MachineSpec): boolean {
    const key = `${machine.gateway}/${machine.id}`;
    if (this.busy.has(key)) return false;
    this.busy.add(key);
    return true;
  }

  release(machine: MachineSpec): void {
    this.busy.delete(`${machine.gateway}/${machine.id}`);
  }
}

/** Finished paid sales seen by the run, per gateway; one refund or void operation at a time on each. */
export class SalePool {
  private readonly paid = new Map<string, number>();
  private readonly inUse = new Set<string>();
  /** Sales with nothing left to refund (or that can no longer be voided): not picked again. */
  private readonly spent = new Set<string>();
  /** Sales that already had a refund or void: a void needs one that had none. */
  private readonly touched = new Set<string>();

  sawPaid(gateway: string): void {
    this.paid.set(gateway, (this.paid.get(gateway) ?? 0) + 1);
  }

  /** Some sale on this gateway may still be refundable. */
  possible(gateway: string, forVoid: boolean): boolean {
    const used = [...(forVoid ? this.touched : this.spent)].filter((key) => key.startsWith(`${gateway}/`)).length;
    return (this.paid.get(gateway) ?? 0) > used + [...this.inUse].filter((key) => key.startsWith(`${gateway}/`)).length;
  }

  available(gateway: string, ref: string, forVoid: boolean): boolean {
    const key = `${gateway}/${ref}`;
    return !this.inUse.has(key) && !this.spent.has(key) && (!forVoid || !this.touched.has(key));
  }

  claim(gateway: string, ref: string): void {
    this.inUse.add(`${gateway}/${ref}`);
  }

  release(gateway: string, ref: string, outcome: { touched: boolean; spent: boolean }): void {
    const key = `${gateway}/${ref}`;
    this.inUse.delete(key);
    if (outcome.touched) this.touched.add(key);
    if (outcome.spent) this.spent.add(key);
  }
}

export interface Workplace {
  dealer: OperationDealer;
  stats: RunStats;
  chaos: Chaos;
  patrons: Patrons;
  catalog: readonly CatalogItem[];
  sales: SalePool;
  machines: MachinePool;
  /** The next operation to drive, or null when the run has started them all. */
  takeTicket: () => number | null;
}

/** One worker: a cashier at one lane of one gateway, who also plays the patrons and machines of that gateway. */
export interface Worker {
  till: Till;
  lane: string;
  random: Random;
  place: Workplace;
}

/** An answer came (a 200 or a refusal); a lost one (none, or a 5xx) is sent again. */
export const answered = (reply: { status: number }): boolean => reply.status !== 0 && reply.status < 500;

/**
 * Sends the same press until it is answered (at most `tries` times, waiting longer each time: a gateway being
 * restarted answers again within seconds). Returns every reply, the last being the answer (or the last loss).
 */
export async function untilAnswered<T>(stats: RunStats, what: string, send: () => Promise<Reply<T>>, tries = 8): Promise<Reply<T>[]> {
  const replies: Reply<T>[] = [];
  for (let attempt = 1; attempt <= tries; attempt += 1) {
    const reply = await send();
    replies.push(reply);
    if (answered(reply)) return replies;
    bump(stats.commandErrors, `${what}: ${reply.status === 0 ? `no answer (${reply.code})` : `${reply.status} ${reply.code}`}, sent again`);
    await sleep(600 + attempt * 400);
  }
  return replies;
}

/** Reads until `done` says so (or `ms` passes): the last value read, or null if none could be read. */
export async function until<T>(read: () => Promise<T | null>, done: (value: T) => boolean, ms: number, everyMs = 400): Promise<T | null> {
  const deadline = Date.now() + ms;
  let last: T | null = null;
  for (;;) {
    const value = await read().catch(() => null);
    if (value !== null) last = value;
    if (value !== null && done(value)) return value;
    if (Date.now() > deadline) return last;
    await sleep(everyMs);
  }
}

let pressCounter = 0;

/** A fresh press key (8–64 letters, digits, - or _) and the operator id the press is made under. */
export function newPress(worker: Worker, screen: string): { key: string; operatorId: string } {
  pressCounter += 1;
  const random = worker.random.int(0, 2 ** 30).toString(36);
  return { key: `${worker.lane}-${screen}-${pressCounter}-${random}`, operatorId: `${screen}-p${pressCounter}` };
}

// Vending by a static QR code (seed 003, §6.5), on the engine shell (key: the vend's id): the patron picks a product
// on the machine's page, the vend is written, its Payment Request created (line item, terminalId, deviceId,
// externalRef = the vend's id) and followed; once Centrapay says `paid` the machine is told to vend. The machine
// confirms within the vend timeout, or reports a failure; otherwise (or on a failure) the payment is refunded under
// the vend's own refund reference and the reason journaled (transition.ts). One vend at a time per machine. A restart
// resumes every vend from the journal: a paid vend never confirmed ends vended or refunded, never forgotten.
import { randomInt } from 'node:crypto';
import type { LineItem } from '../../../domain/centrapay';
import { BUSY_VEND_STATUSES, type VendView } from '../../../domain/machine';
import type { StoreCentrapay } from '../centrapay/accounts';
import { EngineShell } from '../engine/shell';
import { GatewayHttpError } from '../errors';
import type { Journal } from '../journal/journal';
import type { Machine, Machines } from '../machines/machines';
import { runVendEffect, vendEffects, type VendEffect } from './effects';
import type { VendContext, VendEvent, VendObservation, VendRecord } from './events';
import type { Vend } from './state';
import { transition, vendDeadline } from './transition';
import type { SharedKeys } from '../engine/shared';

export interface VendOptions {
  /** A chain's other instances on the same journal (chain/); absent: this process alone. */
  shared?: SharedKeys;
  currency: string;
  /** How long the patron has to pay (the request's `expirySeconds`). */
  expirySeconds: number;
  /** How long the machine has to confirm a paid vend before it is refunded (VEND_TIMEOUT_SECONDS). */
  vendTimeoutMs: number;
  pollMs: number;
  maxPollMs: number;
  /** The patron's press answers within this; the work goes on in the background. */
  answerWithinMs: number;
  /** A create whose outcome is unknown: looked up until this long after the vend, then given up if none is found. */
  unknownAfterMs: number;
  now: () => number;
}

interface Logger {
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export class VendService {
  /** The engine shell (a chain registers it to share its keys). */
  readonly shell: EngineShell<Vend | null, VendEvent, VendRecord, VendContext, VendEffect, VendObservation>;

  constructor(
    private readonly journal: Journal,
    /** The Centrapay of the store a machine belongs to: a vend calls with its machine's. */
    centrapayOf: (machine: string) => StoreCentrapay,
    private readonly machines: Machines,
    private readonly options: VendOptions,
    log: Logger,
  ) {
    const { vends } = journal;
    this.shell = new EngineShell({
      name: 'vend',
      engine: { transition, effects: vendEffects },
      store: {
        load: (id) => vends.load(id),
        unfinished: async () => (await vends.unfinished()).map((vend) => ({ key: vend.id, state: vend })),
        commit: (_id, vend, records, tx) => vends.commit(vend!, records, tx),
      },
      context: () => ({ now: options.now(), vendTimeoutMs: options.vendTimeoutMs }),
      run: (effect, run) => {
        const { client, merchantAccountId } = centrapayOf(effect.vend.machine);
        return runVendEffect(effect, run, {
          client, machines: (id) => machines.find(id), returnTo: (vend) => machines.returnTo(vend.machine, { kind: 'vend', id: vend.id }),
          merchantAccountId, expirySeconds: options.expirySeconds,
          unknownAfterMs: options.unknownAfterMs, vendTimeoutMs: options.vendTimeoutMs, warn: (detail, message) => log.warn(detail, message),
        });
      },
      backoff: { baseMs: options.pollMs, maxMs: options.maxPollMs },
      initial: () => null,
      log,
      shared: options.shared,
    });
  }

  /** Every vend the last process left unfinished goes on from the journal. */
  start(): Promise<void> {
    return this.shell.start();
  }

  stop(): void {
    this.shell.stop();
  }

  /** A webhook says the request changed: its runner reads now. */
  cue(paymentRequestId: string): void {
    this.shell.wake((effect) => effect.type !== 'deadline' && effect.vend.paymentRequestId === paymentRequestId);
  }

  /** The patron picked a product: the vend is written, then the request created; answers with where to pay. */
  async buy(machineId: string, sku: string): Promise<VendView> {
    const machine = this.machines.get(machineId, 'vending');
    const product = machine.products.find((candidate) => candidate.sku === sku);
    if (!product) throw new GatewayHttpError(404, 'PRODUCT_NOT_SOLD', `${machine.name} does not sell "${sku}". Pick one of the products shown.`);
    const lineItems: LineItem[] = [{ name: product.name, sku: product.sku, qty: '1', price: product.price, tax: product.tax }];
    const at = new Date(this.options.now()).toISOString();
    const vend: Vend = {
      id: vendRef(machine), machine: machine.id, sku: product.sku, name: product.name, amount: product.price, currency: this.options.currency, lineItems,
      paymentRequestId: null, shortCode: null, url: null, status: 'creating', reason: null, paidAt: null, refundSettled: false, createdAt: at, updatedAt: at,
    };
    // One at a time per machine: the check of its other vends and the new one's row cannot be split.
    await this.shell.exclusive(`machine:${machine.id}`, async () => {
      const others = await this.journal.vends.list({ machine: machine.id, statuses: BUSY_VEND_STATUSES, limit: 1 });
      await this.shell.dispatch(vend.id, { type: 'buy', vend, others });
    });
    await this.shell.answer(vend.id, (state) => state?.status !== 'creating', this.options.answerWithinMs);
    const view = await this.view(vend.id);
    if (view.status === 'failed') throw new GatewayHttpError(503, 'VEND_NOT_STARTED', view.reason ?? 'Centrapay could not start the payment. Nothing was taken; try again.');
    return view;
  }

  async view(id: string): Promise<VendView> {
    const vend = await this.shell.read(id);
    if (!vend) throw new GatewayHttpError(404, 'VEND_NOT_FOUND', 'No purchase with that reference was made at this shop’s machines.');
    return vendView(vend);
  }

  /** Vends newest first (history), of one store's machines when given. */
  async list(filter: { store?: string; limit?: number } = {}): Promise<VendView[]> {
    return (await this.journal.vends.list({ limit: filter.limit ?? 200, ...(filter.store ? { store: filter.store } : {}) })).map(vendView);
  }

  /** The paid vend the machine is to make now, if any. */
  async job(machine: Machine): Promise<{ vendId: string; sku: string; name: string; deadline: string } | null> {
    const [vend] = await this.journal.vends.list({ machine: machine.id, statuses: ['vending'], limit: 1 });
    if (!vend) return null;
    return { vendId: vend.id, sku: vend.sku, name: vend.name, deadline: new Date(vendDeadline(vend, this.options.vendTimeoutMs)).toISOString() };
  }

  /** The machine says it vended. A repeat is answered the same; a vend not paid, or already refunded, is refused. */
  async vended(machine: Machine, vendId: string): Promise<VendView> {
    await this.machineVend(machine, vendId);
    return vendView((await this.shell.dispatch(vendId, { type: 'vended', machine: machine.id }))!);
  }

  /** The machine could not vend: the payment is refunded and why is journaled. */
  async failed(machine: Machine, vendId: string, reason: string): Promise<VendView> {
    await this.machineVend(machine, vendId);
    return vendView((await this.shell.dispatch(vendId, { type: 'failed', machine: machine.id, reason }))!);
  }

  private async machineVend(machine: Machine, vendId: string): Promise<void> {
    const vend = await this.shell.read(vendId);
    if (!vend || vend.machine !== machine.id) throw new GatewayHttpError(404, 'VEND_NOT_FOUND', `No purchase ${vendId} was made at ${machine.name}.`);
  }
}

function vendView(vend: Vend): VendView {
  return {
    id: vend.id, machineId: vend.machine, sku: vend.sku, name: vend.name, amount: vend.amount, currency: vend.currency, status: vend.status, reason: vend.reason,
    paymentRequestId: vend.paymentRequestId, shortCode: vend.shortCode, url: vend.url, createdAt: vend.createdAt, updatedAt: vend.updatedAt,
  };
}

/** A vend's reference (its `externalRef`): the machine's terminal and a random part no one can guess. */
function vendRef(machine: Machine): string {
  let random = '';
  for (let i = 0; i < 12; i += 1) random += ALPHABET[randomInt(ALPHABET.length)];
  return `${machine.terminalId}-V-${random}`;
}

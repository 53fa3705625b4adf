// Vending by a static QR code (seed 003, §6.5): the patron picks a product on the machine's page, the gateway writes
// the vend, creates the Payment Request (line item, terminalId, deviceId, externalRef = the vend's id) and follows it;
// once Centrapay says `paid` the machine is told to vend. The machine confirms within the vend timeout, or reports a
// failure; otherwise (or on a failure) the payment is refunded under the vend's own refund reference, sent again
// until Centrapay answers, and the reason journaled. One vend at a time per machine. A restart resumes every vend
// from the journal: a paid vend never confirmed ends vended or refunded, never forgotten.
import { randomInt } from 'node:crypto';
import { z } from 'zod/mini';
import { lineItemSchema, type LineItem, type PaymentRequest } from '../../../domain/centrapay';
import { BUSY_VEND_STATUSES, vendStatusSchema, type VendStatus, type VendView } from '../../../domain/machine';
import { formatMoney } from '../../../domain/money';
import { refundCompletion } from '../after-sale/ledger';
import { answerWithin, startRunner } from '../answer-runner';
import type { CentrapayClient } from '../centrapay/client';
import { CentrapayError } from '../centrapay/errors';
import { GatewayHttpError } from '../errors';
import type { Journal, VendRow } from '../journal/journal';
// The pre-auth runner is a plain "send until Centrapay answers" worker: vends use it as it is.
import { awaitRefund, event, HoldRunner } from '../pre-auth/runner';
import type { Machine, Machines } from './machines';

export interface VendOptions {
  currency: string;
  merchantAccountId: string;
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
}

/** Refusals that may be our own earlier refund seen again (its answer lost): the activities tell. */
const MAYBE_OURS = new Set(['ALREADY_REFUNDED', 'REPEAT_REFERENCE']);
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const UNPAID_WORDS: Record<string, string> = {
  expired: 'The payment was not made in time.',
  cancelled: 'The payment was cancelled.',
};

export class VendService {
  private readonly runners = new Map<string, HoldRunner>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private stopped = false;

  constructor(
    private readonly journal: Journal,
    private readonly client: CentrapayClient,
    private readonly machines: Machines,
    private readonly options: VendOptions,
    private readonly log: Logger,
  ) {}

  /** Every vend the last process left unfinished goes on from the journal. */
  start(): void {
    for (const row of this.journal.vends({ statuses: ['creating', 'pending', 'vending', 'refunding'] })) {
      if (row.status === 'creating') this.launchCreate(row, true);
      else if (row.status === 'pending') this.launchFollow(row, null);
      else if (row.status === 'vending') this.armTimeout(row);
      else this.launchRefund(row);
    }
  }

  stop(): void {
    this.stopped = true;
    for (const runner of this.runners.values()) runner.stop();
    this.runners.clear();
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  /** A webhook says the request changed: its runner reads now. */
  cue(paymentRequestId: string): void {
    const vend = this.journal.vendOfRequest(paymentRequestId);
    if (vend) this.runners.get(vend.id)?.wake();
  }

  /** The patron picked a product: the vend is written, then the request created; answers with where to pay. */
  async buy(machineId: string, sku: string): Promise<VendView> {
    const machine = this.machines.get(machineId, 'vending');
    const product = machine.products.find((candidate) => candidate.sku === sku);
    if (!product) throw new GatewayHttpError(404, 'PRODUCT_NOT_SOLD', `${machine.name} does not sell "${sku}". Pick one of the products shown.`);
    if (this.journal.vends({ machine: machine.id, statuses: BUSY_VEND_STATUSES, limit: 1 }).length > 0) {
      throw new GatewayHttpError(409, 'MACHINE_BUSY', 'Machine busy, try again in a moment.');
    }
    const lineItems: LineItem[] = [{ name: product.name, sku: product.sku, qty: '1', price: product.price, tax: product.tax }];
    const row: Omit<VendRow, 'createdAt' | 'updatedAt'> = {
      id: vendRef(machine), machine: machine.id, sku: product.sku, name: product.name, amount: product.price, currency: this.options.currency,
      lineItems: JSON.stringify(lineItems), paymentRequestId: null, shortCode: null, url: null, status: 'creating', reason: null, paidAt: null,
    };
    this.journal.addVend(row, event('vend-requested', `${machine.id}: ${product.name} ${formatMoney(product.price, row.currency)}`, 'patron'));
    const runner = this.launchCreate({ ...row, createdAt: new Date(this.options.now()).toISOString(), updatedAt: '' }, false);
    await answerWithin(runner, this.options.answerWithinMs);
    const view = this.view(row.id);
    if (view.status === 'failed') throw new GatewayHttpError(503, 'VEND_NOT_STARTED', view.reason ?? 'Centrapay could not start the payment. Nothing was taken; try again.');
    return view;
  }

  view(id: string): VendView {
    const row = this.journal.vend(id);
    if (!row) throw new GatewayHttpError(404, 'VEND_NOT_FOUND', 'No purchase with that reference was made at this shop’s machines.');
    return vendView(row);
  }

  /** Vends newest first (history). */
  list(limit = 200): VendView[] {
    return this.journal.vends({ limit }).map(vendView);
  }

  /** The paid vend the machine is to make now, if any. */
  job(machine: Machine): { vendId: string; sku: string; name: string; deadline: string } | null {
    const row = this.journal.vends({ machine: machine.id, statuses: ['vending'], limit: 1 })[0];
    if (!row) return null;
    return { vendId: row.id, sku: row.sku, name: row.name, deadline: new Date(this.deadlineOf(row)).toISOString() };
  }

  /** The machine says it vended. A repeat is answered the same; a vend not paid, or already refunded, is refused. */
  vended(machine: Machine, vendId: string): VendView {
    const row = this.machineVend(machine, vendId);
    if (row.status === 'vended') return vendView(row);
    this.refuseUnlessVending(row);
    const changed = this.journal.updateVend(vendId, { status: 'vended' }, event('vended', `${row.name} vended by ${machine.id}`, `machine:${machine.id}`), ['vending']);
    this.disarm(vendId);
    if (!changed) this.refuseUnlessVending(this.journal.vend(vendId)!);
    return this.view(vendId);
  }

  /** The machine could not vend: the payment is refunded and why is journaled. */
  failed(machine: Machine, vendId: string, reason: string): VendView {
    const row = this.machineVend(machine, vendId);
    if (row.status === 'refunding' || row.status === 'refunded') return vendView(row);
    this.refuseUnlessVending(row);
    this.beginRefund(row, `The machine reported a failure: ${reason}`, `machine:${machine.id}`);
    return this.view(vendId);
  }

  private machineVend(machine: Machine, vendId: string): VendRow {
    const row = this.journal.vend(vendId);
    if (!row || row.machine !== machine.id) throw new GatewayHttpError(404, 'VEND_NOT_FOUND', `No purchase ${vendId} was made at ${machine.name}.`);
    return row;
  }

  private refuseUnlessVending(row: VendRow): void {
    const status = vendStatusSchema.parse(row.status);
    if (status === 'vending') return;
    if (status === 'creating' || status === 'pending' || status === 'unpaid' || status === 'failed') {
      throw new GatewayHttpError(409, 'VEND_NOT_PAID', `Purchase ${row.id} was not paid, so there is nothing to vend.`);
    }
    if (status === 'vended') throw new GatewayHttpError(409, 'VEND_ALREADY_VENDED', `Purchase ${row.id} was already vended.`);
    throw new GatewayHttpError(409, 'VEND_REFUNDED', `Too late: purchase ${row.id} was not confirmed in time and the customer has been refunded. Do not vend it.`);
  }

  private beginRefund(row: VendRow, reason: string, actor: string): void {
    const changed = this.journal.updateVend(row.id, { status: 'refunding', reason }, event('vend-failed', reason, actor), ['vending']);
    this.disarm(row.id);
    if (changed) this.launchRefund({ ...row, status: 'refunding', reason });
  }

  private deadlineOf(row: VendRow): number {
    return Date.parse(row.paidAt ?? row.updatedAt) + this.options.vendTimeoutMs;
  }

  /** A paid vend: refunded if the machine has not confirmed it by its deadline. */
  private armTimeout(row: VendRow): void {
    if (this.stopped) return;
    this.disarm(row.id);
    const wait = Math.max(0, this.deadlineOf(row) - this.options.now());
    this.timers.set(row.id, setTimeout(() => {
      this.timers.delete(row.id);
      const current = this.journal.vend(row.id);
      if (current?.status !== 'vending') return;
      try {
        this.beginRefund(current, `The machine did not confirm the vend within ${Math.round(this.options.vendTimeoutMs / 1000)} s.`, 'gateway');
      } catch (error) {
        // The journal could not be written: try again shortly, the vend is still `vending` in it.
        this.log.warn({ vend: row.id, err: String(error) }, 'could not record a vend timeout; will try again');
        this.timers.set(row.id, setTimeout(() => this.armTimeout(current), this.options.pollMs));
      }
    }, wait));
  }

  private disarm(id: string): void {
    clearTimeout(this.timers.get(id));
    this.timers.delete(id);
  }

  /** Creates the request (after a lost answer, looks it up by externalRef first), then follows it. */
  private launchCreate(row: VendRow, lookupFirst: boolean): HoldRunner | undefined {
    const machine = this.machines.find(row.machine);
    if (!machine) {
      this.log.warn({ vend: row.id, machine: row.machine }, 'a vend belongs to a machine no longer configured; it is left as it is');
      return undefined;
    }
    const lineItems = this.storedLineItems(row);
    if (!lineItems) return undefined;
    const body = {
      configId: machine.configId,
      value: { amount: row.amount, currency: row.currency },
      lineItems,
      externalRef: row.id,
      terminalId: machine.terminalId,
      deviceId: machine.deviceId,
      expirySeconds: this.options.expirySeconds,
    };
    const since = Date.parse(row.createdAt);
    return this.launch(row.id, async (runner) => {
      let lookupNext = lookupFirst;
      for (let failures = 0; !runner.stopped; failures += 1) {
        let found: PaymentRequest | null;
        try {
          found = lookupNext
            ? (await this.client.listPaymentRequestsByExternalRef(row.id, this.options.merchantAccountId, runner.signal))
              .find((request) => request.terminalId === body.terminalId && request.value.amount === row.amount) ?? null
            : await this.client.createPaymentRequest(body, runner.signal);
          if (!found && this.options.now() - since >= this.options.unknownAfterMs) {
            return runner.record(() => this.journal.updateVend(row.id, { status: 'failed', reason: 'Centrapay did not answer; nothing was taken. Try again.' },
              event('vend-not-created', 'Centrapay did not answer the create, and has no request under this reference', 'gateway'), ['creating']));
          }
          if (!found) {
            lookupNext = false;
            continue;
          }
        } catch (error) {
          if (runner.stopped) return;
          if (error instanceof CentrapayError && error.kind === 'rejected' && !lookupNext) {
            return runner.record(() => this.journal.updateVend(row.id, { status: 'failed', reason: `Centrapay refused the payment (${error.code}). Nothing was taken.` },
              event('vend-refused', error.code), ['creating']));
          }
          // Unknown outcome: look before sending again.
          lookupNext = true;
          await runner.sleep(runner.backoff(failures));
          continue;
        }
        const request = found;
        await runner.record(() => this.journal.updateVend(row.id, { paymentRequestId: request.id, shortCode: request.shortCode, url: request.url, status: 'pending' },
          event('vend-request-created', `${request.id} (${request.shortCode}): waiting for the customer to pay`), ['creating']));
        runner.settle();
        return this.follow(runner, row.id, request.id, request);
      }
    });
  }

  private launchFollow(row: VendRow, first: PaymentRequest | null): void {
    const paymentRequestId = row.paymentRequestId;
    if (paymentRequestId) this.launch(row.id, (runner) => this.follow(runner, row.id, paymentRequestId, first));
  }

  /** Reads the request (a cue reads at once) until the patron paid, or it ended unpaid. */
  private async follow(runner: HoldRunner, vendId: string, paymentRequestId: string, first: PaymentRequest | null): Promise<void> {
    let request = first;
    for (let reads = 0; !runner.stopped; reads += 1) {
      if (request && request.status !== 'new') {
        const seen = request;
        if (seen.status === 'paid') {
          const paidAt = new Date(this.options.now()).toISOString();
          await runner.record(() => this.journal.updateVend(vendId, { status: 'vending', paidAt },
            { ...event('vend-paid', 'paid: the machine is told to vend'), status: 'paid' }, ['pending']));
          const row = this.journal.vend(vendId);
          if (row?.status === 'vending') this.armTimeout(row);
          return;
        }
        const reason = UNPAID_WORDS[seen.status] ?? 'The payment was not completed.';
        await runner.record(() => this.journal.updateVend(vendId, { status: 'unpaid', reason }, { ...event('vend-unpaid', seen.cancellationReason ?? seen.status), status: seen.status }, ['pending']));
        return;
      }
      const cued = await runner.sleep(runner.backoff(reads));
      if (runner.stopped) return;
      try {
        request = await this.client.getPaymentRequest(paymentRequestId, { cued, signal: runner.signal });
      } catch {
        request = null;
      }
    }
  }

  /** Refunds the whole payment under the vend's refund reference, again until Centrapay answers; then its completion. */
  private launchRefund(row: VendRow): void {
    const paymentRequestId = row.paymentRequestId;
    if (!paymentRequestId) return;
    const refundId = `${row.id}-R`;
    // Line items that cannot be read are left off: the refund of the whole amount must go regardless.
    const lineItems = this.storedLineItems(row) ?? undefined;
    this.launch(row.id, async (runner) => {
      const answer = await runner.send((signal) => this.client.refundPaymentRequest(paymentRequestId, {
        value: { amount: row.amount, currency: row.currency }, externalRef: refundId, ...(lineItems ? { lineItems } : {}),
      }, signal));
      if (!answer) return;
      let refused = 'refused' in answer ? answer.refused : null;
      if (refused && MAYBE_OURS.has(refused)) {
        // Our own refund whose answer was lost: the request's activities show it under our reference.
        const activities = await runner.send((signal) => this.client.listPaymentRequestActivities(paymentRequestId, { cued: true, signal }));
        if (activities && 'ok' in activities && refundCompletion(activities.ok, refundId).activity) refused = null;
      }
      if (refused) {
        const code = refused;
        return runner.record(() => this.journal.updateVend(row.id, { status: 'refund-failed' },
          event('vend-refund-refused', `${refundId}: Centrapay refused the refund (${code}); a person must return ${formatMoney(row.amount, row.currency)}`), ['refunding']));
      }
      await runner.record(() => this.journal.updateVend(row.id, { status: 'refunded' },
        event('vend-refunded', `${refundId}: ${formatMoney(row.amount, row.currency)} refund accepted; reason: ${row.reason ?? 'the machine could not vend'}`), ['refunding']));
      runner.settle();
      return awaitRefund(runner, paymentRequestId, refundId, (status) => runner.record(() => {
        this.journal.updateVend(row.id, {}, event(status === 'completed' ? 'vend-refund-completed' : 'vend-refund-declined', refundId));
      }));
    });
  }

  /** The line items the journal kept as JSON; null (and logged) when they cannot be read. */
  private storedLineItems(row: VendRow): LineItem[] | null {
    let json: unknown;
    try {
      json = JSON.parse(row.lineItems);
    } catch {
      json = undefined;
    }
    const parsed = z.safeParse(z.array(lineItemSchema), json);
    if (parsed.success) return parsed.data;
    this.log.warn({ vend: row.id }, 'the line items of a vend in the journal could not be read');
    return null;
  }

  private launch(id: string, work: (runner: HoldRunner) => Promise<void>): HoldRunner | undefined {
    if (this.stopped) return this.runners.get(id);
    return startRunner(this.runners, id, () => new HoldRunner(id, id, work, {
      client: this.client,
      journal: this.journal,
      pollMs: this.options.pollMs,
      maxPollMs: this.options.maxPollMs,
      warn: (detail, message) => this.log.warn({ ...detail, vend: id }, message),
    }));
  }
}

function vendView(row: VendRow): VendView {
  const status: VendStatus = vendStatusSchema.parse(row.status);
  return {
    id: row.id, machineId: row.machine, sku: row.sku, name: row.name, amount: row.amount, currency: row.currency, status, reason: row.reason,
    paymentRequestId: row.paymentRequestId, shortCode: row.shortCode, url: row.url, createdAt: row.createdAt, updatedAt: row.updatedAt,
  };
}

/** A vend's reference (its `externalRef`): the machine's terminal and a random part no one can guess. */
function vendRef(machine: Machine): string {
  let random = '';
  for (let i = 0; i < 12; i += 1) random += ALPHABET[randomInt(ALPHABET.length)];
  return `${machine.terminalId}-V-${random}`;
}

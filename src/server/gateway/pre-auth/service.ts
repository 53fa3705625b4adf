// Pre-auth holds, once in the gateway for both their uses: a bar tab at a till and a pump's authorisation. A hold is
// a Payment Request created with `preAuth: true` that the patron authorises once; confirmations then take what was
// used (each under its own idempotency key, with its invoice number), and the rest is released. Every press is
// checked by the domain's rules (what is still authorised, whether a void is allowed) and written to the journal
// before Centrapay is asked, so a restart sends the same confirmation again and nothing is drawn twice.
import { createHash, randomInt } from 'node:crypto';
import { z } from 'zod/mini';
import { lineItemSchema, type LineItem, type PaymentRequest } from '../../../domain/centrapay';
import { totalProblem } from '../../../domain/cart';
import { formatMoney, subtractCents, sumCents } from '../../../domain/money';
import {
  confirmationStatusSchema,
  confirmRefusal,
  holdKindSchema,
  holdReturnKindSchema,
  holdReturnStatusSchema,
  holdStatusSchema,
  holdView,
  isOpenHold,
  preAuthErrorWords,
  refundedOf,
  refundRefusal,
  releaseRefusal,
  voidRefusal,
  type Hold,
  type HoldKind,
  type HoldRefusal,
  type HoldStatus,
  type HoldView,
} from '../../../domain/pre-auth';
import { closeAction, nextRoundInvoiceRef } from '../../../domain/tab';
import { answerWithin, startRunner } from '../answer-runner';
import type { CentrapayClient } from '../centrapay/client';
import { GatewayHttpError } from '../errors';
import type { HoldConfirmationRow, HoldReturnRow, HoldRow, Journal } from '../journal/journal';
import { awaitRefund, event, followHold, HoldRunner, openHold, releasedBy, statusAfter, type OpenWork } from './runner';

export interface PreAuthOptions {
  currency: string;
  merchantAccountId: string;
  /** How long the patron has to authorise (the request's `expirySeconds`). */
  expirySeconds: number;
  /** The first wait between reads or attempts; it doubles up to `maxPollMs`. */
  pollMs: number;
  maxPollMs: number;
  /** A press answers within this whatever Centrapay does; its work goes on in the background. */
  answerWithinMs: number;
  /** A create whose outcome is still unknown this long after the hold was opened is given up (and journaled). */
  unknownAfterMs: number;
  now: () => number;
}

/** Where a hold is used: a lane (tab) or a machine (pump), with the ids Centrapay's requests carry. */
export interface HoldOwner {
  id: string;
  terminalId: string;
  deviceId: string;
  configId: string;
}

export interface OpenInput {
  kind: HoldKind;
  owner: string;
  /** The amount to authorise, in cents. */
  amount: string;
  /** What the request is created with; default one line of the whole amount. */
  lineItems?: LineItem[];
  externalRef?: string;
  operatorId: string;
}

export interface ConfirmInput {
  /** The confirmation's idempotency key: one per press; the same key again is the same confirmation. */
  key: string;
  /** Default: the next round's number on the hold (`nextRoundInvoiceRef`); the same key again keeps its first one. */
  invoiceRef?: string;
  lineItems: LineItem[];
  /** Default: what the line items add up to. */
  amount?: string;
  operatorId: string;
  /** Age-restricted items in the round whose buyer's ID the cashier said they checked: journaled with the round. */
  idCheckedFor?: readonly string[];
}

export interface RefundInput {
  /** One per press: the same key again is the same refund. */
  key: string;
  /** The confirmation refunded (`confirmationIdempotencyKey`); absent: the authorisation itself. */
  confirmationKey?: string;
  /** Default: what is left of the confirmation, or what is still authorised. */
  amount?: string;
  reason: string;
  operatorId: string;
}

interface Logger {
  warn(obj: object, msg: string): void;
}

const lineItemsSchema = z.array(lineItemSchema);
const DEFAULT_LINE: Record<HoldKind, string> = { tab: 'Bar tab', pump: 'Fuel' };
// Crockford's base32, as order references: nothing to misread on a receipt.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export class PreAuthService {
  private readonly runners = new Map<string, HoldRunner>();
  private stopped = false;

  constructor(
    private readonly journal: Journal,
    private readonly client: CentrapayClient,
    private readonly owners: (id: string) => HoldOwner | undefined,
    private readonly options: PreAuthOptions,
    private readonly log: Logger,
  ) {}

  /** Work Centrapay had not answered when the gateway stopped goes on: the same keys and references are sent again. */
  start(): void {
    for (const row of this.journal.holds(['opening', 'pending'])) {
      if (row.status === 'opening') {
        const work = this.openWork(row, true);
        if (work) this.launch(row.id, row.id, (runner) => openHold(runner, work, (request) => this.follow(runner, request)));
      } else if (row.paymentRequestId) {
        const id = row.paymentRequestId;
        this.launch(row.id, row.id, (runner) => followHold(runner, id, null));
      }
    }
    for (const row of this.journal.sendingConfirmations()) this.launchConfirmation(row);
    for (const row of this.journal.unfinishedReturns()) this.launchReturn(row);
  }

  stop(): void {
    this.stopped = true;
    for (const runner of this.runners.values()) runner.stop();
    this.runners.clear();
  }

  /** A webhook (or anything) says the request changed: its runners read now. */
  cue(paymentRequestId: string): void {
    const hold = this.journal.holdOfRequest(paymentRequestId);
    if (!hold) return;
    for (const runner of this.runners.values()) if (runner.holdId === hold.id) runner.wake();
  }

  /** Holds newest first; with `open`, only those still in use (being opened, awaiting the patron, authorised). */
  list(filter: { open?: boolean; owner?: string } = {}): HoldView[] {
    const now = this.options.now();
    return this.journal.holds()
      .filter((row) => !filter.owner || row.owner === filter.owner)
      .map((row) => this.hold(row))
      .filter((hold) => !filter.open || isOpenHold(hold, now))
      .map((hold) => holdView(hold, now));
  }

  view(id: string): HoldView {
    return holdView(this.read(id), this.options.now());
  }

  /** Journal events of the hold: authorisation, confirmations with their invoice numbers, releases. */
  events(id: string) {
    this.read(id);
    return this.journal.eventsOf(id);
  }

  /** Creates the hold's request (`preAuth: true`) and follows it until the patron authorises it. */
  async open(input: OpenInput): Promise<HoldView> {
    const kind = holdKindSchema.parse(input.kind);
    const owner = this.owners(input.owner);
    if (!owner) throw new GatewayHttpError(404, 'UNKNOWN_OWNER', `There is no lane or machine "${input.owner}" on this till.`);
    const problem = totalProblem(input.amount);
    if (problem) throw new GatewayHttpError(400, 'INVALID_AMOUNT', problem);
    const lineItems = input.lineItems ?? [{ name: DEFAULT_LINE[kind], qty: '1', price: input.amount }];
    if (sumCents(lineItems.map((item) => item.price)) !== input.amount) {
      throw new GatewayHttpError(400, 'LINE_ITEMS_SUM_CHECK_FAILED', preAuthErrorWords('LINE_ITEMS_SUM_CHECK_FAILED'));
    }
    const id = holdRef(owner.terminalId, kind);
    const actor = `cashier:${input.operatorId}`;
    const row: Omit<HoldRow, 'createdAt' | 'updatedAt'> = {
      id, kind, owner: owner.id, externalRef: input.externalRef ?? id, paymentRequestId: null, shortCode: null, url: null,
      amount: input.amount, currency: this.options.currency, lineItems: JSON.stringify(lineItems), status: 'opening', error: null,
      preAuthExpiresAt: null, requestCreatedAt: null, openedBy: actor,
    };
    this.journal.addHold(row, { kind: 'hold-opened', actor, detail: `${kind} on ${owner.id}: authorise ${formatMoney(input.amount, row.currency)}` });
    const work = this.openWork({ ...row, createdAt: new Date(this.options.now()).toISOString(), updatedAt: '' }, false)!;
    const runner = this.launch(id, id, (self) => openHold(self, work, (request) => this.follow(self, request)));
    await this.answerOf(runner);
    const view = this.view(id);
    if (view.status === 'failed') throw new GatewayHttpError(422, view.error ?? 'HOLD_REFUSED', view.words);
    return view;
  }

  /** Takes what was used; refused before anything is sent when it is more than is still authorised. */
  async confirm(holdId: string, input: ConfirmInput): Promise<HoldView> {
    const hold = this.read(holdId);
    const lineItems = lineItemsSchema.parse(input.lineItems);
    const amount = input.amount ?? sumCents(lineItems.map((item) => item.price));
    if (lineItems.length === 0 || sumCents(lineItems.map((item) => item.price)) !== amount) {
      throw new GatewayHttpError(400, 'LINE_ITEMS_SUM_CHECK_FAILED', preAuthErrorWords('LINE_ITEMS_SUM_CHECK_FAILED'));
    }
    const same = hold.confirmations.find((confirmation) => confirmation.key === input.key);
    // Numbered here, in the same turn as the row is written: two presses at once never share a number.
    const invoiceRef = input.invoiceRef ?? same?.invoiceRef ?? nextRoundInvoiceRef(hold);
    if (same) {
      // The same press again: answered as the first was; another content under its key is refused before sending.
      if (same.invoiceRef !== invoiceRef || same.amount !== amount || JSON.stringify(same.lineItems) !== JSON.stringify(lineItems)) {
        throw refused({ statusCode: 409, code: 'IDEMPOTENT_OPERATION_FAILED', message: preAuthErrorWords('IDEMPOTENT_OPERATION_FAILED') });
      }
    } else {
      const refusal = confirmRefusal(hold, amount, this.options.now());
      if (refusal) throw refused(refusal);
      const row: Omit<HoldConfirmationRow, 'createdAt' | 'updatedAt'> = {
        key: input.key, holdId, invoiceRef, amount, lineItems: JSON.stringify(lineItems), status: 'sending', error: null,
        activityId: null, actor: `cashier:${input.operatorId}`,
      };
      this.journal.addConfirmation(row, event('confirmation-requested', `invoice ${invoiceRef}: ${formatMoney(amount, hold.currency)} (key ${input.key})${input.idCheckedFor?.length ? `; ID checked by the cashier for ${input.idCheckedFor.join(', ')}` : ''}`, row.actor));
      this.launchConfirmation({ ...row, createdAt: '', updatedAt: '' });
    }
    await this.answerOf(this.runners.get(runnerKey(holdId, input.key)));
    const view = this.view(holdId);
    const answered = view.confirmations.find((confirmation) => confirmation.key === input.key)!;
    if (answered.status === 'refused') {
      throw new GatewayHttpError(422, answered.error ?? 'CONFIRMATION_REFUSED', `Centrapay refused invoice ${answered.invoiceRef}: ${preAuthErrorWords(answered.error)}`);
    }
    return view;
  }

  /** Returns what was not used to the patron and closes the hold (a hold never authorised is cancelled). */
  async release(holdId: string, operatorId: string): Promise<HoldView> {
    const hold = this.read(holdId);
    const refusal = releaseRefusal(hold, this.options.now());
    if (refusal) throw refused(refusal);
    return this.returnMoney(hold, 'release', { amount: null, confirmationKey: null }, operatorId, 'release-requested', 'release what is left');
  }

  /**
   * Ends a tab: releases what was not used, or, when everything authorised was taken, records it closed without asking
   * Centrapay (a release of nothing is refused there, `INVALID_AMOUNT`).
   */
  async close(holdId: string, operatorId: string): Promise<HoldView> {
    const view = this.view(holdId);
    if (closeAction(view) === 'release') return this.release(holdId, operatorId);
    this.journal.updateHold(holdId, { status: 'released' },
      event('hold-closed', `everything authorised was taken (${formatMoney(view.confirmed, view.currency)}): nothing to release`, `cashier:${operatorId}`));
    return this.view(holdId);
  }

  /** Backs the whole hold out: within 24 h of its request, and only while nothing was confirmed. */
  async void(holdId: string, operatorId: string, reason: string): Promise<HoldView> {
    const hold = this.read(holdId);
    const refusal = voidRefusal(hold, this.options.now());
    if (refusal) throw refused(refusal);
    return this.returnMoney(hold, 'void', { amount: null, confirmationKey: null }, operatorId, 'void-requested', `void; reason: ${reason}`);
  }

  /** Refunds a confirmation (by its key) or the authorisation; the same press key again refunds nothing twice. */
  async refund(holdId: string, input: RefundInput): Promise<HoldView> {
    const hold = this.read(holdId);
    const id = `${holdId}-R${pressCode(holdId, input.key)}`;
    if (hold.returns.some((row) => row.id === id)) return this.answerReturn(holdId, id);
    const key = input.confirmationKey ?? null;
    const confirmation = key === null ? null : hold.confirmations.find((candidate) => candidate.key === key);
    const amount = input.amount ?? (confirmation ? subtractCents(confirmation.amount, refundedOf(hold, key)) : holdView(hold, this.options.now()).remaining);
    const refusal = refundRefusal(hold, key, amount);
    if (refusal) throw refused(refusal);
    const what = confirmation ? `invoice ${confirmation.invoiceRef}` : 'the authorisation';
    return this.returnMoney(hold, 'refund', { id, amount, confirmationKey: key }, input.operatorId, 'refund-requested',
      `refund ${formatMoney(amount, hold.currency)} of ${what}; reason: ${input.reason}`);
  }

  private async returnMoney(hold: Hold, kind: 'release' | 'void' | 'refund', what: { id?: string; amount: string | null; confirmationKey: string | null },
    operatorId: string, eventKind: string, detail: string): Promise<HoldView> {
    const id = what.id ?? `${hold.id}-${kind === 'release' ? 'L' : 'V'}${hold.returns.filter((row) => row.kind === kind).length + 1}`;
    const row: Omit<HoldReturnRow, 'createdAt' | 'updatedAt'> = {
      id, holdId: hold.id, kind, amount: what.amount, confirmationKey: what.confirmationKey, status: 'sending', error: null, actor: `cashier:${operatorId}`,
    };
    this.journal.addReturn(row, event(eventKind, `${id}: ${detail}`, row.actor));
    this.launchReturn({ ...row, createdAt: '', updatedAt: '' });
    return this.answerReturn(hold.id, id);
  }

  private async answerReturn(holdId: string, id: string): Promise<HoldView> {
    await this.answerOf(this.runners.get(runnerKey(holdId, id)));
    const view = this.view(holdId);
    const row = view.returns.find((candidate) => candidate.id === id)!;
    if (row.status === 'refused' && view.status !== 'expired' && view.status !== 'released') {
      throw new GatewayHttpError(422, row.error ?? 'REFUSED', `Centrapay refused: ${preAuthErrorWords(row.error)}`);
    }
    return view;
  }

  private follow(runner: HoldRunner, request: PaymentRequest): Promise<void> {
    return followHold(runner, request.id, request);
  }

  private launchConfirmation(row: HoldConfirmationRow): void {
    const hold = this.journal.hold(row.holdId);
    if (!hold?.paymentRequestId) return;
    const paymentRequestId = hold.paymentRequestId;
    const lineItems = this.storedLineItems(row.lineItems, row.holdId);
    if (!lineItems) return;
    // Exactly what was sent the first time: a resend under the same key with other content would be refused.
    const body = { idempotencyKey: row.key, invoiceRef: row.invoiceRef, lineItems, value: { amount: row.amount, currency: hold.currency } };
    this.launch(row.holdId, row.key, async (runner) => {
      const answer = await runner.send((signal) => this.client.confirmPreAuth(paymentRequestId, body, signal));
      if (!answer) return;
      const { journal } = this;
      if ('ok' in answer) {
        const activity = answer.ok;
        return runner.record(() => journal.updateConfirmation(row.holdId, row.key, { status: 'confirmed', activityId: activity.id ?? null }, null,
          event('confirmed', `invoice ${row.invoiceRef}: ${formatMoney(row.amount, hold.currency)} taken${activity.id ? ` (activity ${activity.id})` : ''}`)));
      }
      const holdStatus = this.statusOnRefusal(row.holdId, answer.refused);
      return runner.record(() => journal.updateConfirmation(row.holdId, row.key, { status: 'refused', error: answer.refused }, holdStatus,
        event('confirmation-refused', `invoice ${row.invoiceRef}: ${answer.refused}${holdStatus ? `; the hold is ${holdStatus}` : ''}`)));
    });
  }

  /** What a refusal of a confirmation says of the hold itself: released or lapsed, or cancelled. */
  private statusOnRefusal(holdId: string, code: string): HoldStatus | null {
    if (code === 'REQUEST_CANCELLED') return 'cancelled';
    if (code !== 'PRE_AUTH_RELEASED') return null;
    const confirmed = this.journal.confirmationsOf(holdId).some((confirmation) => confirmation.status === 'confirmed');
    // Nothing taken and Centrapay has let it go: the authorisation expired (§6.10).
    return confirmed ? 'released' : 'expired';
  }

  private launchReturn(row: HoldReturnRow): void {
    const hold = this.journal.hold(row.holdId);
    if (!hold?.paymentRequestId) return;
    const paymentRequestId = hold.paymentRequestId;
    const kind = holdReturnKindSchema.parse(row.kind);
    const { journal, client } = this;
    const done = (runner: HoldRunner, patch: Partial<Pick<HoldReturnRow, 'status' | 'error' | 'amount'>>, holdStatus: HoldStatus | null, detail: string) =>
      runner.record(() => journal.updateReturn(row.id, patch, holdStatus, event(`${kind}-${patch.status === 'refused' ? 'refused' : patch.status}`, `${row.id}: ${detail}`)));
    this.launch(row.holdId, row.id, async (runner) => {
      if (kind === 'refund') {
        const confirmation = row.confirmationKey ? journal.confirmation(row.holdId, row.confirmationKey) : undefined;
        if (row.status === 'sending') {
          const answer = await runner.send((signal) => client.refundPaymentRequest(paymentRequestId, {
            value: { amount: row.amount!, currency: hold.currency },
            externalRef: row.id,
            ...(row.confirmationKey ? { confirmationIdempotencyKey: row.confirmationKey } : {}),
            ...(confirmation ? { invoiceRef: confirmation.invoiceRef } : {}),
          }, signal));
          if (!answer) return;
          if ('refused' in answer) return done(runner, { status: 'refused', error: answer.refused }, null, answer.refused);
          await done(runner, { status: 'done' }, null, `${formatMoney(row.amount!, hold.currency)} accepted; completes asynchronously`);
          runner.settle();
        }
        return awaitRefund(runner, paymentRequestId, row.id, (status) =>
          done(runner, { status, ...(status === 'refused' ? { error: 'REFUND_DECLINED' } : {}) }, null, status === 'completed' ? 'the money is back with the customer' : 'REFUND_DECLINED'));
      }
      const answer = await runner.send((signal) => kind === 'void' ? client.voidPaymentRequest(paymentRequestId, signal) : client.releasePreAuth(paymentRequestId, signal));
      if (!answer) return;
      if ('ok' in answer) {
        const amount = answer.ok.value?.amount ?? null;
        return done(runner, { status: 'done', amount }, statusAfter(kind, answer.ok), `${amount ? formatMoney(amount, hold.currency) : 'everything held'} back to the customer`);
      }
      if (kind === 'release' && answer.refused === 'PRE_AUTH_RELEASED') {
        // Our own release whose answer was lost, or Centrapay's lapse: the request's activities tell.
        const by = await releasedBy(runner, paymentRequestId);
        if (by === 'us') return done(runner, { status: 'done' }, 'released', 'released (the first answer was lost)');
        if (by === 'lapse') return done(runner, { status: 'refused', error: answer.refused }, 'expired', 'the authorisation had expired');
        return;
      }
      // Nothing left to release: everything authorised was confirmed.
      const holdStatus = kind === 'release' && answer.refused === 'INVALID_AMOUNT' ? 'released' : null;
      return done(runner, { status: 'refused', error: answer.refused }, holdStatus, answer.refused);
    });
  }

  private openWork(row: HoldRow, lookupFirst: boolean): OpenWork | null {
    const owner = this.owners(row.owner);
    if (!owner) {
      this.log.warn({ hold: row.id, owner: row.owner }, 'a hold being opened belongs to a lane or machine no longer configured; it is left as it is');
      return null;
    }
    const lineItems = this.storedLineItems(row.lineItems, row.id);
    if (!lineItems) return null;
    return {
      body: {
        configId: owner.configId,
        value: { amount: row.amount, currency: row.currency },
        lineItems,
        externalRef: row.externalRef,
        terminalId: owner.terminalId,
        deviceId: owner.deviceId,
        operatorId: row.openedBy.replace(/^cashier:/, ''),
        expirySeconds: this.options.expirySeconds,
        preAuth: true,
      },
      merchantAccountId: this.options.merchantAccountId,
      since: Date.parse(row.createdAt),
      unknownAfterMs: this.options.unknownAfterMs,
      lookupFirst,
    };
  }

  private launch(holdId: string, id: string, work: (runner: HoldRunner) => Promise<void>): HoldRunner | undefined {
    const key = runnerKey(holdId, id);
    if (this.stopped) return this.runners.get(key);
    return startRunner(this.runners, key, () => new HoldRunner(holdId, id, work, {
      client: this.client,
      journal: this.journal,
      pollMs: this.options.pollMs,
      maxPollMs: this.options.maxPollMs,
      warn: (detail, message) => this.log.warn(detail, message),
    }));
  }

  /** Waits for Centrapay's answer, or `answerWithinMs`: the work goes on in the background. */
  private answerOf(runner: HoldRunner | undefined): Promise<void> {
    return answerWithin(runner, this.options.answerWithinMs);
  }

  /** Line items the journal kept as JSON; null (and logged) when they cannot be read: nothing is sent with them. */
  private storedLineItems(text: string, holdId: string): LineItem[] | null {
    const parsed = lineItemsSchema.safeParse(parseJson(text));
    if (parsed.success) return parsed.data;
    this.log.warn({ hold: holdId }, 'line items of a hold in the journal could not be read');
    return null;
  }

  private read(id: string): Hold {
    const row = this.journal.hold(id);
    if (!row) throw new GatewayHttpError(404, 'HOLD_NOT_FOUND', 'No tab or authorisation with that reference was opened on this till.');
    return this.hold(row);
  }

  /** The journal's rows of a hold, read with the domain's schemas. */
  private hold(row: HoldRow): Hold {
    return {
      id: row.id,
      kind: holdKindSchema.parse(row.kind),
      owner: row.owner,
      externalRef: row.externalRef,
      paymentRequestId: row.paymentRequestId,
      shortCode: row.shortCode,
      url: row.url,
      amount: row.amount,
      currency: row.currency,
      status: holdStatusSchema.parse(row.status),
      error: row.error,
      preAuthExpiresAt: row.preAuthExpiresAt,
      requestCreatedAt: row.requestCreatedAt,
      openedBy: row.openedBy,
      label: this.storedLineItems(row.lineItems, row.id)?.[0]?.name ?? DEFAULT_LINE[holdKindSchema.parse(row.kind)],
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
      confirmations: this.journal.confirmationsOf(row.id).map((confirmation) => ({
        key: confirmation.key,
        invoiceRef: confirmation.invoiceRef,
        amount: confirmation.amount,
        lineItems: this.storedLineItems(confirmation.lineItems, row.id) ?? [],
        status: confirmationStatusSchema.parse(confirmation.status),
        error: confirmation.error,
        activityId: confirmation.activityId,
        actor: confirmation.actor,
        createdAt: confirmation.createdAt,
        updatedAt: confirmation.updatedAt,
      })),
      returns: this.journal.returnsOf(row.id).map((item) => ({
        id: item.id,
        kind: holdReturnKindSchema.parse(item.kind),
        amount: item.amount,
        confirmationKey: item.confirmationKey,
        status: holdReturnStatusSchema.parse(item.status),
        error: item.error,
        actor: item.actor,
        createdAt: item.createdAt,
        updatedAt: item.updatedAt,
      })),
    };
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function refused(refusal: HoldRefusal): GatewayHttpError {
  return new GatewayHttpError(refusal.statusCode, refusal.code, refusal.message);
}

function runnerKey(holdId: string, id: string): string {
  return `${holdId}\u0000${id}`;
}

/** A hold's reference (its `externalRef`): the terminal, what it is, and a random part. */
function holdRef(terminalId: string, kind: HoldKind): string {
  let random = '';
  for (let i = 0; i < 8; i += 1) random += ALPHABET[randomInt(ALPHABET.length)];
  return `${terminalId}-${kind.toUpperCase()}-${random}`;
}

/** A short code of the press, the same for the same key: the refund's reference follows from it. */
function pressCode(holdId: string, key: string): string {
  return createHash('sha256').update(`${holdId}\u0000${key}`).digest('hex').slice(0, 8).toUpperCase();
}


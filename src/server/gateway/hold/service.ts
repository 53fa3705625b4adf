// Pre-auth holds, once in the gateway for both their uses: a bar tab at a till and a pump's authorisation, on the
// engine shell (key: the hold's id). A hold is a Payment Request created with `preAuth: true` that the patron
// authorises once; confirmations then take what was used (each under its own idempotency key, with its invoice
// number), and the rest is released. Every press is decided by the hold engine (transition.ts) and written to the
// journal before Centrapay is asked, so a restart sends the same confirmation again and nothing is drawn twice.
import { createHash, randomInt } from 'node:crypto';
import type { LineItem } from '../../../domain/centrapay';
import { totalProblem } from '../../../domain/cart';
import { formatMoney, sumCents } from '../../../domain/money';
import { holdKindSchema, holdView, isOpenHold, preAuthErrorWords, type HoldKind, type HoldView } from '../../../domain/pre-auth';
import type { StoreCentrapay } from '../centrapay/accounts';
import { EngineRefusal } from '../engine/engine';
import { EngineShell, type ChangeListener } from '../engine/shell';
import { GatewayHttpError } from '../errors';
import type { EventRow, Journal } from '../journal/journal';
import { holdEffects, runHoldEffect, type HoldEffect, type HoldOwner } from './effects';
import type { HoldCommand, HoldContext, HoldEvent, HoldObservation, HoldRecord } from './events';
import type { HoldState } from './state';
import { transition } from './transition';

export type { HoldOwner };

export interface HoldOptions {
  currency: string;
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

export interface OpenInput {
  kind: HoldKind;
  owner: string;
  /** The amount to authorise, in cents. */
  amount: string;
  /** What the request is created with; default one line of the whole amount. */
  lineItems?: LineItem[];
  operatorId: string;
}

export interface ConfirmInput {
  /** The confirmation's idempotency key: one per press; the same key again is the same confirmation. */
  key: string;
  /** Default: the next round's number on the hold; the same key again keeps its first one. */
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
  error(obj: object, msg: string): void;
}

const DEFAULT_LINE: Record<HoldKind, string> = { tab: 'Bar tab', pump: 'Fuel' };
// Crockford's base32, as order references: nothing to misread on a receipt.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const OPEN_STATUSES = ['opening', 'pending', 'authorized'] as const;

export class HoldService {
  private readonly shell: EngineShell<HoldState | null, HoldEvent, HoldRecord, HoldContext, HoldEffect, HoldObservation>;

  constructor(
    private readonly journal: Journal,
    /** The Centrapay of the store a lane or machine belongs to: a hold calls with its owner's. */
    centrapayOf: (owner: string) => StoreCentrapay,
    private readonly owners: (id: string) => HoldOwner | undefined,
    private readonly options: HoldOptions,
    log: Logger,
  ) {
    const { holds } = journal;
    this.shell = new EngineShell({
      name: 'hold',
      engine: { transition, effects: holdEffects },
      store: {
        load: (id) => holds.load(id),
        unfinished: async () => (await holds.unfinished()).map((hold) => ({ key: hold.id, state: hold })),
        commit: (_id, hold, records) => holds.commit(hold!, records),
      },
      context: () => ({ now: options.now() }),
      run: (effect, run, id) => {
        const { client, merchantAccountId } = centrapayOf(effect.type === 'create' ? effect.hold.owner : this.shell.cached(id)?.owner ?? '');
        return runHoldEffect(effect, run, {
          client, owners, merchantAccountId, expirySeconds: options.expirySeconds, unknownAfterMs: options.unknownAfterMs,
          warn: (detail, message) => log.warn(detail, message),
        });
      },
      backoff: { baseMs: options.pollMs, maxMs: options.maxPollMs },
      initial: () => null,
      log,
    });
  }

  /** Work Centrapay had not answered when the gateway stopped goes on: the same keys and references are sent again. */
  start(): Promise<void> {
    return this.shell.start();
  }

  stop(): void {
    this.shell.stop();
  }

  /** Every committed change of a hold (the lane's view shows its tab). */
  onChange(listener: ChangeListener<HoldState | null>): () => void {
    return this.shell.onChange(listener);
  }

  /** A webhook (or anything) says the request changed: its runners read now. */
  cue(paymentRequestId: string): void {
    this.shell.wake((effect) => effect.type !== 'create' && effect.paymentRequestId === paymentRequestId);
  }

  /** Holds newest first, of one store or lane or machine; with `open`, only those still in use (being opened, awaiting the patron, authorised). */
  async list(filter: { open?: boolean; owner?: string; store?: string } = {}): Promise<HoldView[]> {
    const now = this.options.now();
    const holds = await this.journal.holds.list({
      ...(filter.store ? { store: filter.store } : {}), ...(filter.owner ? { owner: filter.owner } : {}), ...(filter.open ? { statuses: OPEN_STATUSES } : {}),
    });
    return holds.filter((hold) => !filter.open || isOpenHold(hold, now)).map((hold) => holdView(hold, now));
  }

  async view(id: string): Promise<HoldView> {
    return holdView(await this.read(id), this.options.now());
  }

  /** Journal events of the hold: authorisation, confirmations with their invoice numbers, releases. */
  async events(id: string): Promise<EventRow[]> {
    await this.read(id);
    return this.journal.holds.events(id);
  }

  /** Creates the hold's request (`preAuth: true`) and follows it until the patron authorises it. */
  async open(input: OpenInput): Promise<HoldView> {
    const kind = holdKindSchema.parse(input.kind);
    const owner = this.owners(input.owner);
    if (!owner) throw new GatewayHttpError(404, 'UNKNOWN_OWNER', `There is no lane or machine "${input.owner}" on this till.`);
    const problem = totalProblem(input.amount);
    if (problem) throw new GatewayHttpError(400, 'INVALID_AMOUNT', problem);
    const lineItems = input.lineItems ?? [{ name: DEFAULT_LINE[kind], qty: '1', price: input.amount }];
    const id = holdRef(owner.terminalId, kind);
    const at = new Date(this.options.now()).toISOString();
    const hold: HoldState = {
      id, kind, owner: owner.id, externalRef: id, paymentRequestId: null, shortCode: null, url: null, amount: input.amount, currency: this.options.currency,
      status: 'opening', error: null, preAuthExpiresAt: null, requestCreatedAt: null, openedBy: `cashier:${input.operatorId}`, label: lineItems[0]?.name ?? DEFAULT_LINE[kind],
      createdAt: at, updatedAt: at, confirmations: [], returns: [], lineItems,
    };
    const detail = `${kind} on ${owner.id}: authorise ${formatMoney(input.amount, hold.currency)}`;
    // One at a time per lane or machine: the check of its other holds and the new one's row cannot be split.
    await this.shell.exclusive(`owner:${owner.id}`, async () => {
      const others = await this.journal.holds.list({ owner: owner.id, statuses: OPEN_STATUSES });
      await this.shell.dispatch(id, { type: 'open', hold, others, detail });
    });
    const view = await this.answer(id, (state) => state?.status !== 'opening');
    if (view.status === 'failed') throw new GatewayHttpError(422, view.error ?? 'HOLD_REFUSED', view.words);
    return view;
  }

  /** Takes what was used; refused before anything is sent when it is more than is still authorised. */
  async confirm(holdId: string, input: ConfirmInput): Promise<HoldView> {
    const amount = input.amount ?? sumCents(input.lineItems.map((item) => item.price));
    const note = input.idCheckedFor?.length ? `ID checked by the cashier for ${input.idCheckedFor.join(', ')}` : undefined;
    await this.dispatch(holdId, {
      type: 'confirm', key: input.key, lineItems: input.lineItems, amount, actor: `cashier:${input.operatorId}`,
      ...(input.invoiceRef ? { invoiceRef: input.invoiceRef } : {}), ...(note ? { note } : {}),
    });
    const round = (state: HoldState | null) => state?.confirmations.find((confirmation) => confirmation.key === input.key);
    const view = await this.answer(holdId, (state) => round(state)?.status !== 'sending');
    const answered = view.confirmations.find((confirmation) => confirmation.key === input.key)!;
    if (answered.status === 'refused') {
      throw new GatewayHttpError(422, answered.error ?? 'CONFIRMATION_REFUSED', `Centrapay refused invoice ${answered.invoiceRef}: ${preAuthErrorWords(answered.error)}`);
    }
    return view;
  }

  /** Returns what was not used to the patron and closes the hold (a hold never authorised is cancelled). */
  release(holdId: string, operatorId: string): Promise<HoldView> {
    return this.giveBack(holdId, { type: 'release', actor: `cashier:${operatorId}` });
  }

  /** Ends a tab: releases what was not used, or records it closed when everything authorised was taken. */
  close(holdId: string, operatorId: string): Promise<HoldView> {
    return this.giveBack(holdId, { type: 'close', actor: `cashier:${operatorId}` });
  }

  /** Backs the whole hold out: within 24 h of its request, and only while nothing was confirmed. */
  void(holdId: string, operatorId: string, reason: string): Promise<HoldView> {
    return this.giveBack(holdId, { type: 'void', actor: `cashier:${operatorId}`, reason });
  }

  /** Refunds a confirmation (by its key) or the authorisation; the same press key again refunds nothing twice. */
  refund(holdId: string, input: RefundInput): Promise<HoldView> {
    return this.giveBack(holdId, {
      type: 'refund', id: `${holdId}-R${pressCode(holdId, input.key)}`, confirmationKey: input.confirmationKey ?? null, reason: input.reason,
      actor: `cashier:${input.operatorId}`, ...(input.amount ? { amount: input.amount } : {}),
    });
  }

  /** A press that sends money back: answered once Centrapay has (or `answerWithinMs` passed); a refusal says why. */
  private async giveBack(holdId: string, command: Extract<HoldCommand, { type: 'release' | 'close' | 'void' | 'refund' }>): Promise<HoldView> {
    let before: HoldState | null = null;
    const after = await this.shell.dispatchFrom(holdId, async (state) => {
      before = state;
      return command;
    });
    const known = new Set((before as HoldState | null)?.returns.map((item) => item.id));
    const id = command.type === 'refund' ? command.id : after?.returns.find((item) => !known.has(item.id))?.id;
    return id ? this.settled(holdId, id) : this.view(holdId);
  }

  /** The hold once Centrapay has answered the money going back under `returnId`; a refusal says why. */
  async settled(holdId: string, returnId: string): Promise<HoldView> {
    const view = await this.answer(holdId, (state) => state?.returns.find((item) => item.id === returnId)?.status !== 'sending');
    const row = view.returns.find((candidate) => candidate.id === returnId)!;
    if (row.status === 'refused' && view.status !== 'expired' && view.status !== 'released') {
      throw new GatewayHttpError(422, row.error ?? 'REFUSED', `Centrapay refused: ${preAuthErrorWords(row.error)}`);
    }
    return view;
  }

  private dispatch(holdId: string, event: HoldEvent): Promise<HoldState | null> {
    return this.shell.dispatch(holdId, event);
  }

  /** The hold once `settled` holds, or after `answerWithinMs` with whatever it is then. */
  private async answer(holdId: string, settled: (state: HoldState | null) => boolean): Promise<HoldView> {
    await this.shell.answer(holdId, settled, this.options.answerWithinMs);
    return this.view(holdId);
  }

  private async read(id: string): Promise<HoldState> {
    const hold = await this.shell.read(id);
    if (!hold) throw new EngineRefusal({ statusCode: 404, code: 'HOLD_NOT_FOUND', message: 'No tab or authorisation with that reference was opened on this till.' });
    return hold;
  }
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

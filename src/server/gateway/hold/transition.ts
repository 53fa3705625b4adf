// The one place a hold changes: (hold, event, ctx) → next hold + the events that record it. Pure: no I/O, no clock
// (the time comes in the context), so it is unit- and property-tested on its own. What a cashier or a pump may ask
// of a hold now is the domain's table (`holdRefusal`); the screens read the same table.
import { compareCents, formatMoney, subtractCents, sumCents } from '../../../domain/money';
import { holdRefusal, holdStatusOf, holdTotals, holdView, preAuthErrorWords, refundedOf, type HoldRefusal, type HoldReturn, type HoldStatus } from '../../../domain/pre-auth';
import { pumpBusyRefusal } from '../../../domain/machine';
import { closeAction, nextRoundInvoiceRef, openTabRefusal } from '../../../domain/tab';
import type { Step } from '../engine/engine';
import type { HoldCommand, HoldContext, HoldEvent, HoldObservation, HoldRecord } from './events';
import type { HoldState } from './state';

export type HoldStep = Step<HoldState | null, HoldRecord>;

const NOT_FOUND = { statusCode: 404, code: 'HOLD_NOT_FOUND', message: 'No tab or authorisation with that reference was opened on this till.' };

export function transition(hold: HoldState | null, event: HoldEvent, ctx: HoldContext): HoldStep {
  if (event.type === 'open') return open(hold, event);
  if (!hold) return { refused: NOT_FOUND };
  const t = new Change(hold, ctx);
  switch (event.type) {
    case 'confirm':
      return confirm(t, event);
    case 'release':
      return giveBack(t, 'release', event.actor, 'release-requested', 'release what is left');
    case 'close':
      return close(t, event.actor);
    case 'void':
      return giveBack(t, 'void', event.actor, 'void-requested', `void; reason: ${event.reason}`);
    case 'refund':
      return refund(t, event);
    default:
      return observed(t, event);
  }
}

/** The hold under construction, with the events that record it. */
class Change {
  readonly records: HoldRecord[] = [];
  constructor(
    public hold: HoldState,
    readonly ctx: HoldContext,
  ) {}

  get at(): string {
    return new Date(this.ctx.now).toISOString();
  }

  set(patch: Partial<HoldState>): void {
    this.hold = { ...this.hold, ...patch, updatedAt: this.at };
  }

  /** Under the hold's request when it has one (so the request's history shows it), filed by the hold's id. */
  event(name: string, actor: string, detail: string | null, status: string | null = null): void {
    this.records.push({ subject: this.hold.paymentRequestId ?? this.hold.id, ref: this.hold.id, name, actor, detail, status });
  }

  done(): HoldStep {
    return { state: this.hold, records: this.records };
  }
}

function refused(refusal: HoldRefusal): HoldStep {
  return { refused: refusal };
}

function open(hold: HoldState | null, event: Extract<HoldCommand, { type: 'open' }>): HoldStep {
  if (hold) return { state: hold, records: [] };
  const next = event.hold;
  const busy = next.kind === 'tab' ? openTabRefusal(event.others) : pumpBusyRefusal(event.others.map((other) => holdView(other, Date.parse(next.createdAt))));
  if (busy) return refused(busy);
  if (sumCents(next.lineItems.map((item) => item.price)) !== next.amount) return refused(lineItemsRefusal());
  return { state: next, records: [{ subject: next.id, ref: next.id, name: 'hold-opened', actor: next.openedBy, detail: event.detail, status: null }] };
}

function lineItemsRefusal(): HoldRefusal {
  return { statusCode: 400, code: 'LINE_ITEMS_SUM_CHECK_FAILED', message: preAuthErrorWords('LINE_ITEMS_SUM_CHECK_FAILED') };
}

function confirm(t: Change, cmd: Extract<HoldCommand, { type: 'confirm' }>): HoldStep {
  const { hold } = t;
  if (cmd.lineItems.length === 0 || sumCents(cmd.lineItems.map((item) => item.price)) !== cmd.amount) return refused(lineItemsRefusal());
  const same = hold.confirmations.find((confirmation) => confirmation.key === cmd.key);
  if (same) {
    // The same press again: answered as the first was; another content under its key is refused before sending.
    const content = same.invoiceRef === (cmd.invoiceRef ?? same.invoiceRef) && same.amount === cmd.amount && JSON.stringify(same.lineItems) === JSON.stringify(cmd.lineItems);
    return content ? t.done() : refused({ statusCode: 409, code: 'IDEMPOTENT_OPERATION_FAILED', message: preAuthErrorWords('IDEMPOTENT_OPERATION_FAILED') });
  }
  const refusal = holdRefusal(hold, { type: 'confirm', amount: cmd.amount }, t.ctx.now);
  if (refusal) return refused(refusal);
  const invoiceRef = cmd.invoiceRef ?? nextRoundInvoiceRef(hold);
  const confirmation = {
    key: cmd.key, invoiceRef, amount: cmd.amount, lineItems: cmd.lineItems, status: 'sending' as const, error: null, activityId: null, actor: cmd.actor,
    createdAt: t.at, updatedAt: t.at,
  };
  t.set({ confirmations: [...hold.confirmations, confirmation] });
  t.event('confirmation-requested', cmd.actor, `invoice ${invoiceRef}: ${formatMoney(cmd.amount, hold.currency)} (key ${cmd.key})${cmd.note ? `; ${cmd.note}` : ''}`);
  return t.done();
}

/** A release of what is left, or a void of the whole hold: written before Centrapay is asked. */
function giveBack(t: Change, kind: 'release' | 'void', actor: string, name: string, detail: string): HoldStep {
  const refusal = holdRefusal(t.hold, { type: kind }, t.ctx.now);
  if (refusal) return refused(refusal);
  addReturn(t, { id: `${t.hold.id}-${kind === 'release' ? 'L' : 'V'}${t.hold.returns.filter((row) => row.kind === kind).length + 1}`, kind, amount: null, confirmationKey: null }, actor, name, detail);
  return t.done();
}

function addReturn(t: Change, what: Pick<HoldReturn, 'id' | 'kind' | 'amount' | 'confirmationKey'>, actor: string, name: string, detail: string): void {
  t.set({ returns: [...t.hold.returns, { ...what, status: 'sending', error: null, actor, createdAt: t.at, updatedAt: t.at }] });
  t.event(name, actor, `${what.id}: ${detail}`);
}

function close(t: Change, actor: string): HoldStep {
  const view = holdView(t.hold, t.ctx.now);
  if (closeAction(view) === 'release') return giveBack(t, 'release', actor, 'release-requested', 'release what is left');
  t.set({ status: 'released' });
  t.event('hold-closed', actor, `everything authorised was taken (${formatMoney(view.confirmed, view.currency)}): nothing to release`);
  return t.done();
}

function refund(t: Change, cmd: Extract<HoldCommand, { type: 'refund' }>): HoldStep {
  const { hold } = t;
  if (hold.returns.some((row) => row.id === cmd.id)) return t.done();
  const key = cmd.confirmationKey;
  const confirmation = key === null ? null : hold.confirmations.find((candidate) => candidate.key === key);
  const amount = cmd.amount ?? (confirmation ? subtractCents(confirmation.amount, refundedOf(hold, key)) : holdView(hold, t.ctx.now).remaining);
  const refusal = holdRefusal(hold, { type: 'refund', confirmationKey: key, amount }, t.ctx.now);
  if (refusal) return refused(refusal);
  const what = confirmation ? `invoice ${confirmation.invoiceRef}` : 'the authorisation';
  addReturn(t, { id: cmd.id, kind: 'refund', amount, confirmationKey: key }, cmd.actor, 'refund-requested', `refund ${formatMoney(amount, hold.currency)} of ${what}; reason: ${cmd.reason}`);
  return t.done();
}

function observed(t: Change, event: HoldObservation): HoldStep {
  switch (event.type) {
    case 'created':
      return created(t, event);
    case 'createRefused':
      if (t.hold.status !== 'opening') return t.done();
      t.set({ status: 'failed', error: event.code });
      t.event('hold-refused', CENTRAPAY, event.code);
      return t.done();
    case 'createGaveUp':
      if (t.hold.status !== 'opening') return t.done();
      t.set({ status: 'failed', error: 'CENTRAPAY_UNAVAILABLE' });
      t.event('hold-unknown', 'gateway', `Centrapay did not answer the create within ${event.afterMs / 1000} s, and holds no request under ${t.hold.externalRef}`);
      return t.done();
    case 'polled':
      return polled(t, event);
    case 'confirmed':
    case 'confirmRefused':
      return confirmAnswered(t, event);
    case 'returned':
    case 'returnRefused':
      return returnAnswered(t, event);
    case 'refundAccepted':
    case 'refundCompleted':
      return refundAnswered(t, event);
  }
}

const CENTRAPAY = 'centrapay';

function created(t: Change, event: Extract<HoldObservation, { type: 'created' }>): HoldStep {
  if (t.hold.status !== 'opening') return t.done();
  const { paymentRequest } = event;
  t.set({ paymentRequestId: paymentRequest.id, shortCode: paymentRequest.shortCode, url: paymentRequest.url, status: 'pending', requestCreatedAt: paymentRequest.createdAt });
  t.event('hold-created', CENTRAPAY, `${paymentRequest.id} (${paymentRequest.shortCode}): waiting for the customer to authorise`);
  return polled(t, { type: 'polled', paymentRequest });
}

/**
 * The patron authorised it, or it ended unauthorised (§6.10: authorised = `paid` + `preAuthStatus: "authorized"`).
 * While our own release or void is on its way, its answer says how the hold ended: a read that raced it is old news.
 */
function polled(t: Change, { paymentRequest: request }: Extract<HoldObservation, { type: 'polled' }>): HoldStep {
  if (t.hold.status !== 'pending' || request.id !== t.hold.paymentRequestId) return t.done();
  const status = holdStatusOf(request, false);
  const returning = t.hold.returns.some((item) => item.kind !== 'refund' && item.status === 'sending');
  if (status === 'pending' || (returning && status !== 'authorized')) return t.done();
  const authorised = status === 'authorized';
  t.set({
    status,
    preAuthExpiresAt: request.preAuthExpiresAt ?? null,
    requestCreatedAt: request.createdAt,
    ...(authorised ? {} : { error: request.cancellationReason ?? request.status.toUpperCase() }),
  });
  const detail = authorised ? `${request.value.amount} authorised until ${request.preAuthExpiresAt ?? 'Centrapay lapses it'}` : request.cancellationReason ?? request.status;
  t.event(authorised ? 'hold-authorised' : `hold-${status}`, CENTRAPAY, detail, request.status);
  return t.done();
}

function confirmAnswered(t: Change, event: Extract<HoldObservation, { type: 'confirmed' | 'confirmRefused' }>): HoldStep {
  const round = t.hold.confirmations.find((candidate) => candidate.key === event.key);
  if (!round || round.status !== 'sending') return t.done();
  const money = formatMoney(round.amount, t.hold.currency);
  const rounds = (patch: Partial<typeof round>) => t.hold.confirmations.map((candidate) => (candidate === round ? { ...candidate, ...patch, updatedAt: t.at } : candidate));
  if (event.type === 'confirmed') {
    t.set({ confirmations: rounds({ status: 'confirmed', activityId: event.activityId }) });
    t.event('confirmed', CENTRAPAY, `invoice ${round.invoiceRef}: ${money} taken${event.activityId ? ` (activity ${event.activityId})` : ''}`);
    // A pump's confirmation is its finish: what was not dispensed goes back at once.
    if (t.hold.kind === 'pump') releaseRest(t, round.actor);
    return t.done();
  }
  const status = statusOnRefusal(t.hold, event.code);
  t.set({ confirmations: rounds({ status: 'refused', error: event.code }), ...(status ? { status } : {}) });
  t.event('confirmation-refused', CENTRAPAY, `invoice ${round.invoiceRef}: ${event.code}${status ? `; the hold is ${status}` : ''}`);
  return t.done();
}

/** The rest of a finished pump's authorisation, released (nothing to release when all of it was taken). */
function releaseRest(t: Change, actor: string): void {
  const { remaining } = holdTotals(t.hold);
  if (t.hold.status !== 'authorized' || compareCents(remaining, '0') <= 0 || t.hold.returns.some((row) => row.kind === 'release')) return;
  addReturn(t, { id: `${t.hold.id}-L1`, kind: 'release', amount: null, confirmationKey: null }, actor, 'release-requested', 'release what is left');
}

/** What a refusal of a confirmation says of the hold itself: released or lapsed, or cancelled. */
function statusOnRefusal(hold: HoldState, code: string): HoldStatus | null {
  if (code === 'REQUEST_CANCELLED') return 'cancelled';
  if (code !== 'PRE_AUTH_RELEASED') return null;
  // Nothing taken and Centrapay has let it go: the authorisation expired (§6.10).
  return hold.confirmations.some((confirmation) => confirmation.status === 'confirmed') ? 'released' : 'expired';
}

function returnAnswered(t: Change, event: Extract<HoldObservation, { type: 'returned' | 'returnRefused' }>): HoldStep {
  const item = t.hold.returns.find((candidate) => candidate.id === event.id);
  if (!item || item.status !== 'sending' || (item.kind === 'refund' && event.type === 'returned')) return t.done();
  const returns = (patch: Partial<HoldReturn>) => t.hold.returns.map((candidate) => (candidate === item ? { ...candidate, ...patch, updatedAt: t.at } : candidate));
  if (event.type === 'returned') {
    const amount = event.activity.value?.amount ?? null;
    const status: HoldStatus = event.activity.type === 'cancellation' ? 'cancelled' : item.kind === 'void' ? 'voided' : 'released';
    t.set({ returns: returns({ status: 'done', amount }), status });
    const detail = `${amount ? formatMoney(amount, t.hold.currency) : 'everything held'} back to the customer${event.found ? ' (found after the first answer was lost)' : ''}`;
    t.event(`${item.kind}-done`, CENTRAPAY, `${item.id}: ${detail}`);
    return t.done();
  }
  if (item.kind === 'void' && event.code === 'ALREADY_REFUNDED') {
    // Nothing is held any more: our own void whose answer was lost (a repeat is unspecified, §1.7), or the authorisation lapsed.
    const lapsed = t.hold.preAuthExpiresAt !== null && Date.parse(t.hold.preAuthExpiresAt) <= t.ctx.now;
    t.set({ returns: returns({ status: 'done' }), status: lapsed ? 'expired' : 'voided' });
    t.event('void-done', CENTRAPAY, `${item.id}: nothing is held any more (Centrapay: already refunded)`);
    return t.done();
  }
  // A release refused because it lapsed, or because nothing was left (everything authorised was confirmed).
  const status: HoldStatus | null = item.kind !== 'release' ? null : event.lapsed ? 'expired' : event.code === 'INVALID_AMOUNT' ? 'released' : null;
  t.set({ returns: returns({ status: 'refused', error: event.code }), ...(status ? { status } : {}) });
  t.event(`${item.kind}-refused`, CENTRAPAY, `${item.id}: ${event.lapsed ? 'the authorisation had expired' : event.code}`);
  return t.done();
}

function refundAnswered(t: Change, event: Extract<HoldObservation, { type: 'refundAccepted' | 'refundCompleted' }>): HoldStep {
  const item = t.hold.returns.find((candidate) => candidate.id === event.id && candidate.kind === 'refund');
  const awaited = event.type === 'refundAccepted' ? 'sending' : 'done';
  if (!item || item.status !== awaited) return t.done();
  const returns = (patch: Partial<HoldReturn>) => t.hold.returns.map((candidate) => (candidate === item ? { ...candidate, ...patch, updatedAt: t.at } : candidate));
  if (event.type === 'refundAccepted') {
    t.set({ returns: returns({ status: 'done' }) });
    t.event('refund-done', CENTRAPAY, `${item.id}: ${formatMoney(item.amount ?? '0', t.hold.currency)} accepted; completes asynchronously`);
  } else if (event.status === 'completed') {
    t.set({ returns: returns({ status: 'completed' }) });
    t.event('refund-completed', CENTRAPAY, `${item.id}: the money is back with the customer`);
  } else {
    t.set({ returns: returns({ status: 'refused', error: 'REFUND_DECLINED' }) });
    t.event('refund-refused', CENTRAPAY, `${item.id}: REFUND_DECLINED`);
  }
  return t.done();
}

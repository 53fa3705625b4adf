// What the audit reads and what it finds: the sandbox's own records (Payment Requests with their activities), each
// gateway's journal as its API shows it (sales with their refunds, holds, vends), what the screens and machines
// pressed and were answered, and the violations. Money is integer cents in strings; sums are bigints.
import type { Flow } from './flows';

export interface UpstreamActivity {
  type: string;
  value: { amount: string };
  assetType?: string;
  createdAt?: string;
  cancellationReason?: string;
  /** A refund's reference (ours: the journal's refund id). */
  externalRef?: string;
  /** A payment's or a confirmation's key. */
  idempotencyKey?: string;
  /** A refund of a pre-auth confirmation names it. */
  confirmationIdempotencyKey?: string;
}

export interface UpstreamRequest {
  id: string;
  status: string;
  value: { amount: string };
  remainingAmount?: string;
  externalRef?: string;
  terminalId?: string;
  cancellationReason?: string;
  createdAt?: string;
  preAuth?: boolean;
  preAuthStatus?: string;
  /** When Centrapay lapses an authorisation nobody released (§6.10). */
  preAuthExpiresAt?: string;
  activities: UpstreamActivity[];
}

export interface JournalTender {
  paymentRequestId: string | null;
  onRequest: boolean;
  method: string;
  amount: string;
}

/** One refund or void of one tender of a sale (after-sale, the `refunds` table). */
export interface JournalRefund {
  id: string;
  paymentRequestId: string | null;
  /** centrapay, void, cash or card. */
  method: string;
  amount: string;
  /** pending, completed or failed. */
  status: string;
  error?: string | null;
  /** `cashier:<operatorId>` of the press that made it. */
  actor: string;
}

export interface JournalSale {
  gateway: string;
  ref: string;
  lane: string;
  total: string;
  result: string;
  kind?: string;
  requests: { id: string; status?: string }[];
  tenders: JournalTender[];
  /** After-sale refunds and voids; absent when the journal was not read for them (no refund can exist). */
  refunds?: JournalRefund[];
}

/** A pre-auth hold (bar tab or pump) as `GET /api/holds` shows it. */
export interface JournalHold {
  gateway: string;
  id: string;
  kind: string;
  owner: string;
  externalRef: string;
  paymentRequestId: string | null;
  amount: string;
  status: string;
  /** What the journal still counts as authorised. */
  remaining: string;
  confirmations: { key: string; amount: string; status: string }[];
  returns: { id: string; kind: string; amount: string | null; status: string; confirmationKey: string | null }[];
}

/** A vend as the machine history shows it. */
export interface JournalVend {
  gateway: string;
  id: string;
  machineId: string;
  amount: string;
  status: string;
  paymentRequestId: string | null;
  reason: string | null;
}

/** One press of Refund or Void on a finished sale (sent once, or again with the same key after a lost answer). */
export interface RefundPress {
  gateway: string;
  saleRef: string;
  flow: 'refund' | 'void';
  key: string;
  /** Unique per press: the journal's refund rows carry it as their actor. */
  operatorId: string;
  /** Each send's answer: HTTP status (0: none came) and the refund ids its after-sale view showed that were new. */
  answers: { status: number; code: string | null; newRefundIds: string[] }[];
}

/** What a screen or a machine did with one hold, and what it was told. */
export interface HoldDrive {
  gateway: string;
  kind: 'tab' | 'pump';
  /** Null when the open's answer never came and the hold was never found. */
  holdId: string | null;
  openAnswered: boolean;
  /** Every round key a screen pressed (a pump's finish uses the gateway's own key). */
  roundKeys: string[];
  /** Round keys whose press was answered 200 showing the round confirmed. */
  roundsConfirmed: string[];
  /** The amount a pump's finish was answered 200 for. */
  finishedAmount: string | null;
  /** How the screen or machine ended it, when that was answered 200. */
  ended: 'close' | 'void' | 'finish' | null;
}

/** What the patron and the machine did with one vend, and what they were told. */
export interface VendDrive {
  gateway: string;
  machineId: string;
  vendId: string | null;
  variant: string;
  /** The patron's buy was answered 200 with this vend. */
  boughtAnswered: boolean;
  /** The machine sent "vended" at all (whatever the answer). */
  vendedSent: boolean;
  /** The machine's "vended" was answered 200 (it dispensed). */
  vendedAnswered: boolean;
  /** The machine's "failed" was answered 200. */
  failedAnswered: boolean;
}

/** A lane, a hold or a vend that never came to rest after the run stopped injecting. */
export interface LaneProblem {
  gateway: string;
  lane: string;
  detail: string;
}

export interface CrashRecord {
  process: string;
  detail: string;
}

export interface AuditInput {
  upstream: readonly UpstreamRequest[];
  sales: readonly JournalSale[];
  holds?: readonly JournalHold[];
  vends?: readonly JournalVend[];
  presses?: readonly RefundPress[];
  holdDrives?: readonly HoldDrive[];
  vendDrives?: readonly VendDrive[];
  laneProblems?: readonly LaneProblem[];
  crashes?: readonly CrashRecord[];
}

export const VIOLATION_KINDS = ['lost', 'double', 'orphan', 'mismatch', 'crash'] as const;
export type ViolationKind = (typeof VIOLATION_KINDS)[number];

export interface RequestFigures {
  id: string;
  status: string;
  value: string;
  remaining: string | null;
  kept: string;
}

export interface Violation {
  kind: ViolationKind;
  /** Which rule, in words (one of RULES). */
  rule: string;
  /** The money flow it is about; `process` for crashes and lanes. */
  flow: Flow | 'process';
  /** The sale's ref, the hold's or the vend's id. */
  subject: string | null;
  saleRef: string | null;
  gateway: string | null;
  lane: string | null;
  result: string | null;
  total: string | null;
  /** Σ Centrapay + counter. */
  moneyKept: string | null;
  centrapayKept: string | null;
  counterTaken: string | null;
  requests: RequestFigures[];
  detail: string;
}

export function violation(fields: Pick<Violation, 'kind' | 'rule' | 'flow' | 'detail'> & Partial<Violation>): Violation {
  return {
    subject: null, saleRef: null, gateway: null, lane: null, result: null, total: null,
    moneyKept: null, centrapayKept: null, counterTaken: null, requests: [], ...fields,
  };
}

const sumOf = (activities: readonly UpstreamActivity[], test: (activity: UpstreamActivity) => boolean): bigint =>
  activities.filter(test).reduce((sum, activity) => sum + BigInt(activity.value.amount), 0n);
const is = (type: string) => (activity: UpstreamActivity) => activity.type.toLowerCase() === type;

/** Σ payment − Σ refund, in cents, over every asset type (an authorisation is not a payment). */
export function keptByCentrapay(activities: readonly UpstreamActivity[]): bigint {
  return sumOf(activities, is('payment')) - sumOf(activities, is('refund'));
}

/** What a pre-auth request shows: authorised, confirmed (taken), released, refunded, and what it still holds. */
export interface PreAuthFigures {
  authorised: bigint;
  confirmed: bigint;
  confirmations: { key: string; amount: bigint }[];
  released: bigint;
  refundedOfAuthorisation: bigint;
  refundedOfConfirmations: bigint;
  /** Authorised and neither confirmed, released nor refunded: still held from the patron. */
  held: bigint;
  /** Confirmed less refunded of confirmations: what the merchant keeps. */
  taken: bigint;
}

/**
 * How a pre-auth request ended at Centrapay: never authorised (`cancelled`), authorised and backed out in full by a
 * void (`voided`), lapsed at `preAuthExpiresAt` (`expired`), drawn down and/or released by the merchant (`released`),
 * or still holding money (`holding`) or waiting for the patron (`pending`).
 */
export function preAuthOutcome(request: UpstreamRequest): 'cancelled' | 'voided' | 'expired' | 'released' | 'holding' | 'pending' {
  const figures = preAuthFigures(request.activities);
  if (request.status === 'new') return 'pending';
  if (figures.authorised === 0n) return 'cancelled';
  if (figures.held > 0n) return 'holding';
  const lapse = request.preAuthExpiresAt ? Date.parse(request.preAuthExpiresAt) : Number.POSITIVE_INFINITY;
  if (request.activities.some((activity) => is('release')(activity) && Date.parse(activity.createdAt ?? '') >= lapse)) return 'expired';
  if (figures.confirmations.length === 0 && figures.released === 0n && figures.refundedOfAuthorisation === figures.authorised) return 'voided';
  return 'released';
}

export function preAuthFigures(activities: readonly UpstreamActivity[]): PreAuthFigures {
  const refunds = activities.filter(is('refund'));
  const authorised = sumOf(activities, is('authorization'));
  const confirmed = sumOf(activities, is('confirmation'));
  const released = sumOf(activities, is('release'));
  const refundedOfAuthorisation = sumOf(refunds, (activity) => !activity.confirmationIdempotencyKey);
  const refundedOfConfirmations = sumOf(refunds, (activity) => Boolean(activity.confirmationIdempotencyKey));
  const held = authorised - confirmed - released - refundedOfAuthorisation;
  return {
    authorised, confirmed, released, refundedOfAuthorisation, refundedOfConfirmations,
    confirmations: activities.filter(is('confirmation')).map((activity) => ({ key: activity.idempotencyKey ?? '', amount: BigInt(activity.value.amount) })),
    held: held > 0n ? held : 0n,
    taken: confirmed - refundedOfConfirmations,
  };
}

/** Money a request has of the patron's in any form: kept by the merchant, or held by an authorisation. */
export function moneyOn(request: UpstreamRequest): bigint {
  if (!request.preAuth) return keptByCentrapay(request.activities);
  const figures = preAuthFigures(request.activities);
  return figures.held + figures.taken;
}

export function figures(request: UpstreamRequest): RequestFigures {
  return {
    id: request.id,
    status: request.status,
    value: request.value.amount,
    remaining: request.remainingAmount ?? null,
    kept: moneyOn(request).toString(),
  };
}

export function bump(counter: Record<string, number>, key: string, by = 1): void {
  counter[key] = (counter[key] ?? 0) + by;
}

export function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return groups;
}

/** Every rule the audit applies, by name: tests look for each one (audit*.test.ts). */
export const RULES = {
  // Sales (the lane's own money).
  saleInTwoJournals: 'one order reference in two sales',
  saleNotPaidKeeps: 'Centrapay keeps money for a sale that is not paid',
  saleKeptOverTotal: 'money kept exceeds the sale total',
  salePaidKeptWrong: 'paid sale: money kept is not its total less its refunds',
  saleUnpaidKeeps: 'a sale that ended unpaid keeps money',
  saleStillOpen: 'a sale still pending or unknown after settling',
  saleResultUnknown: 'a sale result the journal does not define',
  journalRequestMissing: 'the journal names a request Centrapay does not have',
  requestOverRefunded: 'Centrapay refunded more than was paid on a request',
  requestWithoutOwner: 'Centrapay keeps or holds money for a request no journal knows',
  requestStillNew: 'a request is still new after settling',
  partPaidUnsettled: 'paid in part with no sale settling it',
  laneNeverSettled: 'a lane, hold or vend never settled',
  processFailed: 'a process failed by itself',
  // Refunds and voids of finished sales.
  refundMissingUpstream: 'a refund the journal says completed that Centrapay does not have',
  voidLeftMoney: 'a void the journal says completed left money with the merchant',
  pressNothingRecorded: 'a press answered OK but nothing recorded',
  shownRefundVanished: 'a refund a screen was shown is not in the journal',
  refundAmountDiffers: 'a refund differs in amount between the journal and Centrapay',
  refundRefusedButMade: 'a refund the journal says refused was made by Centrapay',
  refundPending: 'a refund stuck pending after settling',
  tenderOverRefunded: 'more refunded than the tender took',
  pressRecordedTwice: 'one press recorded twice',
  // Holds: bar tabs and pumps.
  holdConfirmedMissing: 'a confirmation the journal says taken that Centrapay does not have',
  holdTakenNotJournaled: 'Centrapay took money on a hold that the journal does not count',
  holdConfirmationDiffers: 'a confirmation differs in amount between the journal and Centrapay',
  holdOverConfirmed: 'more confirmed than authorised',
  holdUnpressedKey: 'a round confirmed under a key no screen pressed',
  pumpConfirmedTwice: 'a pump confirmed twice',
  holdNeverReleased: 'an authorisation never released after settling',
  holdEndedButHeld: 'the journal ended a hold that Centrapay still holds',
  holdOpenButEnded: 'the journal shows a hold open that Centrapay ended',
  holdReleaseDiffers: 'a release differs in amount between the journal and Centrapay',
  holdReleaseAmountUnknown: 'a release the journal keeps without the amount Centrapay returned',
  holdOutcomeDiffers: 'a hold ended one way in the journal and another at Centrapay',
  holdWorkStuck: 'a confirmation or return stuck in flight after settling',
  strayKeepsMoney: 'a second request of a hold or vend keeps or holds money',
  pumpFinishDiffers: 'a pump finish answered OK differs from what Centrapay took',
  // Vends.
  vendVendedAndRefunded: 'a vend both vended and refunded',
  vendToldVendedAndRefunded: 'the machine was told it vended and the patron was refunded',
  vendRefundMissing: 'a vend the journal says refunded keeps the money',
  vendPaidNotJournaled: 'money taken for a vend the journal says was not paid',
  vendKeptWrong: 'a vended vend keeps another amount than its price',
  vendUnresolved: 'a paid vend neither dispensed nor refunded after settling',
  vendFailedButVended: 'a vend the machine reported failed is journaled vended',
  vendVendedUnconfirmed: 'a vend journaled vended that the machine never confirmed',
} as const;

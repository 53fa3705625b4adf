// Pre-auth holds (bar tabs and pumps) against Centrapay's pre-auth requests: what was authorised, confirmed under
// which key, released and refunded (§3.12, §3.13, §6.10), and what the journal and the screens or machines were told.
// Once the run has settled, every hold has ended: nothing is still held from the patron.
import {
  RULES, figures, moneyOn, preAuthFigures, preAuthOutcome, violation,
  type HoldDrive, type JournalHold, type UpstreamRequest, type Violation, type ViolationKind,
} from './audit-model';

const OPEN = new Set(['opening', 'pending', 'authorized']);
const ENDED = new Set(['released', 'voided', 'cancelled', 'expired', 'failed']);

export function auditHolds(holds: readonly JournalHold[], requestsByRef: ReadonlyMap<string, UpstreamRequest[]>, upstreamById: ReadonlyMap<string, UpstreamRequest>,
  drives: readonly HoldDrive[]): Violation[] {
  const violations: Violation[] = [];
  const drivesById = new Map(drives.filter((drive) => drive.holdId).map((drive) => [`${drive.gateway}\u0000${drive.holdId}`, drive]));
  for (const hold of holds) {
    const own = hold.paymentRequestId ? upstreamById.get(hold.paymentRequestId) : undefined;
    const strays = (requestsByRef.get(hold.externalRef) ?? []).filter((request) => request.id !== hold.paymentRequestId);
    const add = (kind: ViolationKind, rule: string, detail: string, requests: readonly UpstreamRequest[] = own ? [own] : []) =>
      violations.push(violation({ kind, rule, detail, flow: hold.kind === 'pump' ? 'pump' : 'tab', subject: hold.id, gateway: hold.gateway, lane: hold.owner, result: hold.status, total: hold.amount, requests: requests.map(figures) }));
    for (const stray of strays) {
      if (moneyOn(stray) > 0n) add('lost', RULES.strayKeepsMoney, `request ${stray.id} under ${hold.externalRef} has ${moneyOn(stray)}; the hold's own is ${hold.paymentRequestId ?? 'none'}`, [stray]);
    }
    if (hold.paymentRequestId && !own) {
      add('mismatch', RULES.journalRequestMissing, `request ${hold.paymentRequestId}`);
      continue;
    }
    checkConfirmations(hold, own, add);
    if (own) checkOutcome(hold, own, add);
    const drive = drivesById.get(`${hold.gateway}\u0000${hold.id}`);
    if (drive) checkDrive(hold, own, drive, add);
  }
  const known = new Set(holds.map((hold) => `${hold.gateway}\u0000${hold.id}`));
  for (const drive of drives) {
    if (drive.holdId && drive.openAnswered && !known.has(`${drive.gateway}\u0000${drive.holdId}`)) {
      violations.push(violation({ kind: 'lost', rule: RULES.pressNothingRecorded, flow: drive.kind, subject: drive.holdId, gateway: drive.gateway, detail: `the ${drive.kind} ${drive.holdId} was answered as opened; the journal has no such hold` }));
    }
  }
  return violations;
}

type Add = (kind: ViolationKind, rule: string, detail: string) => void;

/** Each confirmation the journal counts, and each Centrapay took, on both sides with one amount. */
function checkConfirmations(hold: JournalHold, own: UpstreamRequest | undefined, add: Add): void {
  const upstream = own ? preAuthFigures(own.activities) : null;
  const taken = new Map((upstream?.confirmations ?? []).map((confirmation) => [confirmation.key, confirmation.amount]));
  const journal = new Map(hold.confirmations.map((confirmation) => [confirmation.key, confirmation]));
  for (const confirmation of hold.confirmations) {
    const amount = taken.get(confirmation.key);
    if (confirmation.status === 'sending') add('orphan', RULES.holdWorkStuck, `confirmation ${confirmation.key} still sending`);
    if (confirmation.status === 'confirmed' && amount === undefined) add('lost', RULES.holdConfirmedMissing, `confirmation ${confirmation.key} (${confirmation.amount})`);
    if (confirmation.status === 'confirmed' && amount !== undefined && amount !== BigInt(confirmation.amount)) {
      add('mismatch', RULES.holdConfirmationDiffers, `confirmation ${confirmation.key}: journal ${confirmation.amount}, Centrapay ${amount}`);
    }
  }
  for (const [key, amount] of taken) {
    const status = journal.get(key)?.status;
    if (status !== 'confirmed' && status !== 'sending') add('lost', RULES.holdTakenNotJournaled, `Centrapay confirmed ${amount} under ${key}; the journal has it ${status ?? 'not at all'}`);
  }
  const journalConfirmed = hold.confirmations.filter((confirmation) => confirmation.status === 'confirmed').reduce((total, confirmation) => total + BigInt(confirmation.amount), 0n);
  if (journalConfirmed > BigInt(hold.amount)) add('double', RULES.holdOverConfirmed, `the journal confirmed ${journalConfirmed} of ${hold.amount} authorised`);
  if (upstream && upstream.confirmed > upstream.authorised) add('double', RULES.holdOverConfirmed, `Centrapay confirmed ${upstream.confirmed} of ${upstream.authorised} authorised`);
  for (const row of hold.returns) if (row.status === 'sending') add('orphan', RULES.holdWorkStuck, `${row.kind} ${row.id} still sending`);
}

/** How the hold ended on each side: nothing may still be held once the run settled. */
function checkOutcome(hold: JournalHold, own: UpstreamRequest, add: Add): void {
  const upstream = preAuthFigures(own.activities);
  if (own.status === 'new') return; // the request rule reports it
  if (upstream.held > 0n) {
    if (OPEN.has(hold.status)) add('orphan', RULES.holdNeverReleased, `Centrapay still holds ${upstream.held} of ${upstream.authorised}; the journal has the hold ${hold.status}`);
    else add('mismatch', RULES.holdEndedButHeld, `the journal has the hold ${hold.status}; Centrapay still holds ${upstream.held} of ${upstream.authorised}`);
    return;
  }
  if (hold.status === 'opening' || hold.status === 'pending' || (hold.status === 'authorized' && BigInt(hold.remaining) > 0n)) {
    add('mismatch', RULES.holdOpenButEnded, `the journal has the hold ${hold.status} with ${hold.remaining} remaining; Centrapay's request is ${own.status}${own.preAuthStatus ? ` (${own.preAuthStatus})` : ''} and holds nothing`);
  }
  const outcome = preAuthOutcome(own);
  if (ENDED.has(hold.status) && hold.status !== 'failed' && hold.status !== outcome) {
    add('mismatch', RULES.holdOutcomeDiffers, `the journal has the hold ${hold.status}; at Centrapay it was ${outcome} (${own.activities.map((activity) => activity.type).reverse().join(', ')})`);
  }
  const releases = hold.returns.filter((row) => row.kind === 'release' && row.status === 'done');
  const released = releases.filter((row) => row.amount !== null).reduce((total, row) => total + BigInt(row.amount!), 0n);
  if (released > 0n && released !== upstream.released) add('mismatch', RULES.holdReleaseDiffers, `the journal released ${released}, Centrapay ${upstream.released}`);
  const unknown = releases.filter((row) => row.amount === null);
  if (unknown.length > 0 && upstream.released > 0n) {
    add('mismatch', RULES.holdReleaseAmountUnknown, `${unknown.map((row) => row.id).join(', ')} done with no amount in the journal; Centrapay released ${upstream.released}`);
  }
  if (ENDED.has(hold.status) && hold.status !== 'released' && upstream.taken > 0n && hold.confirmations.every((confirmation) => confirmation.status !== 'confirmed')) {
    add('lost', RULES.holdTakenNotJournaled, `the journal has the hold ${hold.status} with nothing confirmed; Centrapay took ${upstream.taken}`);
  }
}

/** What the screen or machine was told against both records. */
function checkDrive(hold: JournalHold, own: UpstreamRequest | undefined, drive: HoldDrive, add: Add): void {
  const upstream = own ? preAuthFigures(own.activities) : null;
  if (hold.kind === 'tab' && upstream) {
    const pressed = new Set(drive.roundKeys);
    for (const { key, amount } of upstream.confirmations) {
      if (!pressed.has(key)) add('double', RULES.holdUnpressedKey, `Centrapay confirmed ${amount} under ${key}, a key no screen pressed on this tab`);
    }
  }
  if (hold.kind === 'pump' && upstream && upstream.confirmations.length > 1) {
    add('double', RULES.pumpConfirmedTwice, `Centrapay has ${upstream.confirmations.length} confirmations: ${upstream.confirmations.map((c) => `${c.key} ${c.amount}`).join(', ')}`);
  }
  if (drive.finishedAmount !== null && upstream && upstream.confirmed !== BigInt(drive.finishedAmount)) {
    add('mismatch', RULES.pumpFinishDiffers, `the pump's finish for ${drive.finishedAmount} was answered OK; Centrapay confirmed ${upstream.confirmed}`);
  }
  const journalKeys = new Map(hold.confirmations.map((confirmation) => [confirmation.key, confirmation.status]));
  for (const key of drive.roundsConfirmed) {
    if (journalKeys.get(key) !== 'confirmed') add('lost', RULES.pressNothingRecorded, `round ${key} was answered as confirmed; the journal has it ${journalKeys.get(key) ?? 'not at all'}`);
  }
}

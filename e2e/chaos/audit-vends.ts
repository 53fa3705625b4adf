// Vends against Centrapay's requests: a paid vend ends either vended (the money kept) or refunded (all of it back),
// never both and never neither; one never paid keeps nothing. The patron's and the machine's answers are held to it.
import { RULES, figures, keptByCentrapay, moneyOn, violation, type JournalVend, type UpstreamRequest, type VendDrive, type Violation, type ViolationKind } from './audit-model';

const UNRESOLVED = new Set(['creating', 'pending', 'vending', 'refunding', 'refund-failed']);

const sumOf = (request: UpstreamRequest | undefined, type: string): bigint =>
  (request?.activities ?? []).filter((activity) => activity.type === type).reduce((total, activity) => total + BigInt(activity.value.amount), 0n);

export function auditVends(vends: readonly JournalVend[], requestsByRef: ReadonlyMap<string, UpstreamRequest[]>, upstreamById: ReadonlyMap<string, UpstreamRequest>,
  drives: readonly VendDrive[]): Violation[] {
  const violations: Violation[] = [];
  const drivesById = new Map(drives.filter((drive) => drive.vendId).map((drive) => [`${drive.gateway}\u0000${drive.vendId}`, drive]));
  for (const vend of vends) {
    const own = vend.paymentRequestId ? upstreamById.get(vend.paymentRequestId) : undefined;
    const strays = (requestsByRef.get(vend.id) ?? []).filter((request) => request.id !== vend.paymentRequestId);
    const add = (kind: ViolationKind, rule: string, detail: string, requests: readonly UpstreamRequest[] = own ? [own] : []) =>
      violations.push(violation({ kind, rule, detail, flow: 'vend', subject: vend.id, gateway: vend.gateway, lane: vend.machineId, result: vend.status, total: vend.amount, requests: requests.map(figures) }));
    for (const stray of strays) {
      if (moneyOn(stray) > 0n) add('lost', RULES.strayKeepsMoney, `request ${stray.id} under vend ${vend.id} keeps ${moneyOn(stray)}; the vend's own is ${vend.paymentRequestId ?? 'none'}`, [stray]);
    }
    if (vend.paymentRequestId && !own) {
      add('mismatch', RULES.journalRequestMissing, `request ${vend.paymentRequestId}`);
      continue;
    }
    checkVend(vend, own, add);
    const drive = drivesById.get(`${vend.gateway}\u0000${vend.id}`);
    if (drive) checkDrive(vend, own, drive, add);
  }
  const known = new Set(vends.map((vend) => `${vend.gateway}\u0000${vend.id}`));
  for (const drive of drives) {
    if (drive.vendId && drive.boughtAnswered && !known.has(`${drive.gateway}\u0000${drive.vendId}`)) {
      violations.push(violation({ kind: 'lost', rule: RULES.pressNothingRecorded, flow: 'vend', subject: drive.vendId, gateway: drive.gateway, lane: drive.machineId, detail: `the patron's buy was answered with vend ${drive.vendId}; the journal has no such vend` }));
    }
  }
  return violations;
}

type Add = (kind: ViolationKind, rule: string, detail: string) => void;

function checkVend(vend: JournalVend, own: UpstreamRequest | undefined, add: Add): void {
  const paid = sumOf(own, 'payment');
  const refunded = sumOf(own, 'refund');
  const kept = own ? keptByCentrapay(own.activities) : 0n;
  if (refunded > paid) add('double', RULES.requestOverRefunded, `refunded ${refunded} of ${paid} paid`);
  switch (vend.status) {
    case 'vended':
      if (refunded > 0n) add('double', RULES.vendVendedAndRefunded, `journaled vended; Centrapay refunded ${refunded} of ${paid}`);
      else if (kept !== BigInt(vend.amount)) add('mismatch', RULES.vendKeptWrong, `journaled vended for ${vend.amount}; Centrapay keeps ${kept}`);
      return;
    case 'refunded':
      if (kept > 0n) add('lost', RULES.vendRefundMissing, `journaled refunded; Centrapay keeps ${kept} (paid ${paid}, refunded ${refunded})`);
      return;
    case 'unpaid':
    case 'failed':
      if (kept > 0n) add('lost', RULES.vendPaidNotJournaled, `journaled ${vend.status}; Centrapay keeps ${kept}`);
      return;
    default:
      // Still unresolved after settling: a paid one was neither dispensed nor refunded; an unpaid one is a request still new (its own rule).
      if (UNRESOLVED.has(vend.status) && (paid > 0n || own?.status !== 'new')) {
        add('orphan', RULES.vendUnresolved, `journaled ${vend.status}${vend.reason ? ` (${vend.reason})` : ''}; Centrapay ${own?.status ?? 'has no request'}, keeps ${kept}`);
      }
  }
}

function checkDrive(vend: JournalVend, own: UpstreamRequest | undefined, drive: VendDrive, add: Add): void {
  const refunded = sumOf(own, 'refund');
  if (drive.vendedAnswered && (refunded > 0n || vend.status === 'refunded' || vend.status === 'refunding')) {
    add('double', RULES.vendToldVendedAndRefunded, `the machine's "vended" was answered OK; the vend is ${vend.status} and Centrapay refunded ${refunded}`);
  }
  if (drive.failedAnswered && vend.status === 'vended') add('mismatch', RULES.vendFailedButVended, 'the machine reported a failure and was answered OK; the journal says vended');
  else if (!drive.vendedSent && vend.status === 'vended') add('mismatch', RULES.vendVendedUnconfirmed, `the machine never sent "vended" (${drive.variant}); the journal says vended`);
}

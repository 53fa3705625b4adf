// Refunds and voids of finished sales, apart from the lanes' state machine (a lane is done with a sale once it is
// paid). What a sale took, and so what can go back, comes from the journal: its line items, what paid each of its
// Payment Requests (`paidBy`) and what was taken at the counter; Centrapay is read only for what the journal lacks
// (when a request was created, by its clock; `paidBy` of a journal from before it kept them). A press is written to
// the journal before Centrapay is asked; presses on one sale run one at a time, and a press sent again (same key)
// refunds nothing twice.
import { createHash } from 'node:crypto';
import { z } from 'zod/mini';
import { assetAmountSchema, refundErrorWords, refundMethodSchema, refundStatusSchema, type AfterSale } from '../../../domain/after-sale';
import { lineItemSchema, type PaidBy } from '../../../domain/centrapay';
import { formatMoney, sumCents } from '../../../domain/money';
import type { CentrapayClient } from '../centrapay/client';
import { GatewayHttpError } from '../errors';
import type { Journal, RefundRow, SaleRow } from '../journal/journal';
import { afterSaleView, planRefund, planVoid, type PlannedRefund, type Refund, type Refusal, type SaleBook, type Tender } from './ledger';
import { RefundRunner } from './runner';

export interface AfterSaleOptions {
  currency: string;
  /** The first wait between reads of a refund's activities; it doubles up to `maxPollMs`. */
  pollMs: number;
  maxPollMs: number;
  /** A press answers within this whatever Centrapay does; its refunds go on in the background. */
  answerWithinMs: number;
  now: () => number;
}

export interface RefundInput {
  /** One per press of the button: the same key again is the same press. */
  key: string;
  /** Undefined: the whole sale. */
  lines?: { sku: string; qty: number }[];
  reason: string;
  operatorId: string;
}

export type VoidInput = Omit<RefundInput, 'lines'>;

interface Logger {
  warn(obj: object, msg: string): void;
}

/** What Centrapay says of a request that the journal does not keep. */
interface RequestFacts {
  createdAt: string;
  paidBy: PaidBy | undefined;
}

const lineItemsSchema = z.array(lineItemSchema);
const assetTotalsSchema = z.array(assetAmountSchema);

const EVENT_KIND: Record<RefundRow['method'], string> = {
  centrapay: 'refund-requested',
  void: 'void-requested',
  cash: 'cash-handed-back',
  card: 'card-refunded-at-counter',
};

export class AfterSaleService {
  private readonly runners = new Map<string, RefundRunner>();
  private readonly facts = new Map<string, RequestFacts>();
  private readonly queues = new Map<string, Promise<unknown>>();
  private stopped = false;

  constructor(
    private readonly journal: Journal,
    private readonly client: CentrapayClient,
    private readonly options: AfterSaleOptions,
    private readonly log: Logger,
  ) {}

  /** Refunds and voids Centrapay had not finished when the gateway stopped go on. */
  start(): void {
    for (const row of this.journal.pendingRefunds()) {
      const refund = this.readRefund(row);
      if (!refund.paymentRequestId) continue;
      const tender = this.journalBook(refund.orderRef)?.book.tenders.find((candidate) => candidate.key === refund.paymentRequestId);
      this.launch(refund, tender, refund.lineItems ?? undefined);
    }
  }

  stop(): void {
    this.stopped = true;
    for (const runner of this.runners.values()) runner.stop();
    this.runners.clear();
  }

  async view(ref: string): Promise<AfterSale> {
    return afterSaleView(await this.book(this.saleRef(ref)), this.options.now());
  }

  /** Refunds the whole sale, or chosen lines, through each tender that paid it. */
  refund(ref: string, input: RefundInput): Promise<AfterSale> {
    return this.press(ref, input, 'refund', (book) => planRefund(book, input.lines));
  }

  /** Voids every request of the sale (each refunded, §3.10) and hands back the counter's part: within 24 h only. */
  voidSale(ref: string, input: VoidInput): Promise<AfterSale> {
    return this.press(ref, input, 'void', (book) => planVoid(book, this.options.now()));
  }

  /** A webhook says a refund of this request started or finished: its runners read now. */
  cue(paymentRequestId: string): void {
    for (const runner of this.runners.values()) if (runner.refund.paymentRequestId === paymentRequestId) runner.wake();
  }

  /** A press, checked against the sale as the one before it left it; the same key again is the same press. */
  private async press(ref: string, input: VoidInput, kind: 'refund' | 'void', plan: (book: SaleBook) => { refunds: PlannedRefund[] } | { refused: Refusal }): Promise<AfterSale> {
    const saleRef = this.saleRef(ref);
    const prefix = `${saleRef}-${kind === 'void' ? 'V' : 'R'}${pressCode(saleRef, input.key)}`;
    await this.serial(saleRef, async () => {
      const book = await this.book(saleRef);
      if (book.refunds.some((refund) => refund.id.startsWith(`${prefix}-`))) return;
      this.write(book, prefix, kind, orThrow(plan(book)), input);
    });
    return this.answer(saleRef, prefix);
  }

  private saleRef(ref: string): string {
    const sale = this.journal.sale(ref) ?? this.journal.sale(this.journal.request(ref)?.orderRef ?? '');
    if (!sale) throw new GatewayHttpError(404, 'SALE_NOT_FOUND', 'No sale with that reference was made on this till.');
    return sale.ref;
  }

  /** Presses on one sale, one at a time: each sees what the one before it wrote. */
  private serial(ref: string, work: () => Promise<void>): Promise<void> {
    const next = (this.queues.get(ref) ?? Promise.resolve()).then(work);
    const settled = next.catch(() => undefined);
    this.queues.set(ref, settled);
    void settled.then(() => {
      if (this.queues.get(ref) === settled) this.queues.delete(ref);
    });
    return next;
  }

  /** The press's rows and events, in one transaction, then a runner for each refund Centrapay must make. */
  private write(book: SaleBook, prefix: string, kind: 'refund' | 'void', planned: PlannedRefund[], input: VoidInput): void {
    const actor = `cashier:${input.operatorId}`;
    const rows = planned.map((plan, index): Omit<RefundRow, 'createdAt' | 'updatedAt'> => {
      const counter = plan.tender.method === 'cash' || plan.tender.method === 'card';
      return {
        id: `${prefix}-${index + 1}`,
        orderRef: book.ref,
        paymentRequestId: plan.tender.paymentRequestId,
        method: plan.tender.method === 'cash' || plan.tender.method === 'card' ? plan.tender.method : kind === 'void' ? 'void' : 'centrapay',
        amount: plan.amount,
        currency: book.currency,
        lineItems: plan.record ? JSON.stringify(plan.record) : null,
        reason: input.reason,
        actor,
        // Money handed back over the counter is back at once; Centrapay's part is pending until it says so.
        status: counter ? 'completed' : 'pending',
        error: null,
        assetTotals: null,
      };
    });
    this.journal.addRefunds(rows, rows.map((row) => ({
      subject: row.paymentRequestId ?? book.ref,
      orderRef: book.ref,
      kind: EVENT_KIND[row.method],
      actor,
      detail: `${row.id}: ${formatMoney(row.amount, row.currency)} for ${row.lineItems ? describeLines(JSON.parse(row.lineItems) as { name: string; qty: string }[]) : 'the whole sale'}; reason: ${input.reason}`,
    })));
    const at = new Date(this.options.now()).toISOString();
    rows.forEach((row, index) => {
      if (row.status !== 'pending') return;
      this.launch({ ...row, createdAt: at, updatedAt: at, lineItems: planned[index]!.record, assetTotals: null }, planned[index]!.tender, planned[index]!.send);
    });
  }

  private launch(refund: Refund, tender: Tender | undefined, lineItems: Refund['lineItems'] | undefined): void {
    if (this.stopped || this.runners.has(refund.id)) return;
    const runner = new RefundRunner(refund, tender, lineItems ?? undefined, {
      client: this.client,
      journal: this.journal,
      pollMs: this.options.pollMs,
      maxPollMs: this.options.maxPollMs,
      warn: (detail, message) => this.log.warn(detail, message),
    });
    this.runners.set(refund.id, runner);
    void runner.run().finally(() => {
      if (this.runners.get(refund.id) === runner) this.runners.delete(refund.id);
    });
  }

  /**
   * The sale after a press, once Centrapay has answered each of its refunds (or `answerWithinMs` passed: they go on
   * in the background). A press Centrapay refused entirely changed nothing, and says why.
   */
  private async answer(saleRef: string, prefix: string): Promise<AfterSale> {
    const ours = (id: string) => id.startsWith(`${prefix}-`);
    const answered = [...this.runners.values()].filter((runner) => ours(runner.refund.id)).map((runner) => runner.answered);
    await Promise.race([Promise.all(answered), delay(this.options.answerWithinMs)]);
    const book = await this.book(saleRef);
    const press = book.refunds.filter((refund) => ours(refund.id));
    const [first] = press;
    if (first && press.every((refund) => refund.status === 'failed')) {
      throw new GatewayHttpError(422, first.error ?? 'REFUND_REFUSED', `Centrapay refused: ${refundErrorWords(first.error)} Nothing was refunded.`);
    }
    return afterSaleView(book, this.options.now());
  }

  /** The sale as the journal has it, completed by what Centrapay says of its requests where the journal is silent. */
  private async book(saleRef: string): Promise<SaleBook> {
    const found = this.journalBook(saleRef);
    if (!found) throw new GatewayHttpError(404, 'SALE_NOT_FOUND', 'No sale with that reference was made on this till.');
    const { book, unknownPaid } = found;
    for (const tender of book.tenders) {
      if (!tender.paymentRequestId) continue;
      const facts = await this.requestFacts(tender.paymentRequestId);
      if (facts) tender.createdAt = facts.createdAt;
      if (!unknownPaid.has(tender.key)) continue;
      if (!facts?.paidBy) {
        throw new GatewayHttpError(502, 'CENTRAPAY_UNAVAILABLE', 'Centrapay is not answering, so the till cannot tell what this sale’s payment took. Nothing was refunded. Try again in a moment.');
      }
      tender.assets = assetsOf(facts.paidBy);
      tender.paid = sumCents(tender.assets.map((asset) => asset.amount));
    }
    return book;
  }

  /** The journal's record of a sale; `unknownPaid`: requests it does not know what paid (a journal before schema 4). */
  private journalBook(saleRef: string): { book: SaleBook; unknownPaid: Set<string> } | null {
    const sale: SaleRow | undefined = this.journal.sale(saleRef);
    if (!sale) return null;
    const lines = lineItemsSchema.safeParse(parseJson(this.journal.lineItemsOf(saleRef)));
    const tenders = this.journal.tendersOf(saleRef);
    const unknownPaid = new Set<string>();
    const requests = this.journal.requestsOf(saleRef).filter((request) => request.status === 'paid').map((request): Tender => {
      if (!request.paidBy) unknownPaid.add(request.id);
      const assets = request.paidBy ? assetsOf(request.paidBy) : [];
      const external = tenders.find((tender) => tender.onRequest && tender.paymentRequestId === request.id)?.method;
      return {
        key: request.id,
        method: 'centrapay',
        paymentRequestId: request.id,
        shortCode: request.shortCode,
        paid: sumCents(assets.map((asset) => asset.amount)),
        assets,
        externalMethod: external === 'cash' || external === 'card' ? external : null,
        createdAt: request.createdAt,
      };
    });
    // Cash or card taken at the counter (not recorded on a request), net of anything handed back.
    const counter = (['cash', 'card'] as const).flatMap((method): Tender[] => {
      const paid = sumCents(tenders.filter((tender) => !tender.onRequest && tender.method === method).map((tender) => tender.amount));
      return BigInt(paid) > 0n ? [{ key: method, method, paymentRequestId: null, shortCode: null, paid, assets: [], externalMethod: null, createdAt: null }] : [];
    });
    return {
      book: {
        ref: sale.ref,
        number: sale.number,
        total: sale.total,
        currency: sale.currency,
        result: sale.result,
        createdAt: sale.createdAt,
        lines: lines.success ? lines.data : [],
        tenders: [...requests, ...counter],
        refunds: this.journal.refundsOf(saleRef).map((row) => this.readRefund(row)),
      },
      unknownPaid,
    };
  }

  /** When Centrapay created the request (its clock, for the void window) and what paid it; kept once read. */
  private async requestFacts(id: string): Promise<RequestFacts | null> {
    const known = this.facts.get(id);
    if (known) return known;
    try {
      const request = await this.client.getPaymentRequest(id, { cued: true });
      const facts = { createdAt: request.createdAt, paidBy: request.status === 'paid' ? request.paidBy : undefined };
      this.facts.set(id, facts);
      return facts;
    } catch {
      return null;
    }
  }

  /** A journal row, read with its schemas; a JSON column that cannot be read is logged and left out. */
  private readRefund(row: RefundRow): Refund {
    const lineItems = row.lineItems === null ? null : lineItemsSchema.safeParse(parseJson(row.lineItems));
    const assetTotals = row.assetTotals === null ? null : assetTotalsSchema.safeParse(parseJson(row.assetTotals));
    if (lineItems?.success === false || assetTotals?.success === false) this.log.warn({ refund: row.id }, 'a refund row of the journal could not be read in full');
    return {
      ...row,
      method: refundMethodSchema.parse(row.method),
      status: refundStatusSchema.parse(row.status),
      lineItems: lineItems?.success ? lineItems.data : null,
      assetTotals: assetTotals?.success ? assetTotals.data : null,
    };
  }
}

function orThrow(plan: { refunds: PlannedRefund[] } | { refused: Refusal }): PlannedRefund[] {
  if ('refused' in plan) throw new GatewayHttpError(plan.refused.statusCode, plan.refused.code, plan.refused.message);
  return plan.refunds;
}

/** A short code of the press, the same for the same key: our refund ids (and `externalRef`s) follow from it. */
function pressCode(saleRef: string, key: string): string {
  return createHash('sha256').update(`${saleRef}\u0000${key}`).digest('hex').slice(0, 8).toUpperCase();
}

function assetsOf(paidBy: PaidBy) {
  return paidBy.assetTotals.map(({ type, description, total }) => ({ type, description, amount: total.amount }));
}

function describeLines(lines: { name: string; qty: string }[]): string {
  return lines.map((line) => `${line.qty} × ${line.name}`).join(', ');
}

function parseJson(text: string | null): unknown {
  if (text === null) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

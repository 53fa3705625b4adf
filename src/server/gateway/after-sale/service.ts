// Refunds and voids of finished sales, on the engine shell (key: the sale's reference), apart from the lanes (a lane
// is done with a sale once it is paid). A press is checked by the after-sale transition against the sale as the
// press before it left it, written to the journal before Centrapay is asked, and answered once Centrapay has
// answered each of its refunds (or `answerWithinMs` passed: they go on in the background). The same press sent
// again (same key) refunds nothing twice.
import { createHash } from 'node:crypto';
import { refundErrorWords, type AfterSale } from '../../../domain/after-sale';
import type { CentrapayClient } from '../centrapay/client';
import { EngineShell } from '../engine/shell';
import { GatewayHttpError } from '../errors';
import type { Journal, SaleRow } from '../journal/journal';
import { SaleBooks } from './book';
import { afterSaleEffects, runAfterSaleEffect, type AfterSaleEffect } from './effects';
import type { AfterSaleContext, AfterSaleEvent, AfterSaleObservation, AfterSaleRecord } from './events';
import { afterSaleView, type SaleBook } from './ledger';
import { transition } from './transition';

export interface AfterSaleOptions {
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
  error(obj: object, msg: string): void;
}

const NOT_FOUND = { statusCode: 404, code: 'SALE_NOT_FOUND', message: 'No sale with that reference was made on this till.' };

export class AfterSaleService {
  private readonly shell: EngineShell<SaleBook, AfterSaleEvent, AfterSaleRecord, AfterSaleContext, AfterSaleEffect, AfterSaleObservation>;

  constructor(
    private readonly journal: Journal,
    /** The client of the store a lane belongs to: a sale's refunds go through its lane's. */
    private readonly clientOf: (lane: string) => CentrapayClient,
    private readonly options: AfterSaleOptions,
    log: Logger,
  ) {
    this.shell = new EngineShell({
      name: 'after-sale',
      engine: { transition, effects: afterSaleEffects },
      store: new SaleBooks(journal, clientOf),
      context: () => ({ now: options.now() }),
      run: async (effect, run, saleRef) => runAfterSaleEffect(effect, run, this.clientOf((await journal.history.sale(saleRef))?.lane ?? '')),
      backoff: { baseMs: options.pollMs, maxMs: options.maxPollMs },
      missing: () => NOT_FOUND,
      log,
    });
  }

  /** Refunds and voids Centrapay had not finished when the gateway stopped go on. */
  start(): Promise<void> {
    return this.shell.start();
  }

  stop(): void {
    this.shell.stop();
  }

  async view(ref: string): Promise<AfterSale> {
    const book = await this.shell.read(await this.saleRef(ref));
    if (!book) throw new GatewayHttpError(NOT_FOUND.statusCode, NOT_FOUND.code, NOT_FOUND.message);
    if (book.unknownPaid) {
      throw new GatewayHttpError(502, 'CENTRAPAY_UNAVAILABLE', 'Centrapay is not answering, so the till cannot tell what this sale’s payment took. Nothing was refunded. Try again in a moment.');
    }
    return afterSaleView(book, this.options.now());
  }

  /** Refunds the whole sale, or chosen lines, through each tender that paid it. */
  async refund(ref: string, input: RefundInput): Promise<AfterSale> {
    const saleRef = await this.saleRef(ref);
    const prefix = `${saleRef}-R${pressCode(saleRef, input.key)}`;
    await this.shell.dispatch(saleRef, { type: 'refund', prefix, reason: input.reason, actor: `cashier:${input.operatorId}`, ...(input.lines ? { lines: input.lines } : {}) });
    return this.answer(saleRef, prefix);
  }

  /** Voids every request of the sale (each refunded, §3.10) and hands back the counter's part: within 24 h only. */
  async voidSale(ref: string, input: VoidInput): Promise<AfterSale> {
    const saleRef = await this.saleRef(ref);
    const prefix = `${saleRef}-V${pressCode(saleRef, input.key)}`;
    await this.shell.dispatch(saleRef, { type: 'void', prefix, reason: input.reason, actor: `cashier:${input.operatorId}` });
    return this.answer(saleRef, prefix);
  }

  /** A webhook says a refund of this request started or finished: its runners read now. */
  cue(paymentRequestId: string): void {
    this.shell.wake((effect) => effect.refund.paymentRequestId === paymentRequestId);
  }

  /** The sale by its order reference, or by one of its Payment Request ids (its store says who may refund it). */
  async sale(ref: string): Promise<SaleRow> {
    const { history } = this.journal;
    const sale = (await history.sale(ref)) ?? (await history.sale((await history.request(ref))?.orderRef ?? ''));
    if (!sale) throw new GatewayHttpError(NOT_FOUND.statusCode, NOT_FOUND.code, NOT_FOUND.message);
    return sale;
  }

  private async saleRef(ref: string): Promise<string> {
    return (await this.sale(ref)).ref;
  }

  /** The sale once Centrapay has answered each of the press's refunds; a press Centrapay refused entirely says why. */
  private async answer(saleRef: string, prefix: string): Promise<AfterSale> {
    const ours = (book: SaleBook) => book.refunds.filter((refund) => refund.id.startsWith(`${prefix}-`));
    const answered = (book: SaleBook) => ours(book).every((refund) => refund.status !== 'pending' || refund.accepted);
    await this.shell.answer(saleRef, answered, this.options.answerWithinMs);
    const book = (await this.shell.read(saleRef))!;
    const press = ours(book);
    const [first] = press;
    if (first && press.every((refund) => refund.status === 'failed')) {
      throw new GatewayHttpError(422, first.error ?? 'REFUND_REFUSED', `Centrapay refused: ${refundErrorWords(first.error)} Nothing was refunded.`);
    }
    return afterSaleView(book, this.options.now());
  }
}

/** A short code of the press, the same for the same key: our refund ids (and `externalRef`s) follow from it. */
function pressCode(saleRef: string, key: string): string {
  return createHash('sha256').update(`${saleRef}\u0000${key}`).digest('hex').slice(0, 8).toUpperCase();
}

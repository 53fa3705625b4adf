// A sale found at Centrapay by the short code on its receipt when the journal has none (checklist 104.3): a receipt of
// another till or gateway, or of this one before its journal was lost. Centrapay is asked with the key of the store of
// the lane the cashier searches from (`GET /api/payment-requests/short-code/{shortCode}`, §3.3, which answers only that
// merchant account's requests) and the request's activities are read for its refunds. To refund it here, the sale is
// first journaled "as found at Centrapay" (after-sale/found.ts), read afresh from Centrapay at that moment; from then on
// the after-sale engine refunds it like any sale of the journal.
import type { FoundSale } from '../../../domain/found-sale';
import type { PaymentRequest, RefundActivity } from '../../../domain/centrapay';
import { foundSaleRows, foundSaleView } from '../after-sale/found';
import type { CentrapayClient } from '../centrapay/client';
import { CentrapayError } from '../centrapay/errors';
import { GatewayHttpError } from '../errors';
import type { Journal, RequestOwner } from '../journal/journal';
import { foundSaleRef } from '../sale/order-ref';

/** What Centrapay has under a short code, what this till has of it, and what the screen is shown. */
export interface Found {
  request: PaymentRequest;
  activities: RefundActivity[];
  owner: RequestOwner | undefined;
  sale: FoundSale;
}

/** A lane's till as the look-up needs it: its store's Centrapay client, and its terminal id (for the found sale's ref). */
export interface Till {
  client: CentrapayClient;
  terminalId: string;
}

export class SalesAtCentrapay {
  constructor(
    private readonly journal: Journal,
    private readonly tillOf: (lane: string) => Till | undefined,
    private readonly now: () => number,
  ) {}

  /** What Centrapay has under `shortCode` for the lane's store. Nothing is written. */
  async find(shortCode: string, lane: string): Promise<Found> {
    const { client } = this.till(lane);
    const request = await ask(() => client.getPaymentRequestByShortCode(shortCode));
    const activities = await ask(() => client.listPaymentRequestActivities(request.id, { cued: true }));
    const owner = await this.journal.history.requestOwner(request.id);
    return { request, activities, owner, sale: foundSaleView(request, activities, owner, this.now()) };
  }

  /**
   * Journals the sale Centrapay has under `shortCode` as found, from `lane`, so that it can be refunded here; a sale
   * the journal has already (found before, at another screen or instance too) is given back as it is. Refused in words
   * (409, nothing written) when this till cannot refund it.
   */
  async journalSale(shortCode: string, lane: string, operatorId: string): Promise<Found> {
    const found = await this.find(shortCode, lane);
    if (found.owner?.kind === 'sale') return found;
    if (found.sale.refusal) throw new GatewayHttpError(409, 'NOT_REFUNDABLE_HERE', `${found.sale.refusal} Nothing was journaled.`);
    const rows = foundSaleRows(found.request, found.activities, { ref: foundSaleRef(this.till(lane).terminalId), lane, operatorId });
    // Written once per request: found meanwhile at another screen or instance, it is that sale.
    await this.journal.foundSales.record(rows);
    const owner = await this.journal.history.requestOwner(found.request.id);
    return { ...found, owner, sale: foundSaleView(found.request, found.activities, owner, this.now()) };
  }

  private till(lane: string): Till {
    const till = this.tillOf(lane);
    if (!till) throw new GatewayHttpError(404, 'UNKNOWN_LANE', `There is no lane "${lane}" on this till.`);
    return till;
  }
}

/** Centrapay's answer, or why not in words: not found (or another account's) is the same words, nothing leaked. */
async function ask<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (!(error instanceof CentrapayError)) throw error;
    if (error.statusCode === 403 || error.statusCode === 404) throw new GatewayHttpError(404, 'NOT_AT_CENTRAPAY', 'No sale with that code at Centrapay.');
    if (error.kind === 'rejected' && error.code === 'CHECKSUM_FAILED') {
      throw new GatewayHttpError(400, 'CHECKSUM_FAILED', 'No sale with that code at Centrapay: one of its characters is wrong. Check the code on the receipt.');
    }
    if (error.kind === 'rejected') throw new GatewayHttpError(502, 'CENTRAPAY_REFUSED', `Centrapay refused to look the code up (${error.code}). Nothing was changed.`);
    throw new GatewayHttpError(502, 'CENTRAPAY_UNAVAILABLE', 'Centrapay is not answering, so the code cannot be looked up there. Nothing was changed: try again in a moment.');
  }
}

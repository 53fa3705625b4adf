// Receipts. `GET /api/receipts/:token` is public (the patron's phone has no cashier code): the token is the proof
// (receipt-token.ts), every look-up is rate-limited per client so tokens cannot be found by guessing, and what it
// answers comes from the journal alone. The links: the lane's finished sale, for the display to show as a QR code
// (displays read a lane like this, and the link is the patron's own receipt on the patron's screen), and any sale's,
// for an authorised cashier screen of the sale's own store to print.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { LANE_ID_PATTERN } from '../../../domain/lane';
import { receiptSchema, type ReceiptLink } from '../../../domain/receipt';
import { salePhase } from '../../../domain/sale';
import { GatewayHttpError } from '../errors';
import { limitPerDevice, perMinute } from '../per-device-limit';
import type { Journal, SaleRow } from '../journal/journal';
import type { SaleService } from '../sale/service';
import type { StoreScope } from '../stores/store-scope';
import { buildReceipt, hasReceipt, type Merchant } from './receipt';
import { receiptPath, receiptToken, verifyReceiptToken } from './receipt-token';

export interface ReceiptOptions {
  /** Who a sale's receipt is from: its store's merchant name and GST number. */
  merchantOf: (sale: SaleRow) => Merchant;
  /** The origin patrons' phones reach the till by (PUBLIC_URL); without it, the one the screen asked on. */
  publicUrl?: string;
  /** Receipt look-ups one client may make a minute. */
  perMinute?: number;
}

// A wildcard, not `:token`: the router caps a named parameter at 100 characters and an order reference may be long.
const tokenParams = z.object({ '*': z.string() });
const laneParams = z.object({ lane: z.string().regex(LANE_ID_PATTERN, 'lane must be letters, digits, - or _') });
const refParams = z.object({ ref: z.string().min(1).max(120) });

const NOT_FOUND = new GatewayHttpError(404, 'RECEIPT_NOT_FOUND',
  'There is no receipt at this link. Check that the whole link was copied, or ask the shop for a printed receipt.');

/** Registered outside the cashier scope: anyone with a link may read that receipt, and nothing else. */
export function receiptRoutes(journal: Journal, options: ReceiptOptions) {
  return async function routes(app: FastifyInstance) {
    await limitPerDevice(app, 'receipts were asked for');
    app.get('/api/receipts/*', perMinute(options.perMinute ?? 30), async (request, reply) => {
      const { history } = journal;
      const ref = verifyReceiptToken(await journal.secrets.receiptKey(), tokenParams.parse(request.params)['*']);
      const sale = ref === null ? undefined : await history.sale(ref);
      if (!sale || !hasReceipt(sale)) throw NOT_FOUND;
      void reply.header('Cache-Control', 'no-store');
      return receiptSchema.parse(buildReceipt({
        merchant: options.merchantOf(sale),
        sale,
        lineItems: await history.lineItemsOf(sale.ref),
        requests: await history.requestsOf(sale.ref),
        tenders: await history.tendersOf(sale.ref),
        refunds: await history.refundsOf(sale.ref),
      }));
    });
  };
}

/** Registered in the cashier scope: the lane's link is a read any display may make; a sale's needs a cashier. */
export function receiptLinkRoutes(journal: Journal, sales: SaleService, scope: StoreScope, options: Pick<ReceiptOptions, 'publicUrl'>) {
  return async function routes(app: FastifyInstance) {
    const { history } = journal;
    const link = async (request: FastifyRequest, sale: SaleRow): Promise<ReceiptLink> => {
      if (!hasReceipt(sale)) throw new GatewayHttpError(404, 'NO_RECEIPT', 'This sale was not paid, so it has no receipt.');
      const path = receiptPath(receiptToken(await journal.secrets.receiptKey(), sale.ref));
      return { path, url: `${options.publicUrl ?? `${request.protocol}://${request.host}`}${path}` };
    };

    app.get('/api/lanes/:lane/receipt', async (request) => {
      const { lane } = laneParams.parse(request.params);
      const state = sales.state(lane);
      scope.requirePlace(request, lane, `Lane "${lane}"`);
      const sale = salePhase(state) === 'done' && state.order ? await history.sale(state.order.ref) : undefined;
      if (!sale) throw new GatewayHttpError(404, 'NO_RECEIPT', 'This lane has no paid sale to give a receipt for.');
      return link(request, sale);
    });

    app.get('/api/receipt-links/:ref', { config: { cashierOnly: true } }, async (request) => {
      const { ref } = refParams.parse(request.params);
      const sale = (await history.sale(ref)) ?? (await history.sale((await history.request(ref))?.orderRef ?? ''));
      if (!sale) throw new GatewayHttpError(404, 'SALE_NOT_FOUND', 'No sale with that reference was made on this till.');
      scope.requireStore(request, sale.store, 'This sale');
      return link(request, sale);
    });
  };
}

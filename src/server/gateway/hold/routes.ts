// The holds API: bar tabs opened on a lane, their confirmations (rounds, each with its invoice number), release of the
// rest, voids and refunds. Cashier screens only (registered inside the cashier-auth scope, see app.ts), and only of
// their own store's lanes and machines (stores/store-scope.ts); prices come from the catalog, never from the screen. A lane's display is told of its tab with the lane's state (lanes/lane-views.ts).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { cartItemsSchema, cartToLineItems, priceCart, restrictedNames } from '../../../domain/cart';
import type { CatalogItem } from '../../../domain/catalog';
import { LANE_ID_PATTERN } from '../../../domain/lane';
import { holdKindSchema } from '../../../domain/pre-auth';
import { MAX_TAB_LABEL, tabLineName } from '../../../domain/tab';
import { GatewayHttpError } from '../errors';
import { localDateSchema, localDay } from '../history/day';
import type { StoreScope } from '../stores/store-scope';
import type { HoldService } from './service';

const idParams = z.object({ id: z.string().min(1).max(120) });
/** One per press of a button, made by the screen: the same key sent again is the same press. */
const key = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'key: 8 to 64 letters, digits, - or _, one per press');
const operatorId = z.string().trim().min(1).max(64);
const cents = z.string().regex(/^[1-9]\d{0,7}$/, 'amount: whole cents, more than nothing');
const openBody = z.object({
  lane: z.string().min(1).max(64),
  amount: cents,
  /** The name on the tab ("Sam", "Table 4"): the patron's app shows "Bar tab: Sam". */
  label: z.string().trim().max(MAX_TAB_LABEL, `A tab's name is at most ${MAX_TAB_LABEL} characters.`).optional(),
  operatorId,
});
const listQuery = z.object({
  open: z.enum(['0', '1']).optional(),
  lane: z.string().min(1).max(64).optional(),
  kind: z.enum(holdKindSchema.options).optional(),
  /** Opened on this local date (the history's day). */
  date: localDateSchema.optional(),
  /** Part of its reference, short code, name or a round's invoice number. */
  q: z.string().max(100).optional(),
});
const confirmBody = z.object({
  key,
  /** The invoice number the round is confirmed under (checklist 301.6); without one, the till numbers the round. */
  invoiceRef: z.string().trim().min(1, 'Give the round an invoice number.').max(128).optional(),
  cart: z.array(z.unknown()).min(1, 'Add something to the round first.'),
  /** The lane whose cart the round was rung up in: refused while that cart belongs to a sale (being paid, or paid). */
  lane: z.string().regex(LANE_ID_PATTERN, 'lane must be letters, digits, - or _').optional(),
  /** The cashier checked the customer's ID: required when the round has age-restricted items. */
  idChecked: z.boolean().optional(),
  operatorId,
});
const releaseBody = z.object({ operatorId });
const voidBody = z.object({ operatorId, reason: z.string().trim().min(1, 'Say why the tab is being voided.').max(200) });
const refundBody = z.object({
  key,
  operatorId,
  reason: z.string().trim().min(1, 'Say why it is being refunded.').max(200),
  confirmationKey: z.string().min(1).max(64).optional(),
  amount: cents.optional(),
});

export interface HoldRouteOptions {
  /** Why the lane's cart cannot be taken as a round now (a sale is paying for it, or paid it); null when it can. */
  cartRefusal?: (lane: string) => string | null;
}

export function holdRoutes(holds: HoldService, catalog: ReadonlyMap<string, CatalogItem>, scope: StoreScope, options: HoldRouteOptions) {
  return async function routes(app: FastifyInstance) {
    /** The hold's id, once it is known to be of the screen's store (its lane's or machine's). */
    const ownHold = async (request: FastifyRequest): Promise<string> => {
      const { id } = idParams.parse(request.params);
      scope.requirePlace(request, (await holds.view(id)).owner, 'This tab');
      return id;
    };
    app.post('/api/holds', async (request) => {
      const { lane, amount, label, operatorId: operator } = openBody.parse(request.body);
      scope.requirePlace(request, lane, `Lane "${lane}"`);
      return holds.open({ kind: 'tab', owner: lane, amount, lineItems: [{ name: tabLineName(label), qty: '1', price: amount }], operatorId: operator });
    });
    app.get('/api/holds', { config: { cashierOnly: true } }, async (request) => {
      const query = listQuery.parse(request.query);
      if (query.lane) scope.requirePlace(request, query.lane, `Lane "${query.lane}"`);
      return { holds: await findHolds(holds, query, scope.own(request)?.id) };
    });
    app.get('/api/holds/:id', { config: { cashierOnly: true } }, async (request) => {
      const id = await ownHold(request);
      return { ...(await holds.view(id)), events: await holds.events(id) };
    });
    app.post('/api/holds/:id/confirmations', async (request) => {
      const id = await ownHold(request);
      const body = confirmBody.parse(request.body);
      if (body.lane) scope.requirePlace(request, body.lane, `Lane "${body.lane}"`);
      const busy = body.lane ? options.cartRefusal?.(body.lane) : null;
      if (busy) throw new GatewayHttpError(409, 'CART_IN_SALE', `This cart cannot go on a tab now. ${busy}`);
      const items = z.parse(cartItemsSchema, body.cart);
      const priced = priceCart(items, catalog);
      if ('unknown' in priced) throw new GatewayHttpError(400, 'UNKNOWN_PRODUCT', `Not in the catalog: ${priced.unknown.join(', ')}.`);
      const restricted = restrictedNames(priced.lines);
      if (restricted.length > 0 && body.idChecked !== true) {
        throw new GatewayHttpError(422, 'ID_CHECK_REQUIRED', `This round has age-restricted items (${restricted.join(', ')}): check the customer's ID first.`);
      }
      return holds.confirm(id, { key: body.key, invoiceRef: body.invoiceRef, lineItems: cartToLineItems(priced.lines), operatorId: body.operatorId, idCheckedFor: restricted });
    });
    app.post('/api/holds/:id/close', async (request) => {
      const id = await ownHold(request);
      return holds.close(id, releaseBody.parse(request.body).operatorId);
    });
    app.post('/api/holds/:id/release', async (request) => {
      const id = await ownHold(request);
      return holds.release(id, releaseBody.parse(request.body).operatorId);
    });
    app.post('/api/holds/:id/void', async (request) => {
      const id = await ownHold(request);
      const body = voidBody.parse(request.body);
      return holds.void(id, body.operatorId, body.reason);
    });
    app.post('/api/holds/:id/refunds', async (request) => {
      const id = await ownHold(request);
      return holds.refund(id, refundBody.parse(request.body));
    });
  };
}

/** The holds a cashier asked for, of the screen's store: open or all, of a lane, of a kind, of a day, matching `q`. */
async function findHolds(holds: HoldService, { open, lane, kind, date, q }: z.infer<typeof listQuery>, store: string | undefined) {
  const day = date ? localDay(date) : null;
  const text = searchable(q ?? '');
  return (await holds.list({ open: open === '1', store, ...(lane ? { owner: lane } : {}) })).filter((hold) =>
    (!kind || hold.kind === kind) && (!day || (hold.createdAt >= day.from && hold.createdAt < day.to)) &&
    (!text || [hold.id, hold.shortCode ?? '', hold.label ?? '', ...hold.confirmations.map((round) => round.invoiceRef)].some((field) => searchable(field).includes(text))));
}

/** Letters and digits, upper case: "cp-c7f zs5" finds CP-C7F-ZS5. */
function searchable(text: string): string {
  return text.toUpperCase().replace(/[^A-Z0-9]/g, '');
}

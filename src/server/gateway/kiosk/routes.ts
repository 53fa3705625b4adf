// The kiosk API: what a self-checkout kiosk may ask of its own lane, and nothing else. A kiosk is paired once with the
// staff code (it gets a token for its lane, kioskToken) and sends that token with every command; the commands are the
// patron's (cart, Pay by QR, a code, cancel, start over), each run by the same sale engine and lane rules as a till.
// Counter tenders, refunds on demand, checks, history and other lanes stay with the cashier (lanes/routes.ts): a
// kiosk token opens none of them, and no kiosk command works on a till lane. Each store's kiosks are paired with that
// store's own staff code: another store's opens nothing.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { cartItemsSchema, type CartItem } from '../../../domain/cart';
import { startOverStep } from '../../../domain/kiosk';
import { LANE_ID_PATTERN, type LaneState } from '../../../domain/lane';
import { normalisePatronCode } from '../../../domain/patron-code';
import { GatewayHttpError } from '../errors';
import { requireSameSiteJson } from '../lanes/cashier-auth';
import type { LaneViews } from '../lanes/lane-views';
import type { SaleService } from '../sale/service';
import { sameSecret } from '../same-secret';
import { kioskToken } from './kiosk-token';
import { WrongCodes } from './wrong-codes';

export interface KioskOptions {
  /** The staff code of the kiosk's store (KIOSK_STAFF_CODE, or its `kioskStaffCode`): it pairs the kiosk and opens its staff panel. Without one the kiosk cannot be used. */
  staffCodeOf: (lane: string) => string | undefined;
  /** The till's own secret (the journal's), which kiosk tokens are keyed with. */
  secret: Buffer;
  /** Wrong staff codes allowed per device in `lockoutMinutes`. */
  maxAttempts?: number;
  lockoutMinutes?: number;
}

/** Who acts on a kiosk lane, in the journal. */
const PATRON = 'kiosk-patron';
const STAFF = 'kiosk-staff';

const laneParams = z.object({ lane: z.string().regex(LANE_ID_PATTERN, 'lane must be letters, digits, - or _') });
const staffBody = z.object({ staffCode: z.string().max(200) });
const cartBody = z.object({ cart: cartItemsSchema });
const saleBody = z.object({ ref: z.string().min(1).max(120) });
const code = z.string().max(64, 'code: a code has at most 16 digits').transform(normalisePatronCode);
const codePaymentBody = cartBody.extend({ code });

export function kioskRoutes(sales: SaleService, views: LaneViews, options: KioskOptions) {
  return async function routes(app: FastifyInstance) {
    const guard = kioskGuard(sales, options);
    app.addHook('preHandler', async (request) => {
      requireSameSiteJson(request);
      const lane = guard.lane(request);
      if (request.routeOptions.config.kiosk === 'staff') return;
      const staffCode = options.staffCodeOf(lane);
      if (!staffCode) throw notSetUpHere();
      if (sameSecret(request.headers['x-kiosk-token'], kioskToken(options.secret, staffCode, lane))) return;
      request.log.warn({ ip: request.ip, url: request.url }, 'refused a kiosk command without this kiosk’s token');
      throw new GatewayHttpError(401, 'KIOSK_NOT_SET_UP', 'This screen is not set up as this kiosk. Staff: open the staff panel and enter the staff code.');
    });
    staffRoutes(app, guard, sales, views, options);
    patronRoutes(app, guard, sales, views);
  };
}

interface KioskGuard {
  /** The kiosk lane of this request: it must exist and be a kiosk. */
  lane(request: FastifyRequest): string;
  /** The kiosk's store's staff code, when the body has it; else a refusal in words. Wrong codes from one device are counted and locked out. */
  checkStaffCode(request: FastifyRequest, lane: string): string;
}

function kioskGuard(sales: SaleService, options: KioskOptions): KioskGuard {
  const wrongCodes = new WrongCodes(options.maxAttempts ?? 10, (options.lockoutMinutes ?? 15) * 60_000);
  return {
    lane: (request) => {
      const { lane } = laneParams.parse(request.params);
      const config = sales.lanes().find((each) => each.id === lane);
      if (!config) sales.state(lane); // 404 with the lanes that exist
      if (config?.kind !== 'kiosk') {
        throw new GatewayHttpError(403, 'NOT_A_KIOSK', `Lane "${lane}" is a till, not a self-checkout kiosk: only its cashier screen may change it.`);
      }
      return lane;
    },
    checkStaffCode: (request, lane) => {
      wrongCodes.refuseIfLocked(request.ip);
      const expected = options.staffCodeOf(lane);
      if (!expected) throw notSetUpHere();
      const { staffCode } = staffBody.parse(request.body);
      if (sameSecret(staffCode, expected)) return expected;
      wrongCodes.count(request.ip);
      request.log.warn({ ip: request.ip, url: request.url }, 'a wrong kiosk staff code');
      throw new GatewayHttpError(401, 'STAFF_CODE_WRONG', 'That is not the staff code.');
    },
  };
}

/** Staff, once per kiosk: the staff code buys this kiosk's token, kept in the kiosk's browser; and the staff panel's Reset. */
function staffRoutes(app: FastifyInstance, guard: KioskGuard, sales: SaleService, views: LaneViews, options: KioskOptions): void {
  const staff = { config: { kiosk: 'staff' as const } };
  app.post('/api/kiosk/lanes/:lane/pair', staff, async (request) => {
    const lane = guard.lane(request);
    const staffCode = guard.checkStaffCode(request, lane);
    request.log.warn({ ip: request.ip, lane }, 'a kiosk was set up');
    return { lane, token: kioskToken(options.secret, staffCode, lane) };
  });
  // Start over, voiding any payment under way (the panel reads the lane's state like any screen).
  app.post('/api/kiosk/lanes/:lane/reset', staff, async (request) => {
    const lane = guard.lane(request);
    guard.checkStaffCode(request, lane);
    return startOver(sales, views, lane, STAFF);
  });
}

/** The patron's commands, each answered with the lane as its screens see it. */
function patronRoutes(app: FastifyInstance, guard: KioskGuard, sales: SaleService, views: LaneViews): void {
  /** The patron's cart: no age-restricted product, since nobody at a kiosk can check an ID (§6.9). */
  const kioskCart = (body: unknown): CartItem[] => {
    const { cart } = cartBody.parse(body);
    const restricted = sales.products().filter((product) => product.restricted && cart.some((item) => item.sku === product.sku));
    if (restricted.length > 0) {
      throw new GatewayHttpError(400, 'RESTRICTED_AT_KIOSK', `${restricted.map((product) => product.name).join(', ')} needs an ID check: it is sold at the counter only.`);
    }
    return cart;
  };
  const command = (run: (lane: string, body: unknown) => Promise<unknown>) => async (request: FastifyRequest) => {
    const lane = guard.lane(request);
    await run(lane, request.body);
    return views.state(lane);
  };
  app.put('/api/kiosk/lanes/:lane/cart', command((lane, body) => sales.setCart(lane, kioskCart(body), PATRON)));
  app.post('/api/kiosk/lanes/:lane/payments', command((lane, body) => sales.pay(lane, 'qr', kioskCart(body), PATRON)));
  // The patron is at the kiosk: never a phone order.
  app.post('/api/kiosk/lanes/:lane/code-payments', command((lane, body) => sales.payByCode(lane, kioskCart(body), codePaymentBody.parse(body).code, false, PATRON)));
  app.post('/api/kiosk/lanes/:lane/cancel', command((lane, body) => sales.cancel(lane, saleBody.parse(body).ref, PATRON)));
  // Start over (the patron's, or the kiosk's idle time): any payment under way is voided, any part paid refunded.
  app.post('/api/kiosk/lanes/:lane/start-over', async (request) => startOver(sales, views, guard.lane(request), PATRON));
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** A kiosk route the staff code opens (in its body) rather than the kiosk's token. */
    kiosk?: 'staff';
  }
}

/**
 * Takes the lane back to an empty sale through its own commands, one step at a time (startOverStep): each answers
 * once Centrapay has (or after the till's answer time), so a void that is slow leaves the lane saying so, and the
 * kiosk asks again.
 */
export async function startOver(sales: SaleService, views: LaneViews, lane: string, actor: string): Promise<LaneState> {
  for (let round = 0; round < 4; round += 1) {
    const state = sales.state(lane);
    const step = startOverStep(state);
    if (step === null || step === 'wait') break;
    const ref = state.order?.ref ?? '';
    if (step === 'cancel') await sales.cancel(lane, ref, actor);
    else if (step === 'refund') await sales.refund(lane, ref, actor);
    else await sales.newSale(lane, actor);
  }
  return views.state(lane);
}

function notSetUpHere(): GatewayHttpError {
  return new GatewayHttpError(401, 'KIOSK_STAFF_CODE_NOT_SET', 'Kiosks are not set up on this till: ask the store’s IT person to set KIOSK_STAFF_CODE.');
}

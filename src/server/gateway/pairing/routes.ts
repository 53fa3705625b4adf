// Setting up a display by scanning. An authorised cashier screen asks for a code for its lane (a change, so it is in
// the cashier scope); resolving a code is a read a display makes with no cashier code, rate-limited per client so
// codes cannot be found by guessing (32^6 codes, 20 tries a minute).
import type { FastifyInstance } from 'fastify';
import { limitPerDevice, perMinute } from '../per-device-limit';
import { z } from 'zod';
import { DISPLAY_CODE_PATTERN, normaliseDisplayCode, type DisplayCode } from '../../../domain/display-code';
import { LANE_ID_PATTERN } from '../../../domain/lane';
import { GatewayHttpError } from '../errors';
import type { SaleService } from '../sale/service';
import type { StoreScope } from '../stores/store-scope';
import type { DisplayCodes } from './display-codes';

export interface PairingOptions {
  /** The origin tablets reach the till by (PUBLIC_URL); without it, the one the cashier screen asked on. */
  publicUrl?: string;
  /** Code look-ups one client may make a minute. */
  perMinute?: number;
}

const laneParams = z.object({ lane: z.string().regex(LANE_ID_PATTERN, 'lane must be letters, digits, - or _') });
const codeParams = z.object({ code: z.string().max(20).transform(normaliseDisplayCode) });

const NOT_FOUND = new GatewayHttpError(404, 'DISPLAY_CODE_NOT_FOUND',
  'That code is not known or has expired (codes last 10 minutes). On the till, press Add a display for a new one.');

/** Registered inside the cashier-auth scope: only a cashier screen of the lane's store may hand out its display. */
export function displayCodeIssueRoutes(codes: DisplayCodes, sales: SaleService, scope: StoreScope, options: PairingOptions) {
  return async function routes(app: FastifyInstance) {
    app.post('/api/lanes/:lane/display-codes', async (request): Promise<DisplayCode> => {
      const { lane } = laneParams.parse(request.params);
      sales.state(lane); // 404 with the lanes that exist
      scope.requirePlace(request, lane, `Lane "${lane}"`);
      const { code, expiresAt } = codes.issue(lane);
      const origin = options.publicUrl ?? `${request.protocol}://${request.host}`;
      return { code, lane, expiresAt: new Date(expiresAt).toISOString(), url: `${origin}/pair/${code}` };
    });
  };
}

/** Registered outside the cashier scope: a display has no cashier code. */
export function displayCodeResolveRoutes(codes: DisplayCodes, sales: SaleService, options: PairingOptions) {
  return async function routes(app: FastifyInstance) {
    await limitPerDevice(app, 'codes were tried');
    app.get('/api/display-codes/:code', perMinute(options.perMinute ?? 20), async (request, reply) => {
      const { code } = codeParams.parse(request.params);
      const lane = DISPLAY_CODE_PATTERN.test(code) ? codes.resolve(code) : undefined;
      // A lane taken out of LANES since the code was given opens nothing.
      if (!lane || !sales.lanes().some((each) => each.id === lane)) throw NOT_FOUND;
      void reply.header('Cache-Control', 'no-store');
      return { lane };
    });
  };
}

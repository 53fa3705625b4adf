// A cashier screen's store. Checking a code answers which store it unlocks, and an unlocked screen reads its store's
// tills and kiosks (its lane chooser offers only those). Registered in the cashier scope (lanes/cashier-auth.ts).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { GatewayHttpError } from '../errors';
import type { StoreScope } from './store-scope';
import type { Store } from './stores';

export function cashierStoreRoutes(scope: StoreScope) {
  return async function routes(app: FastifyInstance) {
    const own = (request: FastifyRequest): Store => {
      const store = scope.own(request);
      if (!store) throw new GatewayHttpError(401, 'CASHIER_CODE_REQUIRED', 'This screen may not take payments. Enter the cashier code.');
      return store;
    };
    app.post('/api/cashier/check', async (request) => ({ ok: true as const, store: { id: own(request).id, name: own(request).name } }));
    app.get('/api/cashier/store', { config: { cashierOnly: true } }, async (request) => storeView(own(request)));
  };
}

/** What a cashier screen knows of its store: never a code or a key. */
function storeView(store: Store) {
  const places = (kind: 'till' | 'kiosk') => store.lanes.filter((lane) => (lane.kind ?? 'till') === kind).map(({ id, name }) => ({ id, name }));
  return {
    id: store.id,
    name: store.name,
    lanes: places('till'),
    kiosks: places('kiosk'),
    machines: store.machines.map(({ id, name, kind }) => ({ id, name, kind })),
  };
}

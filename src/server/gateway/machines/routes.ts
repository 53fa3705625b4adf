// The machines' API. Patron routes (anyone who scanned the sticker): what the machine sells, buy one, how the purchase
// stands; a pump's authorisation. Machine routes (the machine's own key in X-Machine-Key): what to do now, vended,
// failed, the pump's finish. A sandbox-only route hands the simulator page a demo machine's key. The history of vends
// and pump authorisations is for cashier screens (registered in the cashier scope).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { MACHINE_ID_PATTERN, MACHINE_KEY_HEADER } from '../../../domain/machine';
import { requireSameSiteJson } from '../lanes/cashier-auth';
import type { HoldService } from '../hold/service';
import type { Machines } from './machines';
import type { PumpService } from './pump-service';
import type { StoreScope } from '../stores/store-scope';
import type { VendService } from '../vend/service';

const machineParams = z.object({ id: z.string().regex(MACHINE_ID_PATTERN, 'not a machine id') });
const vendParams = z.object({ id: z.string().regex(MACHINE_ID_PATTERN, 'not a machine id'), vendId: z.string().min(1).max(80) });
const holdParams = z.object({ id: z.string().regex(MACHINE_ID_PATTERN, 'not a machine id'), holdId: z.string().min(1).max(80) });
const buyBody = z.object({ sku: z.string().trim().min(1, 'Pick a product.').max(64) });
const failedBody = z.object({ reason: z.string().trim().min(1, 'Say what went wrong.').max(200) });
const finishBody = z.object({ amount: z.string().regex(/^(0|[1-9]\d{0,7})$/, 'amount: whole cents dispensed') });

export interface MachineRouteDeps {
  machines: Machines;
  vends: VendService;
  pumps: PumpService;
  /** Hands the simulator a demo machine's key (sandbox only). */
  sandbox: boolean;
}

export function machineRoutes({ machines, vends, pumps, sandbox }: MachineRouteDeps) {
  const machineOf = (request: FastifyRequest, id: string) => machines.authenticate(id, request.headers[MACHINE_KEY_HEADER]);

  return async function routes(app: FastifyInstance) {
    app.addHook('preHandler', async (request) => {
      if (request.method === 'POST') requireSameSiteJson(request);
    });

    // The patron's side.
    app.get('/api/machines/:id', async (request) => machines.view(machineParams.parse(request.params).id));
    app.post('/api/machines/:id/vends', async (request) => {
      const { id } = machineParams.parse(request.params);
      return vends.buy(id, buyBody.parse(request.body).sku);
    });
    app.get('/api/vends/:vendId', async (request) => vends.view(z.object({ vendId: z.string().min(1).max(80) }).parse(request.params).vendId));
    app.post('/api/machines/:id/holds', async (request) => pumps.authorise(machineParams.parse(request.params).id));
    app.get('/api/machines/:id/holds/:holdId', async (request) => {
      const { id, holdId } = holdParams.parse(request.params);
      return pumps.view(id, holdId);
    });

    // The machine's side: its own key only.
    app.get('/api/machines/:id/job', async (request) => {
      const machine = machineOf(request, machineParams.parse(request.params).id);
      return machine.kind === 'vending' ? { vend: await vends.job(machine), pump: null } : { vend: null, pump: await pumps.current(machine) };
    });
    app.post('/api/machines/:id/vends/:vendId/vended', async (request) => {
      const { id, vendId } = vendParams.parse(request.params);
      return vends.vended(machineOf(request, id), vendId);
    });
    app.post('/api/machines/:id/vends/:vendId/failed', async (request) => {
      const { id, vendId } = vendParams.parse(request.params);
      const machine = machineOf(request, id);
      return vends.failed(machine, vendId, failedBody.parse(request.body).reason);
    });
    app.post('/api/machines/:id/holds/:holdId/finish', async (request) => {
      const { id, holdId } = holdParams.parse(request.params);
      const machine = machineOf(request, id);
      return pumps.finish(machine, holdId, finishBody.parse(request.body).amount);
    });

    // The simulator plays the machine on the sandbox; with a real Centrapay there is no simulator.
    if (sandbox) {
      app.get('/api/machines/:id/sandbox-key', async (request) => ({ key: machines.get(machineParams.parse(request.params).id).key }));
    }
  };
}

/** Vends and pump authorisations, newest first: for the cashier's history. */
/** The vends and pump authorisations of the cashier screen's own store's machines. */
export function machineHistoryRoutes(vends: VendService, holds: HoldService, scope: StoreScope) {
  return async function routes(app: FastifyInstance) {
    app.get('/api/machine-history', { config: { cashierOnly: true } }, async (request) => {
      const store = scope.own(request)?.id;
      return { vends: await vends.list({ store }), pumps: (await holds.list({ store })).filter((hold) => hold.kind === 'pump') };
    });
  };
}

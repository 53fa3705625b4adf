// Every Payment Request the gateway created, with its short code and what happened to it (checklist 103.5).
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { GatewayHttpError } from '../errors';
import type { Journal } from '../journal';

const listQuery = z.object({ lane: z.string().max(40).optional(), limit: z.coerce.number().int().min(1).max(500).optional() });
const idParams = z.object({ id: z.string().min(1).max(64) });

export function historyRoutes(journal: Journal) {
  return async function routes(app: FastifyInstance) {
    app.get('/api/history', async (request) => ({ items: journal.recent(listQuery.parse(request.query)) }));

    app.get('/api/history/:id', async (request) => {
      const { id } = idParams.parse(request.params);
      const entry = journal.find(id);
      if (!entry) throw new GatewayHttpError(404, 'PAYMENT_NOT_FOUND', 'No payment with that id was made here.');
      return { entry, events: journal.events(id) };
    });
  };
}

// For a load balancer or an orchestrator: /healthz says the process is up; /readyz whether it should be sent work now,
// which it should not while its journal cannot record anything (PostgreSQL: its database does not answer a query
// within a second; SQLite: its last write, or the health check's probe write, failed). Neither needs a credential, and
// neither says more than that.
import type { FastifyInstance } from 'fastify';
import type { Journal } from './journal/journal';

/** How long /readyz waits for the journal's database: a load balancer's check is short. */
const READY_WITHIN_MS = 1_000;

export function readinessRoutes(journal: Pick<Journal, 'readiness'>) {
  return async function routes(app: FastifyInstance) {
    app.get('/healthz', async (_request, reply) => {
      void reply.header('Cache-Control', 'no-store');
      return { status: 'up' };
    });
    app.get('/readyz', async (_request, reply) => {
      void reply.header('Cache-Control', 'no-store');
      const { ready, reason } = await journal.readiness(READY_WITHIN_MS);
      if (ready) return { status: 'ready' };
      return reply.code(503).send({ status: 'not-ready', reason });
    });
  };
}

// What the after-sale flow tests ask of a gateway and read of Centrapay: a sale's after-sale view, refund and void
// presses (each with a key of its own unless the test gives one), waiting until the view gets somewhere, and a
// request's refunds as Centrapay (the sandbox) keeps them, read as the merchant would. The gateway and the sandbox are
// given as functions: a test may build its gateway again (a restart).
import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';
import type { AfterSale } from '../domain/after-sale';
import { AS_TERMINAL, type SandboxHarness } from './sandbox-harness';

/** A refund as Centrapay lists it among the request's activities. */
export interface RefundAtCentrapay {
  type: string;
  externalRef?: string;
  value: { amount: string };
  lineItems?: unknown[];
}

export const allCompleted = (sale: AfterSale) => sale.refunds.length > 0 && sale.refunds.every((row) => row.status === 'completed');

export function afterSaleCalls(gateway: () => FastifyInstance, sandbox: () => SandboxHarness) {
  let presses = 0;
  const newKey = () => `press-${++presses}-${Date.now()}`;
  const press = (kind: 'refunds' | 'void', reason: string) => (ref: string, body: Record<string, unknown> = {}, app = gateway()) =>
    app.inject({ method: 'POST', url: `/api/sales/${ref}/${kind}`, payload: { key: newKey(), reason, operatorId: 'op-7', ...body } });
  const afterSale = async (ref: string, app = gateway()) => {
    const response = await app.inject({ method: 'GET', url: `/api/sales/${ref}/after-sale` });
    expect(response.statusCode).toBe(200);
    return response.json() as AfterSale;
  };
  const waitForAfterSale = async (ref: string, predicate: (sale: AfterSale) => boolean, app = gateway(), timeoutMs = 5_000): Promise<AfterSale> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const sale = await afterSale(ref, app);
      if (predicate(sale)) return sale;
      if (Date.now() > deadline) throw new Error(`the sale never got there: ${JSON.stringify(sale.refunds)}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  };
  const refundsAt = async (id: string): Promise<RefundAtCentrapay[]> =>
    ((await sandbox().call('GET', `/api/payment-requests/${id}/activities`, AS_TERMINAL)).body.items as RefundAtCentrapay[])
      .filter((activity) => activity.type === 'refund');
  return { newKey, afterSale, refund: press('refunds', 'changed their mind'), voidSale: press('void', 'rang up by mistake'), waitForAfterSale, refundsAt };
}

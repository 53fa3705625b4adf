// A lane taken out of its store's configuration while its payment was live, on a gateway of two stores on two
// Centrapay accounts of the real sandbox: the restarted gateway finishes that payment with the lane's own store's key
// and account (the store the journal has the lane's rows under), never the first store's, and journals what it does
// under that store; on each journal backend (SQLite and PostgreSQL).
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LaneState } from '../domain/lane';
import { openJournal } from './gateway/journal/open-journal';
import { buildGateway, CART } from '../test-support/gateway-app';
import { JOURNAL_BACKENDS, type JournalChoice } from '../test-support/journal-backends';
import { alicePays, AS_OTHER_TERMINAL, startSandbox, type SandboxHarness } from '../test-support/sandbox-harness';
import { CASHIER_NORTH, CASHIER_SOUTH, TWO_STORES } from '../test-support/two-stores';
import { until } from '../test-support/until';

const [NORTH, SOUTH] = TWO_STORES;
/** South without its lane b-1 (North, the first store, is as it was). */
const B1_REMOVED = [NORTH, { ...SOUTH, lanes: SOUTH.lanes.filter((lane) => lane.id !== 'b-1') }];

/** Done with Centrapay: refunded by the removed lane's void, or paid with no void asked for. */
const settled = ({ sale, events }: SaleDetail) => sale.result === 'refunded' || (sale.result === 'paid' && !events.some((event) => event.kind === 'void-requested'));

interface SaleDetail {
  sale: { ref: string; store: string; lane: string; result: string };
  requests: { id: string; status: string }[];
  events: { kind: string; actor: string; detail: string | null }[];
}

describe.each(JOURNAL_BACKENDS)('on a $name journal', (backend) => {
  let sandbox: SandboxHarness;
  let gateway: FastifyInstance | undefined;
  let journal: JournalChoice;

  beforeEach(async () => {
    sandbox = await startSandbox();
    journal = await backend.journal();
  });

  afterEach(async () => {
    await gateway?.close();
    gateway = undefined;
    await sandbox.close();
  });

  const saleOf = async (ref: string) => (await gateway!.inject({ method: 'GET', url: `/api/history/${ref}`, headers: CASHIER_SOUTH })).json() as SaleDetail;
  /** Every call the sandbox answered, by route, and how many of each status. */
  const traffic = async () => (await sandbox.call('GET', '/_sandbox/requests')).body as Record<string, Record<string, number>>;

  it('a payment on a lane removed from store B, paid while the gateway was down, is finished with store B’s key and journaled under store B', async () => {
    gateway = await buildGateway(sandbox.url, { ...journal, stores: TWO_STORES });
    const paying = (await gateway.inject({ method: 'POST', url: '/api/lanes/b-1/payments', payload: { cart: CART, operatorId: 'bo' }, headers: CASHIER_SOUTH })).json() as LaneState;
    expect(paying.payment?.outcome).toBe('pending');
    const { id } = paying.payment!.paymentRequest;
    const ref = paying.order!.ref;
    await gateway.close();

    // The patron pays while the gateway is down; it comes back on the same journal with b-1 taken out of South.
    await alicePays(sandbox, id);
    gateway = await buildGateway(sandbox.url, { ...journal, stores: B1_REMOVED });

    // At start-up the resumed poll and the removed lane's void race: the poll first finds it paid (the sale is done,
    // and a removed lane keeps a paid sale), the void first has Centrapay refund it (paid before the void). Either way
    // it is finished: paid at Centrapay, nothing left unknown, every row South's.
    const sale = await until(() => saleOf(ref), settled);
    expect(sale.sale).toMatchObject({ store: 'south', lane: 'b-1', result: expect.stringMatching(/^(paid|refunded)$/) });
    expect(sale.requests).toEqual([expect.objectContaining({ id, status: 'paid' })]);
    if (sale.sale.result === 'refunded') {
      expect(sale.events).toContainEqual(expect.objectContaining({ kind: 'void', actor: 'system:lane-removed', detail: 'paid before the void; refunded' }));
    }
    expect(sale.events.map((event) => event.kind)).not.toContain('needs-attention');
    expect((await gateway.inject({ method: 'GET', url: '/api/history', headers: CASHIER_NORTH })).json().items).toEqual([]);

    // Centrapay was asked with South's key only: what was read or voided was answered, and nothing was refused
    // (North's key would have been: 403 to every read and void of South's request).
    const calls = await traffic();
    const about = (route: string) => calls[route]?.['200'] ?? 0;
    expect(about('GET /api/payment-requests/:paymentRequestId') + about('POST /api/payment-requests/:paymentRequestId/void')).toBeGreaterThan(0);
    expect(Object.entries(calls).filter(([, byStatus]) => '403' in byStatus)).toEqual([]);
    expect((await sandbox.call('GET', `/api/payment-requests/${id}`, AS_OTHER_TERMINAL)).body).toMatchObject({ id, terminalId: 'till-b-1' });

    // The lane's state, rewritten by the restarted gateway, is still South's.
    await gateway.close();
    gateway = undefined;
    const reopened = await openJournal({ path: 'journalPath' in journal ? journal.journalPath : ':memory:', url: 'journalUrl' in journal ? journal.journalUrl : undefined });
    try {
      expect((await reopened.places.stores()).filter(({ place }) => place === 'b-1')).toEqual([{ place: 'b-1', store: 'south' }]);
    } finally {
      await reopened.close();
    }
  });
});

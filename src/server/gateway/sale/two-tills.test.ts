// Regression: two gateways on one Centrapay account (or one whose journal was lost) once sent the same externalRef,
// and after a lost create answer one till adopted or voided the other's live request.
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AS_TERMINAL, startSandbox, type SandboxHarness } from '../../../test-support/sandbox-harness';
import { buildGateway, laneState, startPayment, waitForLane } from '../../../test-support/gateway-app';

let sandbox: SandboxHarness;
let tills: FastifyInstance[] = [];

beforeEach(async () => {
  sandbox = await startSandbox();
});

afterEach(async () => {
  await Promise.all(tills.map((till) => till.close()));
  tills = [];
  await sandbox.close();
});

/** Two tills with the same default lane and terminal ids and fresh journals, as two installs out of the box. */
async function twoTills(): Promise<[FastifyInstance, FastifyInstance]> {
  tills = [await buildGateway(sandbox.url), await buildGateway(sandbox.url)];
  return [tills[0]!, tills[1]!];
}

const upstream = async (id: string) => (await sandbox.call('GET', `/api/payment-requests/${id}`, AS_TERMINAL)).body;

describe('two tills on one Centrapay account', () => {
  it('never send the same order reference, even with the same terminal id and a fresh journal each', async () => {
    const [one, two] = await twoTills();
    const a = (await startPayment(one)).json();
    const b = (await startPayment(two)).json();
    expect(a.order.ref).toMatch(/^till-1-000001-[0-9A-Z]{6}$/);
    expect(b.order.ref).toMatch(/^till-1-000001-[0-9A-Z]{6}$/);
    expect(a.order.ref).not.toBe(b.order.ref);
  });

  it('a till whose create failed never adopts the other till’s live request', async () => {
    const [one, two] = await twoTills();
    const first = (await startPayment(one)).json();
    // Till 2's create is answered 503 without being made; it looks up its order before trying again.
    await sandbox.call('POST', '/_sandbox/faults', {}, { method: 'POST', path: '/api/payment-requests', mode: 'http503', count: 1 });
    const second = (await startPayment(two, 'op-2')).json();
    expect(second.payment.paymentRequest.id).not.toBe(first.payment.paymentRequest.id);
    expect(second.payment.paymentRequest.externalRef).toBe(second.order.ref);
    // Till 1's request is untouched and still its own.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await upstream(first.payment.paymentRequest.id)).status).toBe('new');
    expect((await laneState(one)).payment?.paymentRequest.id).toBe(first.payment.paymentRequest.id);
  });

  it('a till whose create answer was lost adopts its own request and voids nothing of the other till', async () => {
    const [one, two] = await twoTills();
    const first = (await startPayment(one)).json();
    await sandbox.call('POST', '/_sandbox/faults', {}, { method: 'POST', path: '/api/payment-requests', mode: 'drop', count: 1, phase: 'after' });
    const second = (await startPayment(two, 'op-2')).json();
    expect(second.payment.outcome).toBe('pending');
    const listed = await sandbox.call('GET', `/api/payment-requests/external-ref/${second.order.ref}?merchantAccountId=sbxAccountCafe`, AS_TERMINAL);
    expect(listed.body.items.map((item: { id: string }) => item.id)).toEqual([second.payment.paymentRequest.id]);
    // Both tills keep looking for duplicates for a while: neither touches the other's request.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect((await upstream(first.payment.paymentRequest.id)).status).toBe('new');
    expect((await upstream(second.payment.paymentRequest.id)).status).toBe('new');

    // One payment: only the till it belongs to shows paid.
    await sandbox.call('POST', `/api/payment-requests/${first.payment.paymentRequest.id}/pay`, { Authorization: 'sbx-patron-alice' },
      { assetType: 'centrapay.nzd.test', assetId: 'sbxAssetAliceNzd', idempotencyKey: 'two-tills-1' });
    await waitForLane(one, (state) => state.payment?.outcome === 'paid');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect((await laneState(two)).payment?.outcome).toBe('pending');
  });

  it('adopts a request found by its order reference only if it carries the lane’s ids, amount and line items, and never voids another’s', async () => {
    const [one] = await twoTills();
    // The till's create takes effect but its answer never comes; meanwhile a request of someone else carries the
    // same externalRef (another integration reusing it) with other ids and another amount.
    await sandbox.call('POST', '/_sandbox/faults', {}, { method: 'POST', path: '/api/payment-requests', mode: 'timeout', count: 1, phase: 'after' });
    const pressed = startPayment(one);
    const { order } = await waitForLane(one, (state) => state.step?.kind === 'creating');
    const foreign = await sandbox.call('POST', '/api/payment-requests', AS_TERMINAL, {
      configId: 'sbxConfigCafe', value: { amount: '999', currency: 'NZD' }, externalRef: order!.ref, terminalId: 'kiosk-9', deviceId: 'SN-9',
      lineItems: [{ name: 'Something else', sku: 'X', qty: '1', price: '999' }],
    });
    expect(foreign.status).toBe(200);
    const sale = (await pressed).json();
    expect(sale.payment.paymentRequest).toMatchObject({ value: { amount: '1700' }, externalRef: order!.ref });
    expect(await upstream(sale.payment.paymentRequest.id)).toMatchObject({ terminalId: 'till-1', deviceId: 'SN-1' });
    expect(sale.payment.paymentRequest.id).not.toBe(foreign.body.id);
    // The till keeps looking for duplicates of its order for a while; the foreign request is not one.
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect((await upstream(foreign.body.id)).status).toBe('new');
  });
});

// The stores the configuration makes: today's single-store variables are one store, `default`, exactly as before;
// STORES (or STORES_FILE) lists a chain's, each with its own Centrapay ids, key, lanes, machines and codes; and every
// way a chain can be set up wrong stops the server with a message that says what to fix.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SEED, SEED_CAFE } from '../domain/sandbox-seeds';
import { loadConfig } from './config';

const REAL = { CENTRAPAY_BASE_URL: 'https://service.centrapay.com', CENTRAPAY_API_KEY: 'chain-key' };
const PUMP = { kind: 'pump', key: 'a-long-machine-key-1', authoriseAmount: '5000' };

/** A chain store as an IT person would write it, with what a test changes. */
function store(id: string, extra: Record<string, unknown> = {}) {
  return { id, name: `Store ${id}`, lanes: [{ id: `${id}-1` }], cashierCode: `cashier-${id}`, ...extra };
}

const withStores = (stores: unknown[], env: Record<string, string> = {}) => loadConfig({ ...env, STORES: JSON.stringify(stores) });

describe('a single store (today\'s variables)', () => {
  it('with nothing set is the sandbox café: one store, default, its demo kiosk and machines', () => {
    const [only, ...others] = loadConfig({}).stores;
    expect(others).toEqual([]);
    expect(only).toMatchObject({
      id: 'default',
      name: SEED_CAFE.name,
      centrapay: { apiKey: SEED.terminalCafeKey, merchantAccountId: SEED.accountCafe, merchantId: SEED.merchantCafe },
      cashierCode: undefined,
      kioskStaffCode: 'kiosk-1357',
      merchant: SEED_CAFE,
    });
    expect(only!.lanes.map((lane) => `${lane.id}:${lane.kind}:${lane.configId}`)).toEqual([`default:till:${SEED.configCafe}`, `kiosk-1:kiosk:${SEED.configCafe}`]);
    expect(only!.machines.map((machine) => machine.id)).toEqual(['vend-1', 'pump-1']);
  });

  it('with a real Centrapay is the store those variables describe', () => {
    const config = loadConfig({
      ...REAL, CENTRAPAY_CONFIG_ID: 'mc_1', CENTRAPAY_MERCHANT_ACCOUNT_ID: 'acc_1', CENTRAPAY_MERCHANT_ID: 'm_1', CASHIER_CODE: 'counter-1234',
      KIOSK_STAFF_CODE: 'staff-5678', MERCHANT_NAME: 'My Café', MERCHANT_GST_NUMBER: '111-222-333',
      LANES: JSON.stringify([{ id: '1', terminalId: 't-1' }, { id: 'k', kind: 'kiosk' }]),
      MACHINES: JSON.stringify([{ id: 'pump-9', ...PUMP }]),
    });
    expect(config.stores).toHaveLength(1);
    expect(config.stores[0]).toMatchObject({
      id: 'default', name: 'My Café', centrapay: { apiKey: 'chain-key', merchantAccountId: 'acc_1', merchantId: 'm_1' },
      cashierCode: 'counter-1234', kioskStaffCode: 'staff-5678', merchant: { name: 'My Café', gstNumber: '111-222-333' },
    });
    expect(config.stores[0]!.lanes.map((lane) => [lane.id, lane.terminalId, lane.configId])).toEqual([['1', 't-1', 'mc_1'], ['k', 'pos-k', 'mc_1']]);
    // What lists every place (the start-up addresses) sees the same.
    expect(config.lanes.map((lane) => lane.id)).toEqual(['1', 'k']);
    expect(config.machines.map((machine) => [machine.id, machine.configId])).toEqual([['pump-9', 'mc_1']]);
  });

  it('keeps lane ids unique', () => {
    expect(() => loadConfig({ LANES: JSON.stringify([{ id: 'a' }, { id: 'a' }]) })).toThrow('Configuration error: lane "a" is given twice (twice in store "default"): lane ids must be unique');
  });
});

describe('STORES: a chain', () => {
  it('gives each store its own Centrapay ids and key, lanes, machines, codes and receipts', () => {
    const config = withStores([
      store('north', { gstNumber: '123-123-123', kioskStaffCode: 'staff-north', lanes: [{ id: 'n-1' }, { id: 'n-k', kind: 'kiosk' }], machines: [{ id: 'n-pump', ...PUMP }] }),
      store('south', { apiKey: SEED.terminalOtherKey, configId: SEED.configOther, merchantAccountId: SEED.accountOther, merchantId: SEED.merchantOther }),
    ]);
    const [north, south] = config.stores;
    expect(north).toMatchObject({
      id: 'north', name: 'Store north', cashierCode: 'cashier-north', kioskStaffCode: 'staff-north',
      // On the sandbox a store that names no account is the café's.
      centrapay: { apiKey: SEED.terminalCafeKey, merchantAccountId: SEED.accountCafe, merchantId: SEED.merchantCafe },
      merchant: { name: 'Store north', gstNumber: '123-123-123' },
    });
    expect(north!.lanes.map((lane) => `${lane.id}:${lane.kind}:${lane.configId}`)).toEqual([`n-1:till:${SEED.configCafe}`, `n-k:kiosk:${SEED.configCafe}`]);
    expect(north!.machines.map((machine) => machine.id)).toEqual(['n-pump']);
    expect(south).toMatchObject({
      id: 'south', centrapay: { apiKey: SEED.terminalOtherKey, merchantAccountId: SEED.accountOther, merchantId: SEED.merchantOther },
      cashierCode: 'cashier-south', kioskStaffCode: undefined, machines: [], merchant: { name: 'Store south', gstNumber: null },
    });
    expect(south!.lanes[0]).toMatchObject({ id: 'south-1', configId: SEED.configOther, terminalId: 'pos-south-1' });
    // No demo machines or kiosk for a chain: each store has what it lists.
    expect(config.lanes.map((lane) => lane.id)).toEqual(['n-1', 'n-k', 'south-1']);
  });

  it('reads STORES_FILE, and a store takes CENTRAPAY_API_KEY unless it has its own key', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'pos-stores-')), 'stores.json');
    const ids = { configId: 'mc_a', merchantAccountId: 'acc_a', merchantId: 'm_a' };
    writeFileSync(file, JSON.stringify([store('a', ids), store('b', { ...ids, apiKey: 'key-of-b' })]));
    const config = loadConfig({ ...REAL, STORES_FILE: file });
    expect(config.stores.map((each) => [each.id, each.centrapay.apiKey])).toEqual([['a', 'chain-key'], ['b', 'key-of-b']]);
    writeFileSync(file, '[{"id":');
    expect(() => loadConfig({ STORES_FILE: file })).toThrow('Configuration error: STORES_FILE is not valid JSON');
  });

  it('refuses what a single store\'s variables would make ambiguous, and a list that is not one', () => {
    expect(() => withStores([store('a')], { LANES: '[{"id":"x"}]', CASHIER_CODE: 'counter-1234' }))
      .toThrow('Configuration error: with STORES, each store sets its own lanes, machines, codes and Centrapay ids: unset LANES, CASHIER_CODE');
    expect(() => loadConfig({ STORES: '{"id":' })).toThrow('Configuration error: STORES is not valid JSON');
    expect(() => withStores([])).toThrow('Configuration error: STORES: list at least one store');
    expect(() => withStores([store('a', { lanes: [] })])).toThrow('Configuration error: STORES: 0.lanes: a store needs at least one lane');
    expect(() => withStores([store('a b')])).toThrow('Configuration error: STORES: 0.id: a store id is 1 to 40 letters, digits, - or _');
    expect(() => withStores([store('a', { cashiercode: 'typo-1234' })])).toThrow(/Configuration error: STORES: 0: .*cashiercode/);
    expect(() => withStores([store('a', { cashierCode: 'short' })])).toThrow('Configuration error: STORES: 0.cashierCode: must be at least 6 characters');
  });

  it('keeps every store, lane and machine id its own across the chain', () => {
    expect(() => withStores([store('a'), store('a', { lanes: [{ id: 'other' }], cashierCode: 'cashier-other' })]))
      .toThrow('Configuration error: store id "a" is given twice: store ids must be unique');
    expect(() => withStores([store('a', { lanes: [{ id: 'till' }] }), store('b', { lanes: [{ id: 'till' }] })]))
      .toThrow('Configuration error: lane "till" is given twice (in store "a" and in store "b"): lane ids must be unique across every store');
    expect(() => withStores([store('a', { machines: [{ id: 'pump', ...PUMP }] }), store('b', { machines: [{ id: 'pump', ...PUMP }] })]))
      .toThrow('Configuration error: machine "pump" is given twice (in store "a" and in store "b"): machine ids must be unique across every store');
    expect(() => withStores([store('a', { lanes: [{ id: 'pump' }] }), store('b', { machines: [{ id: 'pump', ...PUMP }] })]))
      .toThrow('Configuration error: "pump" is a lane of store "a" and a machine of store "b": a lane and a machine of different stores may not share an id');
  });

  it('gives every store its own cashier code, never a kiosk\'s, and each store\'s kiosks their own staff code', () => {
    expect(() => withStores([store('a'), store('b', { cashierCode: 'cashier-a' })]))
      .toThrow('Configuration error: stores "a" and "b" have the same cashier code: each store needs its own (the code tells which store a cashier screen belongs to)');
    const kiosks = (id: string, kioskStaffCode: string) => store(id, { lanes: [{ id: `${id}-k`, kind: 'kiosk' }], kioskStaffCode });
    expect(() => withStores([kiosks('a', 'staff-1234'), kiosks('b', 'staff-1234')]))
      .toThrow('Configuration error: stores "a" and "b" have the same kiosk staff code: each store needs its own (a kiosk of one store may not be set up with another\'s)');
    expect(() => withStores([kiosks('a', 'cashier-b'), store('b')]))
      .toThrow('Configuration error: the kiosk staff code of store "a" must differ from the cashier code of store "b" (a kiosk must never learn a cashier code)');
    expect(() => withStores([store('a'), store('b', { cashierCode: undefined })]))
      .toThrow('Configuration error: STORES: store "b" needs a cashierCode (with a real Centrapay, or with more than one store): the code its cashiers enter once per till');
    expect(() => withStores([store('a'), store('b', { lanes: [{ id: 'b-k', kind: 'kiosk' }] })]))
      .toThrow('Configuration error: STORES: store "b" has a kiosk lane and needs a kioskStaffCode: the code its staff use to set up a kiosk');
  });

  it('with a real Centrapay, needs every store\'s ids, a key and a cashier code', () => {
    const ids = { configId: 'mc_a', merchantAccountId: 'acc_a', merchantId: 'm_a' };
    expect(() => withStores([store('a', { configId: 'mc_a' })], REAL))
      .toThrow('Configuration error: STORES: store "a" needs configId, merchantAccountId and merchantId with a real Centrapay');
    expect(() => withStores([store('a', ids)], { CENTRAPAY_BASE_URL: REAL.CENTRAPAY_BASE_URL }))
      .toThrow('Configuration error: STORES: store "a" has no apiKey, and CENTRAPAY_API_KEY is not set');
    expect(() => withStores([store('a', { ...ids, cashierCode: undefined })], REAL)).toThrow(/store "a" needs a cashierCode/);
    expect(withStores([store('a', ids)], REAL).stores[0]).toMatchObject({ id: 'a', kioskStaffCode: undefined });
  });
});

describe('a store’s Farmlands Card Partner discount', () => {
  const percents = (config: ReturnType<typeof loadConfig>) => config.stores.map((each) => each.lanes.map((lane) => lane.cardPartnerPercent));
  const real = { ...REAL, CENTRAPAY_CONFIG_ID: 'mc_1', CENTRAPAY_MERCHANT_ACCOUNT_ID: 'acc_1', CENTRAPAY_MERCHANT_ID: 'm_1', CASHIER_CODE: 'counter-1234' };

  it('is 10% on the sandbox’s demo store, none with a real Centrapay unless set, and 0 turns it off', () => {
    expect(percents(loadConfig({}))).toEqual([['10', '10']]);
    expect(percents(loadConfig(real))).toEqual([[null]]);
    expect(percents(loadConfig({ ...real, FARMLANDS_DISCOUNT_PERCENT: '12.5' }))).toEqual([['12.5']]);
    expect(percents(loadConfig({ FARMLANDS_DISCOUNT_PERCENT: '0' }))).toEqual([[null, null]]);
  });

  it('is each chain store’s own, and one that is not a percentage stops the server saying so', () => {
    expect(percents(withStores([store('a', { farmlandsDiscountPercent: '5' }), store('b')]))).toEqual([['5'], ['10']]);
    expect(() => withStores([store('a', { farmlandsDiscountPercent: '150' })])).toThrow('STORES: store "a": farmlandsDiscountPercent must be a percentage from 0.01 to 99.99 with at most two decimals, or 0 for none (got "150")');
    expect(() => loadConfig({ FARMLANDS_DISCOUNT_PERCENT: '10%' })).toThrow('FARMLANDS_DISCOUNT_PERCENT must be a percentage');
    expect(() => withStores([store('a')], { FARMLANDS_DISCOUNT_PERCENT: '5' })).toThrow(/unset FARMLANDS_DISCOUNT_PERCENT/);
  });
});

// Machines from config: the demo ones on the sandbox only, each machine checked at start with errors in words, and
// a machine's key the only way to act as it.
import { describe, expect, it } from 'vitest';
import { DEMO_CATALOG } from '../../../domain/catalog';
import { loadConfig } from '../../config';
import { GatewayHttpError } from '../errors';
import { DEMO_MACHINES, Machines, readMachineConfigs, resolveMachines } from './machines';

const defaults = { configId: 'cfg', deviceIdOf: (id: string) => `host-${id}` };
const REAL = { CENTRAPAY_BASE_URL: 'https://centrapay.invalid', CENTRAPAY_API_KEY: 'k', CENTRAPAY_CONFIG_ID: 'c', CENTRAPAY_MERCHANT_ID: 'm', CENTRAPAY_MERCHANT_ACCOUNT_ID: 'a', CASHIER_CODE: 'counter-1234' };

describe('machine configuration', () => {
  it('has a demo vending machine and a demo pump on the sandbox, and none with a real Centrapay', () => {
    expect(loadConfig({}).machines.map((machine) => [machine.id, machine.kind])).toEqual([['vend-1', 'vending'], ['pump-1', 'pump']]);
    expect(loadConfig(REAL).machines).toEqual([]);
    const [vend, pump] = resolveMachines(DEMO_MACHINES, DEMO_CATALOG, defaults);
    expect(vend!.products).toContainEqual({ sku: 'DRINK-OJ', name: 'Orange Juice', price: '450', tax: '15' });
    expect(pump).toMatchObject({ authoriseAmount: '10000', invoicePrefix: 'PUMP-1', terminalId: 'machine-pump-1', deviceId: 'host-pump-1' });
  });

  it('reads MACHINES, priced from the catalog or by the machine, and refuses bad configuration in words', () => {
    const machines = loadConfig({ ...REAL, MACHINES: JSON.stringify([{ id: 'vend-2', kind: 'vending', key: 'a-long-machine-key', terminalId: 'VM-2', products: [{ sku: 'DRINK-OJ' }, { sku: 'GUM', name: 'Gum', price: '250' }] }]) }).machines;
    expect(machines[0]!.products.map((product) => [product.sku, product.price])).toEqual([['DRINK-OJ', '450'], ['GUM', '250']]);
    expect(() => loadConfig({ MACHINES: 'nope' })).toThrow('MACHINES is not valid JSON');
    expect(() => loadConfig({ MACHINES: '[{"id":"v","kind":"vending","key":"short"}]' })).toThrow('a machine key is at least 16 characters');
    expect(() => loadConfig({ MACHINES: '[{"id":"v","kind":"vending","key":"a-long-machine-key","products":[{"sku":"NOPE"}]}]' })).toThrow('product NOPE is not in the catalog');
    expect(() => loadConfig({ MACHINES: '[{"id":"p","kind":"pump","key":"a-long-machine-key"}]' })).toThrow('needs authoriseAmount');
    expect(readMachineConfigs(undefined, undefined, false)).toEqual([]);
  });

  it('knows a machine only by its own key', () => {
    const machines = new Machines(resolveMachines(DEMO_MACHINES, DEMO_CATALOG, defaults), 'NZD');
    expect(machines.authenticate('vend-1', 'sandbox-machine-vend-1').id).toBe('vend-1');
    for (const key of [undefined, 'sandbox-machine-pump-1', ['sandbox-machine-vend-1']]) {
      expect(() => machines.authenticate('vend-1', key)).toThrow(GatewayHttpError);
    }
    expect(machines.view('vend-1')).not.toHaveProperty('key');
    expect(JSON.stringify(machines.view('pump-1'))).not.toContain('sandbox-machine');
  });
});

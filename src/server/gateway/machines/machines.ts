// The machines this till runs (MACHINES / MACHINES_FILE): a vending machine with its own products and prices, or a
// pump with the amount it authorises. On the sandbox with none configured, a demo vending machine and a demo pump.
// Each machine proves itself to the gateway with its own key (never sent to a patron's phone).
import { createHash, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { DEMO_CATALOG, type CatalogItem } from '../../../domain/catalog';
import type { PaymentRequestRedirects } from '../../../domain/centrapay';
import type { MachineKind } from '../../../domain/machine-kind';
import { MACHINE_ID_PATTERN, machinePatronUrl, type MachinePurchase, type MachineProduct, type MachineView } from '../../../domain/machine';
import { GatewayHttpError } from '../errors';
import type { HoldOwner } from '../hold/effects';

export interface Machine {
  id: string;
  name: string;
  kind: MachineKind;
  terminalId: string;
  deviceId: string;
  configId: string;
  /** The machine's own credential: it sends it to ask for work and to confirm or fail a vend. */
  key: string;
  /** A vending machine's products with their prices (cents, tax included). */
  products: readonly (MachineProduct & { tax: string })[];
  /** A pump's fixed authorisation, in cents. */
  authoriseAmount: string | null;
  /** A pump's invoice numbers: `PUMP-1-000123`. */
  invoicePrefix: string;
}

const cents = z.string().regex(/^[1-9]\d{0,7}$/, 'must be whole cents, more than 0');
const productSchema = z.object({ sku: z.string().min(1).max(64), name: z.string().min(1).max(120).optional(), price: cents.optional(), tax: z.string().optional() });
export const machineConfigSchema = z.object({
  id: z.string().regex(MACHINE_ID_PATTERN, 'a machine id is lower-case letters, digits and -'),
  name: z.string().min(1).max(80).optional(),
  kind: z.enum(['vending', 'pump']),
  terminalId: z.string().min(1).max(64).optional(),
  deviceId: z.string().min(1).max(64).optional(),
  configId: z.string().min(1).optional(),
  key: z.string().min(16, 'a machine key is at least 16 characters'),
  products: z.array(productSchema).max(200).optional(),
  authoriseAmount: cents.optional(),
  invoicePrefix: z.string().regex(/^[A-Z0-9-]{1,20}$/).optional(),
});
export type MachineConfig = z.infer<typeof machineConfigSchema>;

/**
 * The sandbox's demo machines, with fixed keys the simulator page is handed by a sandbox-only route. The vending
 * machine sells the demo catalog's cold drinks and snacks, priced as there (whatever catalog the till sells from).
 */
const DEMO_VENDING_SKUS = new Set(['DRINK-OJ', 'DRINK-SPW', 'COFFEE-ICED', 'FOOD-BANB', 'FOOD-CARS', 'FOOD-FRIAND']);
export const DEMO_MACHINES: readonly MachineConfig[] = [
  {
    id: 'vend-1', name: 'Drinks and snacks', kind: 'vending', key: 'sandbox-machine-vend-1',
    products: DEMO_CATALOG.filter((item) => DEMO_VENDING_SKUS.has(item.sku)).map(({ sku, name, unitPrice, tax }) => ({ sku, name, price: unitPrice, tax })),
  },
  { id: 'pump-1', name: 'Pump 1', kind: 'pump', key: 'sandbox-machine-pump-1', authoriseAmount: '10000', invoicePrefix: 'PUMP-1' },
];

/** Machines from config, priced from the catalog where a product gives only its sku; errors in words. */
export function resolveMachines(configs: readonly MachineConfig[], catalog: readonly CatalogItem[], defaults: { configId: string; deviceIdOf: (id: string) => string }): Machine[] {
  const bySku = new Map(catalog.map((item) => [item.sku, item]));
  const machines = configs.map((config): Machine => {
    const products = (config.products ?? []).map((product) => {
      const item = bySku.get(product.sku);
      const name = product.name ?? item?.name;
      const price = product.price ?? item?.unitPrice;
      if (!name || !price) throw new Error(`Configuration error: machine ${config.id}: product ${product.sku} is not in the catalog; give its name and price`);
      return { sku: product.sku, name, price, tax: product.tax ?? item?.tax ?? '15' };
    });
    if (config.kind === 'vending' && products.length === 0) throw new Error(`Configuration error: machine ${config.id} is a vending machine with no products`);
    if (config.kind === 'pump' && !config.authoriseAmount) throw new Error(`Configuration error: pump ${config.id} needs authoriseAmount (cents)`);
    return {
      id: config.id,
      name: config.name ?? config.id,
      kind: config.kind,
      terminalId: config.terminalId ?? `machine-${config.id}`,
      deviceId: config.deviceId ?? defaults.deviceIdOf(config.id),
      configId: config.configId ?? defaults.configId,
      key: config.key,
      products,
      authoriseAmount: config.kind === 'pump' ? config.authoriseAmount! : null,
      invoicePrefix: config.invoicePrefix ?? config.id.toUpperCase(),
    };
  });
  if (new Set(machines.map((machine) => machine.id)).size !== machines.length) throw new Error('Configuration error: machine ids must be unique');
  return machines;
}

/** Reads MACHINES (JSON) or MACHINES_FILE; none: the demo machines on the sandbox, none with a real Centrapay. */
export function readMachineConfigs(inline: string | undefined, text: string | undefined, sandbox: boolean): MachineConfig[] {
  const source = inline ?? text;
  if (!source) return sandbox ? [...DEMO_MACHINES] : [];
  let json: unknown;
  try {
    json = JSON.parse(source);
  } catch {
    throw new Error(`Configuration error: ${inline ? 'MACHINES' : 'MACHINES_FILE'} is not valid JSON`);
  }
  const parsed = z.array(machineConfigSchema).safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`Configuration error: machines: ${issue?.path.join('.')}: ${issue?.message}`);
  }
  return parsed.data;
}

export class Machines {
  private readonly byId: ReadonlyMap<string, Machine>;

  /** `publicUrl`: how patrons' phones reach the machines' pages (PUBLIC_URL); absent, Centrapay is not asked to send them back. */
  constructor(machines: readonly Machine[], private readonly currency: string, private readonly publicUrl?: string | (() => string)) {
    this.byId = new Map(machines.map((machine) => [machine.id, machine]));
  }

  /** Where Centrapay sends the patron back after paying for `purchase`, or cancelling: the machine's page, which shows it. */
  returnTo(machineId: string, purchase: MachinePurchase): PaymentRequestRedirects | undefined {
    const origin = typeof this.publicUrl === 'function' ? this.publicUrl() : this.publicUrl;
    if (!origin) return undefined;
    const url = machinePatronUrl(origin, machineId, purchase);
    return { redirectPaidUrl: url, redirectCancelUrl: url };
  }

  /** A pump as the hold engine meets the owner of its authorisation. */
  holdOwner(id: string): HoldOwner | undefined {
    const machine = this.byId.get(id);
    return machine && { ...machine, returnTo: (holdId) => this.returnTo(id, { kind: 'hold', id: holdId }) };
  }

  find(id: string): Machine | undefined {
    return this.byId.get(id);
  }

  all(): Machine[] {
    return [...this.byId.values()];
  }

  /** The machine a scanned code names, of the kind asked; else why not, in words. */
  get(id: string, kind?: MachineKind): Machine {
    const machine = this.byId.get(id);
    if (!machine) throw new GatewayHttpError(404, 'UNKNOWN_MACHINE', `There is no machine "${id}" here. Check the code on the machine, or ask the shop.`);
    if (kind && machine.kind !== kind) {
      throw new GatewayHttpError(409, 'WRONG_MACHINE_KIND', `${machine.name} is ${machine.kind === 'pump' ? 'a pump' : 'a vending machine'}, not ${kind === 'pump' ? 'a pump' : 'a vending machine'}.`);
    }
    return machine;
  }

  /** The machine, when the key it sent is its own; a patron or anyone else on the network is refused. */
  authenticate(id: string, key: string | string[] | undefined): Machine {
    const machine = this.get(id);
    if (typeof key !== 'string' || !timingSafeEqual(digest(key), digest(machine.key))) {
      throw new GatewayHttpError(401, 'MACHINE_KEY_REQUIRED', 'Only the machine itself may do that: its key is missing or wrong.');
    }
    return machine;
  }

  view(id: string): MachineView {
    const machine = this.get(id);
    return {
      id: machine.id,
      name: machine.name,
      kind: machine.kind,
      currency: this.currency,
      products: machine.products.map(({ sku, name, price }) => ({ sku, name, price })),
      authoriseAmount: machine.authoriseAmount,
    };
  }
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

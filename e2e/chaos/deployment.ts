// The processes a chaos run drives: the standalone sandbox, and either gateways each on a SQLite journal of its own
// (A, B, …: own lanes, own machines, own journal disk) or one chain — N instances of one gateway, with the same lanes,
// machines and cashier code, on one PostgreSQL journal behind a load balancer (chain.ts).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEMO_CATALOG, type CatalogItem } from '../../src/domain/catalog';
import { ChainDatabase, ChainFront, WebhookBalancer } from './chain';
import { SmallDisk } from './disks';
import { freePort, GatewayProcess, SandboxProcess, type Crash, type GatewaySpec, type LaneSpec, type MachineConfig } from './processes';
import type { Random } from './random';
import { TcpRelay } from './tcp-relay';
import type { Front } from './till';
import type { MachineSpec } from './workplace';

export const CASHIER_CODE = 'chaos-cashier-2468';
export const LANES_PER_GATEWAY = 6;
/** A chain has as many lanes and machines as two lone gateways: the same work, on one journal. */
const CHAIN_LANES = 2 * LANES_PER_GATEWAY;
/** The chain, as its screens and the audit know it. */
export const CHAIN_NAME = 'C';
/** Each gateway's machines: two vending machines and two pumps, with its own ids (so its own terminal ids). */
const VENDING_SKUS = ['DRINK-OJ', 'DRINK-SPW', 'COFFEE-ICED', 'FOOD-BANB', 'FOOD-CARS', 'FOOD-FRIAND'];
/** A pump's fixed authorisation: $10 (Alice's $1,000 must last the run, and what a pump holds comes back late). */
const PUMP_AUTHORISES = '1000';
/** A paid vend the machine has not confirmed within this is refunded by the gateway. */
const VEND_TIMEOUT_SECONDS = 8;
/** Each gateway's journal disk, when one can be mounted: room for a run's journal, small enough to fill at once. */
const JOURNAL_DISK_MB = 64;
const WEBHOOK_TYPES = ['payment-request:paid', 'payment-request:refund-initiated', 'payment-request:refund-completed'];

export interface Deployment {
  sandbox: SandboxProcess;
  /** Every gateway process the run may kill: each lone gateway, or the chain's instances. */
  instances: GatewayProcess[];
  /** Each gateway (one journal) as its screens reach it: a lone gateway's process, or the chain's load balancer. */
  fronts: Front[];
  machines: MachineSpec[];
  /** Each lone gateway's journal disk, where this machine can mount one. */
  disks: Map<string, SmallDisk>;
  chain: ChainParts | null;
}

/** A chain's database, load balancer, and each instance's relays to Centrapay and to PostgreSQL. */
export interface ChainParts {
  db: ChainDatabase;
  front: ChainFront;
  balancer: WebhookBalancer;
  relays: Map<string, { api: TcpRelay; db: TcpRelay }>;
  /** The instance whose relay to Centrapay calls from this address. */
  instanceAt(address: string): string | undefined;
}

/**
 * The demo products at a tenth of their price: Alice holds $1,000.00 and nothing gives it back, so at demo prices a
 * 500-sale run would leave her unable to pay from about its 200th sale. Same skus and names (the rewards offer still
 * covers the coffees), same tax.
 */
function chaosCatalog(): CatalogItem[] {
  return DEMO_CATALOG.map((item) => ({ ...item, unitPrice: String(Math.max(1, Math.round(Number(item.unitPrice) / 10))) }));
}

/** A gateway's machines, as MACHINES configures them, and as the workers know them (with their keys). */
function machinesOf(name: string, perKind: number): { config: MachineConfig[]; specs: MachineSpec[] } {
  const id = name.toLowerCase();
  const numbers = Array.from({ length: perKind }, (_, i) => i + 1);
  const config: MachineConfig[] = [
    ...numbers.map((n): MachineConfig => ({ id: `vend-${id}${n}`, kind: 'vending', key: `chaos-machine-key-vend-${id}${n}`, name: `Vending ${name}${n}`, products: VENDING_SKUS.map((sku) => ({ sku })) })),
    ...numbers.map((n): MachineConfig => ({ id: `pump-${id}${n}`, kind: 'pump', key: `chaos-machine-key-pump-${id}${n}`, name: `Pump ${name}${n}`, authoriseAmount: PUMP_AUTHORISES })),
  ];
  const specs = config.map((machine): MachineSpec => ({
    gateway: name, id: machine.id, kind: machine.kind, key: machine.key, name: machine.name,
    products: machine.products?.map((product) => product.sku) ?? [], authoriseAmount: machine.authoriseAmount ?? null,
  }));
  return { config, specs };
}

function lanesOf(name: string, count: number): LaneSpec[] {
  const id = name.toLowerCase();
  return Array.from({ length: count }, (_, i) => ({ id: `${id}${i + 1}`, terminalId: `chaos-${id}-${i + 1}`, deviceId: `chaos-${id}-dev-${i + 1}` }));
}

async function subscribe(sandboxUrl: string, url: string): Promise<void> {
  const response = await fetch(`${sandboxUrl}/_sandbox/webhooks`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ url, types: WEBHOOK_TYPES }),
  });
  if (!response.ok) throw new Error(`could not subscribe ${url} to the sandbox's webhooks: ${response.status}`);
}

export interface DeploymentOptions {
  workDir: string;
  journal: 'sqlite' | 'postgres';
  /** Lone gateways (sqlite), or the chain's instances (postgres). */
  instances: number;
  random: Random;
  onCrash: (crash: Crash) => void;
}

/** Starts the sandbox and the gateways. On failure, whatever started is stopped again. */
export async function deploy(options: DeploymentOptions): Promise<Deployment> {
  const { workDir } = options;
  mkdirSync(join(workDir, 'no-web-app'));
  writeFileSync(join(workDir, 'catalog.json'), JSON.stringify(chaosCatalog(), null, 2));
  const sandbox = new SandboxProcess(await freePort(), join(workDir, 'sandbox.log'), options.onCrash);
  const deployment: Deployment = { sandbox, instances: [], fronts: [], machines: [], disks: new Map(), chain: null };
  try {
    await sandbox.start();
    if (options.journal === 'postgres') await deployChain(deployment, options);
    else await deployLoneGateways(deployment, options);
    await Promise.all(deployment.instances.map((instance) => instance.start()));
    return deployment;
  } catch (error) {
    await undeploy(deployment, workDir);
    throw error;
  }
}

function specOf(options: DeploymentOptions, sandboxUrl: string, name: string, lanes: LaneSpec[], machines: MachineConfig[]): Omit<GatewaySpec, 'port' | 'journalPath'> {
  return {
    name, lanes, logPath: join(options.workDir, `gateway-${name}.log`), distDir: join(options.workDir, 'no-web-app'), catalogFile: join(options.workDir, 'catalog.json'),
    cashierCode: CASHIER_CODE, sandboxUrl, machines, vendTimeoutSeconds: VEND_TIMEOUT_SECONDS,
  };
}

async function deployLoneGateways(deployment: Deployment, options: DeploymentOptions): Promise<void> {
  for (let i = 0; i < options.instances; i += 1) {
    const name = String.fromCharCode('A'.charCodeAt(0) + i);
    const disk = SmallDisk.mount(join(options.workDir, `disk-${name}`), JOURNAL_DISK_MB);
    if (disk) deployment.disks.set(name, disk);
    const own = machinesOf(name, 2);
    deployment.machines.push(...own.specs);
    const gateway = new GatewayProcess({
      ...specOf(options, deployment.sandbox.url, name, lanesOf(name, LANES_PER_GATEWAY), own.config),
      port: await freePort(), journalPath: join(disk?.dir ?? options.workDir, `gateway-${name}.sqlite`),
    }, options.onCrash);
    deployment.instances.push(gateway);
    deployment.fronts.push(gateway);
    await subscribe(deployment.sandbox.url, gateway.webhookUrl);
  }
}

/** Instance n (from 1) calls Centrapay from 127.0.0.(10 + n), so the sandbox's read log tells the instances apart. */
const addressOf = (n: number): string => `127.0.0.${10 + n}`;

async function deployChain(deployment: Deployment, options: DeploymentOptions): Promise<void> {
  const db = await ChainDatabase.open();
  const lanes = lanesOf(CHAIN_NAME, CHAIN_LANES);
  const own = machinesOf(CHAIN_NAME, 4);
  deployment.machines.push(...own.specs);
  const front = new ChainFront(CHAIN_NAME, { lanes }, deployment.instances, options.random);
  const balancer = await WebhookBalancer.start(front);
  const names = new Map<string, string>();
  const chain: ChainParts = { db, front, balancer, relays: new Map(), instanceAt: (address) => names.get(address.replace(/^::ffff:/, '')) };
  deployment.chain = chain;
  deployment.fronts.push(front);
  const database = new URL(db.url);
  const sandbox = new URL(deployment.sandbox.url);
  for (let n = 1; n <= options.instances; n += 1) {
    const name = `${CHAIN_NAME}${n}`;
    names.set(addressOf(n), name);
    const relays = {
      api: await TcpRelay.start({ host: sandbox.hostname, port: Number(sandbox.port) }, addressOf(n)),
      db: await TcpRelay.start({ host: database.hostname, port: Number(database.port || 5432) }),
    };
    chain.relays.set(name, relays);
    const journalUrl = new URL(db.urlFor(name));
    journalUrl.host = `127.0.0.1:${relays.db.port}`;
    deployment.instances.push(new GatewayProcess({
      ...specOf(options, `http://127.0.0.1:${relays.api.port}`, name, lanes, own.config),
      port: await freePort(), journalPath: join(options.workDir, 'unused.sqlite'), journalUrl: journalUrl.toString(), webhookAudience: balancer.url,
    }, options.onCrash));
  }
  await subscribe(deployment.sandbox.url, balancer.url);
}

/** Stops every process, the load balancer and the chain's database, and unmounts the disks (their files kept in the work dir). */
export async function undeploy(deployment: Deployment, workDir: string): Promise<void> {
  await Promise.all(deployment.instances.map((instance) => instance.stop().catch(() => undefined)));
  await deployment.sandbox.stop().catch(() => undefined);
  await deployment.chain?.balancer.stop().catch(() => undefined);
  for (const relays of deployment.chain?.relays.values() ?? []) await Promise.all([relays.api.stop(), relays.db.stop()]);
  await deployment.chain?.db.close().catch(() => undefined);
  for (const disk of deployment.disks.values()) disk.unmount(workDir);
}

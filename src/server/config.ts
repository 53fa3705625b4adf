// Configuration from the environment, checked at boot. Unset CENTRAPAY_BASE_URL means the embedded sandbox.
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { z } from 'zod';
import { catalogSchema, DEMO_CATALOG, type CatalogItem } from '../domain/catalog';
import { LANE_ID_PATTERN } from '../domain/lane';
import { DEFAULT_LANGUAGE, LANGUAGES } from '../domain/language';
import { SEED, SEED_CAFE } from '../domain/sandbox-seeds';
import { isImageUrl, readDisplaySlides } from './display-slides';
import { readMachineConfigs, resolveMachines } from './gateway/machines/machines';
import { CENTRAPAY_JWKS_URL, WEBHOOK_PATH } from './gateway/webhooks/webhooks';

const SANDBOX_TERMINAL_KEY = SEED.terminalCafeKey;
const SANDBOX_CONFIG_ID = SEED.configCafe;
const SANDBOX_ACCOUNT_ID = SEED.accountCafe;
const SANDBOX_MERCHANT_ID = SEED.merchantCafe;
/** The sandbox's demo kiosk staff code (no real money there); a real Centrapay needs KIOSK_STAFF_CODE. */
export const SANDBOX_KIOSK_STAFF_CODE = 'kiosk-1357';

const laneSchema = z.object({
  id: z.string().regex(LANE_ID_PATTERN),
  name: z.string().min(1).optional(),
  terminalId: z.string().min(1).optional(),
  deviceId: z.string().min(1).optional(),
  configId: z.string().min(1).optional(),
  /** A till (a cashier rings up) or a self-checkout kiosk (the patron does; see gateway/kiosk). */
  kind: z.enum(['till', 'kiosk']).optional(),
});

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().default('0.0.0.0'),
  PUBLIC_URL: z.url().optional(),
  CENTRAPAY_BASE_URL: z.url().optional(),
  CENTRAPAY_API_KEY: z.string().min(1).optional(),
  CENTRAPAY_CONFIG_ID: z.string().min(1).optional(),
  CENTRAPAY_MERCHANT_ACCOUNT_ID: z.string().min(1).optional(),
  CENTRAPAY_MERCHANT_ID: z.string().min(1).optional(),
  CENTRAPAY_CURRENCY: z.string().regex(/^[A-Z]{3}$/).default('NZD'),
  // Centrapay allows 200 a minute per account (§1.9); the default leaves headroom for other integrations' tools.
  CENTRAPAY_RATE_LIMIT: z.coerce.number().int().min(10).max(100_000).default(180),
  ACTIVITY_FEED: z.enum(['auto', 'on', 'off']).default('auto'),
  LANES: z.string().optional(),
  LANES_FILE: z.string().optional(),
  MACHINES: z.string().optional(),
  MACHINES_FILE: z.string().optional(),
  VEND_TIMEOUT_SECONDS: z.coerce.number().min(1).max(300).default(20),
  JOURNAL_PATH: z.string().default('data/journal.sqlite'),
  JOURNAL_URL: z.string().regex(/^postgres(ql)?:\/\/./, 'must be a postgres:// or postgresql:// URL').optional(),
  EXPIRY_SECONDS: z.coerce.number().int().min(30).max(3600).default(120),
  TILL_TIMEOUT_GRACE_SECONDS: z.coerce.number().min(5).max(10).default(7),
  STATUS_UNKNOWN_AFTER_SECONDS: z.coerce.number().min(2).max(120).default(20),
  POLL_INTERVAL_MS: z.coerce.number().int().min(200).max(5000).default(1000),
  DISPLAY_RESULT_SECONDS: z.coerce.number().min(1).max(600).default(10),
  DISPLAY_LANGUAGE: z.enum(LANGUAGES).default(DEFAULT_LANGUAGE),
  LOGO_URL: z.string().default('/centrapay-mark.svg'),
  CASHIER_CODE: z.string().min(6, 'must be at least 6 characters').optional(),
  KIOSK_STAFF_CODE: z.string().min(6, 'must be at least 6 characters').optional(),
  KIOSK_IDLE_SECONDS: z.coerce.number().int().min(5).max(3600).default(90),
  CATALOG_FILE: z.string().min(1).optional(),
  MERCHANT_NAME: z.string().trim().min(1).max(80).optional(),
  MERCHANT_GST_NUMBER: z.string().trim().min(1).max(40).optional(),
  MERCHANT_LOGO_URL: z.string().trim().refine(isImageUrl, 'must be an http(s) URL or a path on this server starting with /').optional(),
  DISPLAY_SLIDES: z.string().optional(),
  ALLOWED_HOSTS: z.string().optional(),
  TRUST_PROXY: z.string().min(1).optional(),
  CHAOS_CONTROL: z.enum(['on', 'off']).default('off'),
  DIST_DIR: z.string().min(1).default('dist'),
  SANDBOX_RATE_LIMIT: z.coerce.number().int().min(1).default(200),
  WEBHOOKS: z.enum(['on', 'off']).optional(),
  WEBHOOK_JWKS_URL: z.url().optional(),
  WEBHOOK_AUDIENCE: z.url().optional(),
});

export type AppConfig = ReturnType<typeof loadConfig>;
type Env = z.infer<typeof envSchema>;

export function loadConfig(env: NodeJS.ProcessEnv = process.env) {
  const e = parseEnv(env);
  const sandbox = !e.CENTRAPAY_BASE_URL;
  requireRealCentrapaySettings(e, sandbox);
  const defaultConfigId = e.CENTRAPAY_CONFIG_ID ?? SANDBOX_CONFIG_ID;
  const lanes = resolveLanes(e, sandbox, defaultConfigId);
  requireStaffCodes(e, sandbox, lanes);

  const catalog = readCatalog(e.CATALOG_FILE);
  const machines = resolveMachines(readMachineConfigs(e.MACHINES, e.MACHINES_FILE ? readFileSync(e.MACHINES_FILE, 'utf8') : undefined, sandbox), catalog, {
    configId: defaultConfigId,
    deviceIdOf: (id) => `${hostname()}-${id}`,
  });
  const webhooks = webhookConfig(e, sandbox);
  return {
    ...serverSettings(e),
    sandbox,
    ...centrapaySettings(e),
    lanes,
    journalPath: e.JOURNAL_PATH,
    // PostgreSQL (a chain's shared journal) when set; else the SQLite file at JOURNAL_PATH.
    journalUrl: e.JOURNAL_URL,
    ...saleTimings(e),
    ...screenSettings(e, sandbox),
    cashierCode: e.CASHIER_CODE,
    // Self-checkout kiosks: the staff code that pairs a kiosk and opens its staff panel (a demo one on the sandbox).
    kiosk: { staffCode: e.KIOSK_STAFF_CODE ?? (sandbox ? SANDBOX_KIOSK_STAFF_CODE : undefined), idleSeconds: e.KIOSK_IDLE_SECONDS },
    catalog,
    machines,
    vendTimeoutSeconds: e.VEND_TIMEOUT_SECONDS,
    chaosControl: e.CHAOS_CONTROL === 'on',
    sandboxRateLimit: e.SANDBOX_RATE_LIMIT,
    webhooks,
  };
}

function parseEnv(env: NodeJS.ProcessEnv): Env {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`Configuration error: ${issue?.path.join('.')}: ${issue?.message}`);
  }
  return parsed.data;
}

/** Real money needs the merchant's Centrapay settings and a cashier code, and never the chaos controls. */
function requireRealCentrapaySettings(e: Env, sandbox: boolean): void {
  if (!sandbox && (!e.CENTRAPAY_API_KEY || !e.CENTRAPAY_CONFIG_ID || !e.CENTRAPAY_MERCHANT_ACCOUNT_ID || !e.CENTRAPAY_MERCHANT_ID)) {
    throw new Error('Configuration error: with CENTRAPAY_BASE_URL set, CENTRAPAY_API_KEY, CENTRAPAY_CONFIG_ID, CENTRAPAY_MERCHANT_ID and CENTRAPAY_MERCHANT_ACCOUNT_ID are required');
  }
  // Real money: no screen on the shop's network may ring up or cancel without the code.
  if (!sandbox && !e.CASHIER_CODE) {
    throw new Error('Configuration error: with a real Centrapay (CENTRAPAY_BASE_URL set), CASHIER_CODE is required: the code cashiers enter once per till');
  }
  if (e.CHAOS_CONTROL === 'on' && !sandbox && !isLoopbackUrl(e.CENTRAPAY_BASE_URL!)) {
    throw new Error('Configuration error: CHAOS_CONTROL is for test runs against a local sandbox only');
  }
}

/** The configured lanes with their defaults filled in; ids are unique. */
function resolveLanes(e: Env, sandbox: boolean, defaultConfigId: string) {
  const lanes = readLanes(e.LANES, e.LANES_FILE, sandbox).map((lane) => ({
    id: lane.id,
    name: lane.name ?? (lane.id === 'default' ? 'Till' : `Lane ${lane.id}`),
    terminalId: lane.terminalId ?? `pos-${lane.id}`,
    deviceId: lane.deviceId ?? `${hostname()}-${lane.id}`,
    configId: lane.configId ?? defaultConfigId,
    kind: lane.kind ?? 'till',
  }));
  const ids = new Set(lanes.map((lane) => lane.id));
  if (ids.size !== lanes.length) throw new Error('Configuration error: lane ids must be unique');
  return lanes;
}

/** A kiosk on real money needs its own staff code, and a kiosk must never learn the cashier code. */
function requireStaffCodes(e: Env, sandbox: boolean, lanes: ReadonlyArray<{ kind: string }>): void {
  if (!sandbox && !e.KIOSK_STAFF_CODE && lanes.some((lane) => lane.kind === 'kiosk')) {
    throw new Error('Configuration error: with a real Centrapay and a kiosk lane, KIOSK_STAFF_CODE is required: the code staff use to set up a kiosk and open its staff panel');
  }
  if (e.KIOSK_STAFF_CODE && e.KIOSK_STAFF_CODE === e.CASHIER_CODE) {
    throw new Error('Configuration error: KIOSK_STAFF_CODE must differ from CASHIER_CODE (a kiosk must never learn the cashier code)');
  }
}

/** Where the server listens, how it is reached, and what it serves. */
function serverSettings(e: Env) {
  return {
    port: e.PORT,
    host: e.HOST,
    publicUrl: e.PUBLIC_URL?.replace(/\/$/, ''),
    localHost: e.HOST === '0.0.0.0' || e.HOST === '::' ? 'localhost' : e.HOST,
    allowedHosts: (e.ALLOWED_HOSTS ?? '').split(',').map((host) => host.trim().toLowerCase()).filter(Boolean),
    // Behind a reverse proxy: which proxies to believe about the client's address ("on": any; else addresses).
    trustProxy: e.TRUST_PROXY === 'on' ? true : e.TRUST_PROXY,
    distDir: e.DIST_DIR,
  };
}

/** The Centrapay account the gateway acts for (the sandbox café's unless set). */
function centrapaySettings(e: Env) {
  return {
    centrapayBaseUrl: e.CENTRAPAY_BASE_URL?.replace(/\/$/, ''),
    centrapayApiKey: e.CENTRAPAY_API_KEY ?? SANDBOX_TERMINAL_KEY,
    merchantAccountId: e.CENTRAPAY_MERCHANT_ACCOUNT_ID ?? SANDBOX_ACCOUNT_ID,
    merchantId: e.CENTRAPAY_MERCHANT_ID ?? SANDBOX_MERCHANT_ID,
    currency: e.CENTRAPAY_CURRENCY,
    rateLimitPerMinute: e.CENTRAPAY_RATE_LIMIT,
    activityFeed: e.ACTIVITY_FEED,
  };
}

/** How long a sale's Payment Request lives and how its status is watched. */
function saleTimings(e: Env) {
  return {
    expirySeconds: e.EXPIRY_SECONDS,
    timeoutGraceSeconds: e.TILL_TIMEOUT_GRACE_SECONDS,
    unknownAfterMs: e.STATUS_UNKNOWN_AFTER_SECONDS * 1000,
    pollIntervalMs: e.POLL_INTERVAL_MS,
  };
}

/** What the screens show: timings, language, branding, and the merchant printed on receipts. */
function screenSettings(e: Env, sandbox: boolean) {
  const merchantName = e.MERCHANT_NAME ?? (sandbox ? SEED_CAFE.name : null);
  return {
    resultSeconds: e.DISPLAY_RESULT_SECONDS,
    displayLanguage: e.DISPLAY_LANGUAGE,
    logoUrl: e.LOGO_URL,
    // Printed on receipts. The sandbox's café by default; a real merchant sets its own.
    merchant: { name: merchantName, gstNumber: e.MERCHANT_GST_NUMBER ?? (sandbox ? SEED_CAFE.gstNumber : null) },
    // The customer display's branding: the merchant's name and logo on every screen, promotions when idle.
    display: { merchantName, merchantLogoUrl: e.MERCHANT_LOGO_URL ?? null, slides: readDisplaySlides(e.DISPLAY_SLIDES, sandbox) },
  };
}

/**
 * Webhooks are on by default. On the embedded sandbox the gateway subscribes itself and the defaults fit; a real
 * Centrapay posts to the URL its support was given, which is the token's audience: WEBHOOK_AUDIENCE, or PUBLIC_URL +
 * the webhook path. Without either, webhooks stay off unless asked for (then it is an error to fix).
 */
function webhookConfig(e: Env, sandbox: boolean): { enabled: boolean; jwksUrl?: string; audience?: string } {
  const audience = e.WEBHOOK_AUDIENCE ?? (sandbox || !e.PUBLIC_URL ? undefined : `${e.PUBLIC_URL.replace(/\/$/, '')}${WEBHOOK_PATH}`);
  if (e.WEBHOOKS === 'off') return { enabled: false };
  if (!sandbox && !audience) {
    if (e.WEBHOOKS === 'on') throw new Error('Configuration error: WEBHOOKS=on with a real Centrapay needs WEBHOOK_AUDIENCE or PUBLIC_URL (the URL Centrapay posts webhooks to)');
    return { enabled: false };
  }
  return { enabled: true, jwksUrl: e.WEBHOOK_JWKS_URL ?? (sandbox ? undefined : CENTRAPAY_JWKS_URL), audience };
}

function readLanes(inline: string | undefined, file: string | undefined, sandbox: boolean): z.infer<typeof laneSchema>[] {
  const text = inline ?? (file ? readFileSync(file, 'utf8') : undefined);
  // No lanes configured: one till, and on the sandbox a demo self-checkout kiosk beside it.
  if (!text) return sandbox ? [{ id: 'default' }, { id: 'kiosk-1', name: 'Kiosk 1', kind: 'kiosk' }] : [{ id: 'default' }];
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(`Configuration error: ${inline ? 'LANES' : 'LANES_FILE'} is not valid JSON`);
  }
  const lanes = z.array(laneSchema).min(1).safeParse(json);
  if (!lanes.success) throw new Error(`Configuration error: lanes: ${lanes.error.issues[0]?.message}`);
  return lanes.data;
}

/** The merchant's own catalog (CATALOG_FILE, a JSON list of {sku, name, unitPrice, tax}), else the demo one. */
function readCatalog(file: string | undefined): CatalogItem[] {
  if (!file) return [...DEMO_CATALOG];
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`Configuration error: CATALOG_FILE ${file} could not be read as JSON (${error instanceof Error ? error.message : error})`, { cause: error });
  }
  const catalog = z.safeParse(catalogSchema, json);
  if (!catalog.success) {
    const issue = catalog.error.issues[0];
    throw new Error(`Configuration error: CATALOG_FILE ${file}: ${issue?.path.join('.') || 'catalog'}: ${issue?.message}`);
  }
  return catalog.data;
}

function isLoopbackUrl(url: string): boolean {
  const host = new URL(url).hostname;
  return host === '127.0.0.1' || host === 'localhost' || host === '[::1]';
}

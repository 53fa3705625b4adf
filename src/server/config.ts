// Configuration from the environment, checked at boot. Unset CENTRAPAY_BASE_URL means the embedded sandbox. The
// stores (one, `default`, unless STORES lists a chain's) are read in stores-config.ts.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { catalogSchema, DEMO_CATALOG, type CatalogItem } from '../domain/catalog';
import { DEFAULT_LANGUAGE, LANGUAGES } from '../domain/language';
import { SEED_CAFE } from '../domain/sandbox-seeds';
import { isImageUrl, readDisplaySlides } from './display-slides';
import { DEFAULT_STREAMS_PER_CLIENT } from './gateway/lanes/streams-per-client';
import { CENTRAPAY_JWKS_URL, WEBHOOK_PATH } from './gateway/webhooks/webhooks';
import { resolveStores } from './stores-config';
import { trustProxySchema } from './trust-proxy';

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
  // A chain: its stores, each with its own lanes, machines, codes and Centrapay ids (stores-config.ts).
  STORES: z.string().optional(),
  STORES_FILE: z.string().optional(),
  LANES: z.string().optional(),
  LANES_FILE: z.string().optional(),
  MACHINES: z.string().optional(),
  MACHINES_FILE: z.string().optional(),
  VEND_TIMEOUT_SECONDS: z.coerce.number().min(1).max(300).default(20),
  JOURNAL_PATH: z.string().default('data/journal.sqlite'),
  JOURNAL_URL: z.string().regex(/^postgres(ql)?:\/\/./, 'must be a postgres:// or postgresql:// URL').optional(),
  SANDBOX_STATE_PATH: z.string().min(1).optional(),
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
  FARMLANDS_DISCOUNT_PERCENT: z.string().trim().optional(),
  MERCHANT_LOGO_URL: z.string().trim().refine(isImageUrl, 'must be an http(s) URL or a path on this server starting with /').optional(),
  DISPLAY_SLIDES: z.string().optional(),
  ALLOWED_HOSTS: z.string().optional(),
  TRUST_PROXY: trustProxySchema.optional(),
  METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  EVENT_STREAMS_PER_CLIENT: z.coerce.number().int().min(1).max(10_000).default(DEFAULT_STREAMS_PER_CLIENT),
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
  refuseChaosOnRealMoney(e, sandbox);
  const catalog = readCatalog(e.CATALOG_FILE);
  const stores = resolveStores(e, sandbox, catalog);
  return {
    ...serverSettings(e),
    sandbox,
    ...centrapaySettings(e),
    stores,
    // Every store's lanes and machines, for what lists them all (the addresses printed at start-up).
    lanes: stores.flatMap((store) => store.lanes),
    machines: stores.flatMap((store) => store.machines),
    journalPath: e.JOURNAL_PATH,
    // PostgreSQL (a chain's shared journal) when set; else the SQLite file at JOURNAL_PATH.
    journalUrl: e.JOURNAL_URL,
    ...saleTimings(e),
    ...screenSettings(e, sandbox),
    kiosk: { idleSeconds: e.KIOSK_IDLE_SECONDS },
    catalog,
    vendTimeoutSeconds: e.VEND_TIMEOUT_SECONDS,
    chaosControl: e.CHAOS_CONTROL === 'on',
    sandboxRateLimit: e.SANDBOX_RATE_LIMIT,
    // The embedded sandbox keeps its state beside the journal (in memory where the journal is).
    sandboxStatePath: e.SANDBOX_STATE_PATH ?? (e.JOURNAL_PATH === ':memory:' ? ':memory:' : join(dirname(e.JOURNAL_PATH), 'sandbox.sqlite')),
    webhooks: webhookConfig(e, sandbox),
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

/** The chaos controls are for a local sandbox only, never real money. */
function refuseChaosOnRealMoney(e: Env, sandbox: boolean): void {
  if (e.CHAOS_CONTROL === 'on' && !sandbox && !isLoopbackUrl(e.CENTRAPAY_BASE_URL!)) {
    throw new Error('Configuration error: CHAOS_CONTROL is for test runs against a local sandbox only');
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
    // Behind a reverse proxy: the proxies (addresses, CIDR ranges) whose X-Forwarded-For says who the client is.
    trustProxy: e.TRUST_PROXY,
    // Lane event streams one client address may hold open at once: a screen holds one per lane it shows.
    eventStreamsPerClient: e.EVENT_STREAMS_PER_CLIENT,
    // Whoever sends it as a bearer token may scrape /metrics from another computer.
    metricsToken: e.METRICS_TOKEN,
    distDir: e.DIST_DIR,
  };
}

/** Where Centrapay is and how the gateway keeps to each account's budget (each store's own ids are in `stores`). */
function centrapaySettings(e: Env) {
  return {
    centrapayBaseUrl: e.CENTRAPAY_BASE_URL?.replace(/\/$/, ''),
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

/** What the screens show: timings, language and branding (each store's receipts say who they are from: `stores`). */
function screenSettings(e: Env, sandbox: boolean) {
  const merchantName = e.MERCHANT_NAME ?? (sandbox ? SEED_CAFE.name : null);
  return {
    resultSeconds: e.DISPLAY_RESULT_SECONDS,
    displayLanguage: e.DISPLAY_LANGUAGE,
    logoUrl: e.LOGO_URL,
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

/** The merchant's own catalog (CATALOG_FILE, a JSON list of {sku, name, unitPrice, tax, restricted?, category?}), else the demo one. */
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

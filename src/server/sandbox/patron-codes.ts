// Patron codes and scanned barcodes (§3.17, §6.3): the patron-presented side of paying.
import { randomInt } from 'node:crypto';
import { z } from 'zod';
import { decodeBodySchema } from '../../domain/centrapay';
import { merchantOf, type Principal } from './auth';
import { PHOTO_ID_SCENARIO } from './conditions';
import { badRequest, forbidden } from './errors';
import { luhnValid } from './ids';
import { findOwnConfig } from './merchant-configs';
import type { SandboxState } from './state';
import { changed, type Asset, type PatronCode, type SandboxStore } from './store';
import { parseWith } from './validation';
import { compact, toIso } from './wire';

/** Centrapay's documented prefix the sandbox issues codes under (§6.3). */
const PATRON_CODE_PREFIX = '999000';
/** Dynamic codes live five minutes, like the docs' example. */
const DYNAMIC_CODE_MS = 5 * 60 * 1000;
const MAX_METADATA_KEYS = 10;

/**
 * Only 16-character barcodes are Centrapay patron codes; other lengths are other providers'
 * cards, passed through unchecked. A 16-digit code with a wrong check digit is a misread (400).
 */
export function isPatronCodeBarcode(barcode: string): boolean {
  if (barcode.length !== 16) return false;
  if (!luhnValid(barcode)) throw badRequest('CHECKSUM_FAILED');
  return true;
}

/** The code behind a patron-code barcode, if it exists and has not expired. */
export function liveCode(state: SandboxState, barcode: string): PatronCode | undefined {
  const code = state.store.patronCodes.get(barcode);
  if (!code || (code.expiresAt !== undefined && code.expiresAt <= state.clock.nowMs())) return undefined;
  return code;
}

function canRead(store: SandboxStore, principal: Principal, code: PatronCode): boolean {
  return merchantOf(store, principal) !== undefined || principal.accountId === code.accountId;
}

export function findPatronCodeByBarcode(state: SandboxState, principal: Principal, barcode: string): PatronCode {
  const code = isPatronCodeBarcode(barcode) ? liveCode(state, barcode) : undefined;
  if (!code || !canRead(state.store, principal, code)) throw forbidden('PATRON_CODE_INVALID');
  return code;
}

export function findPatronCode(state: SandboxState, principal: Principal, id: string): PatronCode {
  const code = [...state.store.patronCodes.values()].find((candidate) => candidate.id === id);
  if (!code || !canRead(state.store, principal, code)) throw forbidden();
  return code;
}

const createPatronCodeBodySchema = z.object({
  assetId: z.string().optional(),
  externalId: z.string().optional(),
  metadata: z
    .record(z.string(), z.string())
    .refine((metadata) => Object.keys(metadata).length <= MAX_METADATA_KEYS, `metadata may have at most ${MAX_METADATA_KEYS} keys`)
    .optional(),
  testScenarioName: z.enum([PHOTO_ID_SCENARIO], `testScenarioName must be ${PHOTO_ID_SCENARIO}`).optional(),
  appName: z.string().optional(),
});

function newBarcode(store: SandboxStore): string {
  for (;;) {
    const payload = `${PATRON_CODE_PREFIX}${String(randomInt(1_000_000_000)).padStart(9, '0')}`;
    const barcode = [...'0123456789'].map((digit) => payload + digit).find(luhnValid);
    if (barcode !== undefined && !store.patronCodes.has(barcode)) return barcode;
  }
}

/** A patron's app issues a short-lived code for one of the patron's own assets. */
export function createPatronCode(state: SandboxState, principal: Principal, rawBody: unknown): PatronCode {
  if (principal.kind !== 'user') throw forbidden();
  const body = parseWith(createPatronCodeBodySchema, rawBody ?? {});
  const { store } = state;
  const asset =
    body.assetId === undefined
      ? [...store.assets.values()].find((candidate) => candidate.accountId === principal.accountId)
      : store.assets.get(body.assetId);
  if (!asset || asset.accountId !== principal.accountId) throw forbidden();
  const nowMs = state.clock.nowMs();
  const barcode = newBarcode(store);
  const code: PatronCode = compact({
    id: `sbxPatronCode${barcode.slice(PATRON_CODE_PREFIX.length, -1)}`,
    barcode,
    accountId: principal.accountId,
    assetId: asset.id,
    createdAt: nowMs,
    expiresAt: nowMs + DYNAMIC_CODE_MS,
    externalId: body.externalId,
    metadata: body.metadata,
    testScenarioName: body.testScenarioName,
  });
  store.patronCodes.set(barcode, code);
  changed(store, 'patronCodes', barcode);
  return code;
}

export function toPatronCodeJson(code: PatronCode): Record<string, unknown> {
  return compact({
    ...code,
    createdAt: toIso(code.createdAt),
    expiresAt: code.expiresAt === undefined ? undefined : toIso(code.expiresAt),
  });
}

export interface QuickPayCard {
  asset: Asset;
  /** What decode answers as `provider` and `displayName`. */
  provider: string;
  description: string;
}

/** The Quick Pay card or voucher (§6.4) a scanned barcode stands for, if it is one. */
export function findQuickPayCard(store: SandboxStore, barcode: string): QuickPayCard | undefined {
  const code = barcode.trim();
  for (const asset of store.assets.values()) {
    const info = store.assetTypes.get(asset.type);
    if (asset.barcode === code && info?.quickPay) return { asset, provider: info.quickPay.provider, description: info.description };
  }
  return undefined;
}

/** What decode says a code is: its asset type and the provider's name, or undefined for a code nobody knows. */
function decodedCode(state: SandboxState, code: string): { assetType: string; provider: string; displayName: string } | undefined {
  const card = findQuickPayCard(state.store, code);
  if (card) return { assetType: card.asset.type, provider: card.provider, displayName: card.description };
  const patronCode = isPatronCodeBarcode(code) ? liveCode(state, code) : undefined;
  const asset = patronCode && state.store.assets.get(patronCode.assetId);
  return asset && { assetType: asset.type, provider: 'centrapay', displayName: 'Centrapay' };
}

/** `POST /api/decode`: what a scanned code is, before a request is created with it. */
export function decodeCode(state: SandboxState, principal: Principal, rawBody: unknown): Record<string, unknown> {
  const body = parseWith(decodeBodySchema, rawBody);
  if (!merchantOf(state.store, principal)) throw forbidden();
  const config = findOwnConfig(state.store, principal, body.merchantConfigId, 'merchantConfigId');
  if (!config) throw forbidden('MERCHANT_CONFIG_NOT_FOUND');
  // Live patron codes and the seeded Quick Pay cards and vouchers (whatever their state: that shows when they pay).
  const decoded = decodedCode(state, body.code);
  if (!decoded) throw forbidden('UNKNOWN_CODE');
  if (!config.paymentOptionTypes.includes(decoded.assetType)) throw forbidden('INVALID_MERCHANT_CONFIG');
  return { ...body, provider: decoded.provider, displayName: decoded.displayName };
}

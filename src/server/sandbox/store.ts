// The emulator's state: plain maps, so a reset is "make a new store". Records that calls change are marked
// (`changed`) and written to the state file as each call ends (state-file.ts).
import type { LineItem, Monetary, PaymentOption, PaymentRequestStatus } from '../../domain/centrapay';
import type { Offer } from '../../domain/sandbox-seeds';
import { seedStore } from './seeds';

export interface Account {
  id: string;
  name: string;
}

export interface Merchant {
  id: string;
  name: string;
  accountId: string;
  /** Test merchants may only hold configs with `.test` asset types (§2.4). */
  test: boolean;
  taxNumber?: { value: string; type: string };
}

export interface MerchantConfig {
  id: string;
  merchantId: string;
  /** Asset types the config offers, before filtering per request. */
  paymentOptionTypes: string[];
  allowedRedirectUrls: string[];
  createdAt: number;
}

export type Role = 'merchant-terminal' | 'account-owner';

export interface ApiKey {
  secret: string;
  name: string;
  accountId: string;
  role: Role;
  enabled: boolean;
}

export interface User {
  token: string;
  userId: string;
  accountId: string;
}

/**
 * How value moves for an asset type:
 * - `wallet`: a Centrapay-managed asset with a balance, paid with `assetId`;
 * - `external`: tender taken outside Centrapay (cash, EFTPOS), recorded by the merchant's own key;
 * - `uplink`: a third-party provider's asset, paid with an opaque `authorization` by the provider's key.
 */
export type AssetKind = 'wallet' | 'external' | 'uplink';

export interface AssetTypeInfo {
  type: string;
  description: string;
  kind: AssetKind;
  /** Tokens need an accepted collection on the request; without one the option is not offered. */
  needsCollection?: boolean;
  /** For `uplink` types: the account whose key may pay with them. */
  providerAccountId?: string;
  /** For `uplink` types: the most a payment may cover, as a share of matching line items. */
  offer?: Offer;
  /** Can hold funds for a pre-auth request (§6.10); other types are dropped from pre-auth options. */
  preAuth?: boolean;
  /** Refund limits of the asset type (§3.9): unset = full and partial refunds. */
  refunds?: 'full-only' | 'none';
  /** A Quick Pay type (§6.4): its assets have barcodes and pay on the first poll; `provider` is what decode names. */
  quickPay?: { provider: string };
}

export interface Asset {
  id: string;
  accountId: string;
  type: string;
  /** Cents, as a string. */
  balance: string;
  active: boolean;
  /** After it, the asset cannot pay (INACTIVE_ASSET). */
  expiresAt?: number;
  /** Quick Pay cards and vouchers: the barcode the patron presents. */
  barcode?: string;
}

export interface Wallet {
  id: string;
  name: string;
  accountId: string;
  assetType: string;
}

export interface PatronCode {
  id: string;
  barcode: string;
  accountId: string;
  assetId: string;
  createdAt: number;
  expiresAt?: number;
  externalId?: string;
  metadata?: Record<string, string>;
  testScenarioName?: string;
}

export interface Connection {
  id: string;
  merchantId: string;
  createdBy: string;
  createdByAccountName: string;
  createdAt: number;
  status: 'created' | 'authorized';
  test: boolean;
  walletId?: string;
  walletName?: string;
  authorizedByAccountId?: string;
  updatedBy?: string;
  updatedAt?: number;
}

/** A Payment Activity exactly as it goes on the wire. */
export interface Activity {
  id: string;
  type: string;
  activityNumber: string;
  paymentRequestId: string;
  shortCode: string;
  value: Monetary;
  merchantId: string;
  merchantName: string;
  merchantAccountId: string;
  merchantConfigId: string;
  createdAt: string;
  createdBy: string;
  paymentRequestCreatedBy: string;
  assetType?: string;
  external?: boolean;
  mode?: string;
  idempotencyKey?: string;
  externalPaymentRef?: string;
  externalRef?: string;
  invoiceRef?: string;
  lineItems?: LineItem[];
  cancellationReason?: string;
  conditionId?: number;
  preAuth?: boolean;
  confirmationIdempotencyKey?: string;
  createdByAccountId?: string;
  createdByAccountName?: string;
  updatedAt?: string;
  paidBy?: PaidByJson;
  strategy?: { refunds: RefundLeg[] };
}

export interface AssetTotalJson {
  type: string;
  description: string;
  settlementDate: string;
  total: Monetary;
  payerAccountId?: string;
  lineItems?: LineItem[];
}

export interface PaidByJson {
  assetTotals: AssetTotalJson[];
}

export interface RefundLeg {
  assetId?: string;
  assetType: string;
  completedPaymentId: string;
  amount: string;
}

/** One payment toward a request; `refunded` grows as refunds reverse it. */
export interface PaymentRecord {
  activityId: string;
  assetType: string;
  assetId?: string;
  /** The Centrapay account that paid; unknown for a provider's card. */
  payerAccountId?: string;
  amount: string;
  refunded: string;
  lineItems?: LineItem[];
}

export type ConditionStatus = 'awaiting-merchant' | 'awaiting-patron' | 'accepted' | 'declined' | 'void';

/** A payment condition (§2.7), already in its wire form. */
export interface Condition {
  id: string;
  name: string;
  message: string;
  status: ConditionStatus;
}

/** One draw-down of a pre-auth; refunds of it need its idempotency key. */
export interface Confirmation {
  fingerprint: string;
  activity: Activity;
  amount: string;
  refunded: string;
  atMs: number;
}

/**
 * Funds a pre-auth holds once the patron has authorised it. The authorisation is the request's
 * only payment; what it still holds is that payment's unrefunded part minus the open confirmations.
 */
export interface PreAuthHold {
  status: 'authorized' | 'released';
  expiresAt: number;
  confirmations: Map<string, Confirmation>;
}

/** Fields the creator sent that are echoed back unchanged. */
export interface EchoedFields {
  barcode?: string;
  barcodeType?: string;
  collectionId?: string;
  lineItems?: LineItem[];
  purchaseOrderRef?: string;
  invoiceRef?: string;
  redirectCancelUrl?: string;
  redirectPaidUrl?: string;
  externalRef?: string;
  terminalId?: string;
  deviceId?: string;
  operatorId?: string;
  conditionsEnabled?: boolean;
  patronNotPresent?: boolean;
  preAuth?: boolean;
  partialAllowed?: boolean;
  basketAmount?: string;
  paymentLinkId?: string;
}

export interface StoredPaymentRequest {
  /** Creation order across the store: newest-first listings and page keys use it. */
  seq: number;
  id: string;
  shortCode: string;
  configId: string;
  merchantId: string;
  merchantName: string;
  merchantAccountId: string;
  liveness: 'main' | 'test';
  value: Monetary;
  paymentOptions: PaymentOption[];
  status: PaymentRequestStatus;
  expirySeconds: number;
  createdAt: number;
  updatedAt: number;
  expiresAt: number;
  paidAt?: number;
  remainingAmount: string;
  cancellationReason?: string;
  createdBy: string;
  createdByAccountId: string;
  createdByAccountName: string;
  taxNumber?: { value: string; type: string };
  patronCodeId?: string;
  connectionId?: string;
  echoed: EchoedFields;
  conditions: Condition[];
  /** Set when a pre-auth request is authorised. */
  preAuthHold?: PreAuthHold;
  payments: PaymentRecord[];
  /** Oldest first; the API lists them newest first. */
  activities: Activity[];
  /** Successful pays by idempotency key, with a fingerprint of the body that made them. */
  payIdempotency: Map<string, { fingerprint: string; activity: Activity }>;
  /** Refunds by the merchant's `externalRef`, for REPEAT_REFERENCE and safe retries. */
  refundsByExternalRef: Map<string, Activity>;
  /** The activity a void answered with, so a repeated void answers the same. */
  voidActivity?: Activity;
}

export interface SandboxStore {
  accounts: Map<string, Account>;
  merchants: Map<string, Merchant>;
  configs: Map<string, MerchantConfig>;
  apiKeys: Map<string, ApiKey>;
  users: Map<string, User>;
  assetTypes: Map<string, AssetTypeInfo>;
  assets: Map<string, Asset>;
  wallets: Map<string, Wallet>;
  /** By barcode. */
  patronCodes: Map<string, PatronCode>;
  paymentRequests: Map<string, StoredPaymentRequest>;
  connections: Map<string, Connection>;
  nextSeq: number;
  /** When the seeds were made (first start or reset): a restart seeds again from it, so the seeds read the same. */
  seededAt: number;
  /** Records changed since the state file last saved them, by kind: their keys in the map of that kind. */
  unsaved: Record<RecordKind, Set<string>>;
}

/** The records calls change; the state file keeps each as one JSON document. Everything else is seeded. */
export const RECORD_KINDS = ['paymentRequests', 'assets', 'patronCodes', 'connections'] as const;
export type RecordKind = (typeof RECORD_KINDS)[number];

/** Marks a record as changed by the current call; the state file saves it when the call ends. */
export function changed(store: SandboxStore, kind: RecordKind, key: string): void {
  store.unsaved[kind].add(key);
}

export function createStore(nowMs: number = Date.now()): SandboxStore {
  const store: SandboxStore = {
    accounts: new Map(),
    merchants: new Map(),
    configs: new Map(),
    apiKeys: new Map(),
    users: new Map(),
    assetTypes: new Map(),
    assets: new Map(),
    wallets: new Map(),
    patronCodes: new Map(),
    paymentRequests: new Map(),
    connections: new Map(),
    nextSeq: 1,
    seededAt: nowMs,
    unsaved: { paymentRequests: new Set(), assets: new Set(), patronCodes: new Set(), connections: new Set() },
  };
  seedStore(store, nowMs);
  return store;
}

export function nextSeq(store: SandboxStore): number {
  return store.nextSeq++;
}

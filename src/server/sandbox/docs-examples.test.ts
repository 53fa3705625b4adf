// Replays Centrapay's own per-endpoint examples (test-support/docs-examples.fixtures.ts) against the sandbox: every field an
// example's response shows must come back with the same JSON type, at every depth. Fields the sandbox adds are
// fine (the examples are abbreviated, and clients ignore unknown fields, §1.1). The examples' ids and keys are
// replaced by the sandbox's seeds (sandbox-contract.md); the bodies keep the shape Centrapay prints.
import { describe, expect, it } from 'vitest';
import { merchantConfigSchema, paymentRequestSchema } from '../../domain/centrapay';
import { ASSET_TYPE, SEED } from '../../domain/sandbox-seeds';
import { DOCS_EXAMPLES, type DocsExampleName } from '../../test-support/docs-examples.fixtures';
import { SYSTEM_CRN } from './lifecycle';
import { ALICE, freshSandboxEachTest, REWARDS, TERMINAL, type ApiResponse, type Caller } from '../../test-support/sandbox-world';

const sandbox = freshSandboxEachTest();

// ---------------------------------------------------------------------------------------------
// Comparing shapes

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  return Array.isArray(value) ? 'array' : typeof value;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return jsonType(value) === 'object';
}

/** An array's elements folded into one, so `[{a}, {a, b}]` reads as `{a, b}`: every field an element may have. */
function fold(values: readonly unknown[]): unknown {
  return values.reduce((folded, value) => {
    if (isObject(folded) && isObject(value)) {
      const both = { ...folded };
      for (const [key, field] of Object.entries(value)) both[key] = key in both ? fold([both[key], field]) : field;
      return both;
    }
    return Array.isArray(folded) && Array.isArray(value) ? [...folded, ...value] : folded;
  });
}

interface Difference {
  /** `items[].value.amount`: `[]` stands for any element. */
  path: string;
  problem: string;
}

/** Where `actual` lacks a field `example` has, or holds it as another JSON type. */
function shapeDifferences(example: unknown, actual: unknown, path = ''): Difference[] {
  const expected = jsonType(example);
  const got = jsonType(actual);
  if (got !== expected) return [{ path, problem: `${expected} in the example, ${got} in the sandbox` }];
  if (Array.isArray(example) && Array.isArray(actual)) {
    if (example.length === 0) return [];
    if (actual.length === 0) return [{ path: `${path}[]`, problem: 'elements in the example, none in the sandbox' }];
    return shapeDifferences(fold(example), fold(actual), `${path}[]`);
  }
  if (!isObject(example) || !isObject(actual)) return [];
  return Object.entries(example).flatMap(([key, field]) => {
    const at = path ? `${path}.${key}` : key;
    return key in actual ? shapeDifferences(field, actual[key], at) : [{ path: at, problem: 'missing in the sandbox' }];
  });
}

// ---------------------------------------------------------------------------------------------
// Deliberate differences, each decided in centrapay-api.md. A listed difference that no longer occurs fails too.

const TOKEN_COLLECTIONS = 'only on centrapay.token.* options (§2.6); the sandbox has no token collections, so offers no token option';
const CONDITION_ACTIVITY = {
  conditionId: '§4 types conditionId as a number; this example prints "1"',
  'value.amount': '§1.4: this example prints a number where a bignumber string belongs; the sandbox always emits strings',
};
const DEPRECATED_APP_NAME = { appName: '§3.17: appName is deprecated; the sandbox does not emit it' };

const EXCEPTIONS: Partial<Record<DocsExampleName, Record<string, string>>> = {
  'payment-requests-get': { 'paymentOptions[].acceptedCollections': TOKEN_COLLECTIONS },
  'payment-requests-get-summary': { 'paymentOptions[].acceptedCollections': TOKEN_COLLECTIONS },
  'payment-requests-list-by-external-ref': {
    'items[].paymentOptions[].acceptedCollections': TOKEN_COLLECTIONS,
    pageKey: '§1.6 DOC-CONFLICT: this example names the next page `pageKey`; the sandbox emits `nextPageKey` (checked)',
  },
  'payment-requests-conditions-accept': CONDITION_ACTIVITY,
  'payment-requests-conditions-decline': CONDITION_ACTIVITY,
  'merchant-configs-get': {
    'paymentOptions[].farmlandsMerchantNumber': 'a provider setting of a config option (§3.17 `{type, ...}`); seeded options carry only `type`',
  },
  'patron-codes-get': DEPRECATED_APP_NAME,
  'patron-codes-get-by-barcode': DEPRECATED_APP_NAME,
};

// ---------------------------------------------------------------------------------------------
// Replaying an example

interface Replay {
  /** Who sends it: the docs show only `<TOKEN>`. */
  caller?: Caller;
  /** Example value → sandbox value, wherever it appears whole: a path segment, a query value, a payload string. */
  ids?: Record<string, string>;
  /** Added to the example's query. */
  query?: Record<string, string>;
  /** Sent instead of the example's payload, where the sandbox needs other values (each use says why). */
  payload?: Record<string, unknown>;
}

function substitute(value: unknown, ids: Record<string, string>): unknown {
  if (typeof value === 'string') return ids[value] ?? value;
  if (Array.isArray(value)) return value.map((element) => substitute(element, ids));
  if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([key, field]) => [key, substitute(field, ids)]));
  return value;
}

function replay(name: DocsExampleName, { caller, ids = {}, query = {}, payload }: Replay = {}): Promise<ApiResponse> {
  const example: { method: string; path: string; query?: Record<string, string>; payload?: Record<string, unknown> } = DOCS_EXAMPLES[name];
  const path = example.path.split('/').map((segment) => ids[segment] ?? segment).join('/');
  const search = new URLSearchParams({ ...(substitute(example.query ?? {}, ids) as Record<string, string>), ...query }).toString();
  const body = payload ?? (example.payload === undefined ? undefined : substitute(example.payload, ids));
  return sandbox.call(example.method, search ? `${path}?${search}` : path, caller, body);
}

// ---------------------------------------------------------------------------------------------
// Set-ups: the sandbox state each example's answer describes

// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function ok(pending: Promise<ApiResponse>): Promise<any> {
  const response = await pending;
  expect(response.status, response.text).toBe(200);
  return response.body;
}

const DOCS_REQUEST_ID = 'MhocUmpxxmgdHjr7DgKoKw';
const DOCS_CONNECTION_ID = 'cn_9asd9k19';

const newConnection = () => ok(sandbox.call('POST', '/api/connections', TERMINAL, { merchantId: SEED.merchantCafe }));
const authorize = (connectionId: string) =>
  ok(sandbox.call('POST', `/api/connections/${connectionId}/authorize`, REWARDS, { walletId: SEED.rewardsWalletId }));

/** A request paid in full by Alice. */
async function paidRequest(overrides: Record<string, unknown> = {}) {
  const pr = await ok(sandbox.createRequest(overrides));
  await ok(sandbox.payAsAlice(pr.id));
  return pr;
}

/** A pre-auth Alice has authorised. */
async function authorisedPreAuth(amount: string) {
  return paidRequest({ preAuth: true, value: { amount, currency: 'NZD' } });
}

/** A request with an awaiting-merchant photo-ID condition (a restricted line item). */
const restrictedRequest = () =>
  ok(sandbox.createRequest({ conditionsEnabled: true, lineItems: [{ name: 'Wine', qty: '1', price: '1000', restricted: true }] }));

/**
 * The request the read examples show: made from Alice's barcode and a Connection the wallet authorised, with line
 * items (one restricted, so a condition, accepted), refs and partial payment allowed, and part paid by Alice.
 */
async function readExampleRequest() {
  const connection = await newConnection();
  await authorize(connection.id);
  const [coffee, mug] = DOCS_EXAMPLES['payment-requests-get'].response.lineItems;
  const pr = await ok(
    sandbox.createRequest({
      value: { amount: '6190', currency: 'NZD' },
      partialAllowed: true,
      basketAmount: '6190',
      lineItems: [coffee, { ...mug, restricted: true }],
      conditionsEnabled: true,
      barcode: SEED.aliceBarcode,
      connectionId: connection.id,
      externalRef: 'e8df06e2-13a5-48b4-b670-3fd6d815fe0a',
      purchaseOrderRef: 'oF6kj1QlH5gK0y9rjRHFh2',
      invoiceRef: 'sy8CRmo3sp3ArOpnfmb423',
    }),
  );
  await ok(sandbox.call('POST', `/api/payment-requests/${pr.id}/conditions/1/accept`, TERMINAL));
  await ok(sandbox.payAsAlice(pr.id, { mode: 'multi-asset-payment', amount: '1000' }));
  return { pr, connection };
}

async function aliceDynamicCode() {
  return ok(sandbox.call('POST', '/api/patron-codes', ALICE, { metadata: { deviceId: 'device-001' } }));
}

interface Scenario {
  example: DocsExampleName;
  title?: string;
  run: () => Promise<ApiResponse>;
}

const SCENARIOS: Scenario[] = [
  {
    example: 'payment-requests-create',
    run: async () => {
      const connection = await newConnection();
      // The payload as printed, `"expirySeconds": "120"` included.
      return replay('payment-requests-create', {
        caller: TERMINAL,
        ids: { mc_5efbe2fb96c08357bb2b9242: SEED.configCafe, [DOCS_CONNECTION_ID]: connection.id },
      });
    },
  },
  {
    example: 'payment-requests-get',
    run: async () => {
      const { pr } = await readExampleRequest();
      return replay('payment-requests-get', { caller: TERMINAL, ids: { [DOCS_REQUEST_ID]: pr.id } });
    },
  },
  {
    example: 'payment-requests-get-summary',
    run: async () => {
      const { pr } = await readExampleRequest();
      return replay('payment-requests-get-summary', { ids: { [DOCS_REQUEST_ID]: pr.id } });
    },
  },
  {
    example: 'payment-requests-get-by-short-code',
    run: async () => {
      const { pr } = await readExampleRequest();
      return replay('payment-requests-get-by-short-code', { caller: TERMINAL, ids: { 'CP-C7F-ZS5': pr.shortCode } });
    },
  },
  {
    example: 'payment-requests-get-by-patron-code',
    run: async () => {
      await readExampleRequest();
      return replay('payment-requests-get-by-patron-code', { caller: ALICE });
    },
  },
  {
    example: 'payment-requests-get-by-connectionId',
    run: async () => {
      const { connection } = await readExampleRequest();
      return replay('payment-requests-get-by-connectionId', { caller: REWARDS, ids: { [DOCS_CONNECTION_ID]: connection.id } });
    },
  },
  {
    example: 'payment-requests-list-by-external-ref',
    run: async () => {
      // An older request with the same reference, so that there is a next page.
      await ok(sandbox.createRequest({ externalRef: 'e8df06e2-13a5-48b4-b670-3fd6d815fe0a' }));
      await readExampleRequest();
      const response = await replay('payment-requests-list-by-external-ref', {
        caller: TERMINAL,
        ids: { '1mdj7bj95gjo92r0ux6wfy69gj3h77': SEED.accountCafe },
        query: { paginationLimit: '1' },
      });
      expect(response.body.nextPageKey).toEqual(expect.any(String));
      return response;
    },
  },
  {
    example: 'payment-requests-pay',
    run: async () => {
      const pr = await ok(sandbox.createRequest({ partialAllowed: true, basketAmount: '1000' }));
      return replay('payment-requests-pay', {
        caller: ALICE,
        ids: { [DOCS_REQUEST_ID]: pr.id, 'centrapay.nzd.main': ASSET_TYPE.nzdTest, WRhAxxWpTKb5U7pXyxQjjY: SEED.aliceAsset },
      });
    },
  },
  {
    example: 'payment-requests-pay',
    title: 'payment-requests-pay as an external tender',
    run: async () => {
      const pr = await ok(sandbox.createRequest());
      const { idempotencyKey, amount, externalPaymentRef } = DOCS_EXAMPLES['payment-requests-pay'].payload;
      // The till records cash taken for part of it (§5.4 step 5): external.test with the merchant's key, no assetId.
      const payload = { idempotencyKey, assetType: ASSET_TYPE.externalTest, amount, mode: 'multi-asset-payment', externalPaymentRef };
      return replay('payment-requests-pay', { caller: TERMINAL, ids: { [DOCS_REQUEST_ID]: pr.id }, payload });
    },
  },
  {
    example: 'payment-requests-void',
    run: async () => {
      const pr = await paidRequest();
      return replay('payment-requests-void', { caller: TERMINAL, ids: { [DOCS_REQUEST_ID]: pr.id } });
    },
  },
  {
    example: 'payment-requests-refund',
    run: async () => {
      // The example's refund carries the invoiceRef of the request the get example shows.
      const pr = await paidRequest({ value: { amount: '4000', currency: 'NZD' }, invoiceRef: 'sy8CRmo3sp3ArOpnfmb423' });
      // Its line item ($40.00) does not add up to its value ($36.00), which §2.8 rule 2 refuses
      // (LINE_ITEMS_SUM_CHECK_FAILED): the value is the item's.
      const payload = { ...DOCS_EXAMPLES['payment-requests-refund'].payload, value: { amount: '4000', currency: 'NZD' } };
      return replay('payment-requests-refund', { caller: TERMINAL, ids: { [DOCS_REQUEST_ID]: pr.id }, payload });
    },
  },
  {
    example: 'payment-requests-list-payment-activities',
    run: async () => {
      const pr = await paidRequest();
      await ok(sandbox.call('POST', `/api/payment-requests/${pr.id}/refund`, TERMINAL, { value: { amount: '600', currency: 'NZD' }, externalRef: 'r-1' }));
      return replay('payment-requests-list-payment-activities', { caller: TERMINAL, ids: { [DOCS_REQUEST_ID]: pr.id } });
    },
  },
  {
    example: 'payment-activities-list',
    run: async () => {
      // Oldest to newest: a request left for the next page; an authorised pre-auth; a paid and refunded request;
      // a request that makes the first page, whose key the replay sends.
      await ok(sandbox.createRequest());
      await sandbox.advance(1);
      await authorisedPreAuth('100');
      await sandbox.advance(1);
      const paid = await paidRequest();
      await ok(sandbox.call('POST', `/api/payment-requests/${paid.id}/refund`, TERMINAL, { value: { amount: '600', currency: 'NZD' }, externalRef: 'r-1' }));
      await sandbox.advance(1);
      await ok(sandbox.createRequest());
      const first = await ok(sandbox.call('GET', `/api/payment-activities?merchantId=${SEED.merchantCafe}&paginationLimit=1`, TERMINAL));
      const docsPageKey = DOCS_EXAMPLES['payment-activities-list'].query.pageKey;
      return replay('payment-activities-list', {
        caller: TERMINAL,
        ids: { '5ee0c486308f590260d9a07f': SEED.merchantCafe, [docsPageKey]: first.nextPageKey },
        // The six activities of the pre-auth and the paid request; the oldest request is left for a next page.
        query: { paginationLimit: '6' },
      });
    },
  },
  {
    example: 'payment-requests-conditions-accept',
    run: async () => {
      const pr = await restrictedRequest();
      return replay('payment-requests-conditions-accept', { caller: TERMINAL, ids: { [DOCS_REQUEST_ID]: pr.id } });
    },
  },
  {
    example: 'payment-requests-conditions-decline',
    run: async () => {
      const pr = await restrictedRequest();
      return replay('payment-requests-conditions-decline', { caller: TERMINAL, ids: { [DOCS_REQUEST_ID]: pr.id } });
    },
  },
  {
    example: 'payment-requests-confirm',
    run: async () => {
      const pr = await authorisedPreAuth('6190');
      return replay('payment-requests-confirm', { caller: TERMINAL, ids: { [DOCS_REQUEST_ID]: pr.id } });
    },
  },
  {
    example: 'payment-requests-release',
    run: async () => {
      const pr = await authorisedPreAuth('100');
      return replay('payment-requests-release', { caller: TERMINAL, ids: { [DOCS_REQUEST_ID]: pr.id } });
    },
  },
  {
    example: 'merchant-configs-get',
    run: () => replay('merchant-configs-get', { caller: TERMINAL, ids: { mc_5ee168e8597be5002af7b454: `mc_${SEED.configCafe}` } }),
  },
  {
    example: 'scanned-codes-decode',
    run: () => replay('scanned-codes-decode', { caller: TERMINAL, ids: { '123456789': SEED.aliceBarcode, P9gm1s1Cu1Q5uooxs: SEED.configCafe } }),
  },
  {
    example: 'patron-codes-get',
    run: async () => {
      const code = await aliceDynamicCode();
      return replay('patron-codes-get', { caller: TERMINAL, ids: { V17FByEP9gm1shSG6a1Zzx: code.id } });
    },
  },
  {
    example: 'patron-codes-get-by-barcode',
    run: async () => {
      const code = await aliceDynamicCode();
      return replay('patron-codes-get-by-barcode', { caller: TERMINAL, ids: { '9990001234567895': code.barcode } });
    },
  },
  {
    example: 'connections-create',
    run: () => replay('connections-create', { caller: TERMINAL, ids: { abcde: SEED.merchantCafe } }),
  },
  {
    example: 'connections-authorize',
    run: async () => {
      const connection = await newConnection();
      return replay('connections-authorize', { caller: REWARDS, ids: { '1234': connection.id, 'vendswift-nz': SEED.rewardsWalletId } });
    },
  },
  {
    example: 'connections-get-summary',
    run: async () => {
      const connection = await newConnection();
      return replay('connections-get-summary', { ids: { '1234': connection.id } });
    },
  },
];

describe('the sandbox answers Centrapay’s own examples with their fields and types', () => {
  it('replays every copied example', () => {
    expect(new Set(SCENARIOS.map((scenario) => scenario.example))).toEqual(new Set(Object.keys(DOCS_EXAMPLES)));
  });

  it.each(SCENARIOS.map((scenario) => [scenario.title ?? scenario.example, scenario] as const))('%s', async (_title, scenario) => {
    const response = await scenario.run();
    expect(response.status, response.text).toBe(200);
    const differences = shapeDifferences(DOCS_EXAMPLES[scenario.example].response, response.body);
    const allowed = EXCEPTIONS[scenario.example] ?? {};
    expect(differences.filter((difference) => !(difference.path in allowed))).toEqual([]);
    expect(Object.keys(allowed).filter((path) => !differences.some((difference) => difference.path === path))).toEqual([]);
  });
});

describe('what the examples asked of the sandbox', () => {
  it('takes expirySeconds as a number or a numeric string, and answers a number', async () => {
    expect((await ok(sandbox.createRequest({ expirySeconds: '90' }))).expirySeconds).toBe(90);
    expect((await ok(sandbox.createRequest({ expirySeconds: 90 }))).expirySeconds).toBe(90);
    for (const [expirySeconds, message] of [
      ['ninety', 'expirySeconds must be a number'],
      ['1.5', 'expirySeconds must be a whole number'],
      ['0', 'expirySeconds must be positive'],
    ]) {
      expect((await sandbox.createRequest({ expirySeconds })).body).toMatchObject({ statusCode: 400, message });
    }
  });

  it('dates and signs the seeded merchant configs', async () => {
    const config = await ok(sandbox.call('GET', `/api/merchant-configs/${SEED.configCafe}`, TERMINAL));
    expect(config).toMatchObject({ updatedAt: config.createdAt, createdBy: SYSTEM_CRN, updatedBy: SYSTEM_CRN });
    expect(merchantConfigSchema.parse(config)).toMatchObject({ updatedAt: config.createdAt, createdBy: SYSTEM_CRN, updatedBy: SYSTEM_CRN });
  });

  it('keeps paidBy’s settlement date and payer through the domain schema the gateway reads with', async () => {
    const { pr } = await readExampleRequest();
    const read = paymentRequestSchema.parse(await ok(sandbox.call('GET', `/api/payment-requests/${pr.id}`, TERMINAL)));
    expect(read.paidBy?.assetTotals).toEqual([expect.objectContaining({ settlementDate: expect.any(String), payerAccountId: SEED.accountAlice })]);
  });
});

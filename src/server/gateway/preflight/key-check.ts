// The key: Centrapay accepts it, it is a key of the store's merchant account, and its role is merchant-terminal
// (checklist 102.3). Centrapay documents no endpoint that tells a key its own account or role, so both are learned
// from what the key may do: only a key of account A may list A's Payment Requests by reference (its own account
// only), and only an account-owner key may list A's API keys (`api-keys:list`); keys have one of those two roles.
import type { PreflightCheck } from '../../../domain/preflight';
import type { Store } from '../stores/stores';
import { answerOf, unreachableWords } from './centrapay-answer';
import { resolveSource, type PreflightTarget } from './target';

/** A reference no order carries: the listing answers with nothing, or refuses a key of another account. */
const PROBE_REF = 'preflight-probe';

export async function checkKey(target: PreflightTarget, store: Store, title: string): Promise<PreflightCheck> {
  const { client, merchantAccountId: account } = target.centrapayOf(store.id);
  const keyName = target.stores.length > 1 ? `the key of store ${store.id} (its apiKey or CENTRAPAY_API_KEY)` : 'CENTRAPAY_API_KEY';
  const listed = await answerOf(client.listPaymentRequestsByExternalRef(PROBE_REF, account));
  if (listed.kind === 'unreachable') return { id: 'key', title, status: 'failed', ...unreachableWords(resolveSource(target.centrapayBaseUrl), listed.why) };
  if (listed.kind === 'refused' && listed.status === 401) {
    return { id: 'key', title, status: 'failed', detail: 'Centrapay does not accept the API key (401): it is mistyped, disabled or from another environment.',
      action: `Set ${keyName} to an enabled merchant-terminal key of merchant account ${account}, from your secret store.` };
  }
  if (listed.kind === 'refused') {
    return { id: 'key', title, status: 'failed', detail: `The key is not a key of merchant account ${account}: Centrapay refused to list that account's payment requests with it (${listed.status} ${listed.code}).`,
      action: `Use a merchant-terminal key created on account ${account}, or correct the merchant account id (CENTRAPAY_MERCHANT_ACCOUNT_ID, or the store's merchantAccountId) to the key's own account.` };
  }
  const keys = await answerOf(client.listApiKeys(account));
  if (keys.kind === 'answered') {
    return { id: 'key', title, status: 'failed',
      detail: `The key belongs to merchant account ${account} but has the account-owner role: it may list the account's ${keys.value.length} API keys, which a merchant-terminal key may not. A till must use a merchant-terminal key (checklist 102.3).`,
      action: `In Centrapay's portal create a key with role merchant-terminal on account ${account}, set ${keyName} to it, and keep the owner key out of the till.` };
  }
  if (keys.kind === 'refused' && keys.status === 403) {
    return { id: 'key', title, status: 'ok', detail: `Centrapay accepts the key; it belongs to merchant account ${account} (it may list that account's payment requests) and has the merchant-terminal role (it may not list the account's API keys, which only an account owner may).` };
  }
  const why = keys.kind === 'refused' ? `${keys.status} ${keys.code}` : keys.why;
  return { id: 'key', title, status: 'warning', detail: `The key belongs to merchant account ${account}, but its role could not be told: listing the account's API keys answered ${why}, not 403.`,
    action: 'Check in Centrapay\'s portal that the key has the merchant-terminal role, then run the pre-flight again.' };
}

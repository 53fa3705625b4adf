// Each lane's and machine's merchant config exists for the store's account and belongs to its merchant (checklist
// 102.4: each device group creates with its own config). A config the key may not read is, to the till, missing:
// Centrapay answers 403 for a config that does not exist or is another account's.
import { worstStatus, type PreflightCheck, type PreflightStatus } from '../../../domain/preflight';
import type { Store } from '../stores/stores';
import { answerOf, unreachableWords } from './centrapay-answer';
import { resolveSource, type PreflightTarget } from './target';

interface ConfigFinding {
  status: PreflightStatus;
  words: string;
}

/** Which lanes and machines use each config the store names. */
export function configUsers(store: Store): Map<string, string[]> {
  const users = new Map<string, string[]>();
  for (const place of [...store.lanes.map((lane) => ({ id: lane.id, configId: lane.configId, what: 'lane' })), ...store.machines.map((machine) => ({ id: machine.id, configId: machine.configId, what: 'machine' }))]) {
    users.set(place.configId, [...(users.get(place.configId) ?? []), `${place.what} ${place.id}`]);
  }
  return users;
}

export async function checkConfigs(target: PreflightTarget, store: Store, title: string): Promise<PreflightCheck> {
  const { client, merchantId } = target.centrapayOf(store.id);
  const findings: ConfigFinding[] = [];
  for (const [configId, users] of configUsers(store)) {
    const read = await answerOf(client.getMerchantConfig(configId));
    const who = users.join(', ');
    if (read.kind === 'unreachable') return { id: 'configs', title, status: 'failed', ...unreachableWords(resolveSource(target.centrapayBaseUrl), read.why) };
    if (read.kind === 'refused') {
      findings.push({ status: 'failed', words: `${configId} (${who}) does not exist for this account: Centrapay answered ${read.status} ${read.code}.` });
    } else if (read.value.merchantId !== merchantId) {
      findings.push({ status: 'failed', words: `${configId} (${who}) is merchant ${read.value.merchantId}'s, not ${merchantId}'s.` });
    } else {
      findings.push({ status: 'ok', words: `${configId} (${who}) offers ${read.value.paymentOptions.map((option) => option.type).join(', ') || 'nothing'}.` });
    }
  }
  const status = worstStatus(findings.map((finding) => finding.status));
  return {
    id: 'configs',
    title,
    status,
    detail: findings.map((finding) => finding.words).join(' '),
    ...(status === 'ok' ? {} : { action: `Ask Centrapay for the config id of each site or device group of merchant ${merchantId}, and set it as the lane's or machine's configId (or CENTRAPAY_CONFIG_ID / the store's configId).` }),
  };
}

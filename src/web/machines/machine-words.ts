// What the patron's pages say when the gateway refuses: the machine's own refusals in the patron's words.
import type { MachinePurchase } from '../../domain/machine';
import { ApiError } from '../lib/api-client';
import type { Words } from '../i18n/i18n';
import { tillFailureWords } from '../i18n/patron-words';

export function machineFailureWords(error: unknown, words: Words): string {
  if (error instanceof ApiError && error.code === 'MACHINE_BUSY') return words.t('machines.busy');
  if (error instanceof ApiError && (error.code === 'UNKNOWN_MACHINE' || error.code === 'WRONG_MACHINE_KIND')) return words.t('machines.unknown');
  return tillFailureWords(error, words);
}

/**
 * Where the patron's page keeps the purchase in flight (as Centrapay's redirects name it, domain/machine.ts), so
 * coming back from paying shows how it stands.
 */
export function rememberInUrl(name: MachinePurchase['kind'], id: string): void {
  const url = new URL(window.location.href);
  url.searchParams.set(name, id);
  window.history.replaceState(null, '', url);
}

export function fromUrl(name: MachinePurchase['kind']): string | null {
  return new URLSearchParams(window.location.search).get(name);
}

// What the wallet simulator says beside each seeded patron, card and voucher, worked out from what it holds (the
// seeds' own `note` is the same in English, for the README and the tests).
import { formatMoney } from '../../domain/money';
import { QUICK_PAY_ASSET_TYPES, type SeedPatron, type SeedQuickPayCode } from '../../domain/sandbox-seeds';
import type { Words } from '../i18n/i18n';

/** "$1,000.00 in Centrapay NZD", or that the wallet is switched off. */
export function patronNote(patron: SeedPatron, { t, language }: Words): string {
  return patron.active ? t('wallet.patronBalance', { amount: formatMoney(patron.balance, 'NZD', language) }) : t('wallet.patronSwitchedOff');
}

/** "Active, $100,000.00", "Holds $20.00", "Expired"… */
export function quickPayNote(code: SeedQuickPayCode, { t, language }: Words): string {
  if (code.state !== 'active') return t(`wallet.codes.${code.state}`);
  const amount = formatMoney(code.balance, 'NZD', language);
  if (code.type.provider === QUICK_PAY_ASSET_TYPES.voucher.provider) return t('wallet.codes.voucherHolds', { amount });
  return code.balance === '0' ? t('wallet.codes.cardEmpty') : t('wallet.codes.cardActive', { amount });
}

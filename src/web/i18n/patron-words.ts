// What Centrapay and the till say, in the patron's language. Centrapay's codes (errors, cancel reasons) have words of
// their own in each catalog; a code without any gets the generic words with the code. The till's own notes are
// written for the cashier and are never shown to a patron: each has patron words (domain/lane-notices.ts). The
// till's error messages are in English: a patron reading English sees them as they are, any other language its
// generic words.
import type { PresentedCode } from '../../domain/lane';
import { patronNote } from '../../domain/lane-notices';
import { DEFAULT_LANGUAGE } from '../../domain/language';
import { ApiError, errorMessage } from '../lib/api-client';
import { enNZ } from './en-NZ';
import type { Words } from './i18n';

type CentrapayCode = keyof typeof enNZ.centrapay;

function isCentrapayCode(code: string): code is CentrapayCode {
  return Object.hasOwn(enNZ.centrapay, code);
}

/** Words for a code Centrapay returned (an error's `message`, a `cancellationReason`). */
export function centrapayWords(code: string | undefined, { t }: Words): string {
  if (!code) return t('error.generic');
  return isCentrapayCode(code) ? t(`centrapay.${code}`) : t('error.centrapay', { code });
}

/** Why Centrapay turned down a card or voucher the patron showed, naming it; null when the general words apply. */
export function presentedCodeWords(reason: string | undefined, code: PresentedCode, { t }: Words): string | null {
  if (code.provider === 'centrapay') return null;
  if (reason === 'PAYMENT_DECLINED') return t('presentedCode.declined', { name: code.displayName });
  if (reason === 'INACTIVE_ASSET') return t('presentedCode.inactive', { name: code.displayName });
  return null;
}

/** What a patron is told in place of a note the till wrote for the cashier (a lane's, payment's or connection's `notice`). */
export function patronNoteWords(note: string, { t }: Words): string {
  return t(`display.note.${patronNote(note)}`);
}

/** A request to the till that failed: no network, or the till's message (in English), else the generic words. */
export function tillFailureWords(error: unknown, words: Words): string {
  if (error instanceof ApiError && error.code === 'NETWORK') return words.t('error.network');
  return words.language === DEFAULT_LANGUAGE ? errorMessage(error) : words.t('error.generic');
}

/** A request to Centrapay (the sandbox wallet's) that failed: its code in words. */
export function centrapayFailureWords(error: unknown, words: Words): string {
  if (error instanceof ApiError && error.code !== 'NETWORK') return centrapayWords(error.code, words);
  return tillFailureWords(error, words);
}

import { describe, expect, it } from 'vitest';
import { describeCentrapayCode } from '../../domain/centrapay';
import { presentedCodeFailure } from '../../domain/patron-code';
import { NOTICE } from '../../domain/lane-notices';
import { ApiError } from '../lib/api-client';
import { wordsFor } from './i18n';
import { centrapayFailureWords, centrapayWords, presentedCodeWords, tillFailureWords, patronNoteWords } from './patron-words';

const english = wordsFor('en-NZ');
const maori = wordsFor('mi-NZ');
const voucher = { provider: 'sbx-voucher', displayName: 'Sandbox Voucher', masked: '•••• 0011' };

describe('centrapayWords', () => {
  it('says a code in English as the cashier reads it, and in te reo Māori', () => {
    expect(centrapayWords('CANCELLED_BY_PATRON', english)).toBe('Cancelled by the customer.');
    expect(centrapayWords('CANCELLED_BY_PATRON', maori)).toBe('I whakakorea e te kiritaki.');
    expect(centrapayWords('INSUFFICIENT_ASSET_VALUE', maori)).toBe('Kāore e rawaka ana te moni i tēnei pūkoro hei utu.');
  });

  it('falls back to generic words with the code for a code it does not know, and for none', () => {
    expect(centrapayWords('SOMETHING_NEW', english)).toBe(describeCentrapayCode('SOMETHING_NEW'));
    expect(centrapayWords('SOMETHING_NEW', maori)).toBe('I kī a Centrapay: SOMETHING_NEW');
    expect(centrapayWords(undefined, maori)).toBe('I hē tētahi mea.');
    // Not a key of the catalog's prototype either.
    expect(centrapayWords('toString', english)).toBe('Centrapay said: toString');
  });
});

describe('presentedCodeWords', () => {
  it('names the card or voucher Centrapay turned down, as the domain words it in English', () => {
    expect(presentedCodeWords('PAYMENT_DECLINED', voucher, english)).toBe(presentedCodeFailure('PAYMENT_DECLINED', 'Sandbox Voucher'));
    expect(presentedCodeWords('INACTIVE_ASSET', voucher, english)).toBe(presentedCodeFailure('INACTIVE_ASSET', 'Sandbox Voucher'));
    expect(presentedCodeWords('PAYMENT_DECLINED', voucher, maori)).toBe('I whakakāhoretia a Sandbox Voucher: kāore he moni, kāore rānei e rawaka mō tēnei hoko.');
  });

  it('leaves a Centrapay code and other reasons to the general words', () => {
    expect(presentedCodeWords('PAYMENT_DECLINED', { ...voucher, provider: 'centrapay' }, maori)).toBeNull();
    expect(presentedCodeWords('CANCELLED_BY_MERCHANT', voucher, maori)).toBeNull();
  });
});

describe('the till’s own words', () => {
  it('never shows a note written for the cashier: the patron gets words of their own for it', () => {
    expect(patronNoteWords(NOTICE.refundedByVoid, english)).toBe('What you paid has been refunded.');
    expect(patronNoteWords(NOTICE.refundedByVoid, maori)).toBe('Kua whakahokia tāu i utu ai.');
    // The cashier's instruction to hand back cash is the cashier's alone.
    expect(patronNoteWords(`${NOTICE.partRefunded} Hand back $5.00 cash.`, english)).toBe('What you paid has been refunded.');
    expect(patronNoteWords(NOTICE.refusedEverything, english)).toBe('Please see the cashier about this payment.');
    expect(patronNoteWords('Centrapay refused the refund: Some code.', english)).toBe('Please see the cashier about this payment.');
  });

  it('says a failed request to the till: the network in both languages, the till’s message in English only', () => {
    const network = new ApiError(0, 'NETWORK', 'Cannot reach the till’s server. Check the network connection.');
    expect(tillFailureWords(network, english)).toBe(network.message);
    expect(tillFailureWords(network, maori)).toBe('Kāore e taea te tae atu ki te tūmau o te toa. Tirohia te hononga ipurangi.');
    const missing = new ApiError(404, 'LANE_NOT_FOUND', 'There is no lane x.');
    expect(tillFailureWords(missing, english)).toBe('There is no lane x.');
    expect(tillFailureWords(missing, maori)).toBe('I hē tētahi mea.');
  });

  it('says a failed request to Centrapay by its code', () => {
    expect(centrapayFailureWords(new ApiError(400, 'INACTIVE_ASSET', 'INACTIVE_ASSET'), english)).toBe(describeCentrapayCode('INACTIVE_ASSET'));
    expect(centrapayFailureWords(new ApiError(400, 'QUOTA_EXCEEDED', 'QUOTA_EXCEEDED'), maori)).toBe('Kua tae ki te tepe whakapau o tēnei pūkoro.');
  });
});

// What the cashier is told when Centrapay will not decode a code: its refusal in words, anything else as Centrapay
// not answering; either way nothing was charged.
import { describe, expect, it } from 'vitest';
import { CentrapayError } from '../centrapay/errors';
import { decodeFailure } from './service';

describe('decodeFailure', () => {
  it.each([
    ['CHECKSUM_FAILED', 400, 400, /misread/],
    ['UNKNOWN_CODE', 403, 422, /does not know this code/],
    ['PATRON_CODE_INVALID', 403, 422, /not valid or has expired/],
    ['INVALID_MERCHANT_CONFIG', 403, 422, /does not accept that kind of code/],
    ['SOMETHING_NEW', 403, 422, /Centrapay would not read this code: Centrapay said: SOMETHING_NEW/],
  ])('%s from Centrapay', (code, status, answered, words) => {
    const error = decodeFailure(new CentrapayError('rejected', code, status, code));
    expect(error.statusCode).toBe(answered);
    expect(error.code).toBe(code);
    expect(error.message).toMatch(words);
  });

  it('a decode Centrapay did not answer says so, and that nothing was charged', () => {
    const error = decodeFailure(new CentrapayError('unavailable', 'HTTP_502', 502, 'bad gateway'));
    expect(error).toMatchObject({ statusCode: 502, code: 'CENTRAPAY_UNAVAILABLE' });
    expect(error.message).toMatch(/Nothing was charged/);
  });
});

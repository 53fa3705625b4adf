import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LineItem } from './centrapay';
import { formatMoney } from './money';
import { ASSET_TYPE, offerCover, QUICK_PAY_ASSET_TYPES, REWARDS_OFFER, REWARDS_WALLET, SEED, SEED_PATRONS, SEED_QUICK_PAY_CODES } from './sandbox-seeds';

const line = (sku: string | undefined, price: string): LineItem => ({ name: sku ?? 'item', sku, qty: '1', price });

describe('offerCover', () => {
  it('takes 20% off every coffee line, rounded up per line', () => {
    const cover = offerCover(REWARDS_OFFER, [
      { name: 'Flat White', sku: 'COFFEE-FW', qty: '2', price: '1100' },
      { name: 'Long Black', sku: 'COFFEE-LB', qty: '1', price: '481' },
      { name: 'Blueberry Muffin', sku: 'FOOD-MUF', qty: '1', price: '600' },
    ]);
    expect(cover.amount).toBe('317');
    expect(cover.lines.map((item) => item.sku)).toEqual(['COFFEE-FW', 'COFFEE-LB']);
  });

  it('covers nothing without a matching line, and never a free, refunded or sku-less one', () => {
    expect(offerCover(REWARDS_OFFER, [line('DRINK-OJ', '450')])).toEqual({ amount: '0', lines: [] });
    expect(offerCover(REWARDS_OFFER, [line('COFFEE-FW', '0'), line('COFFEE-FW', '-550'), line(undefined, '550')])).toEqual({ amount: '0', lines: [] });
    expect(offerCover(REWARDS_OFFER, [])).toEqual({ amount: '0', lines: [] });
  });

  it('matches the sku prefix case-sensitively, from the start', () => {
    expect(offerCover(REWARDS_OFFER, [line('coffee-fw', '500'), line('ICED-COFFEE', '500')]).amount).toBe('0');
  });

  it('applies any offer it is given', () => {
    expect(offerCover({ skuPrefix: 'FOOD', percent: 50n }, [line('FOOD-MUF', '601'), line('COFFEE-FW', '550')]).amount).toBe('301');
  });

  it('is the share of each matching line, rounded up, and never more than the lines', () => {
    const item = fc.record({ sku: fc.constantFrom('COFFEE-FW', 'COFFEE', 'FOOD-MUF', undefined), price: fc.bigInt({ min: -1000n, max: 10_000_000n }) });
    fc.assert(
      fc.property(fc.array(item, { maxLength: 20 }), fc.bigInt({ min: 0n, max: 100n }), (items, percent) => {
        const lineItems = items.map(({ sku, price }) => line(sku, price.toString()));
        const { amount, lines } = offerCover({ skuPrefix: 'COFFEE', percent }, lineItems);
        const matched = lineItems.filter((item) => item.sku?.startsWith('COFFEE') && BigInt(item.price) > 0n);
        const total = matched.reduce((sum, item) => sum + BigInt(item.price), 0n);
        expect(lines).toEqual(matched);
        // Rounding up per line adds less than a cent per line on top of the exact share.
        expect(BigInt(amount) * 100n >= total * percent).toBe(true);
        expect(BigInt(amount) * 100n < total * percent + 100n * BigInt(Math.max(matched.length, 1))).toBe(true);
        expect(BigInt(amount) <= total).toBe(true);
      }),
    );
  });
});

describe('seed values', () => {
  // The one place the contract's literals are repeated: everything else imports them, so this pins them.
  it('are the ones shared/sandbox-contract.md promises', () => {
    expect(SEED).toMatchObject({
      merchantCafe: 'sbxMerchantCafe',
      accountCafe: 'sbxAccountCafe',
      configCafe: 'sbxConfigCafe',
      configKiosk: 'sbxConfigKiosk',
      terminalCafeKey: 'sbx-terminal-cafe',
      merchantOther: 'sbxMerchantOther',
      configOther: 'sbxConfigOther',
      terminalOtherKey: 'sbx-terminal-other',
      aliceBarcode: '9990001000000019',
      bobBarcode: '9990001000000027',
      expiredBarcode: '9990001000000035',
      badChecksumBarcode: '9990001000000018',
      farmlandsCard: '424242424',
      farmlandsCardNoBalance: '434343434',
      farmlandsCardExpired: '454545454',
      farmlandsCardInactive: '464646464',
      voucher20: '700000000011',
      voucherEmpty: '700000000029',
      voucherExpired: '700000000037',
    });
    expect(REWARDS_WALLET).toMatchObject({ walletId: 'sbx-wallet-rewards', name: 'Sandbox Rewards', apiKey: 'sbx-wallet-rewards-key', assetType: 'sbx.rewards.test' });
    expect(REWARDS_OFFER).toEqual({ skuPrefix: 'COFFEE', percent: 20n });
    expect(ASSET_TYPE).toMatchObject({ nzdTest: 'centrapay.nzd.test', rewardsTest: 'sbx.rewards.test', tokenTest: 'centrapay.token.test', externalTest: 'external.test', externalMain: 'external.main' });
    expect(QUICK_PAY_ASSET_TYPES).toMatchObject({
      farmlands: { assetType: 'farmlands.nzd.test', description: 'Farmlands' },
      voucher: { assetType: 'sbx.voucher.test', description: 'Sandbox Voucher' },
    });
    expect(SEED_QUICK_PAY_CODES.map(({ barcode, type, balance, state }) => [barcode, type.assetType, balance, state])).toEqual([
      ['424242424', 'farmlands.nzd.test', '10000000', 'active'],
      ['434343434', 'farmlands.nzd.test', '0', 'active'],
      ['454545454', 'farmlands.nzd.test', '10000000', 'expired'],
      ['464646464', 'farmlands.nzd.test', '10000000', 'inactive'],
      ['700000000011', 'sbx.voucher.test', '2000', 'active'],
      ['700000000029', 'sbx.voucher.test', '0', 'active'],
      ['700000000037', 'sbx.voucher.test', '2000', 'expired'],
    ]);
    expect(SEED_PATRONS.map(({ name, barcode }) => [name, barcode])).toEqual([
      ['Alice', '9990001000000019'],
      ['Bob', '9990001000000027'],
      ['Carol', undefined],
    ]);
    expect(SEED_PATRONS.map(({ name, token, assetId, assetType, balance, active }) => ({ name, token, assetId, assetType, balance, active }))).toEqual([
      { name: 'Alice', token: 'sbx-patron-alice', assetId: 'sbxAssetAliceNzd', assetType: 'centrapay.nzd.test', balance: '100000', active: true },
      { name: 'Bob', token: 'sbx-patron-bob', assetId: 'sbxAssetBobNzd', assetType: 'centrapay.nzd.test', balance: '500', active: true },
      { name: 'Carol', token: 'sbx-patron-carol', assetId: 'sbxAssetCarolNzd', assetType: 'centrapay.nzd.test', balance: '100000', active: false },
    ]);
  });

  it('give each active patron a note that states their balance', () => {
    for (const patron of SEED_PATRONS.filter((candidate) => candidate.active)) {
      expect(patron.note).toBe(`${formatMoney(patron.balance)} in Centrapay NZD`);
    }
  });
});

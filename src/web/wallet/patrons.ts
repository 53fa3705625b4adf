// The sandbox's seeded patrons (shared/sandbox-contract.md). The wallet simulator acts as one of them.
export interface Patron {
  id: 'alice' | 'bob' | 'carol';
  name: string;
  token: string;
  assetId: string;
  assetType: string;
  note: string;
}

export const PATRONS: readonly Patron[] = [
  { id: 'alice', name: 'Alice', token: 'sbx-patron-alice', assetId: 'sbxAssetAliceNzd', assetType: 'centrapay.nzd.test', note: '$1,000.00 in Centrapay NZD' },
  { id: 'bob', name: 'Bob', token: 'sbx-patron-bob', assetId: 'sbxAssetBobNzd', assetType: 'centrapay.nzd.test', note: '$5.00 in Centrapay NZD' },
  { id: 'carol', name: 'Carol', token: 'sbx-patron-carol', assetId: 'sbxAssetCarolNzd', assetType: 'centrapay.nzd.test', note: 'Wallet switched off' },
];

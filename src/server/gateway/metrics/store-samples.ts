// Each store's part of what this instance holds now, for the per-store gauges: its lanes' live requests and unknown
// outcomes (from the sale engine) and the screens watching them (from the lane views).
import type { LaneViews } from '../lanes/lane-views';
import type { SaleService } from '../sale/service';
import type { Stores } from '../stores/stores';
import type { StoreSample } from './metrics';

export function storeSamples(stores: Stores, { sales, views }: { sales: SaleService; views: LaneViews }): StoreSample[] {
  const samples = new Map(stores.list.map((store) => [store.id, { store: store.id, livePayments: 0, unknownPayments: 0, connectedScreens: 0 }]));
  for (const { lane, live, unknown } of sales.laneSamples()) {
    const sample = samples.get(stores.serving(lane).id)!;
    sample.livePayments += live;
    sample.unknownPayments += unknown ? 1 : 0;
    sample.connectedScreens += views.subscriberCount(lane);
  }
  return [...samples.values()];
}

// What the cashier's Centrapay button is called on a lane (checklist 101.3): "Farmlands" when Farmlands is the only
// asset type the lane's merchant config accepts, "Centrapay" otherwise. The config is read from Centrapay (as the
// preflight reads it) once and kept a while: what a config accepts changes only when Centrapay's support changes it.
import { tenderName, type TenderName } from '../../../domain/card-partner';
import type { CentrapayClient } from '../centrapay/client';

export interface LaneTender {
  name: TenderName;
  /** The asset types the lane's merchant config accepts; empty while they could not be read. */
  assetTypes: string[];
}

interface Kept {
  tender: LaneTender;
  until: number;
}

/** A config read is kept this long; a read that failed is tried again after a minute. */
const KEPT_MS = 10 * 60_000;
const RETRY_MS = 60_000;

export class TenderNames {
  private readonly kept = new Map<string, Kept>();
  private readonly reading = new Map<string, Promise<LaneTender>>();

  constructor(
    /** A lane's merchant config and the client of its store. */
    private readonly laneOf: (lane: string) => { configId: string; client: CentrapayClient },
    private readonly now: () => number = Date.now,
  ) {}

  async of(lane: string): Promise<LaneTender> {
    const { configId, client } = this.laneOf(lane);
    const kept = this.kept.get(configId);
    if (kept && kept.until > this.now()) return kept.tender;
    const reading = this.reading.get(configId) ?? this.read(configId, client);
    this.reading.set(configId, reading);
    return reading;
  }

  private async read(configId: string, client: CentrapayClient): Promise<LaneTender> {
    try {
      const config = await client.getMerchantConfig(configId);
      const assetTypes = config.paymentOptions.map((option) => option.type);
      const tender = { name: tenderName(assetTypes), assetTypes };
      this.kept.set(configId, { tender, until: this.now() + KEPT_MS });
      return tender;
    } catch {
      // Not known: the general name, until the config can be read.
      const tender: LaneTender = { name: 'Centrapay', assetTypes: [] };
      this.kept.set(configId, { tender, until: this.now() + RETRY_MS });
      return tender;
    } finally {
      this.reading.delete(configId);
    }
  }
}

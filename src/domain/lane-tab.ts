// What a lane's display shows of a bar tab being opened there: the QR code while it waits for the patron, then how
// it ended, for a moment. Part of the lane's state (composed on the server, pushed with the sale); its own small module:
// the display loads nothing else of tabs.
import { z } from 'zod/mini';

export const laneTabStageSchema = z.enum(['waiting', 'open', 'not-opened']);
export type LaneTabStage = z.infer<typeof laneTabStageSchema>;

export const laneTabViewSchema = z.object({
  id: z.string(),
  /** The name on the tab, if the cashier gave one. */
  name: z.nullable(z.string()),
  amount: z.string(),
  currency: z.string(),
  stage: laneTabStageSchema,
  /** Where the patron authorises it (the QR code); null while the request is being made. */
  url: z.nullable(z.string()),
  /** When it last changed (server time): how it ended is shown for the lane's result time after this. */
  since: z.string(),
});
export type LaneTabView = z.infer<typeof laneTabViewSchema>;

/** The tab the display shows now: waiting for its patron, or how that ended for `resultSeconds` (server time). */
export function laneTabShown(tab: LaneTabView | null, serverNowMs: number, resultSeconds: number): LaneTabView | null {
  if (!tab) return null;
  return tab.stage === 'waiting' || serverNowMs - Date.parse(tab.since) < resultSeconds * 1000 ? tab : null;
}

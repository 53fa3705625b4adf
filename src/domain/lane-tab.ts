// What a lane's display shows of a bar tab being opened there (GET /api/lanes/:lane/tab): the QR code while it waits
// for the patron, then how it ended, for a moment. Its own small module: the display loads nothing else of tabs.
import { z } from 'zod/mini';

export const laneTabStageSchema = z.enum(['waiting', 'open', 'not-opened']);
export type LaneTabStage = z.infer<typeof laneTabStageSchema>;

export const laneTabSchema = z.object({
  tab: z.nullable(z.object({
    id: z.string(),
    /** The name on the tab, if the cashier gave one. */
    name: z.nullable(z.string()),
    amount: z.string(),
    currency: z.string(),
    stage: laneTabStageSchema,
    /** Where the patron authorises it (the QR code); null while the request is being made. */
    url: z.nullable(z.string()),
  })),
});
export type LaneTab = z.infer<typeof laneTabSchema>;

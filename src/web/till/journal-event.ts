// Who did what, when, as the till's journal recorded it (of a sale, or of a tab).
import { z } from 'zod/mini';

export const journalEventSchema = z.object({
  subject: z.nullable(z.string()),
  kind: z.string(),
  status: z.nullable(z.string()),
  actor: z.string(),
  detail: z.nullable(z.string()),
  at: z.string(),
});
export type JournalEvent = z.infer<typeof journalEventSchema>;

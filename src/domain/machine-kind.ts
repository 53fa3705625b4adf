// What kind of unattended machine a store has: every screen that lists machines (the home page, the till's config)
// needs only this, not the machines' rules (machine.ts), so it stands alone.
import { z } from 'zod/mini';

export const machineKindSchema = z.enum(['vending', 'pump']);
export type MachineKind = z.infer<typeof machineKindSchema>;

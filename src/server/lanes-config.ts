// Lanes as the configuration describes them (LANES / LANES_FILE, or a store's `lanes` in STORES): a till, where a
// cashier rings up, or a self-checkout kiosk, each with the Centrapay terminal and device ids its requests carry.
import { hostname } from 'node:os';
import { z } from 'zod';
import { LANE_ID_PATTERN } from '../domain/lane';
import type { LaneConfig } from './gateway/sale/service';
import { checkSetting, readJsonSetting } from './config-json';

export const laneSchema = z.object({
  id: z.string().regex(LANE_ID_PATTERN, 'a lane id is 1 to 40 letters, digits, - or _'),
  name: z.string().min(1).optional(),
  terminalId: z.string().min(1).optional(),
  deviceId: z.string().min(1).optional(),
  configId: z.string().min(1).optional(),
  /** A till (a cashier rings up) or a self-checkout kiosk (the patron does; see gateway/kiosk). */
  kind: z.enum(['till', 'kiosk']).optional(),
});
export type LaneSetting = z.infer<typeof laneSchema>;

/** LANES or LANES_FILE; none: one till, and on the sandbox a demo self-checkout kiosk beside it. */
export function readLanes(inline: string | undefined, file: string | undefined, sandbox: boolean): LaneSetting[] {
  const json = readJsonSetting('LANES', inline, file);
  if (json === undefined) return sandbox ? [{ id: 'default' }, { id: 'kiosk-1', name: 'Kiosk 1', kind: 'kiosk' }] : [{ id: 'default' }];
  return checkSetting('lanes', z.array(laneSchema).min(1), json);
}

/** A lane with its defaults filled in; `configId` is its store's merchant config unless it names its own. */
export function resolveLane(lane: LaneSetting, configId: string): LaneConfig {
  return {
    id: lane.id,
    name: lane.name ?? (lane.id === 'default' ? 'Till' : `Lane ${lane.id}`),
    terminalId: lane.terminalId ?? `pos-${lane.id}`,
    deviceId: lane.deviceId ?? deviceIdOf(lane.id),
    configId: lane.configId ?? configId,
    kind: lane.kind ?? 'till',
  };
}

/** A lane's or machine's device id unless it names its own: this computer and the place. */
export function deviceIdOf(place: string): string {
  return `${hostname()}-${place}`;
}

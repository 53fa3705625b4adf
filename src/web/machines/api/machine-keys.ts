// The machines' API as the patron's phone and the machine simulator call it (one endpoint a file beside this one): its
// key factory, and the paths and the header every call shares.
import { MACHINE_KEY_HEADER } from '../../../domain/machine';

export const machineKeys = {
  all: ['machines'] as const,
  machine: (id: string) => [...machineKeys.all, id] as const,
  vend: (vendId: string) => [...machineKeys.all, 'vend', vendId] as const,
  pump: (id: string, holdId: string) => [...machineKeys.all, id, 'pump', holdId] as const,
  job: (id: string) => [...machineKeys.all, id, 'job'] as const,
  key: (id: string) => [...machineKeys.all, id, 'sandbox-key'] as const,
};

export const machinePath = (id: string) => `/api/machines/${encodeURIComponent(id)}`;

/** The machine's own calls carry its key. */
export const asMachine = (key: string) => ({ [MACHINE_KEY_HEADER]: key });

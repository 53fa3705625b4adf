// The till's configuration (GET /api/config): its lanes, kiosks and machines, the displays' language and branding, and
// who may take payments. Read once: it changes only when the till restarts.
import { queryOptions, useQuery } from '@tanstack/react-query';
import { z } from 'zod/mini';
import { LANGUAGES } from '../../../domain/language';
import { machineKindSchema } from '../../../domain/machine-kind';
import { apiRequest } from '../../lib/api-client';

const posConfigSchema = z.object({
  lanes: z.array(z.object({ id: z.string(), name: z.string() })),
  resultSeconds: z.number(),
  sandbox: z.boolean(),
  logoUrl: z.string(),
  /** The language the store's displays speak until a patron picks another, and go back to after each sale. */
  displayLanguage: z.enum(LANGUAGES),
  /** The merchant's name and logo for the customer display; null when the merchant has not set them. */
  merchantName: z.nullable(z.string()),
  merchantLogoUrl: z.nullable(z.string()),
  /** The display's promotional images while idle (DISPLAY_SLIDES), at most 8. */
  slides: z.array(z.string()),
  /**
   * Who may take payments from this browser: `code` once the store's cashier code is entered; `open` (no code set,
   * and this is the till's own computer) without one; `local-only` (no code set, another device) not at all.
   */
  cashier: z.enum(['code', 'open', 'local-only']),
  /** Self-checkout kiosk lanes (not in `lanes`), and how long a kiosk waits on a patron who walked away. */
  kiosks: z._default(z.array(z.object({ id: z.string(), name: z.string() })), []),
  kioskIdleSeconds: z._default(z.number(), 90),
  /** The unattended machines (vending machines and pumps), for the home page. */
  machines: z._default(z.array(z.object({ id: z.string(), name: z.string(), kind: machineKindSchema })), []),
});
export type PosConfig = z.infer<typeof posConfigSchema>;

export const configKeys = { all: ['config'] as const };

export function getConfig(signal?: AbortSignal): Promise<PosConfig> {
  return apiRequest('/api/config', posConfigSchema, { signal });
}

export function getConfigQueryOptions() {
  return queryOptions({
    queryKey: configKeys.all,
    queryFn: ({ signal }) => getConfig(signal),
    staleTime: Infinity,
  });
}

export function usePosConfig() {
  return useQuery(getConfigQueryOptions());
}

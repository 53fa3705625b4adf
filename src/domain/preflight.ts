// What `npm run preflight` and the cashier's settings page report before a store goes live: one line per check, in
// words, with what to do when it is not ok. The gateway makes it; the CLI prints it and the settings page lists it.
import { z } from 'zod/mini';

export const PREFLIGHT_STATUSES = ['ok', 'warning', 'failed'] as const;
export type PreflightStatus = (typeof PREFLIGHT_STATUSES)[number];

export const preflightCheckSchema = z.object({
  /** Which check: `key`, `configs`, `clock`, `webhooks`, `rate-budget`. */
  id: z.string(),
  /** What was checked, e.g. "API key (store north)". */
  title: z.string(),
  status: z.enum(PREFLIGHT_STATUSES),
  /** What was found, in words. */
  detail: z.string(),
  /** What to do, when the status is not ok. */
  action: z.optional(z.string()),
});
export type PreflightCheck = z.infer<typeof preflightCheckSchema>;

export const preflightReportSchema = z.object({
  /** Where Centrapay is: the sandbox, or its base URL. */
  centrapay: z.string(),
  checks: z.array(preflightCheckSchema),
});
export type PreflightReport = z.infer<typeof preflightReportSchema>;

/** The worst status of a list: a report fails when any check fails. */
export function worstStatus(statuses: readonly PreflightStatus[]): PreflightStatus {
  if (statuses.includes('failed')) return 'failed';
  return statuses.includes('warning') ? 'warning' : 'ok';
}

/** A report's last line, on the CLI and the settings page: how many checks of each status, and what it means. */
export function preflightSummary(checks: readonly PreflightCheck[]): string {
  const counts = PREFLIGHT_STATUSES.map((status) => `${checks.filter((check) => check.status === status).length} ${status}`);
  const failed = worstStatus(checks.map((check) => check.status)) === 'failed';
  return `${counts.join(', ')}: ${failed ? 'fix what failed before the first real sale.' : 'nothing stops a first sale.'}`;
}

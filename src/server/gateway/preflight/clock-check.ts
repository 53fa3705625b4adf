// This machine's clock against Centrapay's, as the `Date` headers of its answers show it. Webhook tokens are refused
// beyond CLOCK_SKEW_SECONDS of skew (webhooks.ts), and the till's timeouts count from Centrapay's expiry times.
import type { PreflightCheck } from '../../../domain/preflight';
import { CLOCK_SKEW_SECONDS } from '../webhooks/webhooks';
import type { ClockReading } from './target';

/** Above this a clock is drifting and worth fixing before it matters. */
export const CLOCK_WARN_SECONDS = 5;
const ACTION = 'Turn on time synchronisation on this machine (NTP: `timedatectl set-ntp true` on Linux, "Set time automatically" on Windows and macOS), then run the pre-flight again.';

/**
 * Seconds this machine's clock is ahead of Centrapay's (negative: behind). `Date` has whole seconds, so the answer's
 * time is taken at the middle of its second and of the call's round trip; the reading that is closest wins.
 */
export function skewSeconds(readings: readonly ClockReading[]): number | undefined {
  const skews = readings.map(({ date, receivedAt, ms }) => (receivedAt - ms / 2 - (Date.parse(date) + 500)) / 1000).filter(Number.isFinite);
  if (skews.length === 0) return undefined;
  return skews.reduce((best, skew) => (Math.abs(skew) < Math.abs(best) ? skew : best));
}

export function checkClock(readings: readonly ClockReading[]): PreflightCheck {
  const title = 'Clock';
  const skew = skewSeconds(readings);
  if (skew === undefined) {
    return { id: 'clock', title, status: 'warning', detail: 'Centrapay sent no Date header this pre-flight could read, so the clock could not be compared.', action: 'Fix what else failed (Centrapay must answer), then run the pre-flight again.' };
  }
  const seconds = Math.round(Math.abs(skew));
  const words = seconds === 0 ? 'This machine\'s clock agrees with Centrapay\'s (within a second).' : `This machine's clock is ${seconds} s ${skew > 0 ? 'ahead of' : 'behind'} Centrapay's.`;
  if (seconds > CLOCK_SKEW_SECONDS) {
    return { id: 'clock', title, status: 'failed', detail: `${words} Beyond ${CLOCK_SKEW_SECONDS} s every webhook is refused as expired or issued in the future, and the till's timeouts do not match Centrapay's expiry.`, action: ACTION };
  }
  if (seconds > CLOCK_WARN_SECONDS) {
    return { id: 'clock', title, status: 'warning', detail: `${words} Webhooks are still believed up to ${CLOCK_SKEW_SECONDS} s, but the clock is drifting.`, action: ACTION };
  }
  return { id: 'clock', title, status: 'ok', detail: words };
}

import { useEffect, useMemo, useState } from 'react';

/** The current time, refreshed every `intervalMs`, for countdowns and timed screens. */
export function useNow(intervalMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

/**
 * The server's time, from the `serverTime` of the latest state it sent: a kiosk whose own clock drifts still shows
 * countdowns and result screens for as long as the till means.
 */
export function useServerNow(serverTime: string | undefined, intervalMs = 1000): number {
  const now = useNow(intervalMs);
  // Reckoned as each new server time is rendered, not in an effect: setting it there would render the screen a second
  // time for every change the lane pushes, before that change could be painted.
  const skew = useMemo(() => (serverTime ? Date.parse(serverTime) - Date.now() : 0), [serverTime]);
  return now + skew;
}

import { useEffect, useState } from 'react';

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
  const [skew, setSkew] = useState(0);
  useEffect(() => {
    if (serverTime) setSkew(Date.parse(serverTime) - Date.now());
  }, [serverTime]);
  return now + skew;
}

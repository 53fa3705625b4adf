// What a screen shows by the till's clock, each with a clock of its own: the screen around a countdown is drawn again
// when the lane changes, not at every tick (a whole screen redrawn twice a second also lands in the frames a patron
// waits for, the QR code's and "Payment successful").
import type { ReactNode } from 'react';
import { useServerNow } from '../lib/use-now';
import { timeLeft } from './payment-words';

/** The time left until `expiresAt` by the till's clock (`serverTime`, its latest), "2:41", drawn again twice a second. */
export function TimeLeft({ expiresAt, serverTime }: { expiresAt: string; serverTime: string | undefined }) {
  const now = useServerNow(serverTime, 500);
  return <strong>{timeLeft(expiresAt, now)}</strong>;
}

/** `children` while `shown(now)` holds by the till's clock, looked at every second. */
export function ShownByClock({ shown, serverTime, children }: { shown: (now: number) => boolean; serverTime: string | undefined; children: ReactNode }) {
  const now = useServerNow(serverTime);
  return shown(now) ? children : null;
}

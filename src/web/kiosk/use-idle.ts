// The kiosk's idle time: any touch or key restarts it. Shortly before it runs out the patron is asked whether they
// are still there (seconds left); when it does, `onIdle` runs (once; the count starts again after it).
import { useEffect, useRef, useState } from 'react';
import { idleWarningSeconds } from './kiosk-screen';

export function useIdle(active: boolean, idleSeconds: number, onIdle: () => void): number | null {
  const [secondsLeft, setSecondsLeft] = useState<number | null>(null);
  const lastTouch = useRef(Date.now());
  const latestOnIdle = useRef(onIdle);
  useEffect(() => {
    latestOnIdle.current = onIdle;
  }, [onIdle]);

  useEffect(() => {
    const touched = () => {
      lastTouch.current = Date.now();
      setSecondsLeft(null);
    };
    window.addEventListener('pointerdown', touched, true);
    window.addEventListener('keydown', touched, true);
    return () => {
      window.removeEventListener('pointerdown', touched, true);
      window.removeEventListener('keydown', touched, true);
    };
  }, []);

  useEffect(() => {
    lastTouch.current = Date.now();
    setSecondsLeft(null);
    if (!active) return;
    const warnFrom = idleWarningSeconds(idleSeconds);
    const timer = setInterval(() => {
      const left = Math.ceil(idleSeconds - (Date.now() - lastTouch.current) / 1000);
      if (left <= 0) {
        lastTouch.current = Date.now();
        setSecondsLeft(null);
        latestOnIdle.current();
      } else {
        setSecondsLeft(left <= warnFrom ? left : null);
      }
    }, 250);
    return () => clearInterval(timer);
  }, [active, idleSeconds]);

  return secondsLeft;
}

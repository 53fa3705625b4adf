// The attract screen's promotional images, one at a time, cross-fading every few seconds. Every slide (at most 8)
// loads up front, so the next one is ready before its turn; only a slide that has loaded is ever shown, and one that
// fails is reported and dropped, never shown as a broken image. With reduced motion asked for, the first slide stays.
import { useEffect, useState } from 'react';
import { useReducedMotion } from '../lib/use-reduced-motion';

export const SLIDE_SECONDS = 7;

export function Slideshow({ slides, onBroken }: { slides: readonly string[]; onBroken: (url: string) => void }) {
  const reducedMotion = useReducedMotion();
  const [loaded, setLoaded] = useState<ReadonlySet<string>>(new Set());
  const [turn, setTurn] = useState(0);
  const ready = slides.filter((url) => loaded.has(url));
  const shown = ready.length > 0 ? ready[reducedMotion ? 0 : turn % ready.length] : undefined;
  const moving = !reducedMotion && ready.length > 1;

  useEffect(() => {
    if (!moving) return;
    const timer = setInterval(() => setTurn((before) => before + 1), SLIDE_SECONDS * 1000);
    return () => clearInterval(timer);
  }, [moving]);

  return (
    <div className="slideshow" data-testid="slideshow">
      {slides.map((url) => (
        <img
          key={url}
          src={url}
          alt=""
          className={url === shown ? 'slide slide-shown' : 'slide'}
          data-testid={url === shown ? 'slide-shown' : undefined}
          onLoad={() => setLoaded((before) => new Set(before).add(url))}
          onError={() => onBroken(url)}
        />
      ))}
    </div>
  );
}

// What the display shows between sales: the merchant's promotions, the time, and where to pay. With no slide that
// loads, a plain branded welcome.
import { useState } from 'react';
import { Slideshow } from './slideshow';
import './display-brand.css';

const TIME = new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: '2-digit' });

export function AttractScreen({ slides, now }: { slides: readonly string[]; now: number }) {
  const [broken, setBroken] = useState<readonly string[]>([]);
  const working = slides.filter((url) => !broken.includes(url));
  return (
    <div className={working.length > 0 ? 'attract' : 'attract attract-plain'}>
      {working.length > 0 && <Slideshow slides={working} onBroken={(url) => setBroken((before) => [...before, url])} />}
      <div className="attract-welcome">
        <h1>Welcome</h1>
        <p className="attract-pay">Pay with Centrapay here</p>
        <p className="attract-time" aria-live="off"><time dateTime={new Date(now - (now % 60_000)).toISOString()} data-testid="attract-time">{TIME.format(now)}</time></p>
      </div>
    </div>
  );
}

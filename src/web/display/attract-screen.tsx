// What the display shows between sales: the merchant's promotions, the time, and where to pay. With no slide that
// loads, a plain branded welcome.
import { memo, useState } from 'react';
import { formatTime } from '../../domain/dates';
import { useWords } from '../i18n/i18n';
import { Slideshow } from './slideshow';
import './display-brand.css';

/** `minute`: the time shown, to the minute (drawn again once a minute, not at every tick of the display's clock). */
export const AttractScreen = memo(function AttractScreen({ slides, minute }: { slides: readonly string[]; minute: number }) {
  const [broken, setBroken] = useState<readonly string[]>([]);
  const { t, language } = useWords();
  const working = slides.filter((url) => !broken.includes(url));
  return (
    <div className={working.length > 0 ? 'attract' : 'attract attract-plain'}>
      {working.length > 0 && <Slideshow slides={working} onBroken={(url) => setBroken((before) => [...before, url])} />}
      <div className="attract-welcome">
        <h1>{t('display.attract.welcome')}</h1>
        <p className="attract-pay">{t('display.attract.payHere')}</p>
        <p className="attract-time" aria-live="off"><time dateTime={new Date(minute).toISOString()} data-testid="attract-time">{formatTime(minute, language)}</time></p>
      </div>
    </div>
  );
});

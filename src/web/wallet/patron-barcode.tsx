// A scannable Code 128 barcode with its digits printed under it, for a person to read out or type in.
import { useMemo } from 'react';
import { useWords } from '../i18n/i18n';
import { barsOf, code128Modules, QUIET_ZONE_MODULES } from './barcode-modules';

/** Screen pixels per module: wide enough for a phone camera or a till's scanner, narrow enough for a phone. */
const MODULE_PX = 2;
const HEIGHT_PX = 90;

export function PatronBarcode({ value }: { value: string }) {
  const modules = useMemo(() => code128Modules(value), [value]);
  const bars = useMemo(() => barsOf(modules), [modules]);
  const width = modules.length + 2 * QUIET_ZONE_MODULES;
  const { t } = useWords();
  return (
    <figure className="barcode">
      <svg role="img" aria-label={t('wallet.codes.barcode', { value })} width={width * MODULE_PX} height={HEIGHT_PX}
        viewBox={`0 0 ${width} ${HEIGHT_PX}`} preserveAspectRatio="none" shapeRendering="crispEdges">
        <rect width={width} height={HEIGHT_PX} fill="#fff" />
        {bars.map((bar) => <rect key={bar.x} x={bar.x + QUIET_ZONE_MODULES} width={bar.width} height={HEIGHT_PX} fill="#000" />)}
      </svg>
      <figcaption className="barcode-digits" data-testid="barcode-digits">{value}</figcaption>
    </figure>
  );
}

// The merchant's name and logo, at the top of every display screen. A logo that does not load is left out: never a
// broken-image icon.
import { useState } from 'react';
import { useWords } from '../i18n/i18n';
import './display-brand.css';

export function BrandBar({ merchantName, logoUrl }: { merchantName: string | null; logoUrl: string | null }) {
  const [logo, setLogo] = useState<'loading' | 'shown' | 'broken'>('loading');
  const { t } = useWords();
  if (!merchantName && (!logoUrl || logo === 'broken')) return null;
  return (
    <header className="brand-bar" data-testid="brand-bar">
      {logoUrl && logo !== 'broken' && (
        <img
          className="brand-logo"
          src={logoUrl}
          alt={merchantName ? '' : t('display.attract.merchantLogo')}
          data-state={logo}
          onLoad={() => setLogo('shown')}
          onError={() => setLogo('broken')}
        />
      )}
      {merchantName && <p className="brand-name">{merchantName}</p>}
    </header>
  );
}

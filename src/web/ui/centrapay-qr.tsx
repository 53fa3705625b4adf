// A Centrapay QR code: generated from the `url` Centrapay returned (checklist 202.3), the Centrapay logo in the
// centre (101.5), error correction H so it still scans with the logo covering the middle.
import { QRCodeSVG } from 'qrcode.react';
import { memo } from 'react';

// Drawn again only when what it shows changes: a screen around it re-renders with every tick of its countdown.
export const CentrapayQr = memo(function CentrapayQr({ url, label, logoUrl, size = 320 }: { url: string; label: string; logoUrl: string; size?: number }) {
  const logoSize = Math.round(size * 0.22);
  return (
    <div className="qr" role="img" aria-label={label} data-url={url}>
      <QRCodeSVG
        value={url}
        size={size}
        level="H"
        marginSize={4}
        bgColor="#ffffff"
        fgColor="#000000"
        aria-hidden="true"
        imageSettings={{ src: logoUrl, height: logoSize, width: logoSize, excavate: true }}
      />
    </div>
  );
});

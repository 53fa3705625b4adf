// After a paid sale: "Scan for your receipt", a QR code of the receipt's link for the patron's phone. A plain code,
// without the Centrapay logo, so it is never mistaken for one to pay with.
import { QRCodeSVG } from 'qrcode.react';
import type { LaneState } from '../../domain/lane';
import { salePhase } from '../../domain/sale';
import { useWords } from '../i18n/i18n';
import { useAfterPaint } from '../lib/use-after-paint';
import { useLaneReceiptLink } from './api/get-lane-receipt-link';
import './receipt-qr.css';

export function ReceiptQr({ state }: { state: LaneState }) {
  // Asked for once "Payment successful" is on the screen: the code a moment later, the result at once.
  const painted = useAfterPaint();
  const ref = salePhase(state) === 'done' ? state.order?.ref ?? null : null;
  const link = useLaneReceiptLink(state.lane.id, painted ? ref : null);
  const { t } = useWords();
  if (!ref || !link.data) return null;
  return (
    <section className="receipt-qr" aria-labelledby="receipt-qr-title">
      <h2 id="receipt-qr-title">{t('display.receiptQr.title')}</h2>
      <div className="receipt-qr-code" role="img" aria-label={t('display.receiptQr.label')} data-url={link.data.url}>
        <QRCodeSVG value={link.data.url} size={200} level="M" marginSize={4} bgColor="#ffffff" fgColor="#000000" aria-hidden="true" />
      </div>
    </section>
  );
}

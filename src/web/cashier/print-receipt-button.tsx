// Print receipt: opens the sale's receipt page in a new tab, which prints itself on the receipt printer (80 mm, see
// receipt/receipt.css) and closes. After a refund the same page is the refund receipt. A sale that was not paid has
// no receipt, and no button.
import { ApiError, errorMessage } from '../lib/api-client';
import { useAfterPaint } from '../lib/use-after-paint';
import { useReceiptLink } from './api/get-receipt-link';

export function PrintReceiptButton({ saleRef }: { saleRef: string | null | undefined }) {
  // Asked for once the result is on the screen (the button is enabled a moment later).
  const painted = useAfterPaint();
  const link = useReceiptLink(painted ? saleRef ?? null : null);
  if (!saleRef || (link.error instanceof ApiError && link.error.status === 404)) return null;
  return (
    <>
      <button type="button" className="print-receipt-button" disabled={!link.data}
        onClick={() => link.data && window.open(`${link.data.path}?print`, '_blank', 'noopener')}>
        Print receipt
      </button>
      {link.isError && <p className="error" role="alert">{errorMessage(link.error)}</p>}
    </>
  );
}

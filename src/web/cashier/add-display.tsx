// Add a display: a QR code the tablet's camera opens as this lane's display, and the same code to type at `/pair`.
// A native modal <dialog>: it takes focus, Escape closes it, and focus goes back to the button.
import { QRCodeSVG } from 'qrcode.react';
import { useRef } from 'react';
import { formatDisplayCode } from '../../domain/display-code';
import { errorMessage } from '../lib/api-client';
import { useCreateDisplayCode } from './api/create-display-code';
import './add-display.css';

export function AddDisplay({ lane }: { lane: string }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const code = useCreateDisplayCode(lane);
  const open = () => {
    code.mutate();
    dialog.current?.showModal();
  };
  const issued = code.data;
  return (
    <>
      <button type="button" className="add-display-button" onClick={open}>Add a display</button>
      <dialog ref={dialog} className="add-display-dialog" aria-labelledby="add-display-title" aria-describedby="add-display-how" onClose={() => code.reset()}>
        <h2 id="add-display-title">Add a display</h2>
        {code.isPending && <p role="status">Getting a code…</p>}
        {code.isError && <p className="error" role="alert">{errorMessage(code.error)}</p>}
        {issued && (
          <>
            <div className="add-display-qr" role="img" aria-label="QR code that opens this lane’s display" data-url={issued.url}>
              <QRCodeSVG value={issued.url} size={260} level="M" marginSize={4} bgColor="#ffffff" fgColor="#000000" aria-hidden="true" />
            </div>
            <p className="add-display-code" data-testid="display-code">{formatDisplayCode(issued.code)}</p>
          </>
        )}
        <p id="add-display-how">
          {issued
            ? <>On the tablet, scan this code with the camera, or open <strong>{new URL(issued.url).host}/pair</strong> and type the code.</>
            : 'On the tablet, scan the code shown here with the camera, or type it in.'}
        </p>
        {issued && <p className="add-display-note">The code works for 10 minutes. The tablet remembers its lane from then on.</p>}
        <form method="dialog">
          <button type="submit" autoFocus>Close</button>
        </form>
      </dialog>
    </>
  );
}

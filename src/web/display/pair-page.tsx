// `/pair/{code}`: a tablet that scanned the till's Add a display QR code becomes that lane's display. `/pair`: type
// the code instead.
import { useEffect } from 'react';
import { normaliseDisplayCode } from '../../domain/display-code';
import { usePosConfig } from '../checkout/get-config';
import { errorMessage } from '../lib/api-client';
import { openDisplayOf } from './display-lane';
import { DisplaySetup } from './display-setup';
import { useDisplayCodeLane } from './get-display-code-lane';

export function PairPage({ code }: { code?: string }) {
  const config = usePosConfig();
  const lanes = config.data?.lanes ?? [];
  if (!code) return <DisplaySetup lanes={lanes} />;
  return <PairWithCode code={normaliseDisplayCode(code)} lanes={lanes} />;
}

function PairWithCode({ code, lanes }: { code: string; lanes: readonly { id: string; name: string }[] }) {
  const lane = useDisplayCodeLane(code);
  useEffect(() => {
    if (lane.data) openDisplayOf(lane.data);
  }, [lane.data]);
  if (lane.isError) return <DisplaySetup lanes={lanes} problem={errorMessage(lane.error)} />;
  return <main className="display display-message" role="status">Opening the display…</main>;
}

// `/pair/{code}`: a tablet that scanned the till's Add a display QR code becomes that lane's display. `/pair`: type
// the code instead.
import { useEffect } from 'react';
import { normaliseDisplayCode } from '../../domain/display-code';
import { DEFAULT_LANGUAGE } from '../../domain/language';
import { usePosConfig } from '../config/api/get-config';
import { useScreenLanguage } from '../i18n/use-screen-language';
import { useWords } from '../i18n/i18n';
import { tillFailureWords } from '../i18n/patron-words';
import { useDisplayCodeLane } from './api/get-display-code-lane';
import { openDisplayOf } from './display-lane';
import { DisplaySetup } from './display-setup';

export function PairPage({ code }: { code?: string }) {
  const config = usePosConfig();
  const lanes = config.data?.lanes ?? [];
  useScreenLanguage(config.data?.displayLanguage ?? DEFAULT_LANGUAGE);
  if (!code) return <DisplaySetup lanes={lanes} />;
  return <PairWithCode code={normaliseDisplayCode(code)} lanes={lanes} />;
}

function PairWithCode({ code, lanes }: { code: string; lanes: readonly { id: string; name: string }[] }) {
  const lane = useDisplayCodeLane(code);
  const words = useWords();
  useEffect(() => {
    if (lane.data) openDisplayOf(lane.data);
  }, [lane.data]);
  if (lane.isError) return <DisplaySetup lanes={lanes} problem={tillFailureWords(lane.error, words)} />;
  return <main className="display display-message" role="status">{words.t('display.setup.opening')}</main>;
}

// The printable sticker for a machine: its name and its fixed QR code, which opens the machine's patron page.
import { machinePatronUrl } from '../../domain/machine';
import { browserLanguage } from '../i18n/browser-language';
import { useWords } from '../i18n/i18n';
import { useScreenLanguage } from '../i18n/use-screen-language';
import { CentrapayQr } from '../ui/centrapay-qr';
import { useMachine } from './api/get-machine';
import { machineFailureWords } from './machine-words';
import './machines.css';

const CENTRAPAY_MARK = '/centrapay-mark.svg';

export function MachineQrPage({ machineId }: { machineId: string }) {
  useScreenLanguage(browserLanguage());
  const words = useWords();
  const { t } = words;
  const machine = useMachine(machineId);
  if (machine.isPending) return <main className="machine-sticker"><p>{t('machines.loading')}</p></main>;
  if (machine.isError) return <main className="machine-sticker"><p role="alert" className="error">{machineFailureWords(machine.error, words)}</p></main>;
  const { name, kind } = machine.data;
  const url = machinePatronUrl(window.location.origin, machineId);
  return (
    <main className="machine-sticker">
      <h1>{name}</h1>
      <p className="machine-sticker-call">{t(kind === 'pump' ? 'machines.sticker.scanToFuel' : 'machines.sticker.scanToBuy')}</p>
      <CentrapayQr url={url} label={t('machines.sticker.qrLabel', { name })} logoUrl={CENTRAPAY_MARK} size={360} />
      <p>{t('machines.sticker.hint')}</p>
      <button type="button" className="machine-no-print" onClick={() => window.print()}>{t('machines.sticker.print')}</button>
    </main>
  );
}

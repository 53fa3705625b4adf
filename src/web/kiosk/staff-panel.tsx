// Staff only, behind a discreet corner button: the staff code sets this kiosk up (its token is kept in this browser)
// and opens the panel: the lane's status and Reset (the kiosk starts over, any payment under way voided). The staff
// code itself is forgotten when the panel closes.
import { useId, useState, type FormEvent } from 'react';
import type { LaneState } from '../../domain/lane';
import { salePhase } from '../../domain/sale';
import { ApiError } from '../lib/api-client';
import { useWords } from '../i18n/i18n';
import { tillFailureWords } from '../i18n/patron-words';
import { useResetKiosk } from './api/reset-kiosk';
import { useSetUpKiosk } from './api/set-up-kiosk';

export function StaffPanel({ lane, state, onReset }: { lane: string; state: LaneState | undefined; onReset: () => void }) {
  const words = useWords();
  const { t } = words;
  const [open, setOpen] = useState(false);
  const [code, setCode] = useState('');
  const setUp = useSetUpKiosk(lane);
  const reset = useResetKiosk(lane);
  const fieldId = useId();
  const close = () => {
    setOpen(false);
    setCode('');
    setUp.reset();
    reset.reset();
  };
  const unlock = (event: FormEvent) => {
    event.preventDefault();
    setUp.mutate(code);
  };

  if (!open) {
    return <button type="button" className="kiosk-staff-button" onClick={() => setOpen(true)}>{t('kiosk.staff.open')}</button>;
  }
  const wrong = setUp.error instanceof ApiError && setUp.error.code === 'STAFF_CODE_WRONG';
  return (
    <div className="kiosk-overlay" role="dialog" aria-modal="true" aria-labelledby={`${fieldId}-title`}>
      <div className="kiosk-dialog kiosk-staff">
        <h2 id={`${fieldId}-title`}>{t('kiosk.staff.title')}</h2>
        {!setUp.isSuccess ? (
          <form onSubmit={unlock}>
            <label htmlFor={fieldId}>{t('kiosk.staff.code')}</label>
            <input id={fieldId} type="password" value={code} autoComplete="off" autoFocus onChange={(event) => setCode(event.target.value)} />
            {setUp.isError && <p className="error" role="alert">{wrong ? t('kiosk.staff.wrong') : tillFailureWords(setUp.error, words)}</p>}
            <button type="submit" className="kiosk-primary" disabled={code === '' || setUp.isPending}>{t('kiosk.staff.unlock')}</button>
          </form>
        ) : (
          <>
            <p data-testid="kiosk-lane-status">
              {t('kiosk.staff.lane', { lane: state?.lane.name ?? lane })}
              {state && <> · {t('kiosk.staff.phase', { phase: t(`kiosk.staff.phases.${salePhase(state)}`) })}</>}
            </p>
            {state && state.followUps > 0 && <p>{t('kiosk.staff.followUps', { count: state.followUps })}</p>}
            {reset.isSuccess && <p role="status">{t('kiosk.staff.resetDone')}</p>}
            {reset.isError && <p className="error" role="alert">{tillFailureWords(reset.error, words)}</p>}
            <button type="button" className="kiosk-primary" disabled={reset.isPending} onClick={() => reset.mutate(code, { onSuccess: onReset })}>{t('kiosk.staff.reset')}</button>
          </>
        )}
        <button type="button" onClick={close}>{t('kiosk.staff.close')}</button>
      </div>
    </div>
  );
}

// The pre-flight on the cashier's settings page: each check of this screen's store with its verdict in words, what was
// found, and what to do when it is not ok; the same checks as `npm run preflight`, run again on request.
import { formatTime } from '../../domain/dates';
import { preflightSummary, type PreflightCheck, type PreflightReport, type PreflightStatus } from '../../domain/preflight';
import { ApiError, errorMessage } from '../lib/api-client';
import { usePreflight } from '../till/api/get-preflight';

/** One run of the checks as the panel shows it: its report, or why there is none, and whether one is under way. */
export interface PreflightRun {
  report: PreflightReport | undefined;
  error: unknown;
  running: boolean;
  /** When the report was made (ms since the epoch); 0 before the first. */
  checkedAt: number;
}

const VERDICT: Record<PreflightStatus, { words: string; mark: string }> = {
  ok: { words: 'Passed', mark: '✓' },
  warning: { words: 'Warning', mark: '!' },
  failed: { words: 'Failed', mark: '✗' },
};

export function PreflightPanel() {
  const preflight = usePreflight();
  const run: PreflightRun = { report: preflight.data, error: preflight.error, running: preflight.isFetching, checkedAt: preflight.dataUpdatedAt };
  return <PreflightView run={run} onRunAgain={() => void preflight.refetch()} />;
}

export function PreflightView({ run, onRunAgain }: { run: PreflightRun; onRunAgain: () => void }) {
  return (
    <section aria-labelledby="preflight-heading" className="till-card preflight">
      <div className="preflight-head">
        <div>
          <h2 id="preflight-heading">Pre-flight checks</h2>
          <p className="muted">Before this store’s first real sale: the same checks as <code>npm run preflight</code>, for this screen’s store.</p>
        </div>
        {/* Stays focusable while a run is under way, so a keyboard user's place is kept; a press then does nothing. */}
        <button type="button" aria-disabled={run.running} onClick={() => { if (!run.running) onRunAgain(); }}>Run checks again</button>
      </div>
      <p role="status" className="preflight-status">{statusWords(run)}</p>
      {run.error ? <RunFailed error={run.error} /> : run.report && <CheckList checks={run.report.checks} busy={run.running} />}
    </section>
  );
}

function statusWords({ report, error, running, checkedAt }: PreflightRun): string {
  if (running) return 'Running the checks against Centrapay…';
  if (error || !report) return '';
  const at = formatTime(checkedAt, 'en-NZ', { seconds: true });
  return `${preflightSummary(report.checks)} Checked against ${report.centrapay} at ${at}.`;
}

/** Why there is no report: this screen may not ask (in words, with the till's own), or the run itself failed. */
function RunFailed({ error }: { error: unknown }) {
  const refused = error instanceof ApiError && (error.status === 401 || error.status === 403);
  if (refused) {
    return (
      <div role="alert" className="preflight-refused">
        <h3>This screen is not authorised</h3>
        <p>Only an unlocked cashier screen of this store may run the pre-flight checks. The till said: {errorMessage(error)}</p>
      </div>
    );
  }
  return (
    <div role="alert" className="preflight-refused">
      <h3>The checks could not be run</h3>
      <p>{errorMessage(error)} Nothing was checked; press Run checks again to try once more.</p>
    </div>
  );
}

function CheckList({ checks, busy }: { checks: readonly PreflightCheck[]; busy: boolean }) {
  return (
    // A long report (many lanes, or stores) scrolls inside the list, which the keyboard can therefore reach and scroll.
    <ul className="preflight-checks" aria-label="Checks" aria-busy={busy} tabIndex={0}>
      {checks.map((check) => (
        <li key={`${check.id}:${check.title}`} className={`preflight-check preflight-${check.status}`}>
          <div className="preflight-verdict">
            <h3>{check.title}</h3>
            <p><span aria-hidden="true">{VERDICT[check.status].mark} </span>{VERDICT[check.status].words}</p>
          </div>
          <div>
            <p>{check.detail}</p>
            {check.action && <p className="preflight-action"><strong>What to do:</strong> {check.action}</p>}
          </div>
        </li>
      ))}
    </ul>
  );
}

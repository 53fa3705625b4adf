// A small "Reconnecting…" in the corner of the display, shown only when its link to the till has been down for more
// than 3 s: the browser has no network, or the lane's event stream closed and no read of the lane has succeeded since.
// Polling alone (the stream blocked by a proxy) keeps the display right, so that is not a lost link.
import { useEffect, useRef, useState } from 'react';
import type { UseQueryResult } from '@tanstack/react-query';
import { useLaneStreamStore } from '../lane/lane-stream-store';
import { useWords } from '../i18n/i18n';
import { useOnline } from '../lib/use-online';
import { DelayedFlag } from './delayed-flag';
import './reconnecting-notice.css';

export const RECONNECTING_AFTER_MS = 3_000;

/** What the display knows of its reads of the lane: its own query's result (a second observer would poll twice). */
type LaneRead = Pick<UseQueryResult, 'isError' | 'failureCount' | 'fetchStatus' | 'dataUpdatedAt'>;

export function ReconnectingNotice({ lane, read }: { lane: string; read: LaneRead }) {
  const streamOpen = useLaneStreamStore((state) => state.open[lane] === true);
  const online = useOnline();
  const { t } = useWords();
  // When the stream last closed (or, before it first opened, when this screen started).
  const [closedAt, setClosedAt] = useState(Date.now);
  const [wasOpen, setWasOpen] = useState(streamOpen);
  if (wasOpen !== streamOpen) {
    setWasOpen(streamOpen);
    if (!streamOpen) setClosedAt(Date.now());
  }
  const readFailing = read.isError || read.failureCount > 0 || read.fetchStatus === 'paused';
  const readSinceClosed = read.dataUpdatedAt > closedAt && !readFailing;
  const shown = useDelayedFlag(!online || (!streamOpen && !readSinceClosed), RECONNECTING_AFTER_MS);
  // Always in the page, so that screen readers announce the words when they appear.
  return <p className="reconnecting" role="status" data-shown={shown}>{shown ? t('display.link.reconnecting') : null}</p>;
}

function useDelayedFlag(holds: boolean, delayMs: number): boolean {
  const [on, setOn] = useState(false);
  const flag = useRef<DelayedFlag | null>(null);
  useEffect(() => {
    const created = new DelayedFlag(delayMs, setOn);
    flag.current = created;
    return () => {
      created.dispose();
      flag.current = null;
    };
  }, [delayMs]);
  useEffect(() => {
    flag.current?.set(holds);
  }, [holds, delayMs]);
  return on;
}

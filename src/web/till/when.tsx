import { formatDate, formatDateTime, formatTime } from '../../domain/dates';
import { useWords } from '../i18n/i18n';

/**
 * When something happened, on the till's screens: "26 Nov 2026, 2:05 pm", as the receipt writes it (domain/dates.ts);
 * with `seconds`, "26 Nov 2026, 2:05:09 pm".
 */
export function When({ at, seconds = false }: { at: string; seconds?: boolean }) {
  const { language } = useWords();
  const words = seconds ? `${formatDate(at, language)}, ${formatTime(at, language, { seconds })}` : formatDateTime(at, language);
  return <time dateTime={at}>{words}</time>;
}

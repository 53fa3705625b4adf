// The journal's own record of a sale or a tab: who did what, when, with the detail it wrote.
import type { JournalEvent } from './journal-event';
import { When } from './when';

export function JournalTable({ events, testId }: { events: readonly JournalEvent[]; testId: string }) {
  return (
    <table className="till-table" data-testid={testId}>
      <thead><tr><th scope="col">When</th><th scope="col">What</th><th scope="col">Who</th><th scope="col">Detail</th></tr></thead>
      <tbody>
        {events.map((event, index) => (
          <tr key={index}>
            <td><When at={event.at} /></td>
            <th scope="row">{eventWords(event)}</th>
            <td>{event.actor}</td>
            <td>{event.detail ?? ''}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** "status paid", "condition accepted": a journal event's kind in words. */
export function eventWords(event: { kind: string; status: string | null }): string {
  return `${event.kind.replaceAll('-', ' ')}${event.status ? ` ${event.status}` : ''}`;
}

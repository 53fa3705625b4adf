// The journal's own record of a sale or a tab: who did what, when — in people's words on the page (JournalTable), and
// as written, with its ids and details, under the page's Details (JournalRecord).
import { actorWords, eventWords } from '../../domain/journal-words';
import type { JournalEvent } from './journal-event';
import { When } from './when';

export function JournalTable({ events, testId }: { events: readonly JournalEvent[]; testId: string }) {
  return (
    <table className="till-table" data-testid={testId}>
      <thead><tr><th scope="col">When</th><th scope="col">What</th><th scope="col">Who</th></tr></thead>
      <tbody>
        {events.map((event, index) => (
          <tr key={index}>
            <td><When at={event.at} /></td>
            <th scope="row">{eventWords(event)}</th>
            <td>{actorWords(event.actor)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The journal's events as written: names, actors, what each is about (a Payment Request id…) and its detail. */
export function JournalRecord({ events, testId }: { events: readonly JournalEvent[]; testId: string }) {
  return (
    <table className="till-table" data-testid={testId}>
      <caption className="visually-hidden">The journal as written</caption>
      <thead><tr><th scope="col">When</th><th scope="col">Event</th><th scope="col">Actor</th><th scope="col">About</th><th scope="col">Detail</th></tr></thead>
      <tbody>
        {events.map((event, index) => (
          <tr key={index}>
            <td><When at={event.at} seconds /></td>
            <th scope="row"><code>{event.kind}{event.status ? ` ${event.status}` : ''}</code></th>
            <td><code>{event.actor}</code></td>
            <td className="journal-about"><code>{event.subject ?? ''}</code></td>
            <td>{event.detail ?? ''}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

// Which seeded patron the wallet simulator acts as: each with what their wallet holds.
import type { SeedPatron } from '../../domain/sandbox-seeds';
import { useWords } from '../i18n/i18n';
import { patronNote } from './seed-notes';

export function PatronChoice({ legend, patrons, chosen, onChoose }: {
  legend: string; patrons: readonly SeedPatron[]; chosen: SeedPatron; onChoose: (patron: SeedPatron) => void;
}) {
  const words = useWords();
  return (
    <fieldset className="patrons">
      <legend>{legend}</legend>
      {patrons.map((candidate) => (
        <label key={candidate.id}>
          <input type="radio" name="patron" value={candidate.id} checked={candidate.id === chosen.id} onChange={() => onChoose(candidate)} />
          {candidate.name} <span className="muted">({patronNote(candidate, words)})</span>
        </label>
      ))}
    </fieldset>
  );
}

// docs/architecture.md's "Where code lives" names every folder under src/, and only folders that exist: a folder added,
// moved or removed without its row in that table changing fails here. A row is a table row whose first cell is the
// folder in backticks, e.g. "| `src/server/gateway/sale` | the sale engine … |".
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DOC = join(ROOT, 'docs', 'architecture.md');
const SECTION = '## Where code lives';

/** The folders the section's tables name in their first cell, under src/. */
function documentedFolders(markdown: string): string[] {
  const start = markdown.indexOf(`\n${SECTION}\n`);
  if (start === -1) throw new Error(`docs/architecture.md has no "${SECTION}" section`);
  const rest = markdown.slice(start + SECTION.length + 2);
  const end = rest.search(/^## /m);
  const section = end === -1 ? rest : rest.slice(0, end);
  return [...section.matchAll(/^\|\s*`(src(?:\/[^`/]+)*)\/?`\s*\|/gm)].map((match) => match[1]!);
}

/** Every folder under src/ (not src/ itself), as "src/a/b". */
function foldersUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.'))
    .flatMap((entry) => {
      const path = join(dir, entry.name);
      return [relative(ROOT, path).split(sep).join('/'), ...foldersUnder(path)];
    });
}

function compare(documented: readonly string[], actual: readonly string[]) {
  const real = new Set(actual);
  const named = new Set(documented);
  return {
    missingFromDoc: actual.filter((folder) => !named.has(folder)).sort(),
    notOnDisk: documented.filter((folder) => !real.has(folder)).sort(),
    namedTwice: documented.filter((folder, index) => documented.indexOf(folder) !== index),
  };
}

describe('docs/architecture.md "Where code lives"', () => {
  const documented = documentedFolders(readFileSync(DOC, 'utf8'));
  const actual = foldersUnder(join(ROOT, 'src'));

  it('names every folder under src/, each once, and none that does not exist', () => {
    expect(documented.length).toBeGreaterThan(0);
    expect(compare(documented, actual)).toEqual({ missingFromDoc: [], notOnDisk: [], namedTwice: [] });
  });

  it('would notice a folder added or removed without the doc changing', () => {
    // Against the documented list itself, so this checks the comparison whatever the disk holds.
    expect(compare(documented, [...documented, 'src/web/new-feature']).missingFromDoc).toEqual(['src/web/new-feature']);
    expect(compare(documented, documented.filter((folder) => folder !== 'src/domain')).notOnDisk).toEqual(['src/domain']);
  });

  it('reads only the section\'s first cells', () => {
    const markdown = [
      '# A', '| `src/elsewhere` | before the section |', SECTION, '', 'Text naming `src/prose`.', '',
      '| folder | what |', '| --- | --- |', '| `src/one` | a `src/not-a-row` in the second cell |', '| `src/two/` | trailing slash |',
      '| `e2e` | outside src |', '', '## Next', '| `src/after` | after the section |',
    ].join('\n');
    expect(documentedFolders(markdown)).toEqual(['src/one', 'src/two']);
  });
});

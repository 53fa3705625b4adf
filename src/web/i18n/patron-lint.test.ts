// The lint rule that keeps words out of patron-facing JSX is on where patrons read, and off where cashiers do.
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint();
const SOURCE = `export function Hello({ name }: { name: string }) {
  return <p aria-label="Greeting" data-testid="hello">Kia ora {name}</p>;
}
`;

async function literalWords(filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(SOURCE, { filePath });
  return (result?.messages ?? []).filter((message) => message.ruleId === 'i18next/no-literal-string').map((message) => message.message);
}

describe('the literal-word lint rule', () => {
  it('fails a word written into the JSX of the display, the kiosk, the wallet simulator and the receipt (text and labels)', async () => {
    for (const file of ['src/web/display/hello.tsx', 'src/web/kiosk/hello.tsx', 'src/web/wallet/hello.tsx', 'src/web/receipt/hello.tsx', 'src/web/ui/cart-lines.tsx',
      'src/web/machines/machine-qr-page.tsx', 'src/web/machines/machine-patron-page.tsx']) {
      const words = await literalWords(file);
      expect(words, file).toHaveLength(2);
      expect(words.join('\n'), file).toMatch(/aria-label="Greeting"[\s\S]*Kia ora/);
    }
  });

  it('leaves the cashier’s screens, which stay in English, alone', async () => {
    for (const file of ['src/web/cashier/hello.tsx', 'src/web/tabs/hello.tsx', 'src/web/till/hello.tsx']) expect(await literalWords(file), file).toEqual([]);
    // The machine simulator is a developer's stand-in for the machine, not a patron's screen.
    expect(await literalWords('src/web/machines/machine-simulator-page.tsx')).toEqual([]);
  });
});

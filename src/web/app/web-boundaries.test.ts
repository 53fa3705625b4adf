// The lint rule that keeps the web folders in their roles: features import neither each other nor app/, shared folders
// import no feature and not app/, and app/ composes features.
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint();

async function refused(filePath: string, specifier: string): Promise<boolean> {
  const [result] = await eslint.lintText(`import { x } from '${specifier}';\nexport const y = x;\n`, { filePath });
  return (result?.messages ?? []).some((message) => message.ruleId === 'no-restricted-imports');
}

describe('the web folders’ boundaries', () => {
  it('keep a feature from importing another feature, or app/', async () => {
    expect(await refused('src/web/cashier/x.tsx', '../tabs/tab-panel')).toBe(true);
    expect(await refused('src/web/tabs/x.tsx', '../cashier/cashier-page')).toBe(true);
    expect(await refused('src/web/tabs/api/x.ts', '../../cashier/api/get-sale')).toBe(true);
    expect(await refused('src/web/display/x.tsx', '../app/router')).toBe(true);
  });

  it('keep a shared folder from importing a feature, or app/', async () => {
    expect(await refused('src/web/till/x.tsx', '../cashier/sale-words')).toBe(true);
    expect(await refused('src/web/lane/api/x.ts', '../../display/display-page')).toBe(true);
    expect(await refused('src/web/config/x.ts', '../app/router')).toBe(true);
  });

  it('let features use shared folders, and app/ compose features', async () => {
    expect(await refused('src/web/tabs/x.tsx', '../till/cashier-gate')).toBe(false);
    expect(await refused('src/web/kiosk/x.tsx', '../lane/api/get-lane-state')).toBe(false);
    expect(await refused('src/web/app/x.tsx', '../cashier/cashier-page')).toBe(false);
    expect(await refused('src/web/app/x.tsx', '../tabs/tab-panel')).toBe(false);
  });
});

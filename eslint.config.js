import js from '@eslint/js';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import i18next from 'eslint-plugin-i18next';
import { importX } from 'eslint-plugin-import-x';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// Web folders have three roles. A feature is one set of screens (the cashier's till, bar tabs, the display…); a shared
// folder is what several features use (the lane's state, the till's configuration, the cashier's unlock…); app/ holds
// the router and the pages made of more than one feature. Features never import each other, shared folders never
// import a feature, and nothing but app/ (and the entry, main.tsx) imports app/.
const WEB_FEATURES = ['cashier', 'display', 'home', 'kiosk', 'machines', 'receipt', 'tabs', 'wallet'];
const WEB_SHARED = ['cart', 'config', 'i18n', 'lane', 'lib', 'till', 'ui'];
const WEB_APP = 'app';
// Relative specifiers reach another web folder as `../x/…`, `../../x/…`, …: match the folder name at any depth.
const webFolders = (names) => names.map((name) => `**/${name}/**`);
// Layer boundaries (STYLE.md, ARCHITECTURE.md), each as: the folder it applies to (and everything under it), the
// imports it forbids, and why.
const BOUNDARIES = [
  { folder: 'src/domain', group: ['**/web/**', '**/server/**'], message: 'domain/ imports nothing of ours' },
  { folder: 'src/web', group: ['**/server/**'], message: 'web/ never imports server/' },
  { folder: 'src/server', group: ['**/web/**'], message: 'server/ never imports web/' },
  { folder: 'src/server/gateway', group: ['**/sandbox/**'], message: 'the gateway never imports the sandbox' },
  { folder: 'src/server/sandbox', group: ['**/gateway/**'], message: 'the sandbox never imports the gateway' },
  ...WEB_SHARED.map((shared) => ({
    folder: `src/web/${shared}`,
    group: webFolders([...WEB_FEATURES, WEB_APP]),
    message: `shared web folders (${WEB_SHARED.join(', ')}) never import a feature folder or app/`,
  })),
  ...WEB_FEATURES.map((feature) => ({
    folder: `src/web/${feature}`,
    group: webFolders([...WEB_FEATURES.filter((other) => other !== feature), WEB_APP]),
    message: 'web features import neither each other nor app/: a page made of several features is composed in app/',
  })),
];

// What a patron reads: the customer display, the wallet simulator, the receipt, and the shared pieces they show.
const PATRON_FACING = [
  'src/web/display/**/*.tsx',
  'src/web/kiosk/**/*.tsx',
  'src/web/wallet/**/*.tsx',
  'src/web/receipt/**/*.tsx',
  'src/web/machines/machine-qr-page.tsx',
  'src/web/machines/machine-patron-page.tsx',
  'src/web/i18n/**/*.tsx',
  'src/web/ui/cart-lines.tsx',
  'src/web/ui/centrapay-qr.tsx',
  'src/web/ui/money.tsx',
];

// In flat config a later block's `no-restricted-imports` replaces an earlier one for the same file, so every folder
// gets one block holding its own boundaries and its ancestors', and leaves its sub-folders to their own blocks.
const FOLDERS = [...new Set(BOUNDARIES.map((boundary) => boundary.folder))];
const within = (folder, ancestor) => folder === ancestor || folder.startsWith(`${ancestor}/`);
// Test support (src/test-support: harnesses, fixtures, simulated worlds) is for tests only: production code never
// imports it. It is itself outside every boundary, since a harness mounts the sandbox and the gateway together.
const TESTS = ['**/*.test.ts', '**/*.test.tsx'];
const TEST_SUPPORT = { group: ['**/test-support/**'], message: 'src/test-support is for tests only' };
const boundaryBlocks = FOLDERS.flatMap((folder) => {
  const ignores = FOLDERS.filter((other) => other !== folder && within(other, folder)).map((other) => `${other}/**`);
  const patterns = BOUNDARIES.filter((boundary) => within(folder, boundary.folder)).map(({ group, message }) => ({ group, message }));
  return [
    { files: [`${folder}/**`], ignores: [...ignores, ...TESTS], rules: { 'no-restricted-imports': ['error', { patterns: [...patterns, TEST_SUPPORT] }] } },
    { files: TESTS.map((test) => `${folder}/${test}`), ignores, rules: { 'no-restricted-imports': ['error', { patterns }] } },
  ];
});

export default tseslint.config(
  { ignores: ['dist', 'node_modules', 'test-results', 'playwright-report', 'data'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/web/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'error' },
  },
  // No import cycles among our modules (type-only imports don't count: they vanish at runtime). The TypeScript
  // resolver follows tsconfig.json, so extensionless `./x` finds x.ts or x.tsx.
  {
    files: ['src/**/*.{ts,tsx}'],
    plugins: { 'import-x': importX },
    settings: {
      // Without it import-x only reads .js modules, and silently finds no cycle through a .ts one.
      'import-x/extensions': ['.ts', '.tsx'],
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: './tsconfig.json' })],
    },
    rules: { 'import-x/no-cycle': ['error', { ignoreExternal: true }] },
  },
  ...boundaryBlocks,
  // One function, one idea: no production function over 60 lines (tests and test support may read as long as they need).
  {
    files: ['src/**/*.{ts,tsx}'],
    ignores: [...TESTS, 'src/test-support/**'],
    rules: { 'max-lines-per-function': ['error', { max: 60, skipBlankLines: false, skipComments: false }] },
  },
  // Patron-facing screens speak the patron's language: a word written into their JSX (text, a label, a hint) instead
  // of going through the catalogs (src/web/i18n) fails lint. Attributes that are not words are let through.
  {
    files: [...PATRON_FACING],
    ignores: ['**/*.test.tsx'],
    plugins: { i18next },
    rules: {
      'i18next/no-literal-string': ['error', {
        mode: 'jsx-only',
        'should-validate-template': true,
        'jsx-attributes': { exclude: ['className', 'style', 'type', 'key', 'id', 'width', 'height', 'data-testid', 'aria-hidden', 'level', 'bgColor', 'fgColor', 'size', 'lang'] },
        // Numbers, punctuation, symbols and CONSTANTS are not words.
        words: { exclude: ['[0-9!-/:-@[-`{-~]+', '[A-Z_-]+', /^[\p{P}\p{S}\s]+$/u] },
      }],
    },
  },
);

import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// Layer boundaries (STYLE.md): domain imports nothing of ours; web and server never import each other;
// gateway and sandbox never import each other; web features do not import each other.
const restrict = (...patterns) => ['error', { patterns: patterns.map(([group, message]) => ({ group, message })) }];
const WEB_FEATURES = ['cashier', 'display', 'wallet', 'kiosk'];

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
  { files: ['src/domain/**'], rules: { 'no-restricted-imports': restrict([['**/web/**', '**/server/**'], 'domain/ imports nothing of ours']) } },
  { files: ['src/web/**'], rules: { 'no-restricted-imports': restrict([['**/server/**'], 'web/ never imports server/']) } },
  { files: ['src/server/gateway/**'], rules: { 'no-restricted-imports': restrict([['**/sandbox/**', '**/web/**'], 'the gateway never imports the sandbox or the web app']) } },
  { files: ['src/server/sandbox/**'], rules: { 'no-restricted-imports': restrict([['**/gateway/**', '**/web/**'], 'the sandbox never imports the gateway or the web app']) } },
  ...WEB_FEATURES.map((feature) => ({
    files: [`src/web/${feature}/**`],
    rules: {
      'no-restricted-imports': restrict(
        [['**/server/**'], 'web/ never imports server/'],
        [WEB_FEATURES.filter((other) => other !== feature).flatMap((other) => [`../${other}/**`, `../../${other}/**`]), 'features do not import each other'],
      ),
    },
  })),
);

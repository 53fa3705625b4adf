import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  plugins: [react()],
  // No source maps in a production build: the till serves what it runs, nothing more.
  build: { outDir: 'dist', sourcemap: false },
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'e2e/chaos/**/*.test.ts', 'e2e/bench/**/*.test.ts'],
    environment: 'node',
    setupFiles: ['src/test-support/load-all-languages.ts'],
    // One throwaway PostgreSQL server for the run (or PG_URL's): the PostgreSQL journal's tests make databases on it.
    globalSetup: ['src/test-support/postgres-global-setup.ts'],
    testTimeout: 15_000,
  },
});

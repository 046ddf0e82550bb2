import { defineConfig } from 'vitest/config';

export default defineConfig({
  // One throwaway PostgreSQL cluster for the run: the PostgreSQL store's tests make a database each in it.
  test: { name: 'server', include: ['src/**/*.test.ts'], testTimeout: 20_000, globalSetup: ['src/testing/postgres-global-setup.ts'] },
});

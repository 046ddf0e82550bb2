import { defineConfig } from 'vitest/config';

/**
 * The server's HTTP and domain tests again, on the PostgreSQL store: the same
 * files, with makeTestApp / startCheckoutServer opening an emptied database of
 * this run's throwaway cluster (CIM_TEST_STORE=postgres). Store, CLI and vault
 * file tests are not repeated here: they have PostgreSQL counterparts of their own. The vault
 * migration tests (src/migration) run here too: the import writes through the store directly.
 */
export default defineConfig({
  test: {
    name: 'server-postgres',
    include: ['src/routes/**/*.test.ts', 'src/domain/**/*.test.ts', 'src/migration/**/*.test.ts', 'src/http/**/*.test.ts', 'src/webhooks/**/*.test.ts', 'src/processor/**/*.e2e.test.ts'],
    env: { CIM_TEST_STORE: 'postgres' },
    testTimeout: 20_000,
    globalSetup: ['src/testing/postgres-global-setup.ts'],
  },
});

import { defineConfig } from 'vitest/config';

// One root config gathers each package's own vitest project.
export default defineConfig({
  test: {
    projects: ['shared', 'server', 'server/vitest.postgres.config.ts', 'test'],
  },
});

import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Inside the workspace the installable packages (@cim/verify) resolve to their TypeScript source,
  // their "source" export, as the demo shop's own process does (demo/src/start.ts): built or not.
  // The rest are Vite's default server conditions.
  ssr: { resolve: { conditions: ['source', 'module', 'node', 'development|production'] } },
  test: { name: 'e2e', include: ['src/**/*.test.ts'], testTimeout: 60_000, hookTimeout: 120_000, fileParallelism: false },
});

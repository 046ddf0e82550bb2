import { defineConfig } from 'vite';

/** The console page. The CIM server serves it at /console/ and its bundles at /console/assets/*, hence `base`. */
export default defineConfig({
  base: '/console/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    modulePreload: { polyfill: false },
    rollupOptions: {
      input: { index: 'index.html' },
      // @cim/shared's barrel holds server-side zod schemas too; its modules have no side effects,
      // so the ones the console does not use (and zod with them) are left out.
      treeshake: { moduleSideEffects: (id) => !id.includes('/shared/src/') },
    },
  },
});

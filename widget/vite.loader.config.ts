import { defineConfig } from 'vite';

/**
 * The loader: one ES module file a shop page adds with <script type="module" src=".../widget/cim-checkout.js">.
 * A plain (not lib) build so it is fully minified; the entry keeps its exports for bundler-less imports.
 */
export default defineConfig({
  build: {
    outDir: 'dist',
    emptyOutDir: false,
    target: 'es2022',
    modulePreload: { polyfill: false },
    rollupOptions: {
      input: 'src/define.ts',
      preserveEntrySignatures: 'exports-only',
      output: { entryFileNames: 'cim-checkout.js', format: 'es' },
      treeshake: { moduleSideEffects: (id) => !id.includes('/shared/src/') },
    },
  },
});

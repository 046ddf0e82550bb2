import { defineConfig } from 'vite';

/**
 * The iframe page. The CIM server serves it at /widget/frame and its assets at /widget/assets/*,
 * hence `base`. The loader (cim-checkout.js) is a second build: vite.loader.config.ts.
 */
export default defineConfig({
  base: '/widget/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // The preload polyfill is dead weight for the browsers that run the widget.
    modulePreload: { polyfill: false },
    rollupOptions: {
      input: { frame: 'frame.html' },
      // @cim/shared's barrel holds server-side schemas too; its modules have no side effects, so
      // the ones the frame does not use (and full zod with them) are left out.
      treeshake: { moduleSideEffects: (id) => !id.includes('/shared/src/') },
    },
  },
});
